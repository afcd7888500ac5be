"""The API's task reads on SQLAlchemy Core: the detail and the list pages as rows, not ORM
objects.

A read builds no object graph, so the identity map, the attribute instrumentation and the
per-row entity loading were pure cost: on a task detail they took more time than the SQL.
These return the same shapes (``TaskRead``, ``TaskDetail``) and decide access by the same
rules (``access.visible`` for the lists, ``ownership.relations`` and ``check`` for one task)
as the ORM path that writes and the HTML pages keep using.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from luoshi.domains.sources.models import Source
from luoshi.domains.tasks import rules
from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.domains.tasks.schemas import TaskDetail, TaskRead, UnitRef
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check

_task = Task.__table__.c
_unit = Unit.__table__.c
_co = TaskCoUnit.__table__.c
_source = Source.__table__.c
# TaskRead's own columns (its lead and co-units are built from their units).
READ_COLUMNS = tuple(_task[name] for name in TaskRead.model_fields if name in _task)


@dataclass(frozen=True)
class UnitRow:
    """A unit as a read shows it and the access rule reads it (``ownership.Placed``)."""

    id: int
    path: str
    ref: UnitRef


def _unit_row(row: Any) -> UnitRow:
    return UnitRow(
        id=row.id,
        path=row.path,
        ref=UnitRef(id=row.id, code=row.code, name_zh=row.name_zh, name_en=row.name_en),
    )


_UNIT_COLUMNS = (_unit.id, _unit.path, _unit.code, _unit.name_zh, _unit.name_en)


_READ_NAMES = tuple(c.name for c in READ_COLUMNS)


def _read(row: Any, lead: UnitRef | None, co_units: list[UnitRef]) -> dict[str, Any]:
    # The row starts with READ_COLUMNS (zip stops there): by position, not by key lookups.
    values = dict(zip(_READ_NAMES, row, strict=False))
    return {**values, "lead_unit": lead, "co_units": co_units}


# ---------------------------------------------------------------- one task

# The statements are built once, with bound parameters: built per request, SQLAlchemy's
# coercion of each column and its cache key cost more than the database's answer.
_SPANNED = (_task.span_end > _task.span_start) & _source.id.isnot(None)
_SENTENCE = case(
    (_SPANNED, func.substr(_source.text, _task.span_start + 1, _task.span_end - _task.span_start)),
    else_="",
)
_DETAIL = (
    select(
        *READ_COLUMNS,
        _task.tenant_id,
        _task.office_unit_id,
        _task.lead_unit_id,
        _task.return_reason,
        _source.id.label("found_source_id"),
        _source.title.label("source_title"),
        _SENTENCE.label("source_sentence"),
    )
    .select_from(Task.__table__.outerjoin(Source.__table__, _source.id == _task.source_id))
    .where(_task.id == bindparam("task_id"))
)
_CO_IDS = select(_co.unit_id).where(_co.task_id == bindparam("task_id"))
# The office, the lead and the co-units: the units ``access.units_of`` reads.
_UNITS = (
    select(*_UNIT_COLUMNS, _unit.id.in_(_CO_IDS).label("co"))
    .where(
        or_(
            _unit.id == bindparam("office_id"),
            _unit.id == bindparam("lead_id"),
            _unit.id.in_(_CO_IDS),
        )
    )
    .order_by(_unit.path)
)


def detail(
    session: Session, *, actor: Actor, task_id: int, action: str = "task.view"
) -> TaskDetail:
    """A task as its detail, checked as ``access.get_task_for`` checks it: the task (with
    its source's title and sentence) in one statement, its units in another."""
    conn = session.connection()
    row = conn.execute(_DETAIL, {"task_id": task_id}).one_or_none()
    if row is None or row.tenant_id != actor.tenant_id:
        raise NotFound.of("err_task_not_found")
    found = conn.execute(
        _UNITS, {"task_id": task_id, "office_id": row.office_unit_id, "lead_id": row.lead_unit_id}
    ).all()
    by_id = {r.id: _unit_row(r) for r in found}
    office = by_id.get(row.office_unit_id) if row.office_unit_id is not None else None
    lead = by_id.get(row.lead_unit_id) if row.lead_unit_id is not None else None
    co_units = [by_id[r.id] for r in found if r.co]
    relations = _relations(actor, row.tenant_id, office, lead, co_units)
    check(actor, action, relations=relations, what="task")
    has_source = row.found_source_id is not None
    spans = row.span_start is not None and row.span_end is not None
    return TaskDetail.model_validate(
        {
            **_read(row, lead.ref if lead else None, [u.ref for u in co_units]),
            "source_sentence": row.source_sentence if has_source and spans else None,
            "source_title": row.source_title if has_source else None,
            "allowed_transitions": rules.allowed_transitions(row.status),
            "return_reason": row.return_reason if row.status == "returned" else "",
        }
    )


def _relations(
    actor: Actor,
    tenant_id: str,
    office: UnitRow | None,
    lead: UnitRow | None,
    co_units: Sequence[UnitRow],
) -> frozenset[str]:
    # access.relations_to's order: the system relates to everything, an administrator
    # (三员) to no business data.
    if actor.is_system:
        return ownership.UNIT_RELATIONS
    if tenant_id != actor.tenant_id or actor.is_admin:
        return frozenset()
    return ownership.relations(
        actor, tenant_id=tenant_id, office=office, lead=lead, co_units=co_units
    )


# ---------------------------------------------------------------- list pages


_PAGE_CO_UNITS = (
    select(_co.task_id, *_UNIT_COLUMNS)
    .join(Unit.__table__, _unit.id == _co.unit_id)
    .where(_co.task_id.in_(bindparam("task_ids", expanding=True)))
    .order_by(_unit.path)
)


# The lead unit joined to a page's rows; made once (an alias made per call builds its
# column collection each time).
_LEAD = Unit.__table__.alias("lead")
_LEAD_COLUMNS = (
    _LEAD.c.id.label("lead_id"),
    _LEAD.c.code.label("lead_code"),
    _LEAD.c.name_zh.label("lead_name_zh"),
    _LEAD.c.name_en.label("lead_name_en"),
)


def count(session: Session, stmt: Any) -> int:
    """How many rows a scoped task statement (``service._listed``, unordered) finds: its
    own FROM and WHERE under ``count(*)``, not a subquery of every column."""
    counted = stmt.with_only_columns(func.count(), maintain_column_froms=True)
    return int(session.connection().execute(counted).scalar_one())


def reads(session: Session, stmt: Any) -> list[TaskRead]:
    """The rows of a scoped, ordered task statement (``service._listed`` and its page) as
    ``TaskRead``: the page with its lead units in one statement, their co-units in one."""
    columns = (*READ_COLUMNS, *_LEAD_COLUMNS)
    joined = stmt.with_only_columns(*columns, maintain_column_froms=False).outerjoin(
        _LEAD, _LEAD.c.id == _task.lead_unit_id
    )
    page = session.connection().execute(joined).all()
    if not page:
        return []
    co: dict[int, list[UnitRef]] = {row.id: [] for row in page}
    for row in session.connection().execute(_PAGE_CO_UNITS, {"task_ids": list(co)}):
        co[row.task_id].append(_unit_row(row).ref)
    return [
        TaskRead.model_validate(
            _read(
                row,
                UnitRef(
                    id=row.lead_id,
                    code=row.lead_code,
                    name_zh=row.lead_name_zh,
                    name_en=row.lead_name_en,
                )
                if row.lead_id is not None
                else None,
                co[row.id],
            )
        )
        for row in page
    ]
