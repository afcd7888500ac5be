"""Support items: enter what was asked, follow it to agreement and landing, or drop it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from luoshi.clock import now
from luoshi.domains.sources import service as sources
from luoshi.domains.supervision.chase import chases_of
from luoshi.domains.support import access, rules
from luoshi.domains.support.access import get_support_item_for as get_support_item_for
from luoshi.domains.support.access import relations_to as relations_to
from luoshi.domains.support.ministries import ministry_code
from luoshi.domains.support.models import SupportItem, SupportItemEvent
from luoshi.domains.support.schemas import (
    LightRead,
    SupportChaseRead,
    SupportEventRead,
    SupportItemCreate,
    SupportItemDetail,
    SupportItemRead,
    SupportItemUpdate,
    SupportTransition,
    UnitRef,
)
from luoshi.domains.tasks import service as tasks
from luoshi.errors import Conflict, InvalidInput, StaleEdit
from luoshi.kernel import audit, links, permissions, units
from luoshi.kernel.models import Unit
from luoshi.kernel.pace import Light, stored_light_json
from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

ITEM_FIELDS = (
    "title",
    "content",
    "ministry",
    "ministry_code",
    "lead_unit_id",
    "status",
    "asked_on",
    "agreed_on",
    "expected_on",
    "landed_on",
    "dropped_on",
    "drop_reason",
    "landed_as",
    "fund_amount",
    "policy_document",
    "project_name",
    "landed_detail",
)
# Agreeing and landing are the lead unit's news (the office may record them too);
# dropping an item closes the office's register entry.
TRANSITION_ACTION = {"agree": "support.report", "land": "support.report", "drop": "support.manage"}


@dataclass(frozen=True)
class SupportFilter:
    status: str | None = None
    light: str | None = None
    landed_as: str | None = None
    ministry: str | None = None  # a name or part of one
    unit: str | None = None  # unit code: lead unit in its subtree
    q: str | None = None


def _unit_by_code(session: Session, actor: Actor, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == code))
    if unit is None:
        raise InvalidInput.of("err_unit_code_does_not_exist", code=code, details={"unit": code})
    return unit


def _check_version(item: SupportItem, version: int) -> None:
    if item.version != version:
        raise StaleEdit.of(
            "err_someone_else_changed_support_item_since_you",
            details={"version": item.version, "yours": version},
        )


def _event(
    session: Session,
    actor: Actor,
    item: SupportItem,
    *,
    on: date,
    from_status: str | None,
    note: str = "",
) -> None:
    session.add(
        SupportItemEvent(
            tenant_id=item.tenant_id,
            item_id=item.id,
            on=on,
            from_status=from_status,
            to_status=item.status,
            note=note,
            actor_name=actor.username,
        )
    )


# ---------------------------------------------------------------- the light


def state_of(item: SupportItem) -> rules.ItemState:
    return rules.ItemState(
        status=item.status,
        asked_on=item.asked_on,
        expected_on=item.expected_on,
        landed_on=item.landed_on,
        dropped_on=item.dropped_on,
        landed_as=item.landed_as,
        drop_reason=item.drop_reason,
    )


def light_for(item: SupportItem, *, settings: Settings, on: date) -> Light:
    return rules.light_of(
        state_of(item),
        on=on,
        follow_up_days=settings.support_follow_up_days,
        due_soon_days=settings.support_due_soon_days,
    )


def refresh_light(item: SupportItem, *, settings: Settings, on: date) -> bool:
    """Store the item's light as of ``on``; whether it changed."""
    light = light_for(item, settings=settings, on=on)
    reasons = light.stored()
    changed = item.light != light.color or item.light_reasons != reasons
    if changed:
        item.light = light.color
        item.light_reasons = reasons
    item.light_at = now()
    return changed


def _today(settings: Settings) -> date:
    return now().astimezone(ZoneInfo(settings.timezone)).date()


# ---------------------------------------------------------------- writing


def create_item(
    session: Session, *, actor: Actor, data: SupportItemCreate, settings: Settings
) -> SupportItem:
    """Enter an ask: the office keeps it; the lead unit lies in the office's subtree."""
    check(actor, "support.manage")
    top = units.acting_unit(session, actor=actor)
    office = top
    if data.office_unit:
        office = _unit_by_code(session, actor, data.office_unit)
        units.check_within(office, top)
    lead = _unit_by_code(session, actor, data.lead_unit)
    units.check_within(lead, office)
    taken = session.scalar(
        select(SupportItem.id).where(
            SupportItem.tenant_id == actor.tenant_id, SupportItem.code == data.code
        )
    )
    if taken is not None:
        raise Conflict.of(
            "err_support_item_code_already_exists", code=data.code, details={"code": data.code}
        )
    today = _today(settings)
    item = SupportItem(
        tenant_id=actor.tenant_id,
        code=data.code,
        title=data.title,
        content=data.content,
        ministry=data.ministry,
        ministry_code=ministry_code(data.ministry),
        office_unit_id=office.id,
        lead_unit_id=lead.id,
        status="asked",
        asked_on=data.asked_on or today,
        expected_on=data.expected_on,
        created_by_id=actor.user_id,
    )
    refresh_light(item, settings=settings, on=today)
    session.add(item)
    session.flush()
    _event(session, actor, item, on=item.asked_on or today, from_status=None)
    audit.record(
        session,
        actor=actor,
        action="support.create",
        object_type="support_item",
        object_id=item.id,
        new={"code": item.code, **audit.snapshot(item, ITEM_FIELDS)},
    )
    return item


def update_item(
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    data: SupportItemUpdate,
    settings: Settings,
) -> SupportItem:
    """The office edits what was asked (its wording, ministry, lead unit, dates)."""
    item = get_support_item_for(session, actor=actor, item_id=item_id, action="support.manage")
    _check_version(item, data.version)
    old = audit.snapshot(item, ITEM_FIELDS)
    given = data.model_fields_set
    if data.title is not None:
        item.title = data.title
    if data.content is not None:
        item.content = data.content
    if data.ministry is not None:
        item.ministry = data.ministry
        item.ministry_code = ministry_code(data.ministry)
    if data.lead_unit is not None:
        lead = _unit_by_code(session, actor, data.lead_unit)
        office = session.get(Unit, item.office_unit_id)
        assert office is not None  # a foreign key
        units.check_within(lead, office)
        item.lead_unit_id = lead.id
    if "asked_on" in given and data.asked_on is not None:
        item.asked_on = data.asked_on
    if "expected_on" in given:
        item.expected_on = data.expected_on
    refresh_light(item, settings=settings, on=_today(settings))
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="support.update",
        object_type="support_item",
        object_id=item.id,
        old=old,
        new=audit.snapshot(item, ITEM_FIELDS),
    )
    return item


def transition_item(
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    data: SupportTransition,
    settings: Settings,
) -> SupportItem:
    """agree (with the date it should land), land (as a policy, a fund or a project, linked
    to the record luoshi holds of it) or drop (with a reason)."""
    action = TRANSITION_ACTION[data.transition]
    item = get_support_item_for(session, actor=actor, item_id=item_id, action=action)
    _check_version(item, data.version)
    today = _today(settings)
    on = data.on or today
    if on > today:
        raise InvalidInput.of("err_step_support_item_cannot_be_dated_in")
    last = max((d for d in (item.asked_on, item.agreed_on) if d is not None), default=None)
    if last is not None and on < last:
        raise InvalidInput.of("err_step_support_item_cannot_be_dated_before", last=last)
    before = item.status
    to = rules.next_status(before, data.transition)
    old = audit.snapshot(item, ITEM_FIELDS)
    if data.transition == "agree":
        if data.expected_on is not None and data.expected_on < on:
            raise InvalidInput.of("err_expected_landing_date_lies_before_agreement")
        item.agreed_on = on
        if data.expected_on is not None:
            item.expected_on = data.expected_on
    elif data.transition == "land":
        _land(session, actor, item, data, on)
    else:
        rules.check_drop(data.reason)
        item.dropped_on = on
        item.drop_reason = data.reason
    item.status = to
    refresh_light(item, settings=settings, on=today)
    session.flush()
    note = data.note or (data.reason if data.transition == "drop" else "")
    _event(session, actor, item, on=on, from_status=before, note=note)
    audit.record(
        session,
        actor=actor,
        action=f"support.{data.transition}",
        object_type="support_item",
        object_id=item.id,
        old=old,
        new=audit.snapshot(item, ITEM_FIELDS),
        note=note,
    )
    return item


def _land(
    session: Session, actor: Actor, item: SupportItem, data: SupportTransition, on: date
) -> None:
    landing = rules.Landing(
        landed_as=data.landed_as or "",
        fund_amount=data.fund_amount,
        policy_document=data.policy_document,
        project_name=data.project_name,
    )
    rules.check_landing(landing)
    # The records it landed as, as luoshi holds them: the actor must be able to read them
    # (checked before anything changes).
    targets: list[tuple[str, int]] = []
    if data.source_id is not None:
        source = sources.get_source_for(
            session, actor=actor, source_id=data.source_id, action="source.view"
        )
        targets.append(("source", source.id))
    if data.task_id is not None:
        task = tasks.get_task_for(session, actor=actor, task_id=data.task_id, action="task.view")
        targets.append(("task", task.id))
    item.landed_on = on
    item.landed_as = landing.landed_as
    item.fund_amount = landing.fund_amount if landing.landed_as == "fund" else None
    item.policy_document = landing.policy_document
    item.project_name = landing.project_name
    item.landed_detail = data.landed_detail
    for to_type, to_id in targets:
        links.create_link(
            session,
            actor=actor,
            kind="relates",
            from_type="support_item",
            from_id=item.id,
            to_type=to_type,
            to_id=to_id,
            note=f"landed as {landing.landed_as}",
        )


# ---------------------------------------------------------------- reading


def list_items(
    session: Session,
    *,
    actor: Actor,
    filters: SupportFilter = SupportFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[SupportItem], int]:
    """A page of the items the actor may see, and the total count."""
    check(actor, "support.view")
    if page < 1 or not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    stmt = select(SupportItem).where(access.visible(actor))
    if filters.status:
        stmt = stmt.where(SupportItem.status == filters.status)
    if filters.light:
        stmt = stmt.where(SupportItem.light == filters.light)
    if filters.landed_as:
        stmt = stmt.where(SupportItem.landed_as == filters.landed_as)
    if filters.ministry:
        code = ministry_code(filters.ministry)
        clause = SupportItem.ministry.contains(filters.ministry, autoescape=True)
        stmt = stmt.where(or_(clause, SupportItem.ministry_code == code) if code else clause)
    if filters.q:
        stmt = stmt.where(
            or_(
                SupportItem.title.contains(filters.q, autoescape=True),
                SupportItem.code.contains(filters.q, autoescape=True),
            )
        )
    if filters.unit:
        unit = _unit_by_code(session, actor, filters.unit)
        lead = aliased(Unit)
        stmt = stmt.join(lead, lead.id == SupportItem.lead_unit_id).where(
            lead.path.startswith(unit.path, autoescape=True)
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(SupportItem.code).offset((page - 1) * page_size).limit(page_size)
    )
    return list(rows), total


def open_items(session: Session, *, tenant_id: str) -> list[SupportItem]:
    """Every asked or agreed item of the tenant (for the jobs)."""
    stmt = select(SupportItem).where(
        SupportItem.tenant_id == tenant_id, SupportItem.status.in_(rules.OPEN_STATUSES)
    )
    return list(session.scalars(stmt.order_by(SupportItem.id)))


def _unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def _light_read(item: SupportItem, language: str) -> LightRead:
    return LightRead.model_validate(stored_light_json(item.light, item.light_reasons, language))


def to_reads(
    session: Session, rows: Sequence[SupportItem], *, language: str = "en"
) -> list[SupportItemRead]:
    ids = {i.office_unit_id for i in rows} | {i.lead_unit_id for i in rows}
    found = {u.id: _unit_ref(u) for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [
        SupportItemRead.model_validate(
            {
                **{k: getattr(i, k) for k in SupportItemRead.model_fields if hasattr(i, k)},
                "office_unit": found[i.office_unit_id],
                "lead_unit": found[i.lead_unit_id],
                "light": _light_read(i, language),
            }
        )
        for i in rows
    ]


def history_of(session: Session, item: SupportItem) -> list[SupportItemEvent]:
    stmt = select(SupportItemEvent).where(SupportItemEvent.item_id == item.id)
    return list(session.scalars(stmt.order_by(SupportItemEvent.on, SupportItemEvent.id)))


def viewer_transitions(session: Session, actor: Actor, item: SupportItem) -> list[str]:
    """The transitions the viewer may fire now (the page offers only these)."""
    relations = relations_to(session, actor, item)
    return [
        name
        for name in rules.allowed_transitions(item.status)
        if permissions.allows(actor, TRANSITION_ACTION[name], relations)
    ]


def to_detail(
    session: Session, actor: Actor, item: SupportItem, *, language: str = "en"
) -> SupportItemDetail:
    read = to_reads(session, [item], language=language)[0]
    found = links.links_of(
        session, tenant_id=item.tenant_id, object_type="support_item", object_id=item.id
    )
    return SupportItemDetail(
        **read.model_dump(),
        history=[SupportEventRead.model_validate(e) for e in history_of(session, item)],
        allowed_transitions=viewer_transitions(session, actor, item),
        links=[
            {"kind": k.kind, "to_type": k.to_type, "to_id": k.to_id, "note": k.note}
            for k in found
            if k.from_type == "support_item" and k.from_id == item.id
        ],
        chases=[
            SupportChaseRead(
                step=c.step,
                issued_on=c.issued_on,
                due_on=c.due_on,
                days_overdue=c.days_overdue,
                message=c.message_zh if language == "zh" else c.message_en,
            )
            for c in chases_of(
                session, tenant_id=item.tenant_id, object_type="support_item", object_id=item.id
            )
        ],
    )
