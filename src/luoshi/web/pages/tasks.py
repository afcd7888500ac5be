"""Task list and task detail pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.domains.tasks import service as tasks
from luoshi.kernel import units
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.pages import task_actions
from luoshi.web.pages.rendering import render
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 25


@router.get("/tasks", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))])
def task_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    status: str = "",
    light: str = "",
    unit: str = "",
    q: str = "",
    page: int = 1,
) -> Response:
    filters = tasks.TaskFilter(
        status=status or None, light=light or None, unit=unit or None, q=q or None
    )
    rows, total = tasks.list_tasks(
        session, actor=actor, filters=filters, page=max(page, 1), page_size=PAGE_SIZE
    )
    template = "partials/task_rows.html" if request.headers.get("HX-Request") else "tasks.html"
    return render(
        request,
        template,
        actor=actor,
        tasks=tasks.to_reads(session, rows),
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"status": status, "light": light, "unit": unit, "q": q},
        units=units.list_units(session, actor=actor),
    )


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
