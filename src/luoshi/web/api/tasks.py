"""Tasks: list with filters and pages, detail, edit, assign, transitions, split, history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import queries as task_queries
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import (
    TaskAssign,
    TaskCreate,
    TaskDetail,
    TaskPage,
    TaskRead,
    TaskTransition,
    TaskUpdate,
)
from luoshi.kernel import audit
from luoshi.kernel.fields import LIST_MAX
from luoshi.web.api.params import PathId, QueryCode, QueryDay, QueryId, QueryText
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession, ReadSession
from luoshi.web.errors import READ, WRITE, error_responses
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["tasks"])


@router.get(
    "/tasks",
    responses=error_responses(404, 429),
    dependencies=[Depends(rate_limit("search"))],
)
def list_tasks(
    actor: CurrentActor,
    session: ReadSession,
    status: QueryCode | None = None,
    light: QueryCode | None = None,
    unit: Annotated[
        QueryCode | None, Query(description="unit code: lead or co-unit in its subtree")
    ] = None,
    source_id: QueryId | None = None,
    parent_id: QueryId | None = None,
    top_level: bool = False,
    q: QueryText | None = None,
    overdue_on: QueryDay | None = None,
    work_line: Annotated[
        QueryText | None, Query(description="the work line (工作板块), exactly")
    ] = None,
    sort: Annotated[
        Literal["code", "light", "due", "unit"],
        Query(description="code; light (red first); due (none last); unit (lead unit's code)"),
    ] = "code",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,  # the offset must fit a BIGINT
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
    after: QueryCode | None = None,
) -> TaskPage:
    """Offset pages (``page``) with the total, or keyset pages: ``after`` a task code, the
    tasks whose code sorts after it, without the count; ``next_after`` gives the next."""
    filters = tasks.TaskFilter(
        status=status,
        light=light,
        unit=unit,
        source_id=source_id,
        parent_id=parent_id,
        top_level=top_level,
        q=q,
        overdue_on=overdue_on,
        work_line=work_line,
        sort=sort,
    )
    total: int | None = None
    if after is not None:
        items = tasks.list_task_reads_after(
            session, actor=actor, filters=filters, after=after, page_size=page_size
        )
    else:
        items, total = tasks.list_task_reads(
            session, actor=actor, filters=filters, page=page, page_size=page_size
        )
    return TaskPage(
        items=items,
        total=total,
        page=page,
        page_size=page_size,
        next_after=items[-1].code if len(items) == page_size else None,
    )


@router.post("/tasks", status_code=201, responses=WRITE)
def create_task(
    data: TaskCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> TaskRead:
    task = tasks.create_task(
        session, actor=actor, data=data, report_day=settings.monthly_report_day
    )
    return tasks.to_read(session, task)


@router.get("/tasks/{task_id}", responses=READ)
def get_task(task_id: PathId, actor: CurrentActor, session: DbSession) -> TaskDetail:
    return task_queries.detail(session, actor=actor, task_id=task_id)


@router.patch("/tasks/{task_id}", responses=WRITE)
def update_task(
    task_id: PathId,
    data: TaskUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TaskRead:
    """The supervising office edits a task's terms; its light follows a new due date."""
    task = supervision.update_task(
        session, actor=actor, task_id=task_id, data=data, settings=settings
    )
    return tasks.to_read(session, task)


@router.post("/tasks/{task_id}/assign", responses=WRITE)
def assign_task(
    task_id: PathId,
    data: TaskAssign,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TaskRead:
    """Give a task its lead and co-units (again, after a return); its light follows."""
    task = supervision.assign_task(
        session, actor=actor, task_id=task_id, data=data, settings=settings
    )
    return tasks.to_read(session, task)


@router.post("/tasks/{task_id}/transitions", responses=WRITE)
def transition_task(
    task_id: PathId,
    data: TaskTransition,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TaskRead:
    """Fire a transition; a return is refused once the return window has closed."""
    task = supervision.transition_task(
        session,
        actor=actor,
        task_id=task_id,
        transition=data.transition,
        reason=data.reason,
        version=data.version,
        settings=settings,
    )
    return tasks.to_read(session, task)


class Split(BaseModel):
    parts: list[TaskCreate] = Field(min_length=1, max_length=LIST_MAX)


@router.post("/tasks/{task_id}/split", status_code=201, responses=WRITE)
def split_task(
    task_id: PathId, data: Split, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> list[TaskRead]:
    created = supervision.split_task(
        session, actor=actor, task_id=task_id, parts=data.parts, settings=settings
    )
    return tasks.to_reads(session, created)


@router.get("/tasks/{task_id}/subtasks", responses=READ)
def list_subtasks(task_id: PathId, actor: CurrentActor, session: DbSession) -> list[TaskRead]:
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    return tasks.to_reads(session, tasks.subtasks(session, task))


@router.get("/tasks/{task_id}/history", responses=READ)
def task_history(task_id: PathId, actor: CurrentActor, session: DbSession) -> list[dict[str, Any]]:
    """The task's audit trail, newest first."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    events = audit.history_of(
        session, tenant_id=actor.tenant_id, object_type="task", object_id=task.id
    )
    return [
        {
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "old": e.old,
            "new": e.new,
            "note": e.note,
        }
        for e in events
    ]
