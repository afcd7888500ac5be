"""Bulletin use cases: draft from live data, edit, issue (freeze and number), list.

Services flush and never commit; every change is audited.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.bulletins import queries, rules
from luoshi.domains.bulletins.access import check_office, get_bulletin_for, visible
from luoshi.domains.bulletins.models import Bulletin, BulletinSequence
from luoshi.domains.bulletins.schemas import (
    BulletinContent,
    BulletinUpdate,
    GoodPractice,
    GoodPracticePick,
)
from luoshi.errors import InvalidInput, InvalidTransition, NotFound, StaleEdit
from luoshi.kernel import audit
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

_EDITABLE = ("title", "organ", "number_prefix", "intro", "summary", "requirements")

DEFAULT_REQUIREMENTS = (
    "各责任单位要对照本通报指出的问题，逐项分析原因，明确整改措施和完成时限，"
    "红灯事项要于下一个报送周期前报送整改情况。"
    "要严格按照规定时限报送进展情况，确保数据真实准确。"
)


def _office(session: Session, actor: Actor, office_unit_id: int | None) -> Unit:
    """The office a new bulletin speaks for: the one named, else the actor's own unit, else
    (for the system) the root of the tenant's tree."""
    unit_id = office_unit_id if office_unit_id is not None else actor.unit_id
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
    else:
        unit = session.scalar(
            select(Unit)
            .where(Unit.tenant_id == actor.tenant_id, Unit.parent_id.is_(None))
            .order_by(Unit.id)
            .limit(1)
        )
    if unit is None or unit.tenant_id != actor.tenant_id:
        raise NotFound.of("err_office_not_found")
    return unit


def scope_of(session: Session, bulletin: Bulletin, settings: Settings) -> queries.Scope:
    office = session.get(Unit, bulletin.office_unit_id)
    if office is None:  # pragma: no cover - a foreign key keeps it
        raise NotFound.of("err_office_not_found")
    return queries.Scope(
        tenant_id=bulletin.tenant_id,
        office=office,
        period=rules.parse_period(bulletin.period),
        timezone=settings.timezone,
    )


def _new(actor: Actor, office: Unit, parsed: rules.Period) -> Bulletin:
    return Bulletin(
        tenant_id=actor.tenant_id,
        office_unit_id=office.id,
        period=parsed.code,
        kind=parsed.kind,
        state="draft",
        organ=rules.default_organ(office.name_zh),
        number_prefix=(office.short_zh or "") + "督通",
        title=rules.default_title(parsed, office.kind),
        intro=(
            f"为推动各项重点工作落地见效，现将{parsed.label}"
            f"{rules.scope_word(office.kind)}重点工作落实情况通报如下。"
        ),
        summary="",
        requirements=DEFAULT_REQUIREMENTS,
        good_practices=[],
        content={},
        version=1,
        created_by_id=actor.user_id,
    )


def preview(
    session: Session,
    *,
    actor: Actor,
    period: str,
    settings: Settings,
    office_unit_id: int | None = None,
) -> BulletinContent:
    """What a new draft for ``period`` would say, without storing anything."""
    parsed = rules.parse_period(period)
    office = _office(session, actor, office_unit_id)
    check_office(session, actor=actor, office=office, action="bulletin.view")
    return draft_content(session, _new(actor, office, parsed), settings=settings)


def create_draft(
    session: Session,
    *,
    actor: Actor,
    period: str,
    settings: Settings,
    office_unit_id: int | None = None,
) -> Bulletin:
    """A new draft for ``period`` ("2023-05", "2023Q1") with the default wording."""
    parsed = rules.parse_period(period)
    office = _office(session, actor, office_unit_id)
    check_office(session, actor=actor, office=office, action="bulletin.manage")
    bulletin = _new(actor, office, parsed)
    session.add(bulletin)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="bulletin.create",
        object_type="bulletin",
        object_id=bulletin.id,
        new={"period": bulletin.period, "office_unit_id": office.id, "state": "draft"},
    )
    return bulletin


def _check_version(bulletin: Bulletin, version: int | None) -> None:
    if version is not None and version != bulletin.version:
        raise StaleEdit.of(
            "err_bulletin_was_changed_by_someone_else_version",
            version=bulletin.version,
            version2=version,
            details={"current_version": bulletin.version},
        )


def _check_draft(bulletin: Bulletin) -> None:
    if bulletin.state != "draft":
        raise InvalidTransition.of("err_issued_bulletin_frozen_can_no_longer_be")


def update_draft(
    session: Session,
    *,
    actor: Actor,
    bulletin_id: int,
    changes: BulletinUpdate,
    settings: Settings,
) -> Bulletin:
    """Edit a draft's wording and its good practices (each must be a report or task of the
    office's subtree)."""
    bulletin = get_bulletin_for(
        session, actor=actor, bulletin_id=bulletin_id, action="bulletin.manage"
    )
    _check_draft(bulletin)
    _check_version(bulletin, changes.version)
    old: dict[str, Any] = {k: getattr(bulletin, k) for k in (*_EDITABLE, "good_practices")}
    for field in _EDITABLE:
        value = getattr(changes, field)
        if value is not None:
            setattr(bulletin, field, value.strip() if field in ("title", "organ") else value)
    if changes.good_practices is not None:
        picks = changes.good_practices
        keys = [(p.kind, p.id) for p in picks]
        if len(set(keys)) != len(keys):
            raise InvalidInput.of("err_good_practice_picked_twice")
        queries.good_practices(session, scope_of(session, bulletin, settings), picks)
        bulletin.good_practices = [p.model_dump() for p in picks]
    session.flush()
    new = {k: getattr(bulletin, k) for k in (*_EDITABLE, "good_practices")}
    audit.record(
        session,
        actor=actor,
        action="bulletin.update",
        object_type="bulletin",
        object_id=bulletin.id,
        old=old,
        new=new,
    )
    return bulletin


def draft_content(session: Session, bulletin: Bulletin, *, settings: Settings) -> BulletinContent:
    """A bulletin's content computed now from live data and the office's wording."""
    scope = scope_of(session, bulletin, settings)
    overview, lines, units, red, late = queries.task_sections(session, scope, settings=settings)
    picks = [GoodPracticePick.model_validate(p) for p in bulletin.good_practices]
    number = (
        rules.document_number(bulletin.number_prefix, bulletin.year, bulletin.number)
        if bulletin.year is not None and bulletin.number is not None
        else ""
    )
    return BulletinContent(
        period=scope.period.code,
        kind=scope.period.kind,
        start=scope.period.start,
        end=scope.period.end,
        period_label=scope.period.label,
        scope=rules.scope_word(scope.office.kind),
        office=scope.office.name_zh,
        organ=bulletin.organ,
        title=bulletin.title,
        number=number,
        issued_on=bulletin.issued_on,
        draft=bulletin.state == "draft",
        intro=bulletin.intro,
        summary=bulletin.summary,
        requirements=bulletin.requirements,
        overview=overview,
        lines=lines,
        units=units,
        red_items=red,
        late_reports=late,
        projects=queries.projects_section(session, scope, settings=settings),
        proposals=queries.proposals_section(session, scope),
        livelihood=queries.livelihood_section(session, scope, settings=settings),
        indicators=queries.indicators_section(session, scope),
        good_practices=queries.good_practices(session, scope, picks),
    )


def content_of(
    session: Session, *, actor: Actor, bulletin_id: int, settings: Settings
) -> tuple[Bulletin, BulletinContent]:
    """What a bulletin says: an issued one as frozen, a draft computed from live data."""
    bulletin = get_bulletin_for(
        session, actor=actor, bulletin_id=bulletin_id, action="bulletin.view"
    )
    if bulletin.state == "issued":
        return bulletin, BulletinContent.model_validate(bulletin.content)
    return bulletin, draft_content(session, bulletin, settings=settings)


def practice_candidates(
    session: Session, *, actor: Actor, bulletin_id: int, settings: Settings
) -> list[GoodPractice]:
    bulletin = get_bulletin_for(
        session, actor=actor, bulletin_id=bulletin_id, action="bulletin.manage"
    )
    return queries.practice_candidates(session, scope_of(session, bulletin, settings))


def next_number(session: Session, *, tenant_id: str, office_unit_id: int, year: int) -> int:
    """The next number of an office's year. The UPDATE takes the counter row's lock, so a
    concurrent issuer waits for this transaction and then reads the moved counter (both
    databases); the number is used in the same transaction, so a rollback leaves no gap."""
    key = (
        (BulletinSequence.tenant_id == tenant_id)
        & (BulletinSequence.office_unit_id == office_unit_id)
        & (BulletinSequence.year == year)
    )
    for _ in range(2):
        moved = session.execute(
            update(BulletinSequence)
            .where(key)
            .values(last_number=BulletinSequence.last_number + 1)
            .returning(BulletinSequence.last_number)
        ).scalar()
        if moved is not None:
            return int(moved)
        try:
            with session.begin_nested():
                session.execute(
                    insert(BulletinSequence).values(
                        tenant_id=tenant_id, office_unit_id=office_unit_id, year=year, last_number=1
                    )
                )
            return 1
        except IntegrityError:
            continue  # another issuer made the row first: take the next number from it
    raise AssertionError("the counter row exists after a refused insert")  # pragma: no cover


def issue_bulletin(
    session: Session,
    *,
    actor: Actor,
    bulletin_id: int,
    settings: Settings,
    version: int | None = None,
) -> Bulletin:
    """Freeze a draft: store its content as it is now and give it the next number of its
    office's year (the year it is issued in)."""
    bulletin = get_bulletin_for(
        session, actor=actor, bulletin_id=bulletin_id, action="bulletin.manage"
    )
    _check_draft(bulletin)
    _check_version(bulletin, version)
    issued_at = clock.now()
    issued_on = clock.local_now(ZoneInfo(settings.timezone)).date()
    number = next_number(
        session,
        tenant_id=bulletin.tenant_id,
        office_unit_id=bulletin.office_unit_id,
        year=issued_on.year,
    )
    bulletin.state = "issued"
    bulletin.year = issued_on.year
    bulletin.number = number
    bulletin.issued_on = issued_on
    bulletin.issued_at = issued_at
    bulletin.issued_by_id = actor.user_id
    content = draft_content(session, bulletin, settings=settings)
    bulletin.content = content.model_dump(mode="json")
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="bulletin.issue",
        object_type="bulletin",
        object_id=bulletin.id,
        old={"state": "draft"},
        new={"state": "issued", "number": content.number, "issued_on": issued_on.isoformat()},
    )
    return bulletin


def list_bulletins(session: Session, *, actor: Actor, state: str | None = None) -> list[Bulletin]:
    """The bulletins of the actor's office and the offices below it, newest first."""
    if not actor.can("bulletin.view"):
        return []
    stmt = select(Bulletin).where(visible(actor))
    if state is not None:
        stmt = stmt.where(Bulletin.state == state)
    return list(session.scalars(stmt.order_by(Bulletin.period.desc(), Bulletin.id.desc())))
