"""Dashboards under /dashboard: every chart drawn by ECharts from the JSON beside it, with
its table (readable without a script) and its data as CSV or Excel; the big screen (大屏)
for the office's wall at /dashboard/screen (or ?screen=1): dark, large, refreshing itself."""

from __future__ import annotations

from numbers import Number
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from luoshi import clock
from luoshi.domains.dashboards import charts
from luoshi.errors import InvalidInput, PermissionDenied
from luoshi.interchange import tables
from luoshi.web.deps import AppSettings, CurrentActor, ReadSession
from luoshi.web.i18n import translator
from luoshi.web.pages.rendering import page_language, render

router = APIRouter()
SCREEN_REFRESH_SECONDS = 300
# Category cells that are labels rather than names (the total row, tasks of no work line).
ROW_LABELS = frozenset({"dash_total", "dash_no_work_line"})
# The charts' colours, one palette for the page (white cards) and one for the big screen
# (dark cards): every series, the lights included, stands out from its card by at least 3:1
# (WCAG 2.1 1.4.11, non-text contrast; tests/web/test_chart_palette.py and the browser test
# compute it). A series named for a light or state takes its own colour; any other takes the
# next of ``series`` in turn. The lights keep their word beside their colour: the legend, the
# table beside every chart, and ECharts' patterns (decals) on the bars.
PALETTES: dict[str, dict[str, Any]] = {
    "page": {
        "background": "#ffffff",
        "named": {
            "red": "#c0392b",
            "yellow": "#a67c00",
            "green": "#2e8b57",
            "completed": "#3d5a80",
            "not_started": "#6b7785",
        },
        "series": [
            "#2f5bb7", "#b5441b", "#2e7d32", "#8e44ad", "#a67c00", "#0e7490", "#b83280",
            "#5f6b7a",
        ],
        "mark": "#d64545",
    },
    "screen": {
        "background": "#111a2e",
        "named": {
            "red": "#ff6b5b",
            "yellow": "#f2c94c",
            "green": "#4cc38a",
            "completed": "#6fa8ff",
            "not_started": "#9aa5b1",
        },
        "series": [
            "#6fa8ff", "#ffa657", "#4cc38a", "#c49bff", "#f2c94c", "#4fd1e0", "#ff8ac8",
            "#9aa5b1",
        ],
        "mark": "#ff8a80",
    },
}  # fmt: skip
# The page's colours of the lights and states (the bulletin's charts use them too).
COLOURS: dict[str, str] = PALETTES["page"]["named"]


def palette_for(screen: bool) -> dict[str, Any]:
    """The colours a chart is drawn in on the page or on the big screen."""
    return PALETTES["screen" if screen else "page"]


def _label(t: dict[str, str], key: str) -> str:
    return t.get(key, key)


def _view(chart: charts.Chart, t: dict[str, str], screen: bool = False) -> dict[str, Any]:
    """The chart for the template and for the script (labels in the page's language)."""
    palette = palette_for(screen)
    rows = [
        [_label(t, c) if i == 0 and c in ROW_LABELS else c for i, c in enumerate(row)]
        for row in chart.rows
    ]
    return {
        "key": chart.key,
        "title": _label(t, chart.title),
        "kind": chart.kind,
        "columns": [_label(t, c) for c in chart.columns],
        "column_keys": chart.columns,
        "rows": rows,
        "series": chart.series,
        "colours": [palette["named"].get(c, "") for c in chart.columns],
        "palette": palette["series"],
        "mark_colour": palette["mark"],
        "background": palette["background"],
        "mark": chart.mark,
        "mark_label": _label(t, chart.mark_label) if chart.mark_label else "",
        "percent": chart.percent,
    }


def _cell(i: int, v: object, percent: list[int]) -> str:
    if i == 0:
        return f'<th scope="row">{escape(v)}</th>'
    if v is None:
        return '<td class="num">—</td>'
    if i in percent and isinstance(v, Number):
        return f'<td class="num">{float(v) * 100:.1f}%</td>'  # type: ignore[arg-type]
    if isinstance(v, Number):
        return f'<td class="num">{v}</td>'
    return f"<td>{escape(v)}</td>"


def _table_body(view: dict[str, Any]) -> Markup:
    """The rows of a chart's table as HTML, every text escaped: drawn here rather than cell
    by cell in the template, where a province's two thousand unit rows took half the
    page's time (a Jinja attribute look-up and test per cell)."""
    percent = view["percent"]
    return Markup(
        "\n".join(
            "<tr>" + "".join(_cell(i, v, percent) for i, v in enumerate(row)) + "</tr>"
            for row in view["rows"]
        )
    )


def _page(
    request: Request,
    actor: CurrentActor,
    session: ReadSession,
    settings: AppSettings,
    screen: bool,
    full: str = "",
) -> Response:
    """The dashboard; ``full`` names the chart by unit drawn with every unit (the others
    are summed one level below the viewer's unit: a province's 2,245 units twice made a
    megabyte of page and most of its time)."""
    keys = charts.available(actor)
    if not keys:
        # The administrators (三员) have no business data to chart: their home is /admin.
        raise PermissionDenied.of(
            "err_username_has_no_dashboards", username=actor.username, action="task.view"
        )
    lang = page_language(request)
    t = translator(lang)
    views = [
        _view(
            charts.chart(
                session, actor=actor, settings=settings, key=key, lang=lang, full=key == full
            ),
            t,
            screen,
        )
        for key in keys
    ]
    return render(
        request,
        "dashboard.html",
        actor=actor,
        charts=views,
        bodies=[_table_body(view) for view in views],
        by_unit=charts.BY_UNIT,
        full=full,
        screen=screen,
        refresh=SCREEN_REFRESH_SECONDS,
        updated=clock.now().astimezone(ZoneInfo(settings.timezone)),
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    actor: CurrentActor,
    session: ReadSession,
    settings: AppSettings,
    screen: bool = False,
    full: str = "",
) -> Response:
    return _page(request, actor, session, settings, screen, full)


@router.get("/dashboard/screen", response_class=HTMLResponse)
def big_screen(
    request: Request, actor: CurrentActor, session: ReadSession, settings: AppSettings
) -> Response:
    return _page(request, actor, session, settings, True)


@router.get("/dashboard/download")
def download(
    request: Request,
    actor: CurrentActor,
    session: ReadSession,
    settings: AppSettings,
    chart: str,
    format: str = "csv",
) -> Response:
    """One chart's data as CSV or Excel (the columns and rows of its table)."""
    if format not in ("csv", "xlsx"):
        raise InvalidInput.of("err_format_csv_or_xlsx")
    lang = page_language(request)
    view = _view(
        charts.chart(session, actor=actor, settings=settings, key=chart, lang=lang),
        translator(lang),
    )
    name = f"{view['key']}.{format}"
    if format == "csv":
        body = tables.to_csv(view["columns"], view["rows"])
        media = "text/csv; charset=utf-8"
    else:
        body = tables.to_xlsx(view["title"], view["columns"], view["rows"])
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
