"""The dashboards' rollup of the tasks (``TaskRollup``), exact in every transaction.

Statuses change in requests (accept, complete, return), not only in the jobs, so a rollup
refreshed by the jobs would be wrong between their runs; it is kept here instead, by every
write that goes through the ORM, in that write's own transaction:

- before each flush, the groups a change touches are noted in ``session.info``: for a task
  added, deleted or with a counted column changed, its lead unit (old and new), its
  co-units, its work line and due month (old and new); for a co-unit row added or
  removed, that unit's co-unit group;
- before commit, and before the rollup is read in the same session (``settle``), those
  groups are deleted and counted again from the tasks. Recounted rather than incremented:
  a group is right after its recount whatever it held before, and a rolled-back write
  recounted later only costs a recount.

A Core ``INSERT``, ``UPDATE`` or ``DELETE`` through a session (the seeder's bulk inserts)
marks its tenants, or every tenant, to be counted whole. Writes that bypass the session
(SQL by hand) need ``luoshi dashboards rebuild``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, event, func, insert, inspect, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from luoshi.domains.tasks.models import Task, TaskCoUnit, TaskRollup
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor

PENDING = "tasks.rollup.pending"
# Pending groups that stand for every group of every tenant, or of one: (tenant, "*", None).
EVERYTHING = ("*", "*", None)
_TASK_TABLES = frozenset({"task", "task_co_unit"})
KINDS = ("lead", "co", "line", "due")
# The task columns the rollup counts by: a change of any other column touches no group.
COUNTED = ("tenant_id", "status", "light", "lead_unit_id", "work_line", "due_date", "report_cycle")

# A group: (tenant, kind, key) where the key is a unit id (lead, co), a work line or a month.
Group = tuple[str, str, int | str | None]
# A rollup row's identity: (kind, unit id, work line, due month, status, light, cycle).
RowKey = tuple[str, int | None, str, str, str, str, str]


def month_of(day: date | None) -> str:
    return "" if day is None else f"{day.year:04d}-{day.month:02d}"


def _groups_of(tenant: str, lead: int | None, line: str | None, due: date | None) -> set[Group]:
    return {(tenant, "lead", lead), (tenant, "line", line or ""), (tenant, "due", month_of(due))}


def _pending(session: Session) -> set[Group]:
    found: set[Group] = session.info.setdefault(PENDING, set())
    return found


# Of those, the columns that place a task in its lead, line and due groups, and the ones
# its co-unit rows are counted by: a change of the light alone (the lights job's) needs
# neither the old values nor the co-units read.
PLACED = ("tenant_id", "lead_unit_id", "work_line", "due_date")
CO_COUNTED = ("tenant_id", "status", "report_cycle")


def _changed(task: Task, names: tuple[str, ...]) -> bool:
    state = inspect(task)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    """The groups that tasks changed or deleted in this flush leave or join. What they
    leave is read from the database, which still holds it before the flush (an attribute
    set after an expiry does not know its old value); so are a deleted task's co-units."""
    moved: set[int] = set()  # tasks whose old groups must be read
    co_of: set[int] = set()  # tasks whose co-units' groups change
    pending = _pending(session)
    for obj in [*session.dirty, *session.deleted]:
        if isinstance(obj, TaskCoUnit) and obj in session.deleted:
            pending.add((obj.tenant_id, "co", obj.unit_id))
        if not isinstance(obj, Task):
            continue
        deleted = obj in session.deleted
        if deleted or _changed(obj, PLACED):
            moved.add(obj.id)
        if deleted or _changed(obj, CO_COUNTED):
            co_of.add(obj.id)
        if not deleted and (obj.id in moved or _changed(obj, COUNTED)):
            pending |= _groups_of(obj.tenant_id, obj.lead_unit_id, obj.work_line, obj.due_date)
    if moved:
        before = session.execute(
            select(Task.tenant_id, Task.lead_unit_id, Task.work_line, Task.due_date).where(
                Task.id.in_(moved)
            )
        )
        for tenant, lead, line, due in before:
            pending |= _groups_of(tenant, lead, line, due)
    if co_of:
        co = session.execute(
            select(TaskCoUnit.tenant_id, TaskCoUnit.unit_id).where(TaskCoUnit.task_id.in_(co_of))
        )
        pending |= {(tenant, "co", unit_id) for tenant, unit_id in co}


@event.listens_for(Session, "after_flush")
def _note_new(session: Session, _context: UOWTransaction) -> None:
    """The groups new tasks and co-units join (noted after the flush, once the columns'
    defaults, the tenant among them, are filled in)."""
    pending = _pending(session)
    for obj in session.new:
        if isinstance(obj, Task):
            pending |= _groups_of(obj.tenant_id, obj.lead_unit_id, obj.work_line, obj.due_date)
        elif isinstance(obj, TaskCoUnit):
            pending.add((obj.tenant_id, "co", obj.unit_id))
    if not pending:
        session.info.pop(PENDING, None)


@event.listens_for(Session, "do_orm_execute")
def _note_statements(state: ORMExecuteState) -> None:
    """An INSERT, UPDATE or DELETE statement on the tasks or their co-units run through
    the session (the seeder's bulk inserts, a bulk update) says nothing of the rows it
    touches: the whole rollup is counted again at settling."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in _TASK_TABLES:
        return
    # Rows inserted name their tenants (the seeder's, one province at a time): only those
    # are counted again. An UPDATE or DELETE's rows are unknown: every tenant is.
    given = state.parameters
    rows: list[Mapping[str, Any]] = [given] if isinstance(given, Mapping) else list(given or [])
    tenants = {row.get("tenant_id") for row in rows}
    if state.is_insert and rows and None not in tenants:
        _pending(state.session).update((str(t), "*", None) for t in tenants)
    else:
        _pending(state.session).add(EVERYTHING)


@event.listens_for(Session, "before_commit")
def _settle_before_commit(session: Session) -> None:
    settle(session)


def settle(session: Session) -> None:
    """Recount the groups this session's writes touched, so that the rollup is exact in it:
    before commit, and before the dashboards read it."""
    if not session.info.get(PENDING):
        return
    session.flush()
    pending: set[Group] = session.info.pop(PENDING, set())
    if EVERYTHING in pending:
        rebuild(session)
        return
    whole = {tenant for tenant, kind, _ in pending if kind == "*"}
    for tenant in sorted(whole):
        rebuild(session, tenant=tenant)
    by_kind: dict[tuple[str, str], set[int | str | None]] = defaultdict(set)
    for tenant, kind, key in pending:
        if tenant not in whole:
            by_kind[(tenant, kind)].add(key)
    for (tenant, kind), keys in sorted(by_kind.items(), key=lambda item: item[0]):
        _store(session, tenant, kind, keys)


def rebuild(session: Session, *, tenant: str | None = None) -> int:
    """Count the rollup again from the tasks, of one tenant or of every one; the number
    of rows written."""
    session.flush()
    session.info.pop(PENDING, None)
    if tenant is None:
        tenants = set(session.scalars(select(Task.tenant_id).distinct()))
        tenants |= set(session.scalars(select(TaskRollup.tenant_id).distinct()))
    else:
        tenants = {tenant}
    written = 0
    for each in sorted(tenants):
        session.execute(delete(TaskRollup).where(TaskRollup.tenant_id == each))
        written += sum(_store(session, each, kind, None) for kind in KINDS)
    return written


def rebuild_recorded(session: Session, *, actor: Actor, tenant: str | None = None) -> int:
    """``rebuild``, with its audit event (``luoshi dashboards rebuild``)."""
    written = rebuild(session, tenant=tenant)
    audit.record(
        session,
        actor=actor,
        action="dashboards.rebuild",
        object_type="task_rollup",
        object_id=None,
        new={"tenant": tenant or "*", "rows": written},
    )
    return written


def _store(session: Session, tenant: str, kind: str, keys: set[int | str | None] | None) -> int:
    """Replace the rollup's rows of ``kind`` for those keys (every key: None) by a count."""
    if keys is not None:
        session.execute(
            delete(TaskRollup).where(
                TaskRollup.tenant_id == tenant,
                TaskRollup.kind == kind,
                _key_in(_KEY_COLUMN[kind], keys),
            )
        )
    counted = count(session, tenant=tenant, kinds=(kind,), keys=keys)
    if counted:
        session.execute(
            insert(TaskRollup),
            [
                {
                    "tenant_id": tenant,
                    "kind": k,
                    "unit_id": unit_id,
                    "work_line": line,
                    "due_month": month,
                    "status": status,
                    "light": light,
                    "report_cycle": cycle,
                    "n": n,
                }
                for (k, unit_id, line, month, status, light, cycle), n in counted.items()
            ],
        )
    return len(counted)


_KEY_COLUMN = {
    "lead": TaskRollup.unit_id,
    "co": TaskRollup.unit_id,
    "line": TaskRollup.work_line,
    "due": TaskRollup.due_month,
}


def _key_in(column: Any, keys: Iterable[Any]) -> ColumnElement[bool]:
    wanted = set(keys)
    present = [k for k in wanted if k is not None]
    clause = column.in_(present)
    return or_(clause, column.is_(None)) if None in wanted else clause


def count(
    session: Session,
    *,
    tenant: str,
    kinds: Iterable[str] = KINDS,
    keys: set[int | str | None] | None = None,
) -> Counter[RowKey]:
    """The rollup's rows counted from the tasks (GROUP BY), for the groups of ``keys`` of
    each kind or all of them."""
    found: Counter[RowKey] = Counter()
    of_tenant = Task.tenant_id == tenant
    for kind in kinds:
        if kind == "lead":
            lead = select(Task.lead_unit_id, Task.status, Task.light, Task.report_cycle)
            if keys is not None:
                lead = lead.where(_key_in(Task.lead_unit_id, keys))
            for unit_id, status, light, cycle, n in _grouped(session, lead.where(of_tenant)):
                found[("lead", unit_id, "", "", status, light, cycle)] += n
        elif kind == "co":
            # On the tenant key, so a nation's other tenants' co-unit rows are not read.
            co = select(TaskCoUnit.unit_id, Task.status, Task.report_cycle).join(
                Task, (Task.id == TaskCoUnit.task_id) & (Task.tenant_id == TaskCoUnit.tenant_id)
            )
            if keys is not None:
                co = co.where(_key_in(TaskCoUnit.unit_id, keys))
            for unit_id, status, cycle, n in _grouped(session, co.where(of_tenant)):
                found[("co", unit_id, "", "", status, "", cycle)] += n
        elif kind == "line":
            line_ = select(Task.work_line, Task.status, Task.light)
            if keys is not None:
                line_ = line_.where(_key_in(Task.work_line, keys))
            for line, status, light, n in _grouped(session, line_.where(of_tenant)):
                found[("line", None, line or "", "", status, light, "")] += n
        else:
            # By day in SQL (portable), by month here; only the months asked for are kept.
            due_ = select(Task.due_date, Task.status, Task.light).where(of_tenant)
            if keys is not None:
                due_ = due_.where(_in_months(keys))
            for due, status, light, n in _grouped(session, due_):
                month = month_of(due)
                if keys is None or month in keys:
                    found[("due", None, "", month, status, light, "")] += n
    return found


def _grouped(session: Session, stmt: Any) -> list[Any]:
    columns = list(stmt.selected_columns)
    return list(session.execute(stmt.add_columns(func.count()).group_by(*columns)).all())


def _in_months(keys: Iterable[int | str | None]) -> ColumnElement[bool]:
    ranges: list[ColumnElement[bool]] = []
    for key in keys:
        if not key:
            ranges.append(Task.due_date.is_(None))
            continue
        year, month = (int(part) for part in str(key).split("-"))
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
        ranges.append((Task.due_date >= first) & (Task.due_date < after))
    return or_(*ranges)


def stored(session: Session, *, tenant: str) -> Counter[RowKey]:
    """The rollup's rows as they are stored (for the checks: equal to ``count``)."""
    settle(session)
    found: Counter[RowKey] = Counter()
    rows = session.execute(
        select(
            TaskRollup.kind,
            TaskRollup.unit_id,
            TaskRollup.work_line,
            TaskRollup.due_month,
            TaskRollup.status,
            TaskRollup.light,
            TaskRollup.report_cycle,
            TaskRollup.n,
        ).where(TaskRollup.tenant_id == tenant)
    )
    for kind, unit_id, line, month, status, light, cycle, n in rows:
        found[(kind, unit_id, line, month, status, light, cycle)] += n
    return found
