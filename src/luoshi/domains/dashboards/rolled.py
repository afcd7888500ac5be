"""The dashboards' task counts read from the rollup (``tasks.rollup``): a few thousand rows
for a province instead of its 20,000 tasks and 37,000 co-unit rows.

Used only where the rollup is exact for the viewer (docs/scale.md, "The rollup"): counts by
lead unit or co-unit, shown for the units of the viewer's subtree, are exact for everyone
(every task a unit of the subtree leads, or is co-unit of, is one the viewer sees); counts
by work line or due month are exact only for a viewer who sees the whole tenant
(``whole_tenant``), since a lower unit also sees the tasks it is co-unit of, led from
elsewhere. Everywhere else the dashboards keep their live queries.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from luoshi.domains.dashboards.scope import subtree_ids
from luoshi.domains.tasks import rollup
from luoshi.domains.tasks.models import TaskRollup
from luoshi.kernel.permissions import Actor


def whole_tenant(session: Session, actor: Actor) -> bool:
    """The viewer sees every task of the tenant (its subtree is the whole tree)."""
    return not actor.is_admin and subtree_ids(session, actor) is None


def _of(
    session: Session, actor: Actor, kinds: tuple[str, ...], statuses: Iterable[str]
) -> ColumnElement[bool]:
    rollup.settle(session)  # this session's own writes first
    return (
        (TaskRollup.tenant_id == actor.tenant_id)
        & TaskRollup.kind.in_(kinds)
        & TaskRollup.status.in_(list(statuses))
    )


def by_lead_unit(
    session: Session, actor: Actor, statuses: Iterable[str]
) -> Select[int | None, str, int]:
    """(lead unit, light, tasks) of those statuses: a subquery's statement, its columns
    named as the live count's (``lead_unit_id``, ``light``, ``n``)."""
    return (
        select(
            TaskRollup.unit_id.label("lead_unit_id"),
            TaskRollup.light,
            func.sum(TaskRollup.n).label("n"),
        )
        .where(_of(session, actor, ("lead",), statuses))
        .group_by(TaskRollup.unit_id, TaskRollup.light)
    )


def by_work_line(
    session: Session, actor: Actor, statuses: Iterable[str]
) -> list[tuple[str, str, int]]:
    """(work line, light, tasks) of those statuses, for a viewer of the whole tenant."""
    rows = session.execute(
        select(TaskRollup.work_line, TaskRollup.light, func.sum(TaskRollup.n))
        .where(_of(session, actor, ("line",), statuses))
        .group_by(TaskRollup.work_line, TaskRollup.light)
    )
    return [(line, light, int(n)) for line, light, n in rows]


def by_light_and_status(
    session: Session, actor: Actor, statuses: Iterable[str], months: Iterable[str]
) -> list[tuple[str, str, int]]:
    """(light, status, tasks) of those statuses due in those months (YYYY-MM), for a viewer
    of the whole tenant."""
    rows = session.execute(
        select(TaskRollup.light, TaskRollup.status, func.sum(TaskRollup.n))
        .where(_of(session, actor, ("due",), statuses), TaskRollup.due_month.in_(list(months)))
        .group_by(TaskRollup.light, TaskRollup.status)
    )
    return [(light, status, int(n)) for light, status, n in rows]


def by_unit_and_cycle(
    session: Session, actor: Actor, statuses: Iterable[str]
) -> list[tuple[int, str, int]]:
    """(unit, report cycle, tasks) of those statuses that the unit leads or is co-unit of:
    every unit of the tenant (the caller shows those of the viewer's subtree)."""
    rows = session.execute(
        select(TaskRollup.unit_id, TaskRollup.report_cycle, func.sum(TaskRollup.n))
        .where(_of(session, actor, ("lead", "co"), statuses), TaskRollup.unit_id.is_not(None))
        .group_by(TaskRollup.unit_id, TaskRollup.report_cycle)
    )
    return [(unit_id, cycle, int(n)) for unit_id, cycle, n in rows if unit_id is not None]
