"""Bulletin pages: the office's list with a form for a new draft; a bulletin with its
content, the draft's edit form (wording, good practices) and the issue button; downloads
come from the API (``/api/bulletins/{id}/document``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.bulletins import service as bulletins
from luoshi.domains.bulletins.schemas import (
    BulletinContent,
    BulletinRead,
    BulletinUpdate,
    GoodPracticePick,
)
from luoshi.errors import InvalidInput, LuoshiError
from luoshi.interchange import bulletin_text
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import status_for
from luoshi.web.i18n import translator
from luoshi.web.pages.dashboard import palette_for
from luoshi.web.pages.rendering import page_language, render, said

router = APIRouter()
FLASH_KEY = "flash"
# The league chart shows the top of the table, as the document's image does.
LEAGUE_TOP = 15
_LIGHT_SERIES = ("completed", "green", "yellow", "red", "not_started")


def _chart(
    key: str, title: str, columns: list[str], keys: list[str], rows: list[list[Any]]
) -> dict[str, Any]:
    """A chart in the shape ``static/dashboard.js`` draws (the dashboards' own)."""
    palette = palette_for(screen=False)
    return {
        "key": key,
        "title": title,
        "kind": "stack" if len(columns) > 2 else "bar",
        "columns": columns,
        "rows": rows,
        "series": list(range(1, len(columns))),
        "colours": [palette["named"].get(k, "") for k in keys],
        "palette": palette["series"],
        "mark_colour": palette["mark"],
        "background": palette["background"],
        "mark": None,
        "mark_label": "",
        "percent": [],
    }


def _charts(content: BulletinContent, t: dict[str, str]) -> list[dict[str, Any]]:
    """The bulletin's two charts for its page, from the figures the document holds: tasks by
    light in each work line, and the units' scores. The Word and PDF documents carry the same
    two as images (``interchange/bulletin_charts``); a bulletin without tasks has none."""
    if not content.overview.tasks:
        return []
    lines = [
        [
            line.name,
            line.completed,
            line.green,
            line.yellow,
            line.red,
            line.tasks - line.completed - line.green - line.yellow - line.red,
        ]
        for line in content.lines
    ]
    league = [[u.unit, u.score] for u in content.units[:LEAGUE_TOP]]
    return [
        _chart(
            "bulletin_lights",
            t["bulletin_chart_lights"],
            [t["work_line"], *(t[k] for k in _LIGHT_SERIES)],
            ["work_line", *_LIGHT_SERIES],
            lines,
        ),
        _chart(
            "bulletin_league",
            t["bulletin_chart_league"],
            [t["unit"], t["bulletin_score"]],
            ["unit", "score"],
            league,
        ),
    ]


def _render_list(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    error: str | None = None,
    period: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "bulletins.html",
        status_code=status_code,
        actor=actor,
        items=[
            BulletinRead.model_validate(b) for b in bulletins.list_bulletins(session, actor=actor)
        ],
        may_create=actor.can("bulletin.manage")
        and actor.unit_id is not None
        and not actor.is_admin,
        error=error,
        period=period,
    )


@router.get("/bulletins", response_class=HTMLResponse)
def bulletin_list(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return _render_list(request, session, actor=actor)


@router.post("/bulletins", response_class=HTMLResponse)
def bulletin_create(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    period: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        bulletin = bulletins.create_draft(session, actor=actor, period=period, settings=settings)
        session.flush()
    except LuoshiError as exc:
        session.rollback()
        return _render_list(
            request,
            session,
            actor=actor,
            error=said(request, exc),
            period=period,
            status_code=status_for(exc),
        )
    return RedirectResponse(f"/bulletins/{bulletin.id}", status_code=303)


def _render_one(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    bulletin_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    bulletin, content = bulletins.content_of(
        session, actor=actor, bulletin_id=bulletin_id, settings=settings
    )
    may_edit = bulletin.state == "draft" and actor.can("bulletin.manage")
    candidates = (
        bulletins.practice_candidates(
            session, actor=actor, bulletin_id=bulletin_id, settings=settings
        )
        if may_edit
        else []
    )
    picked = {(p["kind"], p["id"]): p.get("note", "") for p in bulletin.good_practices}
    for gp in content.good_practices:  # picked tasks, or reports of other periods
        if (gp.kind, gp.id) not in {(c.kind, c.id) for c in candidates}:
            candidates.insert(0, gp)
    return render(
        request,
        "bulletin.html",
        status_code=status_code,
        actor=actor,
        bulletin=BulletinRead.model_validate(bulletin),
        content=content,
        blocks=bulletin_text.blocks(content),
        date_text=bulletin_text.date_text(content),
        charts=_charts(content, translator(page_language(request))),
        may_edit=may_edit,
        candidates=candidates,
        picked=picked,
        error=error,
        flash=request.session.pop(FLASH_KEY, None) if error is None else None,
    )


@router.get("/bulletins/{bulletin_id}", response_class=HTMLResponse)
def bulletin_detail(
    request: Request,
    bulletin_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    return _render_one(request, session, actor=actor, settings=settings, bulletin_id=bulletin_id)


@router.post("/bulletins/{bulletin_id}", response_class=HTMLResponse)
async def bulletin_update(
    request: Request,
    bulletin_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    """Save the draft's form: the wording and the good practices ticked (``pick`` values
    ``report:ID`` or ``task:ID``, each with its ``note:KIND:ID``)."""
    form = await request.form()
    try:
        try:
            picks = []
            for value in form.getlist("pick"):
                kind, _, raw = str(value).partition(":")
                picks.append(
                    GoodPracticePick(
                        kind=kind, id=int(raw), note=str(form.get(f"note:{kind}:{raw}", ""))
                    )
                )
            changes = BulletinUpdate(
                version=int(str(form.get("version", ""))),
                **{
                    k: str(form.get(k, ""))
                    for k in ("title", "organ", "number_prefix", "intro", "summary", "requirements")
                },
                good_practices=picks,
            )
        except (ValidationError, ValueError) as exc:
            raise InvalidInput.of("err_form_not_valid_exc", exc=exc) from exc
        bulletins.update_draft(
            session, actor=actor, bulletin_id=bulletin_id, changes=changes, settings=settings
        )
        session.flush()
    except LuoshiError as exc:
        session.rollback()
        return _render_one(
            request,
            session,
            actor=actor,
            settings=settings,
            bulletin_id=bulletin_id,
            error=said(request, exc),
            status_code=status_for(exc),
        )
    request.session[FLASH_KEY] = "bulletin_saved"
    return RedirectResponse(f"/bulletins/{bulletin_id}", status_code=303)


@router.post("/bulletins/{bulletin_id}/issue", response_class=HTMLResponse)
def bulletin_issue(
    request: Request,
    bulletin_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    version: Annotated[int, Form()],
) -> Response:
    try:
        bulletins.issue_bulletin(
            session, actor=actor, bulletin_id=bulletin_id, settings=settings, version=version
        )
        session.flush()
    except LuoshiError as exc:
        session.rollback()
        return _render_one(
            request,
            session,
            actor=actor,
            settings=settings,
            bulletin_id=bulletin_id,
            error=said(request, exc),
            status_code=status_for(exc),
        )
    request.session[FLASH_KEY] = "bulletin_issued_flash"
    return RedirectResponse(f"/bulletins/{bulletin_id}", status_code=303)
