"""Reading proposals: lists and their scope, API shapes, replies, parts, history, the
steps a viewer may take, and the statistics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from luoshi.domains.progress import schedule
from luoshi.domains.proposals import access, rules
from luoshi.domains.proposals.access import get_proposal_for
from luoshi.domains.proposals.models import Proposal, ProposalCoUnit, ProposalReply
from luoshi.domains.proposals.schemas import (
    CoUnitRead,
    ProposalDetail,
    ProposalRead,
    ProposalStats,
    ReplyRead,
    UnitRef,
    UnitStats,
)
from luoshi.errors import InvalidInput
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import AuditEvent, Link, Unit
from luoshi.kernel.permissions import Actor, allows, check
from luoshi.settings import Settings

OBJECT_TYPE = "proposal"


@dataclass(frozen=True)
class ProposalFilter:
    session: str | None = None
    kind: str | None = None
    state: str | None = None
    outcome: str | None = None
    satisfaction: str | None = None
    light: str | None = None
    unit: str | None = None  # unit code: lead or co-unit in its subtree
    q: str | None = None


def list_proposals(
    session: Session,
    *,
    actor: Actor,
    filters: ProposalFilter = ProposalFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Proposal], int]:
    """A page of the proposals the actor may see, and the total count."""
    check(actor, "proposal.view")
    if page < 1 or not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    stmt = access.scoped(select(Proposal), actor)
    for column, value in (
        (Proposal.session, filters.session),
        (Proposal.kind, filters.kind),
        (Proposal.state, filters.state),
        (Proposal.outcome, filters.outcome),
        (Proposal.satisfaction, filters.satisfaction),
        (Proposal.light, filters.light),
    ):
        if value:
            stmt = stmt.where(column == value)
    if filters.q:
        stmt = stmt.where(
            or_(
                Proposal.title.contains(filters.q, autoescape=True),
                Proposal.number.contains(filters.q, autoescape=True),
                Proposal.proposer.contains(filters.q, autoescape=True),
            )
        )
    if filters.unit:
        unit = unit_by_code(session, actor, filters.unit)
        lead = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
        co = select(ProposalCoUnit.proposal_id).where(ProposalCoUnit.unit_id.in_(lead))
        stmt = stmt.where(or_(Proposal.lead_unit_id.in_(lead), Proposal.id.in_(co)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Proposal.session, Proposal.kind, Proposal.number, Proposal.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(rows), total


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def task_ids_of(session: Session, proposal_ids: Sequence[int]) -> dict[int, list[int]]:
    """The tasks following each proposal's commitments (kernel links ``replies``)."""
    found: dict[int, list[int]] = {i: [] for i in proposal_ids}
    if not proposal_ids:
        return found
    for to_id, from_id in session.execute(
        select(Link.to_id, Link.from_id)
        .where(
            Link.kind == "replies",
            Link.from_type == "task",
            Link.to_type == OBJECT_TYPE,
            Link.to_id.in_(proposal_ids),
        )
        .order_by(Link.from_id)
    ):
        found[to_id].append(from_id)
    return found


def to_reads(session: Session, rows: Sequence[Proposal]) -> list[ProposalRead]:
    """Proposals as API shapes, their units and tasks loaded in a few queries for all."""
    if not rows:
        return []
    ids = [p.id for p in rows]
    co: dict[int, list[CoUnitRead]] = {i: [] for i in ids}
    rounds = {p.id: p.round for p in rows}
    for row, unit in session.execute(
        select(ProposalCoUnit, Unit)
        .join(Unit, Unit.id == ProposalCoUnit.unit_id)
        .where(ProposalCoUnit.proposal_id.in_(ids))
        .order_by(Unit.path)
    ):
        co[row.proposal_id].append(
            CoUnitRead(
                **_ref(unit).model_dump(),
                signed=row.signed_round == rounds[row.proposal_id],
                opinion=row.opinion,
            )
        )
    unit_ids = {p.office_unit_id for p in rows} | {p.lead_unit_id for p in rows if p.lead_unit_id}
    refs = {u.id: _ref(u) for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    task_ids = task_ids_of(session, ids)
    return [
        ProposalRead(
            id=p.id,
            session=p.session,
            number=p.number,
            kind=p.kind,
            title=p.title,
            proposer=p.proposer,
            co_signers=list(p.co_signers),
            category=p.category,
            office_unit=refs[p.office_unit_id],
            lead_unit=refs.get(p.lead_unit_id) if p.lead_unit_id else None,
            co_units=co[p.id],
            split_from_id=p.split_from_id,
            state=p.state,
            round=p.round,
            assigned_on=p.assigned_on,
            reply_due=p.reply_due,
            outcome=p.outcome,
            satisfaction=p.satisfaction,
            light=p.light,
            light_reasons=list(p.light_reasons),
            task_ids=task_ids[p.id],
            version=p.version,
        )
        for p in rows
    ]


def replies_of(session: Session, proposal: Proposal) -> list[ProposalReply]:
    return list(
        session.scalars(
            select(ProposalReply)
            .where(ProposalReply.proposal_id == proposal.id)
            .order_by(ProposalReply.round)
        )
    )


def parts_of(session: Session, proposal: Proposal) -> list[Proposal]:
    return list(
        session.scalars(
            select(Proposal).where(Proposal.split_from_id == proposal.id).order_by(Proposal.id)
        )
    )


def to_detail(session: Session, proposal: Proposal, *, settings: Settings) -> ProposalDetail:
    base = to_reads(session, [proposal])[0]
    window = window_end(session, proposal, settings) if proposal.state == "assigned" else None
    return ProposalDetail(
        **base.model_dump(),
        content=proposal.content,
        return_reason=proposal.return_reason,
        return_window_end=window,
        replies=[
            ReplyRead(
                round=r.round,
                outcome=r.outcome,
                text=r.text,
                commitment=r.commitment,
                commitment_due=r.commitment_due,
                due_on=r.due_on,
                sent_on=r.sent_on,
                on_time=(None if r.sent_on is None else r.due_on is None or r.sent_on <= r.due_on),
                satisfaction=r.satisfaction,
                rated_on=r.rated_on,
                rating_note=r.rating_note,
            )
            for r in replies_of(session, proposal)
        ],
        part_ids=[p.id for p in parts_of(session, proposal)],
        allowed_transitions=rules.allowed_transitions(proposal.state),
    )


def history(session: Session, *, actor: Actor, proposal_id: int) -> list[AuditEvent]:
    get_proposal_for(session, actor=actor, proposal_id=proposal_id, action="proposal.view")
    return audit.history_of(
        session, tenant_id=actor.tenant_id, object_type=OBJECT_TYPE, object_id=proposal_id
    )


def unit_by_code(session: Session, actor: Actor, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == code))
    if unit is None:
        raise InvalidInput.of("err_unit_code_does_not_exist", code=code, details={"unit": code})
    return unit


def calendar_of(session: Session, settings: Settings, tenant_id: str) -> WorkingCalendar:
    return schedule.calendar_for(session, settings=settings, tenant_id=tenant_id)


def window_end(session: Session, proposal: Proposal, settings: Settings) -> date | None:
    if proposal.assigned_on is None:
        return None
    return rules.return_window_end(
        proposal.assigned_on,
        days=settings.proposal_return_window_working_days,
        calendar=calendar_of(session, settings, proposal.tenant_id),
    )


def find_proposal(
    session: Session, *, actor: Actor, session_name: str, number: str
) -> Proposal | None:
    """The entry of ``session_name`` numbered ``number`` that the actor sees, if any."""
    return session.scalar(
        access.scoped(select(Proposal), actor).where(
            Proposal.session == session_name, Proposal.number == number
        )
    )


def facts(session: Session, *, actor: Actor, session_name: str | None = None) -> list[rules.Fact]:
    """The facts of the proposals the actor sees: the few columns the statistics read, in
    one statement with the first round's reply and the lead unit's code (no proposal or
    reply loaded as an object: a province's dashboard asks this of thousands)."""
    check(actor, "proposal.view")
    lead = aliased(Unit)
    first = aliased(ProposalReply)
    stmt = (
        select(
            Proposal.kind,
            lead.code,
            Proposal.state,
            Proposal.round,
            Proposal.reply_due,
            Proposal.outcome,
            Proposal.satisfaction,
            first.id,
            first.due_on,
            first.sent_on,
        )
        .outerjoin(lead, lead.id == Proposal.lead_unit_id)
        .outerjoin(
            first,
            (first.proposal_id == Proposal.id)
            & (first.tenant_id == Proposal.tenant_id)
            & (first.round == 1),
        )
        .where(access.visible(actor))
    )
    if session_name:
        stmt = stmt.where(Proposal.session == session_name)
    return [
        rules.Fact(
            kind=kind,
            unit=code,
            state=state,
            first_due=due_on if reply_id is not None else (reply_due if round_ == 1 else None),
            first_sent=sent_on if reply_id is not None else None,
            outcome=outcome,
            satisfaction=satisfaction,
        )
        for (
            kind,
            code,
            state,
            round_,
            reply_due,
            outcome,
            satisfaction,
            reply_id,
            due_on,
            sent_on,
        ) in session.execute(stmt.order_by(Proposal.id))
    ]


def statistics(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    on: date | None = None,
    session_name: str | None = None,
) -> ProposalStats:
    """On-time reply rate, outcome class shares and satisfaction, overall, by kind and by
    lead unit, over the proposals the actor sees."""
    on = on or schedule.today(settings)
    found = facts(session, actor=actor, session_name=session_name)
    return ProposalStats(
        on=on,
        overall=rules.stats(found, on=on).as_dict(),
        by_kind={
            kind: rules.stats([f for f in found if f.kind == kind], on=on).as_dict()
            for kind in rules.KINDS
        },
        by_unit=[
            UnitStats(unit=unit, stats=s.as_dict())
            for unit, s in rules.stats_by_unit(found, on=on).items()
        ],
    )


STEP_ACTION = {
    **dict.fromkeys(rules.OFFICE_TRANSITIONS, "proposal.manage"),
    **dict.fromkeys(rules.LEAD_TRANSITIONS, "proposal.handle"),
    **dict.fromkeys(rules.CO_UNIT_TRANSITIONS, "proposal.countersign"),
}


def steps_for(session: Session, *, actor: Actor, proposal: Proposal) -> list[str]:
    """The steps the actor may take on the proposal now (for showing only those forms;
    the services check again)."""
    held = access.relations_to(session, actor, proposal)
    steps = rules.allowed_transitions(proposal.state)
    if proposal.state == "assigned":
        steps = ["assign", *steps]  # a reassignment before acceptance
    return [s for s in steps if allows(actor, STEP_ACTION[s], held)]
