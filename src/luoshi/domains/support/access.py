"""Load and check support items: who may see and do what to one.

The office that keeps the entry (``office_unit_id``) supervises it; the lead unit asks the
ministry and records what it agreed and what landed. Relations follow the one rule of
``kernel.ownership`` (the office above a lead does not speak for it).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from luoshi.domains.support.models import SupportItem
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check


def relations_to(session: Session, actor: Actor, item: SupportItem) -> frozenset[str]:
    return ownership.relations(
        actor,
        tenant_id=item.tenant_id,
        office=session.get(Unit, item.office_unit_id),
        lead=session.get(Unit, item.lead_unit_id),
    )


def get_support_item_for(
    session: Session, *, actor: Actor, item_id: int, action: str
) -> SupportItem:
    """Load an item and check ``action``: no relation is NotFound (existence does not leak),
    a relation that does not allow it PermissionDenied."""
    item = session.get(SupportItem, item_id)
    if item is None or item.tenant_id != actor.tenant_id:
        raise NotFound.of("err_support_item_not_found")
    check(actor, action, relations=relations_to(session, actor, item), what="support item")
    return item


def visible(actor: Actor) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the item" (the scope of every list)."""
    return ownership.related(
        actor, SupportItem.tenant_id, SupportItem.office_unit_id, SupportItem.lead_unit_id
    )
