"""Typed links between records of different modules (named links, not reaching in)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.kernel import audit
from luoshi.kernel.models import Link
from luoshi.kernel.permissions import Actor

LINK_KINDS = {
    "derived_from": "a task derived from a directive, or a directive from a source",
    "docks": "a local measure docking a central policy measure (政策对接)",
    "supports": "a project or indicator supporting a task",
    "replies": "a reply answering a suggestion or proposal",
    "relates": "any other relation",
}


def create_link(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    from_type: str,
    from_id: int,
    to_type: str,
    to_id: int,
    note: str = "",
) -> Link:
    if kind not in LINK_KINDS:
        raise ValueError(f"unknown link kind {kind!r}")
    existing = session.scalar(
        select(Link).where(
            Link.tenant_id == actor.tenant_id,
            Link.kind == kind,
            Link.from_type == from_type,
            Link.from_id == from_id,
            Link.to_type == to_type,
            Link.to_id == to_id,
        )
    )
    if existing is not None:
        return existing
    link = Link(
        tenant_id=actor.tenant_id,
        kind=kind,
        from_type=from_type,
        from_id=from_id,
        to_type=to_type,
        to_id=to_id,
        note=note,
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="link.create",
        object_type="link",
        object_id=link.id,
        new={"kind": kind, "from": f"{from_type}:{from_id}", "to": f"{to_type}:{to_id}"},
    )
    return link


def links_of(session: Session, *, tenant_id: str, object_type: str, object_id: int) -> list[Link]:
    """Links either way from one record."""
    stmt = select(Link).where(
        Link.tenant_id == tenant_id,
        or_(
            (Link.from_type == object_type) & (Link.from_id == object_id),
            (Link.to_type == object_type) & (Link.to_id == object_id),
        ),
    )
    return list(session.scalars(stmt.order_by(Link.id)))
