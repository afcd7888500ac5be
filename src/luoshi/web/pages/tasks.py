"""Task list and task detail pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from luoshi.domains.progress import lights
from luoshi.domains.tasks import service as tasks
from luoshi.kernel import units
from luoshi.settings import Settings
from luoshi.web.api.params import QueryText
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.pages import sources as sources_pages
from luoshi.web.pages import task_actions
from luoshi.web.pages.forms import CodeForm, NameForm
from luoshi.web.pages.rendering import page_language, render
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 25


@router.get("/tasks", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))])
def task_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    status: str = "",
    light: str = "",
    unit: str = "",
    q: QueryText = "",
    work_line: QueryText = "",
    sort: str = "",
    page: int = 1,
) -> Response:
    """The task list. Its filters, search and order live in the URL (htmx pushes them), so
    reload, back, bookmarks and the language switch keep them; an htmx request gets the
    rows only, a history restore (or any other request) the whole page."""
    filters = tasks.TaskFilter(
        status=status or None,
        light=light or None,
        unit=unit or None,
        q=q.strip() or None,
        work_line=work_line or None,
        sort=sort or "code",
    )
    rows, total = tasks.list_tasks(
        session, actor=actor, filters=filters, page=max(page, 1), page_size=PAGE_SIZE
    )
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    shown = {
        "status": status,
        "light": light,
        "unit": unit,
        "q": q,
        "work_line": work_line,
        "sort": sort,
    }
    response = render(
        request,
        "partials/task_rows.html" if partial else "tasks.html",
        actor=actor,
        tasks=tasks.to_reads(session, rows),
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters=shown,
        query=urlencode({k: v for k, v in shown.items() if v}),
        sorts=tasks.SORTS,
        oob=partial,
        published=None if partial else _published(request),
        row_reasons=row_reasons(request, session, settings, rows),
        units=units.unit_choices(session, actor=actor),
        views=tasks.list_views(session, actor=actor),
    )
    # The same URL answers rows or a page: caches must keep them apart.
    response.headers["Vary"] = "HX-Request, HX-History-Restore-Request"
    return response


def _published(request: Request) -> dict[str, int] | None:
    """What the publication that led here made: n tasks, m drafts left (shown once)."""
    said = request.session.pop(sources_pages.PUBLISHED, None)
    if not isinstance(said, dict):
        return None
    return {k: int(v) for k, v in said.items() if k in ("tasks", "drafts", "source_id")}


def row_reasons(
    request: Request, session: Session, settings: Settings, rows: Sequence[Any]
) -> dict[int, list[str]]:
    """Each row's current light reasons in the reader's language (the rows' tooltips)."""
    lang = page_language(request)
    return {
        row.id: lights.current_reasons(session, row, settings=settings, language=lang)
        for row in rows
    }


@router.post("/tasks/views", response_class=HTMLResponse)
def save_view(
    actor: CurrentActor,
    session: DbSession,
    view_name: NameForm = "",
    status: CodeForm = "",
    light: CodeForm = "",
    unit: CodeForm = "",
    q: NameForm = "",
    sort: CodeForm = "",
) -> Response:
    """Save the list's current filters as a named view of the actor's unit; back to it."""
    values = {"status": status, "light": light, "unit": unit, "q": q, "sort": sort}
    view = tasks.save_view(session, actor=actor, name=view_name, values=values)
    return RedirectResponse(f"/tasks?{view.query}" if view.query else "/tasks", status_code=303)


@router.post("/tasks/views/{view_id}/delete", response_class=HTMLResponse)
def delete_view(view_id: int, actor: CurrentActor, session: DbSession) -> Response:
    tasks.delete_view(session, actor=actor, view_id=view_id)
    return RedirectResponse("/tasks", status_code=303)


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task_detail(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    return task_actions.render_task(
        request, session, actor=actor, settings=settings, task_id=task_id
    )
