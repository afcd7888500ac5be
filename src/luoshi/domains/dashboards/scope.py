"""The tasks a viewer sees, as SQL that stays fast over a province's tasks.

The same rule as ``tasks.access.visible`` (the actor is at or above the task's office,
lead unit or a co-unit), written with the ids of the units of the actor's subtree — a few
hundred at most, read once — instead of a correlated ``EXISTS`` on the unit tree for every
task row; and no unit condition at all when the subtree is the whole tree. A test holds the
two to the same rows.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, in_subtree


def subtree_ids(session: Session, actor: Actor) -> list[int] | None:
    """The ids of the units at or below the actor's unit; None when that is every unit.

    Read once per session (a request's: a page asks it for every figure it shows, a dozen
    times for the dashboard), kept in ``session.info`` by tenant and unit path."""
    if actor.is_system or actor.unit_path == "/":
        return None
    key = ("dashboards.subtree", actor.tenant_id, actor.unit_path)
    if key in session.info:
        cached: list[int] | None = session.info[key]
        return cached
    ids = list(
        session.scalars(
            select(Unit.id).where(Unit.tenant_id == actor.tenant_id, in_subtree(actor, Unit.path))
        )
    )
    every = session.scalar(select(func.count(Unit.id)).where(Unit.tenant_id == actor.tenant_id))
    found = None if len(ids) == every else ids
    session.info[key] = found
    return found


def tasks_seen(session: Session, actor: Actor) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the task"."""
    if actor.is_admin:
        return false()
    tenant = Task.tenant_id == actor.tenant_id
    ids = subtree_ids(session, actor)
    if ids is None:
        return tenant
    co = select(TaskCoUnit.task_id).where(TaskCoUnit.unit_id.in_(ids))
    return tenant & or_(Task.office_unit_id.in_(ids), Task.lead_unit_id.in_(ids), Task.id.in_(co))


def of_tasks_seen(
    session: Session,
    actor: Actor,
    task_id: InstrumentedAttribute[int],
    tenant_id: InstrumentedAttribute[str],
) -> ColumnElement[bool]:
    """SQL for "the row (a report, a light change, a reminder) belongs to a task the actor
    sees": the tenant alone when the actor sees the whole tree, so that counting a
    province's hundreds of thousands of reminders needs no join."""
    if actor.is_admin:
        return false()
    if subtree_ids(session, actor) is None:
        return tenant_id == actor.tenant_id
    return (tenant_id == actor.tenant_id) & task_id.in_(
        select(Task.id).where(tasks_seen(session, actor))
    )
