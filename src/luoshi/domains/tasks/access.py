"""Load and check tasks: the one place that decides who may see and do what to a task.

An actor's relations to a task come from three units: the supervising office's
(``office_unit_id``), the lead unit's and the co-units', under the rule every object owned
by units shares (``kernel.ownership``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import Session

from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check

TASK_RELATIONS = ownership.UNIT_RELATIONS


@dataclass(frozen=True)
class TaskUnits:
    """The units a task's relations are decided from."""

    office: Unit | None
    lead: Unit | None
    co_units: tuple[Unit, ...]


def units_of(session: Session, task: Task) -> TaskUnits:
    """The task's office, lead and co-units, in one query."""
    co_ids = select(TaskCoUnit.unit_id).where(TaskCoUnit.task_id == task.id)
    named = [i for i in (task.office_unit_id, task.lead_unit_id) if i is not None]
    rows = session.execute(
        select(Unit, Unit.id.in_(co_ids).label("co"))
        .where(or_(Unit.id.in_(named), Unit.id.in_(co_ids)))
        .order_by(Unit.path)
    ).all()
    by_id = {unit.id: unit for unit, _ in rows}
    return TaskUnits(
        office=by_id.get(task.office_unit_id) if task.office_unit_id else None,
        lead=by_id.get(task.lead_unit_id) if task.lead_unit_id else None,
        co_units=tuple(unit for unit, co in rows if co),
    )


def relations_to(
    session: Session, actor: Actor, task: Task, units: TaskUnits | None = None
) -> frozenset[str]:
    """The actor's relations to the task: a subset of office, lead and co_unit."""
    if actor.is_system:
        return TASK_RELATIONS
    if task.tenant_id != actor.tenant_id or actor.is_admin:
        return frozenset()
    units = units or units_of(session, task)
    return ownership.relations(
        actor,
        tenant_id=task.tenant_id,
        office=units.office,
        lead=units.lead,
        co_units=units.co_units,
    )


def spoken_for(
    session: Session, actor: Actor, task: Task, units: TaskUnits | None = None
) -> list[Unit]:
    """The task's lead and co-units the actor speaks for, the lead first."""
    units = units or units_of(session, task)
    return ownership.spoken_for(
        actor, office=units.office, lead=units.lead, co_units=units.co_units
    )


def get_task_for(session: Session, *, actor: Actor, task_id: int, action: str) -> Task:
    """Load a task and check ``action`` against the actor's roles and relations to it.

    No relation is NotFound (existence does not leak); a relation that does not allow
    the action is PermissionDenied naming who may.
    """
    task = _load(session, actor, task_id)
    check(actor, action, relations=relations_to(session, actor, task), what="task")
    return task


def _load(session: Session, actor: Actor, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.tenant_id != actor.tenant_id:
        raise NotFound.of("err_task_not_found")
    return task


def get_task_with_units(
    session: Session, *, actor: Actor, task_id: int, action: str
) -> tuple[Task, TaskUnits]:
    """``get_task_for``, with the units the check read (a detail shows them)."""
    task = _load(session, actor, task_id)
    units = units_of(session, task)
    check(actor, action, relations=relations_to(session, actor, task, units), what="task")
    return task, units


def visible(actor: Actor) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the task" (the scope of every task list)."""
    if actor.is_admin:
        return false()
    if actor.is_system or actor.unit_path == "/":
        return Task.tenant_id == actor.tenant_id
    subtree = ownership.subtree_ids(actor)
    return (Task.tenant_id == actor.tenant_id) & or_(
        Task.office_unit_id.in_(subtree),
        Task.lead_unit_id.in_(subtree),
        Task.id.in_(select(TaskCoUnit.task_id).where(TaskCoUnit.unit_id.in_(subtree))),
    )


def scoped(stmt: Select[Task], actor: Actor) -> Select[Task]:
    return stmt.where(visible(actor))
