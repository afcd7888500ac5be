"""Load and check proposals: the one place that decides who may see and do what to one.

The relations are the tasks' (kernel.ownership): the office that keeps the register entry
supervises it, the lead unit (主办) handles and drafts the reply, the co-units (协办) read it
and countersign; the office above a lead does not speak for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.orm import Session

from luoshi.domains.proposals.models import Proposal, ProposalCoUnit
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check


@dataclass(frozen=True)
class ProposalUnits:
    office: Unit | None
    lead: Unit | None
    co_units: tuple[Unit, ...]


def units_of(session: Session, proposal: Proposal) -> ProposalUnits:
    co = tuple(
        session.scalars(
            select(Unit)
            .join(ProposalCoUnit, ProposalCoUnit.unit_id == Unit.id)
            .where(ProposalCoUnit.proposal_id == proposal.id)
            .order_by(Unit.path)
        )
    )
    office = session.get(Unit, proposal.office_unit_id)
    lead = session.get(Unit, proposal.lead_unit_id) if proposal.lead_unit_id else None
    return ProposalUnits(office=office, lead=lead, co_units=co)


def relations_to(session: Session, actor: Actor, proposal: Proposal) -> frozenset[str]:
    """The actor's relations to the proposal: a subset of office, lead and co_unit."""
    units = units_of(session, proposal)
    return ownership.relations(
        actor,
        tenant_id=proposal.tenant_id,
        office=units.office,
        lead=units.lead,
        co_units=units.co_units,
    )


def spoken_for(session: Session, actor: Actor, proposal: Proposal) -> list[Unit]:
    """The proposal's lead and co-units the actor speaks for, the lead first."""
    units = units_of(session, proposal)
    return ownership.spoken_for(
        actor, office=units.office, lead=units.lead, co_units=units.co_units
    )


def get_proposal_for(session: Session, *, actor: Actor, proposal_id: int, action: str) -> Proposal:
    """Load a proposal and check ``action`` against the actor's roles and relations to it.

    No relation is NotFound (existence does not leak); a relation that does not allow
    the action is PermissionDenied naming who may.
    """
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.tenant_id != actor.tenant_id:
        raise NotFound.of("err_proposal_not_found")
    check(
        actor,
        action,
        relations=relations_to(session, actor, proposal),
        what="proposal",
    )
    return proposal


def visible(actor: Actor) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the proposal" (the scope of every list)."""
    scope = ownership.related(
        actor, Proposal.tenant_id, Proposal.office_unit_id, Proposal.lead_unit_id
    )
    if actor.is_admin or actor.is_system or actor.unit_path == "/":
        return scope
    co = exists().where(
        ProposalCoUnit.proposal_id == Proposal.id,
        ownership.unit_in_subtree(actor, ProposalCoUnit.unit_id),
    )
    return (Proposal.tenant_id == actor.tenant_id) & or_(scope, co)


def scoped(stmt: Select[Proposal], actor: Actor) -> Select[Proposal]:
    return stmt.where(visible(actor))
