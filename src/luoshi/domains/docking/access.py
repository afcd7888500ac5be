"""Load and check docking entries: the office that keeps the docking manages it, the owner
unit answers its measure (``kernel.ownership``: the office above an owner does not speak
for it)."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from luoshi.domains.docking.models import DockingMeasure
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check


def relations_to(session: Session, actor: Actor, measure: DockingMeasure) -> frozenset[str]:
    owner = session.get(Unit, measure.owner_unit_id) if measure.owner_unit_id else None
    return ownership.relations(
        actor,
        tenant_id=measure.tenant_id,
        office=session.get(Unit, measure.office_unit_id),
        lead=owner,
    )


def get_docking_for(
    session: Session, *, actor: Actor, docking_id: int, action: str
) -> DockingMeasure:
    """Load an entry and check ``action``: no relation is NotFound, a relation that does
    not allow it PermissionDenied."""
    measure = session.get(DockingMeasure, docking_id)
    if measure is None or measure.tenant_id != actor.tenant_id:
        raise NotFound.of("err_docking_entry_not_found")
    check(actor, action, relations=relations_to(session, actor, measure), what="docking entry")
    return measure


def visible(actor: Actor) -> ColumnElement[bool]:
    return ownership.related(
        actor,
        DockingMeasure.tenant_id,
        DockingMeasure.office_unit_id,
        DockingMeasure.owner_unit_id,
    )
