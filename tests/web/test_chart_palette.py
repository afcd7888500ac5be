"""The charts' colours meet WCAG 2.1 AA 1.4.11 (non-text contrast): every series colour a
chart is drawn in stands out from its card by at least 3:1, on the page and on the big
screen (大屏), and a light is named by its word beside its colour.

The colours are read from the chart data the page hands to ``static/dashboard.js`` and the
cards' backgrounds from ``luoshi.css``, as the browser gets them
(``tests/e2e/test_browser_dashboard.py`` reads the same from ECharts itself)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import luoshi.web
from luoshi.web.pages.dashboard import PALETTES

Login = Callable[[str], TestClient]
CSS = Path(luoshi.web.__file__).parent / "static" / "luoshi.css"
NON_TEXT_CONTRAST = 3.0
LIGHT_WORDS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a ``#rrggbb`` colour."""
    hex_ = colour.lstrip("#")
    assert re.fullmatch(r"[0-9a-fA-F]{6}", hex_), colour

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _long_hex(colour: str) -> str:
    colour = colour.lower()
    if colour == "#fff":
        return "#ffffff"
    return colour


def card_background(screen: bool) -> str:
    """The chart card's background as luoshi.css sets it (the big screen's rule last)."""
    css = CSS.read_text(encoding="utf-8")
    selector = r"^\.dashboard\.screen \.chart-card" if screen else r"^\.chart-card"
    found = re.findall(selector + r"\s*\{[^}]*background:\s*(#[0-9a-fA-F]{3,6})", css, re.M)
    assert found, f"no background for the chart card (screen={screen}) in luoshi.css"
    return _long_hex(found[-1])


def _charts(page: str) -> list[dict[str, object]]:
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/json" id="chart-data-[\w-]+">(.*?)</script>', page, re.S
        )
    ]


def drawn_colours(data: dict[str, object]) -> dict[str, str]:
    """Each series' colour as dashboard.js picks it (its own, else the palette's in turn),
    and the pace line's."""
    columns, colours, palette = data["columns"], data["colours"], data["palette"]
    assert isinstance(columns, list) and isinstance(colours, list) and isinstance(palette, list)
    series = data["series"]
    assert isinstance(series, list)
    used = {
        str(columns[i]): str(colours[i] or palette[n % len(palette)]) for n, i in enumerate(series)
    }
    if data.get("mark") is not None:
        used["mark"] = str(data["mark_colour"])
    return used


def test_contrast_is_computed_as_wcag_says() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # The yellow the lights were drawn in before: 2.4:1 on white, too faint for a chart.
    assert contrast("#d4a017", "#ffffff") < NON_TEXT_CONTRAST


@pytest.mark.parametrize("screen", [False, True], ids=["page", "screen"])
def test_every_palette_colour_stands_out_from_its_card(screen: bool) -> None:
    palette = PALETTES["screen" if screen else "page"]
    background = card_background(screen)
    assert palette["background"] == background
    colours = [*palette["named"].values(), *palette["series"], palette["mark"]]
    faint = {c: round(contrast(c, background), 2) for c in colours}
    faint = {c: r for c, r in faint.items() if r < NON_TEXT_CONTRAST}
    assert faint == {}, f"below 3:1 on {background}: {faint}"


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/screen"])
def test_the_charts_a_page_draws_meet_non_text_contrast(login: Login, path: str) -> None:
    office = login("office")
    created = office.post("/api/tasks", json={"title": "扩大有效投资", "lead_unit": "p.fgw"})
    assert created.status_code == 201, created.text
    page = office.get(path + "?lang=zh")
    assert page.status_code == 200
    background = card_background(screen=path.endswith("screen"))
    charts = _charts(page.text)
    assert len(charts) >= 3
    checked = 0
    for data in charts:
        assert data["background"] == background, data["key"]
        for name, colour in drawn_colours(data).items():
            ratio = contrast(colour, background)
            assert ratio >= NON_TEXT_CONTRAST, f"{data['key']}: {name} {colour} {ratio:.2f}:1"
            checked += 1
    assert checked >= 10
    # A light is named by its word beside its colour: the legend's and the table's heading.
    lights = next(d for d in charts if d["key"] == "lights_unit")
    columns = lights["columns"]
    assert isinstance(columns, list)
    for word in LIGHT_WORDS.values():
        assert word in columns
        assert f"<th>{word}</th>" in page.text or f'scope="col">{word}</th>' in page.text
