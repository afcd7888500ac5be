"""Support item pages: the list with filters and lights, the detail with its dated history
and the forms the viewer may use (agree, land, drop), each a POST answered by a redirect."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import SupportItemCreate, SupportTransition
from luoshi.errors import LuoshiError
from luoshi.kernel import units
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import FormRefused, status_for
from luoshi.web.pages.forms import CodeForm, NameForm, NoteForm, TitleForm
from luoshi.web.pages.rendering import page_language, render, said
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 50
FLASH_KEY = "flash"


@router.get(
    "/support-items", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))]
)
def support_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    status: str = "",
    light: str = "",
    q: str = "",
    page: int = 1,
) -> Response:
    return _render_list(
        request, session, actor=actor, filters={"status": status, "light": light, "q": q}, page=page
    )


def _render_list(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    filters: dict[str, str],
    page: int = 1,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    status, light, q = filters.get("status", ""), filters.get("light", ""), filters.get("q", "")
    wanted = support.SupportFilter(status=status or None, light=light or None, q=q or None)
    page = max(page, 1)
    rows, total = support.list_items(
        session, actor=actor, filters=wanted, page=page, page_size=PAGE_SIZE
    )
    # The office enters what it asked of a ministry, for a unit of its own subtree.
    may_create = actor.can("support.manage") and actor.unit_id is not None and not actor.is_admin
    leads = []
    if may_create:
        own = units.acting_unit(session, actor=actor)
        leads = [
            u for u in units.unit_choices(session, actor=actor, under=own.code) if u.id != own.id
        ]
    return render(
        request,
        "support_items.html",
        status_code=status_code,
        actor=actor,
        may_create=may_create,
        leads=leads,
        error=error,
        form=form or {},
        flash=request.session.pop(FLASH_KEY, None) if error is None else None,
        items=support.to_reads(session, rows, language=page_language(request)),
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"status": status, "light": light, "q": q},
    )


@router.post("/support-items", response_class=HTMLResponse)
def support_create(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    code: CodeForm = "",
    title: TitleForm = "",
    ministry: TitleForm = "",
    lead_unit: NameForm = "",
    content: NoteForm = "",
    asked_on: CodeForm = "",
    expected_on: CodeForm = "",
) -> Response:
    form = {
        "code": code,
        "title": title,
        "ministry": ministry,
        "lead_unit": lead_unit,
        "content": content,
        "asked_on": asked_on,
        "expected_on": expected_on,
    }
    try:
        try:
            data = SupportItemCreate.model_validate(_blank_to_none(form))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise FormRefused(
                [first], f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
            ) from exc
        item = support.create_item(session, actor=actor, data=data, settings=settings)
        session.flush()
    except LuoshiError as exc:
        session.rollback()
        return _render_list(
            request,
            session,
            actor=actor,
            filters={},
            error=said(request, exc),
            form=form,
            status_code=status_for(exc),
        )
    request.session[FLASH_KEY] = "support_saved"
    return RedirectResponse(f"/support-items/{item.id}", status_code=303)


def _render_item(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    item = support.get_support_item_for(
        session, actor=actor, item_id=item_id, action="support.view"
    )
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        "support_item.html",
        status_code=status_code,
        actor=actor,
        item=support.to_detail(session, actor, item, language=page_language(request)),
        error=error,
        flash=flash,
    )


@router.get("/support-items/{item_id}", response_class=HTMLResponse)
def support_detail(
    request: Request, item_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    return _render_item(request, session, actor=actor, item_id=item_id)


def _blank_to_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None)}


@router.post("/support-items/{item_id}/transitions", response_class=HTMLResponse)
def support_transition(
    request: Request,
    item_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    transition: CodeForm,
    version: Annotated[int, Form()],
    on: CodeForm = "",
    note: NoteForm = "",
    expected_on: CodeForm = "",
    landed_as: CodeForm = "",
    fund_amount: CodeForm = "",
    policy_document: TitleForm = "",
    project_name: TitleForm = "",
    landed_detail: NoteForm = "",
    task_id: CodeForm = "",
    source_id: CodeForm = "",
    reason: NoteForm = "",
) -> Response:
    values = _blank_to_none(
        {
            "transition": transition,
            "version": version,
            "on": on,
            "note": note,
            "expected_on": expected_on,
            "landed_as": landed_as,
            "fund_amount": fund_amount,
            "policy_document": policy_document,
            "project_name": project_name,
            "landed_detail": landed_detail,
            "task_id": task_id,
            "source_id": source_id,
            "reason": reason,
        }
    )
    try:
        try:
            data = SupportTransition.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise FormRefused(
                [first], f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
            ) from exc
        support.transition_item(session, actor=actor, item_id=item_id, data=data, settings=settings)
    except LuoshiError as exc:
        return _refused(request, session, actor=actor, settings=settings, item_id=item_id, exc=exc)
    request.session[FLASH_KEY] = "support_saved"
    return RedirectResponse(f"/support-items/{item_id}", status_code=303)


def _refused(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    item_id: int,
    exc: LuoshiError,
) -> Response:
    """The item's page again with the service's message; nothing was changed."""
    session.rollback()
    status = status_for(exc)
    try:
        return _render_item(
            request,
            session,
            actor=actor,
            item_id=item_id,
            error=said(request, exc),
            status_code=status,
        )
    except LuoshiError:  # the item itself is out of reach: say so, without the page
        session.rollback()
        return render(
            request, "error.html", status_code=status, actor=actor, error=said(request, exc)
        )
