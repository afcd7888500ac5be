"""Docking: open it for a national document, give each measure its owner and local answer,
report how far the answer has come, list what is still unanswered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session, aliased

from luoshi.clock import now
from luoshi.domains.directives import service as directives
from luoshi.domains.docking import access, rules
from luoshi.domains.docking.access import get_docking_for as get_docking_for
from luoshi.domains.docking.access import relations_to as relations_to
from luoshi.domains.docking.models import DockingMeasure
from luoshi.domains.docking.schemas import (
    DockingAssign,
    DockingRead,
    DockingStatus,
    DockSource,
    UnitRef,
)
from luoshi.domains.sources import service as sources
from luoshi.domains.tasks import service as tasks
from luoshi.errors import InvalidInput, StaleEdit
from luoshi.kernel import audit, links, units
from luoshi.kernel.models import Link, Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

FIELDS = ("owner_unit_id", "status", "reason", "local_measure", "task_id", "status_on")
DOCKABLE = ("draft", "confirmed", "published")


@dataclass(frozen=True)
class DockingFilter:
    source_id: int | None = None
    status: str | None = None
    unanswered: bool = False
    unit: str | None = None  # unit code: owner unit in its subtree
    q: str | None = None


def _today(settings: Settings) -> date:
    return now().astimezone(ZoneInfo(settings.timezone)).date()


def _unit_by_code(session: Session, actor: Actor, code: str) -> Unit:
    return units.named_unit(session, tenant_id=actor.tenant_id, code=code)


def _check_version(measure: DockingMeasure, version: int) -> None:
    if measure.version != version:
        raise StaleEdit.of(
            "err_someone_else_changed_docking_entry_since_you",
            details={"version": measure.version, "yours": version},
        )


def dock_source(session: Session, *, actor: Actor, data: DockSource) -> list[DockingMeasure]:
    """One entry per measure of the document not yet docked (a second call adds only the
    measures a later review added); rejected and merged drafts are no measures."""
    check(actor, "docking.manage")
    source = sources.get_source_for(
        session, actor=actor, source_id=data.source_id, action="source.view"
    )
    top = units.acting_unit(session, actor=actor)
    office = top
    if data.office_unit:
        office = _unit_by_code(session, actor, data.office_unit)
        units.check_within(office, top)
    headings = {
        w.id: w.heading
        for w in directives.list_work_lines(session, actor=actor, source_id=source.id)
    }
    docked = set(
        session.scalars(
            select(DockingMeasure.directive_id).where(
                DockingMeasure.tenant_id == actor.tenant_id,
                DockingMeasure.source_id == source.id,
            )
        )
    )
    made: list[DockingMeasure] = []
    for directive in directives.list_directives(
        session, actor=actor, source_id=source.id, include_rejected=False
    ):
        if directive.id in docked or directive.status not in DOCKABLE:
            continue
        measure = DockingMeasure(
            tenant_id=actor.tenant_id,
            source_id=source.id,
            directive_id=directive.id,
            position=directive.position,
            national_measure=directive.text,
            heading=headings.get(directive.work_line_id or 0, ""),
            office_unit_id=office.id,
            status="not_started",
            created_by_id=actor.user_id,
        )
        session.add(measure)
        made.append(measure)
    session.flush()
    for measure in made:
        audit.record(
            session,
            actor=actor,
            action="docking.create",
            object_type="docking",
            object_id=measure.id,
            new={
                "source_id": source.id,
                "directive_id": measure.directive_id,
                "office_unit_id": office.id,
            },
        )
    return made


def _unlink_task(session: Session, actor: Actor, measure: DockingMeasure) -> None:
    if measure.task_id is None:
        return
    found = and_(
        Link.tenant_id == measure.tenant_id,
        Link.kind == "docks",
        Link.from_type == "task",
        Link.from_id == measure.task_id,
        Link.to_type == "directive",
        Link.to_id == measure.directive_id,
    )
    link_id = session.scalar(select(Link.id).where(found))
    if link_id is None:
        return
    session.execute(delete(Link).where(Link.id == link_id))
    audit.record(
        session,
        actor=actor,
        action="link.delete",
        object_type="link",
        object_id=link_id,
        old={
            "kind": "docks",
            "from": f"task:{measure.task_id}",
            "to": f"directive:{measure.directive_id}",
        },
    )


def assign_measure(
    session: Session, *, actor: Actor, docking_id: int, data: DockingAssign
) -> DockingMeasure:
    """The office names the owner unit (in its subtree) and the answer: a provincial task
    (linked to the measure as ``docks``) and/or a provincial measure by name."""
    measure = get_docking_for(session, actor=actor, docking_id=docking_id, action="docking.manage")
    _check_version(measure, data.version)
    old = audit.snapshot(measure, FIELDS)
    if data.owner_unit is not None:
        owner = _unit_by_code(session, actor, data.owner_unit)
        office = session.get(Unit, measure.office_unit_id)
        assert office is not None  # a foreign key
        units.check_within(owner, office)
        measure.owner_unit_id = owner.id
    if data.clear_task:
        _unlink_task(session, actor, measure)
        measure.task_id = None
    if data.task_id is not None and data.task_id != measure.task_id:
        task = tasks.get_task_for(session, actor=actor, task_id=data.task_id, action="task.view")
        _unlink_task(session, actor, measure)
        measure.task_id = task.id
        links.create_link(
            session,
            actor=actor,
            kind="docks",
            from_type="task",
            from_id=task.id,
            to_type="directive",
            to_id=measure.directive_id,
            note="docking",
        )
    if data.local_measure is not None:
        measure.local_measure = data.local_measure
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="docking.assign",
        object_type="docking",
        object_id=measure.id,
        old=old,
        new=audit.snapshot(measure, FIELDS),
    )
    return measure


def set_status(
    session: Session,
    *,
    actor: Actor,
    docking_id: int,
    data: DockingStatus,
    settings: Settings,
) -> DockingMeasure:
    """The owner unit (or the office) reports the answer's status; "not applicable" needs
    the reason."""
    measure = get_docking_for(session, actor=actor, docking_id=docking_id, action="docking.update")
    _check_version(measure, data.version)
    rules.check_status(data.status, data.reason)
    today = _today(settings)
    on = data.on or today
    if on > today:
        raise InvalidInput.of("err_status_cannot_be_dated_in_future")
    old = audit.snapshot(measure, FIELDS)
    if data.status != measure.status:
        measure.status_on = on
    measure.status = data.status
    measure.reason = data.reason if data.status == "not_applicable" else ""
    if data.local_measure is not None:
        measure.local_measure = data.local_measure
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="docking.status",
        object_type="docking",
        object_id=measure.id,
        old=old,
        new=audit.snapshot(measure, FIELDS),
        note=measure.reason,
    )
    return measure


def _unanswered() -> ColumnElement[bool]:
    return and_(
        DockingMeasure.status == "not_started",
        DockingMeasure.task_id.is_(None),
        DockingMeasure.local_measure == "",
    )


def list_measures(
    session: Session,
    *,
    actor: Actor,
    filters: DockingFilter = DockingFilter(),
    page: int = 1,
    page_size: int = 100,
) -> tuple[list[DockingMeasure], int, int]:
    """A page of the entries the actor may see, the total and how many are unanswered."""
    check(actor, "docking.view")
    if page < 1 or not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    stmt = select(DockingMeasure).where(access.visible(actor))
    if filters.source_id is not None:
        stmt = stmt.where(DockingMeasure.source_id == filters.source_id)
    if filters.status:
        stmt = stmt.where(DockingMeasure.status == filters.status)
    if filters.q:
        stmt = stmt.where(
            or_(
                DockingMeasure.national_measure.contains(filters.q, autoescape=True),
                DockingMeasure.local_measure.contains(filters.q, autoescape=True),
            )
        )
    if filters.unit:
        unit = _unit_by_code(session, actor, filters.unit)
        owner = aliased(Unit)
        stmt = stmt.join(owner, owner.id == DockingMeasure.owner_unit_id).where(
            owner.path.startswith(unit.path, autoescape=True)
        )
    unanswered = (
        session.scalar(select(func.count()).select_from(stmt.where(_unanswered()).subquery())) or 0
    )
    if filters.unanswered:
        stmt = stmt.where(_unanswered())
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(DockingMeasure.source_id, DockingMeasure.position, DockingMeasure.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(rows), total, unanswered


def _unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def to_reads(session: Session, rows: Sequence[DockingMeasure]) -> list[DockingRead]:
    ids = {m.office_unit_id for m in rows} | {m.owner_unit_id for m in rows if m.owner_unit_id}
    found = {u.id: _unit_ref(u) for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [
        DockingRead.model_validate(
            {
                **{k: getattr(m, k) for k in DockingRead.model_fields if hasattr(m, k)},
                "office_unit": found[m.office_unit_id],
                "owner_unit": found.get(m.owner_unit_id) if m.owner_unit_id else None,
                "answered": rules.is_answered(
                    status=m.status, task_id=m.task_id, local_measure=m.local_measure
                ),
            }
        )
        for m in rows
    ]


def history_of(session: Session, measure: DockingMeasure) -> list[dict[str, object]]:
    events = audit.history_of(
        session, tenant_id=measure.tenant_id, object_type="docking", object_id=measure.id
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
