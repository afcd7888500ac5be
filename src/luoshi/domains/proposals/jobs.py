"""The proposals' daily job, run by ``luoshi jobs run`` after the task jobs: idempotent.

1. accept by default the assignments whose return window has closed;
2. recompute every light as of the day (a reply deadline comes closer without any edit);
3. chase the reply deadline through the ladder (``supervision.chase``): the lead unit while
   the reply is owed, and each co-unit that has not yet countersigned a reply put to it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.proposals import rules, service
from luoshi.domains.proposals.models import Proposal, ProposalCoUnit
from luoshi.domains.supervision.chase import chase
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings


def run(
    session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = list(
        service.accept_by_default(session, actor=actor, settings=settings, on=on)
    )
    rows = list(
        session.scalars(
            select(Proposal)
            .where(Proposal.tenant_id == actor.tenant_id, Proposal.state != "closed")
            .order_by(Proposal.id)
        )
    )
    changed = sum(
        service.refresh_light(session, actor=actor, proposal=p, settings=settings, on=on)
        for p in rows
    )
    if changed:  # the job prints what it did, and nothing when nothing was to do
        results.append({"job": "proposals.lights", "on": on.isoformat(), "changed": changed})
    for proposal in rows:
        if proposal.state not in rules.OPEN_STATES or proposal.reply_due is None:
            continue
        for unit in _owing(session, proposal):
            line = chase(
                session,
                actor=actor,
                settings=settings,
                calendar=calendar,
                on=on,
                object_type="proposal",
                object_id=proposal.id,
                unit=unit,
                subject_key=f"reply:{proposal.round}:{proposal.reply_due.isoformat()}",
                due=proposal.reply_due,
                title=f"the reply to {proposal.kind} {proposal.number} ({proposal.session})",
                title_zh=(
                    f"{proposal.session}{'建议' if proposal.kind == 'suggestion' else '提案'}"
                    f"第{proposal.number}号的答复"
                ),
                link=f"/proposals/{proposal.id}",
            )
            if line is not None:
                results.append(line | {"proposal": proposal.number})
    return results


def _owing(session: Session, proposal: Proposal) -> list[Unit]:
    """Who owes the next step of the reply: the co-units yet to sign while it is put to
    them, otherwise the lead unit."""
    if proposal.state == "countersigning":
        return list(
            session.scalars(
                select(Unit)
                .join(ProposalCoUnit, ProposalCoUnit.unit_id == Unit.id)
                .where(
                    ProposalCoUnit.proposal_id == proposal.id,
                    (ProposalCoUnit.signed_round.is_(None))
                    | (ProposalCoUnit.signed_round != proposal.round),
                )
                .order_by(Unit.path)
            )
        )
    if proposal.state == "countersigned":
        return []  # the office's own step: nothing to chase at a unit
    lead = session.get(Unit, proposal.lead_unit_id) if proposal.lead_unit_id else None
    return [lead] if lead is not None else []
