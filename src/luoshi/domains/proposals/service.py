"""Suggestions and proposals: register, assign or split, accept or return, reply,
countersign, send, rate, re-handle, close — each audited, its light recomputed after it,
and B and C commitments followed as tasks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.db import bump_version
from luoshi.domains.progress import schedule
from luoshi.domains.proposals import access, rules
from luoshi.domains.proposals.access import get_proposal_for as get_proposal_for
from luoshi.domains.proposals.models import Proposal, ProposalCoUnit, ProposalReply
from luoshi.domains.proposals.queries import (
    OBJECT_TYPE,
    calendar_of,
    replies_of,
    unit_by_code,
    window_end,
)
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalCreate,
    ProposalRate,
    ProposalReturn,
    ProposalSplit,
    ReplyDraft,
)
from luoshi.domains.supervision import notify
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.errors import Conflict, InvalidInput, PermissionDenied, StaleEdit
from luoshi.i18n import english_and_chinese
from luoshi.kernel import audit, links, units
from luoshi.kernel.fields import CODE_MAX
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

FIELDS = (
    "session",
    "number",
    "kind",
    "title",
    "content",
    "proposer",
    "co_signers",
    "category",
    "office_unit_id",
    "lead_unit_id",
    "split_from_id",
    "state",
    "round",
    "assigned_on",
    "reply_due",
    "return_reason",
    "outcome",
    "satisfaction",
)
REPLY_FIELDS = ("outcome", "text", "commitment", "commitment_due", "due_on", "sent_on")


# ---------------------------------------------------------------- reading


# ---------------------------------------------------------------- helpers


def check_version(proposal: Proposal, version: int | None) -> None:
    """Refuse an edit made against an older version (optimistic lock)."""
    if version is not None and version != proposal.version:
        raise StaleEdit.of(
            "err_proposal_was_changed_by_someone_else_version",
            version=proposal.version,
            version2=version,
            details={"current_version": proposal.version},
        )


def _snapshot(session: Session, proposal: Proposal) -> dict[str, object]:
    snap = audit.snapshot(proposal, FIELDS)
    snap["co_unit_ids"] = sorted(
        session.scalars(
            select(ProposalCoUnit.unit_id).where(ProposalCoUnit.proposal_id == proposal.id)
        )
    )
    return snap


def _co_rows(session: Session, proposal: Proposal) -> list[ProposalCoUnit]:
    return list(
        session.scalars(
            select(ProposalCoUnit)
            .where(ProposalCoUnit.proposal_id == proposal.id)
            .order_by(ProposalCoUnit.unit_id)
        )
    )


def _current_reply(session: Session, proposal: Proposal) -> ProposalReply | None:
    return session.scalar(
        select(ProposalReply).where(
            ProposalReply.proposal_id == proposal.id, ProposalReply.round == proposal.round
        )
    )


def _move(
    session: Session,
    *,
    actor: Actor,
    proposal: Proposal,
    transition: str,
    settings: Settings,
    has_co_units: bool = False,
    all_signed: bool = False,
    satisfaction: str | None = None,
) -> None:
    """Move through the state machine (the caller has made its other changes), bump the
    version and recompute the light; the caller audits old → new."""
    proposal.state = rules.next_state(
        proposal.state,
        transition,
        has_co_units=has_co_units,
        all_signed=all_signed,
        satisfaction=satisfaction,
    )
    bump_version(proposal)
    session.flush()
    refresh_light(session, actor=actor, proposal=proposal, settings=settings)


def _audited(
    session: Session,
    *,
    actor: Actor,
    proposal: Proposal,
    action: str,
    old: dict[str, object] | None,
    note: str = "",
    note_zh: str = "",
    extra: dict[str, object] | None = None,
) -> None:
    new = _snapshot(session, proposal) | (extra or {})
    audit.record(
        session,
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=proposal.id,
        old=old,
        new=new,
        note=note,
        note_zh=note_zh,
    )


def _tell(
    session: Session,
    *,
    settings: Settings,
    proposal: Proposal,
    units_: Sequence[Unit],
    kind: str,
    said: tuple[str, str],
) -> None:
    """Tell the users of ``units_`` (inbox; e-mail and webhook through the outbox) what
    ``said`` says in Chinese and English (``notify.say``: from the catalogues)."""
    if not units_:
        return
    zh, en = said
    label_zh = "建议" if proposal.kind == "suggestion" else "提案"
    subject_zh = f"【{label_zh}{proposal.number}】{proposal.title}"
    subject_en = f"{proposal.kind.capitalize()} {proposal.number}: {proposal.title}"
    notify.send(
        session,
        tenant_id=proposal.tenant_id,
        settings=settings,
        message=notify.Message(
            kind=kind,
            # Both languages, as a task message's: the inbox shows the reader's half.
            subject=f"{subject_zh} / {subject_en}"[:300],
            text_zh=f"{subject_zh}：{zh}",
            text_en=f"{proposal.kind.capitalize()} {proposal.number} “{proposal.title}”: {en}",
            subject_zh=subject_zh[:300],
            subject_en=subject_en[:300],
            data={"proposal_id": proposal.id},
            link=f"/proposals/{proposal.id}",
        ),
        units=units_,
    )


# ---------------------------------------------------------------- light


def refresh_light(
    session: Session,
    *,
    actor: Actor,
    proposal: Proposal,
    settings: Settings,
    on: date | None = None,
) -> bool:
    """Recompute the light as of ``on`` (today); a change of colour is audited."""
    on = on or schedule.today(settings)
    sent = [r.sent_on for r in replies_of(session, proposal) if r.sent_on is not None]
    light = rules.proposal_light(
        state=proposal.state,
        reply_due=proposal.reply_due,
        sent_on=max(sent) if sent else None,
        on=on,
        calendar=calendar_of(session, settings, proposal.tenant_id),
        due_soon_working_days=settings.proposal_due_soon_working_days,
    )
    reasons = light.stored()
    if proposal.light == light.color and proposal.light_reasons == reasons:
        return False
    old = proposal.light
    proposal.light = light.color
    proposal.light_reasons = reasons
    proposal.light_at = clock.now()
    session.flush()
    if old != light.color:
        audit.record(
            session,
            actor=actor,
            action="proposal.light",
            object_type=OBJECT_TYPE,
            object_id=proposal.id,
            old={"light": old},
            new={"light": light.color},
            note="; ".join(light.rendered("en")),
            note_zh="；".join(light.rendered("zh")),
        )
    return True


# ---------------------------------------------------------------- registering


def create_proposal(
    session: Session, *, actor: Actor, data: ProposalCreate, settings: Settings
) -> Proposal:
    """Register a suggestion or proposal, kept by the creator's unit or one below it."""
    check(actor, "proposal.manage")
    top = units.acting_unit(session, actor=actor)
    office = top
    if data.office_unit:
        office = unit_by_code(session, actor, data.office_unit)
        units.check_within(office, top)
    duplicate = session.scalar(
        select(Proposal.id).where(
            Proposal.tenant_id == actor.tenant_id,
            Proposal.session == data.session,
            Proposal.number == data.number,
        )
    )
    if duplicate is not None:
        raise Conflict.of(
            "err_session_already_has_number_number",
            session=data.session,
            number=data.number,
            details={"proposal_id": duplicate},
        )
    proposal = Proposal(
        tenant_id=actor.tenant_id,
        session=data.session,
        number=data.number,
        kind=data.kind,
        title=data.title,
        content=data.content,
        proposer=data.proposer,
        co_signers=list(data.co_signers),
        category=data.category,
        office_unit_id=office.id,
        state="registered",
        created_by_id=actor.user_id,
    )
    session.add(proposal)
    session.flush()
    _audited(session, actor=actor, proposal=proposal, action="proposal.create", old=None)
    refresh_light(session, actor=actor, proposal=proposal, settings=settings)
    return proposal


def update_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal: Proposal,
    data: ProposalCreate,
    settings: Settings,
) -> bool:
    """The office rewrites a registered entry's terms (an import of a changed row)."""
    get_proposal_for(session, actor=actor, proposal_id=proposal.id, action="proposal.manage")
    old = _snapshot(session, proposal)
    for name in ("kind", "title", "content", "proposer", "category"):
        setattr(proposal, name, getattr(data, name))
    proposal.co_signers = list(data.co_signers)
    if _snapshot(session, proposal) == old:
        return False
    session.flush()
    _audited(session, actor=actor, proposal=proposal, action="proposal.update", old=old)
    return True


# ---------------------------------------------------------------- assigning


def _set_co_units(session: Session, proposal: Proposal, unit_ids: Sequence[int]) -> None:
    for row in _co_rows(session, proposal):
        session.delete(row)
    session.flush()
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id != proposal.lead_unit_id:
            session.add(
                ProposalCoUnit(
                    proposal_id=proposal.id, unit_id=unit_id, tenant_id=proposal.tenant_id
                )
            )
    session.flush()


def _units_under(session: Session, actor: Actor, codes: Sequence[str], office: Unit) -> list[Unit]:
    found = [unit_by_code(session, actor, code) for code in codes]
    for unit in found:
        units.check_within(unit, office)
    return found


def _assign(
    session: Session,
    *,
    actor: Actor,
    proposal: Proposal,
    lead: Unit,
    co_units: Sequence[Unit],
    settings: Settings,
    note: str = "",
) -> None:
    old = _snapshot(session, proposal)
    today = schedule.today(settings)
    proposal.lead_unit_id = lead.id
    session.flush()
    _set_co_units(session, proposal, [u.id for u in co_units])
    proposal.assigned_on = today
    proposal.reply_due = rules.reply_due(today, months=settings.proposal_reply_months)
    proposal.return_reason = ""
    proposal.returned_by_id = None
    if proposal.state == "assigned":  # a reassignment before acceptance
        bump_version(proposal)
        session.flush()
        refresh_light(session, actor=actor, proposal=proposal, settings=settings)
    else:
        _move(session, actor=actor, proposal=proposal, transition="assign", settings=settings)
    _audited(session, actor=actor, proposal=proposal, action="proposal.assign", old=old, note=note)
    window = window_end(session, proposal, settings)
    due = proposal.reply_due.isoformat()
    _tell(
        session,
        settings=settings,
        proposal=proposal,
        units_=[lead],
        kind="proposal_assigned",
        said=notify.say("mail_pp_assigned_lead", window=window, due=due),
    )
    _tell(
        session,
        settings=settings,
        proposal=proposal,
        units_=list(co_units),
        kind="proposal_assigned",
        said=notify.say(
            "mail_pp_assigned_co", lead=(lead.name_zh, lead.name_en or lead.name_zh), due=due
        ),
    )


def assign_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: ProposalAssign,
    settings: Settings,
) -> Proposal:
    """The office gives a proposal its lead unit (主办) and co-units (协办), under it; the
    reply falls due ``proposal_reply_months`` after the assignment. Reassigning before
    acceptance, or after a return, starts the clocks again; whoever returned it does not
    reassign it."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.manage"
    )
    check_version(proposal, data.version)
    if proposal.state not in ("registered", "returned", "assigned"):
        raise InvalidInput.of(
            "err_proposal_that_state_no_longer_assigned",
            state=proposal.state,
            details={"state": proposal.state},
        )
    if proposal.state == "returned" and actor.is_self(proposal.returned_by_id):
        raise PermissionDenied.of("err_you_returned_proposal_yourself_another_person_office")
    office = session.get(Unit, proposal.office_unit_id)
    assert office is not None
    lead = _units_under(session, actor, [data.lead_unit], office)[0]
    co = [u for u in _units_under(session, actor, data.co_units, office) if u.id != lead.id]
    _assign(session, actor=actor, proposal=proposal, lead=lead, co_units=co, settings=settings)
    return proposal


def split_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: ProposalSplit,
    settings: Settings,
) -> list[Proposal]:
    """分办: the office splits a proposal among units; each part is a proposal of its own
    (numbered ``<number>-1``, ``-2``…) assigned to one unit and answered by it."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.manage"
    )
    check_version(proposal, data.version)
    rules.next_state(proposal.state, "split")
    if proposal.state == "returned" and actor.is_self(proposal.returned_by_id):
        raise PermissionDenied.of("err_you_returned_proposal_yourself_another_person_office_2")
    office = session.get(Unit, proposal.office_unit_id)
    assert office is not None
    leads = list({u.id: u for u in _units_under(session, actor, data.units, office)}.values())
    if len(leads) < 2:
        raise InvalidInput.of("err_split_needs_at_least_two_different_units")
    if len(f"{proposal.number}-{len(leads)}") > CODE_MAX:
        raise InvalidInput.of("err_parts_numbers_would_be_longer_than_code", code_max=CODE_MAX)
    old = _snapshot(session, proposal)
    parts = []
    for n, lead in enumerate(leads, start=1):
        part = Proposal(
            tenant_id=proposal.tenant_id,
            session=proposal.session,
            number=f"{proposal.number}-{n}",
            kind=proposal.kind,
            title=proposal.title,
            content=proposal.content,
            proposer=proposal.proposer,
            co_signers=list(proposal.co_signers),
            category=proposal.category,
            office_unit_id=proposal.office_unit_id,
            split_from_id=proposal.id,
            state="registered",
            created_by_id=actor.user_id,
        )
        session.add(part)
        session.flush()
        part_note = english_and_chinese("note_proposal_part", n=n, number=proposal.number)
        _audited(
            session,
            actor=actor,
            proposal=part,
            action="proposal.create",
            old=None,
            note=part_note[0],
            note_zh=part_note[1],
        )
        _assign(session, actor=actor, proposal=part, lead=lead, co_units=(), settings=settings)
        parts.append(part)
    _move(session, actor=actor, proposal=proposal, transition="split", settings=settings)
    _audited(
        session,
        actor=actor,
        proposal=proposal,
        action="proposal.split",
        old=old,
        extra={"parts": [p.number for p in parts]},
    )
    return parts


# ---------------------------------------------------------------- the lead unit


def accept_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    settings: Settings,
    version: int | None = None,
    note: str = "",
) -> Proposal:
    """The lead unit accepts its assignment (the job does it when the window closes)."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.handle"
    )
    check_version(proposal, version)
    old = _snapshot(session, proposal)
    _move(session, actor=actor, proposal=proposal, transition="accept", settings=settings)
    _audited(session, actor=actor, proposal=proposal, action="proposal.accept", old=old, note=note)
    return proposal


def return_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: ProposalReturn,
    settings: Settings,
) -> Proposal:
    """The lead unit returns a proposal that is not its business, with a reason, within
    ``proposal_return_window_working_days`` working days of the assignment."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.handle"
    )
    check_version(proposal, data.version)
    if not data.reason.strip():
        raise InvalidInput.of("err_returned_proposal_needs_reason")
    window = window_end(session, proposal, settings)
    if proposal.state == "assigned" and window and schedule.today(settings) > window:
        raise InvalidInput.of(
            "err_return_window_closed_on_window_proposal_counts",
            window=window.isoformat(),
            details={"window_end": window.isoformat()},
        )
    old = _snapshot(session, proposal)
    proposal.return_reason = data.reason
    proposal.returned_by_id = actor.user_id
    _move(session, actor=actor, proposal=proposal, transition="return", settings=settings)
    _audited(
        session, actor=actor, proposal=proposal, action="proposal.return", old=old, note=data.reason
    )
    office = session.get(Unit, proposal.office_unit_id)
    _tell(
        session,
        settings=settings,
        proposal=proposal,
        units_=[office] if office else [],
        kind="proposal_returned",
        said=notify.say("mail_pp_returned", reason=data.reason),
    )
    return proposal


def accept_by_default(
    session: Session, *, actor: Actor, settings: Settings, on: date
) -> list[dict[str, object]]:
    """Accept every assignment whose return window closed before ``on`` (a job step)."""
    done: list[dict[str, object]] = []
    calendar = calendar_of(session, settings, actor.tenant_id)
    waiting = session.scalars(
        select(Proposal)
        .where(Proposal.tenant_id == actor.tenant_id, Proposal.state == "assigned")
        .order_by(Proposal.id)
    )
    for proposal in list(waiting):
        if proposal.assigned_on is None:
            continue
        window = rules.return_window_end(
            proposal.assigned_on,
            days=settings.proposal_return_window_working_days,
            calendar=calendar,
        )
        if window >= on:
            continue
        old = _snapshot(session, proposal)
        _move(session, actor=actor, proposal=proposal, transition="accept", settings=settings)
        default_note = english_and_chinese(
            "note_proposal_accepted_by_default", day=window.isoformat()
        )
        _audited(
            session,
            actor=actor,
            proposal=proposal,
            action="proposal.accept",
            old=old,
            note=default_note[0],
            note_zh=default_note[1],
        )
        done.append(
            {
                "job": "proposals.accept_by_default",
                "on": on.isoformat(),
                "proposal": proposal.number,
                "window_end": window.isoformat(),
            }
        )
    return done


def draft_reply(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: ReplyDraft,
    settings: Settings,
) -> Proposal:
    """The lead unit writes (or rewrites) the current round's reply and its outcome class;
    a B or C reply says what it commits to. Any countersignature of an earlier draft
    lapses."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.handle"
    )
    check_version(proposal, data.version)
    rules.next_state(proposal.state, "draft")
    if data.outcome in rules.COMMITTED and not data.commitment.strip():
        raise InvalidInput.of("err_class_outcome_reply_says_what_commits_to", outcome=data.outcome)
    old = _snapshot(session, proposal)
    reply = _current_reply(session, proposal)
    if reply is None:
        reply = ProposalReply(
            tenant_id=proposal.tenant_id, proposal_id=proposal.id, round=proposal.round
        )
        session.add(reply)
    reply_old = audit.snapshot(reply, REPLY_FIELDS)
    reply.outcome = data.outcome
    reply.text = data.text
    reply.commitment = data.commitment if data.outcome in rules.COMMITTED else ""
    reply.commitment_due = data.commitment_due if data.outcome in rules.COMMITTED else None
    reply.due_on = proposal.reply_due
    reply.drafted_by_id = actor.user_id
    reply.drafted_at = clock.now()
    for row in _co_rows(session, proposal):
        row.signed_round = None
        row.signed_by_id = None
        row.signed_at = None
    _move(session, actor=actor, proposal=proposal, transition="draft", settings=settings)
    _audited(
        session,
        actor=actor,
        proposal=proposal,
        action="proposal.draft_reply",
        old=old | {"reply": reply_old},
        extra={"reply": audit.snapshot(reply, REPLY_FIELDS)},
    )
    return proposal


def submit_reply(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    settings: Settings,
    version: int | None = None,
) -> Proposal:
    """The lead unit puts its draft to the co-units for countersigning (会签), or, with no
    co-units, straight to the office to send."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.handle"
    )
    check_version(proposal, version)
    co_rows = _co_rows(session, proposal)
    old = _snapshot(session, proposal)
    _move(
        session,
        actor=actor,
        proposal=proposal,
        transition="submit",
        settings=settings,
        has_co_units=bool(co_rows),
    )
    _audited(session, actor=actor, proposal=proposal, action="proposal.submit_reply", old=old)
    co_units = [u for u in (session.get(Unit, r.unit_id) for r in co_rows) if u is not None]
    _tell(
        session,
        settings=settings,
        proposal=proposal,
        units_=co_units,
        kind="proposal_countersign",
        said=notify.say("mail_pp_countersign"),
    )
    if not co_rows:
        _tell_office_ready(session, settings=settings, proposal=proposal)
    return proposal


def _tell_office_ready(session: Session, *, settings: Settings, proposal: Proposal) -> None:
    office = session.get(Unit, proposal.office_unit_id)
    _tell(
        session,
        settings=settings,
        proposal=proposal,
        units_=[office] if office else [],
        kind="proposal_ready",
        said=notify.say("mail_pp_ready"),
    )


# ---------------------------------------------------------------- the co-units


def _signing_row(
    session: Session, *, actor: Actor, proposal: Proposal, unit: str | None
) -> ProposalCoUnit:
    """The co-unit row the actor signs for: the named one, or the only one it speaks for."""
    reply = _current_reply(session, proposal)
    if reply is not None and actor.is_self(reply.drafted_by_id):
        raise PermissionDenied.of("err_you_drafted_reply_yourself_person_co_unit")
    lead_id = proposal.lead_unit_id
    mine = {u.id for u in access.spoken_for(session, actor, proposal) if u.id != lead_id}
    rows = [r for r in _co_rows(session, proposal) if r.unit_id in mine]
    if unit is not None:
        named = unit_by_code(session, actor, unit)
        rows = [r for r in rows if r.unit_id == named.id]
    pending = [r for r in rows if r.signed_round != proposal.round] or rows
    if not pending:
        raise InvalidInput.of("err_you_speak_for_no_co_unit_proposal")
    if len(pending) > 1 and unit is None:
        raise InvalidInput.of("err_you_speak_for_several_co_units_name")
    return pending[0]


def countersign_reply(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: Countersign,
    settings: Settings,
    unit: str | None = None,
) -> Proposal:
    """A co-unit countersigns the reply (not the person who drafted it); once every
    co-unit has, the reply goes to the office to send."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.countersign"
    )
    check_version(proposal, data.version)
    rules.next_state(proposal.state, "countersign")
    row = _signing_row(session, actor=actor, proposal=proposal, unit=unit)
    if row.signed_round == proposal.round:
        raise InvalidInput.of("err_co_unit_has_countersigned_reply_already")
    old = _snapshot(session, proposal)
    row.signed_round = proposal.round
    row.signed_by_id = actor.user_id
    row.signed_at = clock.now()
    row.opinion = data.opinion
    session.flush()
    all_signed = all(r.signed_round == proposal.round for r in _co_rows(session, proposal))
    _move(
        session,
        actor=actor,
        proposal=proposal,
        transition="countersign",
        settings=settings,
        all_signed=all_signed,
    )
    signed_unit = session.get(Unit, row.unit_id)
    _audited(
        session,
        actor=actor,
        proposal=proposal,
        action="proposal.countersign",
        old=old,
        note=data.opinion,
        extra={"unit": signed_unit.code if signed_unit else None, "round": proposal.round},
    )
    if all_signed:
        _tell_office_ready(session, settings=settings, proposal=proposal)
    return proposal


def object_to_reply(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: Countersign,
    settings: Settings,
    unit: str | None = None,
) -> Proposal:
    """A co-unit refuses to countersign, saying why: the reply goes back to the lead unit."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.countersign"
    )
    check_version(proposal, data.version)
    rules.next_state(proposal.state, "object")
    if not data.opinion.strip():
        raise InvalidInput.of("err_objection_says_why")
    row = _signing_row(session, actor=actor, proposal=proposal, unit=unit)
    old = _snapshot(session, proposal)
    row.signed_round = None
    row.opinion = data.opinion
    _move(session, actor=actor, proposal=proposal, transition="object", settings=settings)
    objecting = session.get(Unit, row.unit_id)
    _audited(
        session,
        actor=actor,
        proposal=proposal,
        action="proposal.object",
        old=old,
        note=data.opinion,
        extra={"unit": objecting.code if objecting else None},
    )
    lead = session.get(Unit, proposal.lead_unit_id) if proposal.lead_unit_id else None
    _tell(
        session,
        settings=settings,
        proposal=proposal,
        units_=[lead] if lead else [],
        kind="proposal_objected",
        said=notify.say(
            "mail_pp_objected",
            unit=(objecting.name_zh, objecting.name_en or objecting.name_zh)
            if objecting
            else ("", ""),
            opinion=data.opinion,
        ),
    )
    return proposal


# ---------------------------------------------------------------- the office


def send_reply(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    settings: Settings,
    version: int | None = None,
) -> Proposal:
    """The office approves and sends the countersigned reply to the proposer (not the
    person who drafted it). A class B or C reply's commitment becomes a task for the lead
    unit and its co-units, assigned (they are told) and linked to the proposal."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.manage"
    )
    check_version(proposal, version)
    reply = _current_reply(session, proposal)
    rules.next_state(proposal.state, "send")
    assert reply is not None  # countersigned only after a draft
    if actor.is_self(reply.drafted_by_id):
        raise PermissionDenied.of("err_you_drafted_reply_yourself_another_person_sends")
    old = _snapshot(session, proposal)
    reply.sent_on = schedule.today(settings)
    reply.sent_by_id = actor.user_id
    proposal.outcome = reply.outcome
    _move(session, actor=actor, proposal=proposal, transition="send", settings=settings)
    _audited(
        session,
        actor=actor,
        proposal=proposal,
        action="proposal.send_reply",
        old=old,
        extra={"round": reply.round, "sent_on": reply.sent_on, "outcome": reply.outcome},
    )
    if reply.outcome in rules.COMMITTED:
        follow_commitment(session, actor=actor, proposal=proposal, reply=reply, settings=settings)
    return proposal


def follow_commitment(
    session: Session,
    *,
    actor: Actor,
    proposal: Proposal,
    reply: ProposalReply,
    settings: Settings,
) -> int:
    """Make the reply's commitment a task of the lead unit (with the co-units), send it to
    them through the supervision use case, and link it to the proposal."""
    lead = session.get(Unit, proposal.lead_unit_id) if proposal.lead_unit_id else None
    if lead is None:
        raise InvalidInput.of("err_proposal_has_no_lead_unit_to_follow")
    co_codes = [
        u.code
        for u in (session.get(Unit, r.unit_id) for r in _co_rows(session, proposal))
        if u is not None
    ]
    sent_on = reply.sent_on or schedule.today(settings)
    due = reply.commitment_due or rules.commitment_due(reply.outcome, sent_on)
    label = "建议" if proposal.kind == "suggestion" else "提案"
    task = tasks.create_task(
        session,
        actor=actor,
        data=TaskCreate(
            title=f"落实{label}{proposal.number}答复承诺：{reply.commitment}"[:5000],
            description=(
                f"{proposal.session} {label}第{proposal.number}号「{proposal.title}」"
                f"答复（{reply.outcome}类，第{reply.round}轮）承诺：{reply.commitment}"
            )[:20000],
            lead_unit=lead.code,
            co_units=co_codes,
            start_date=sent_on,
            due_date=max(due, sent_on),
            report_cycle="quarterly",
        ),
        report_day=settings.monthly_report_day,
    )
    supervision.assign_task(
        session,
        actor=actor,
        task_id=task.id,
        data=TaskAssign(lead_unit=lead.code, co_units=co_codes, due_date=max(due, sent_on)),
        settings=settings,
    )
    links.create_link(
        session,
        actor=actor,
        kind="replies",
        from_type="task",
        from_id=task.id,
        to_type=OBJECT_TYPE,
        to_id=proposal.id,
        note=f"class {reply.outcome} commitment of round {reply.round}",
    )
    return task.id


def rate_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    data: ProposalRate,
    settings: Settings,
) -> Proposal:
    """The office records the proposer's satisfaction with the reply. Unsatisfied sends
    the proposal back to the lead unit for a new round, due
    ``proposal_rehandle_months`` later; the earlier round and its rating are kept."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.manage"
    )
    check_version(proposal, data.version)
    rules.next_state(proposal.state, "rate", satisfaction=data.satisfaction)
    reply = _current_reply(session, proposal)
    assert reply is not None  # replied only after a reply was sent
    if actor.is_self(reply.drafted_by_id):
        raise PermissionDenied.of("err_you_drafted_reply_yourself_another_person_records")
    old = _snapshot(session, proposal)
    today = schedule.today(settings)
    reply.satisfaction = data.satisfaction
    reply.rated_on = today
    reply.rating_note = data.note
    proposal.satisfaction = data.satisfaction
    if data.satisfaction == "unsatisfied":
        proposal.round += 1
        proposal.reply_due = rules.reply_due(today, months=settings.proposal_rehandle_months)
        for row in _co_rows(session, proposal):
            row.signed_round = None
            row.signed_by_id = None
            row.signed_at = None
    _move(
        session,
        actor=actor,
        proposal=proposal,
        transition="rate",
        settings=settings,
        satisfaction=data.satisfaction,
    )
    _audited(
        session,
        actor=actor,
        proposal=proposal,
        action="proposal.rate",
        old=old,
        note=data.note,
        extra={"rated_round": reply.round},
    )
    if data.satisfaction == "unsatisfied":
        lead = session.get(Unit, proposal.lead_unit_id) if proposal.lead_unit_id else None
        due = proposal.reply_due.isoformat() if proposal.reply_due else ""
        _tell(
            session,
            settings=settings,
            proposal=proposal,
            units_=[lead] if lead else [],
            kind="proposal_rehandle",
            said=notify.say("mail_pp_rehandle", due=due),
        )
    return proposal


def close_proposal(
    session: Session,
    *,
    actor: Actor,
    proposal_id: int,
    settings: Settings,
    version: int | None = None,
) -> Proposal:
    """The office closes a proposal whose reply has been sent (and rated)."""
    proposal = get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.manage"
    )
    check_version(proposal, version)
    old = _snapshot(session, proposal)
    _move(session, actor=actor, proposal=proposal, transition="close", settings=settings)
    _audited(session, actor=actor, proposal=proposal, action="proposal.close", old=old)
    return proposal


# ---------------------------------------------------------------- statistics


# ---------------------------------------------------------------- what a viewer may do
