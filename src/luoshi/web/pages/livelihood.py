"""Livelihood matters: the year's list with lights, a matter's page with its targets,
values and history, and the forms that report a value and edit the matter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import matters
from luoshi.domains.livelihood.schemas import MatterUpdate, ValueReport
from luoshi.errors import InvalidInput, LuoshiError
from luoshi.kernel import units
from luoshi.kernel.permissions import Actor
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import DATABASE_CONFLICTS, FormRefused, as_domain, status_for
from luoshi.web.pages.forms import CodeForm, NameForm, NoteForm, TextForm, TitleForm
from luoshi.web.pages.rendering import page_language, render, said
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 50
FLASH_KEY = "flash"


def _int(value: str, what: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput.of("err_what_whole_number_not_value", what=what, value=value) from None


@router.get(
    "/livelihood", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))]
)
def matter_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    year: str = "",
    light: str = "",
    unit: str = "",
    q: str = "",
    page: int = 1,
) -> Response:
    filters = matters.MatterFilter(
        year=_int(year, "year"), light=light or None, unit=unit or None, q=q or None
    )
    rows, total = matters.list_matters(
        session, actor=actor, filters=filters, page=max(page, 1), page_size=PAGE_SIZE
    )
    return render(
        request,
        "livelihood.html",
        actor=actor,
        matters=matters.to_reads(session, rows, language=page_language(request)),
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"year": year, "light": light, "unit": unit, "q": q},
        units=units.unit_choices(session, actor=actor),
    )


def render_matter(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    matter_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    matter = matters.get_matter_for(
        session, actor=actor, matter_id=matter_id, action="livelihood.view"
    )
    read = matters.to_read(session, matter, language=page_language(request))
    manage, reportable = matters.viewer_rights(session, actor=actor, matter=matter)
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        "livelihood_matter.html",
        status_code=status_code,
        actor=actor,
        matter=read,
        reportable=reportable,
        manage=manage,
        history=matters.history(session, actor=actor, matter_id=matter.id),
        error=error,
        flash=flash,
    )


@router.get("/livelihood/{matter_id}", response_class=HTMLResponse)
def matter_detail(
    request: Request, matter_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    return render_matter(request, session, actor=actor, matter_id=matter_id)


def _do(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    matter_id: int,
    action: Callable[[], object],
    flash: str,
) -> Response:
    """Run one service; on refusal show the page again with its message, nothing kept."""
    try:
        action()
        session.flush()
    except (LuoshiError, ValidationError, *DATABASE_CONFLICTS) as exc:
        session.rollback()
        error = (
            FormRefused(exc.errors()[:1], exc.errors()[0]["msg"])
            if isinstance(exc, ValidationError)
            else as_domain(exc)
        )
        try:
            return render_matter(
                request,
                session,
                actor=actor,
                matter_id=matter_id,
                error=said(request, error),
                status_code=status_for(error),
            )
        except LuoshiError:
            session.rollback()
            return render(
                request,
                "error.html",
                status_code=status_for(error),
                actor=actor,
                error=said(request, error),
            )
    request.session[FLASH_KEY] = flash
    return RedirectResponse(f"/livelihood/{matter_id}", status_code=303)


@router.post("/livelihood/{matter_id}/values", response_class=HTMLResponse)
def report_value(
    request: Request,
    matter_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    target_id: Annotated[int, Form()],
    period: NameForm = "",
    value: CodeForm = "",
    note: NoteForm = "",
    version: CodeForm = "",
) -> Response:
    def file() -> None:
        matters.check_target_of(session, actor=actor, matter_id=matter_id, target_id=target_id)
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            raise InvalidInput.of("err_value_number_not_value", value=value) from None
        matters.report_value(
            session,
            actor=actor,
            target_id=target_id,
            settings=settings,
            data=ValueReport(
                period=period.strip(), value=number, note=note, version=_int(version, "version")
            ),
        )

    return _do(
        request, session, actor=actor, matter_id=matter_id, action=file, flash="flash_value_saved"
    )


@router.post("/livelihood/{matter_id}/public", response_class=HTMLResponse)
def set_public(
    request: Request,
    matter_id: int,
    actor: CurrentActor,
    session: DbSession,
    public: Annotated[bool, Form()] = False,
) -> Response:
    """Show the matter on the public accountability page (/public), or stop."""
    return _do(
        request,
        session,
        actor=actor,
        matter_id=matter_id,
        action=lambda: matters.set_public(session, actor=actor, matter_id=matter_id, public=public),
        flash="flash_public_on" if public else "flash_public_off",
    )


@router.post("/livelihood/{matter_id}/edit", response_class=HTMLResponse)
def edit_matter(
    request: Request,
    matter_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    version: CodeForm = "",
    name: TitleForm = "",
    description: TextForm = "",
) -> Response:
    def edit() -> None:
        matters.update_matter(
            session,
            actor=actor,
            matter_id=matter_id,
            settings=settings,
            data=MatterUpdate(
                version=_int(version, "version") or 0,
                name=name.strip() or None,
                description=description,
            ),
        )

    return _do(request, session, actor=actor, matter_id=matter_id, action=edit, flash="flash_saved")
