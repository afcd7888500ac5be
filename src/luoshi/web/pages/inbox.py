"""The inbox page: what the user has been told (assignments, reminders, urgings, notices),
newest first, each linked to its task or register record; read one or all."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.domains.supervision import inbox
from luoshi.web.api.params import PathId
from luoshi.web.deps import CurrentActor, DbSession
from luoshi.web.pages.rendering import render

router = APIRouter()


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request, actor: CurrentActor, session: DbSession, unread: bool = False
) -> Response:
    page = inbox.list_inbox(session, actor=actor, unread_only=unread, limit=200)
    return render(request, "inbox.html", actor=actor, page=page, unread_only=unread)


@router.post("/inbox/{item_id}/read")
def read_one(actor: CurrentActor, session: DbSession, item_id: PathId) -> Response:
    item = inbox.mark_read(session, actor=actor, item_id=item_id)
    target = f"/tasks/{item.task_id}" if item.task_id else (item.link or "/inbox")
    return RedirectResponse(target, status_code=303)


@router.post("/inbox/read-all")
def read_all(actor: CurrentActor, session: DbSession) -> Response:
    inbox.mark_all_read(session, actor=actor)
    return RedirectResponse("/inbox", status_code=303)
