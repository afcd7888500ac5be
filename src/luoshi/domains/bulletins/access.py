"""Load and check bulletins: only the office a bulletin belongs to (or one above it) sees
it; to everyone else it does not exist."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists
from sqlalchemy.orm import Session, aliased

from luoshi.domains.bulletins.models import Bulletin
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check, in_subtree


def relations_to(
    session: Session, actor: Actor, office: Unit | None, tenant_id: str
) -> frozenset[str]:
    return ownership.relations(actor, tenant_id=tenant_id, office=office, lead=None)


def check_office(session: Session, *, actor: Actor, office: Unit, action: str) -> None:
    """The actor may ``action`` the bulletins of ``office`` (drafting a new one)."""
    check(
        actor,
        action,
        relations=relations_to(session, actor, office, office.tenant_id),
        what="office",
    )


def get_bulletin_for(session: Session, *, actor: Actor, bulletin_id: int, action: str) -> Bulletin:
    """Load a bulletin and check ``action``: no relation is NotFound (existence does not
    leak); a relation that does not allow it is PermissionDenied."""
    bulletin = session.get(Bulletin, bulletin_id)
    if bulletin is None or bulletin.tenant_id != actor.tenant_id:
        raise NotFound.of("err_bulletin_not_found")
    office = session.get(Unit, bulletin.office_unit_id)
    check(
        actor,
        action,
        relations=relations_to(session, actor, office, bulletin.tenant_id),
        what="bulletin",
    )
    return bulletin


def visible(actor: Actor) -> ColumnElement[bool]:
    """SQL for "the bulletin's office is the actor's unit or below it"."""
    if actor.is_admin:
        return Bulletin.id.is_(None)
    if actor.is_system:
        return Bulletin.tenant_id == actor.tenant_id
    office = aliased(Unit)
    return (Bulletin.tenant_id == actor.tenant_id) & exists().where(
        office.id == Bulletin.office_unit_id, in_subtree(actor, office.path)
    )
