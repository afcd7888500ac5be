"""Task list and task detail pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.domains.progress import service as progress
from luoshi.domains.sources import service as sources
from luoshi.domains.tasks import service as tasks
from luoshi.errors import NotFound
from luoshi.kernel import audit, units
from luoshi.web.deps import CurrentActor, DbSession
from luoshi.web.pages.rendering import render

router = APIRouter()
PAGE_SIZE = 25
CONTEXT_CHARS = 160


@router.get("/tasks", response_class=HTMLResponse)
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
        tasks=[tasks.to_read(session, t) for t in rows],
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"status": status, "light": light, "unit": unit, "q": q},
        units=units.list_units(session, actor=actor),
    )


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task_detail(
    request: Request, task_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    detail = tasks.to_detail(session, task)
    before = after = ""
    if task.source_id is not None and task.span_start is not None and task.span_end is not None:
        source = sources.get_source_for(
            session, actor=actor, source_id=task.source_id, action="source.view"
        )
        before = source.text[max(0, task.span_start - CONTEXT_CHARS) : task.span_start]
        after = source.text[task.span_end : task.span_end + CONTEXT_CHARS]
    parent = None
    if task.parent_id is not None:
        try:
            parent = tasks.to_read(
                session,
                tasks.get_task_for(
                    session, actor=actor, task_id=task.parent_id, action="task.view"
                ),
            )
        except NotFound:  # a unit may own a sub-task without seeing its parent
            parent = None
    return render(
        request,
        "task.html",
        actor=actor,
        task=detail,
        parent=parent,
        before=before,
        after=after,
        subtasks=[tasks.to_read(session, t) for t in tasks.subtasks(session, task)],
        reports=progress.list_reports(session, actor=actor, task_id=task.id),
        history=audit.history_of(
            session, tenant_id=actor.tenant_id, object_type="task", object_id=task.id
        ),
    )
