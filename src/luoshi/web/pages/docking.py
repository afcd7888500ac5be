"""Docking pages: every national measure with its local answer (or only the unanswered),
and one measure's page where the office assigns it and the owner reports its status."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockingStatus
from luoshi.errors import LuoshiError
from luoshi.kernel import permissions, units
from luoshi.kernel.permissions import Actor
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import FormRefused, status_for
from luoshi.web.pages.forms import CodeForm, NameForm, NoteForm
from luoshi.web.pages.rendering import render, said
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 100
FLASH_KEY = "flash"
M = TypeVar("M", bound=BaseModel)


@router.get("/docking", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))])
def docking_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    source_id: int | None = None,
    status: str = "",
    unanswered: bool = False,
    page: int = 1,
) -> Response:
    filters = docking.DockingFilter(
        source_id=source_id, status=status or None, unanswered=unanswered
    )
    page = max(page, 1)
    rows, total, open_ = docking.list_measures(
        session, actor=actor, filters=filters, page=page, page_size=PAGE_SIZE
    )
    return render(
        request,
        "docking.html",
        actor=actor,
        measures=docking.to_reads(session, rows),
        total=total,
        unanswered=open_,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"source_id": source_id or "", "status": status, "unanswered": unanswered},
    )


def _render_measure(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    docking_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    measure = docking.get_docking_for(
        session, actor=actor, docking_id=docking_id, action="docking.view"
    )
    relations = docking.relations_to(session, actor, measure)
    may_manage = permissions.allows(actor, "docking.manage", relations)
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        "docking_measure.html",
        status_code=status_code,
        actor=actor,
        m=docking.to_reads(session, [measure])[0],
        history=docking.history_of(session, measure),
        may_manage=may_manage,
        may_update=permissions.allows(actor, "docking.update", relations),
        units=units.list_units(session, actor=actor) if may_manage else [],
        error=error,
        flash=flash,
    )


@router.get("/docking/{docking_id}", response_class=HTMLResponse)
def docking_detail(
    request: Request, docking_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    return _render_measure(request, session, actor=actor, docking_id=docking_id)


def _shape(model: type[M], values: dict[str, Any]) -> M:
    try:
        return model.model_validate({k: v for k, v in values.items() if v not in ("", None)})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FormRefused([first], f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from exc


def _answer(
    request: Request,
    session: Session,
    actor: Actor,
    docking_id: int,
    action: Any,
) -> Response:
    try:
        action()
    except LuoshiError as exc:
        session.rollback()
        status = status_for(exc)
        try:
            return _render_measure(
                request,
                session,
                actor=actor,
                docking_id=docking_id,
                error=said(request, exc),
                status_code=status,
            )
        except LuoshiError:
            session.rollback()
            return render(
                request, "error.html", status_code=status, actor=actor, error=said(request, exc)
            )
    request.session[FLASH_KEY] = "support_saved"
    return RedirectResponse(f"/docking/{docking_id}", status_code=303)


@router.post("/docking/{docking_id}/status", response_class=HTMLResponse)
def docking_status(
    request: Request,
    docking_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    version: Annotated[int, Form()],
    status: CodeForm,
    reason: NoteForm = "",
    local_measure: NoteForm = "",
    on: CodeForm = "",
) -> Response:
    def act() -> None:
        data = _shape(
            DockingStatus,
            {
                "version": version,
                "status": status,
                "reason": reason,
                "local_measure": local_measure,
                "on": on,
            },
        )
        docking.set_status(
            session, actor=actor, docking_id=docking_id, data=data, settings=settings
        )

    return _answer(request, session, actor, docking_id, act)


@router.post("/docking/{docking_id}/assign", response_class=HTMLResponse)
def docking_assign(
    request: Request,
    docking_id: int,
    actor: CurrentActor,
    session: DbSession,
    version: Annotated[int, Form()],
    owner_unit: NameForm = "",
    task_id: CodeForm = "",
    local_measure: NoteForm = "",
    clear_task: CodeForm = "",
) -> Response:
    def act() -> None:
        data = _shape(
            DockingAssign,
            {
                "version": version,
                "owner_unit": owner_unit,
                "task_id": task_id,
                "local_measure": local_measure,
                "clear_task": bool(clear_task),
            },
        )
        docking.assign_measure(session, actor=actor, docking_id=docking_id, data=data)

    return _answer(request, session, actor, docking_id, act)
