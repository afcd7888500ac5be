"""Audit events, written by services in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import Actor, check


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    """The named attributes of a model as JSON-safe values, for old/new."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int | None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event; only the fields that changed are kept when both sides exist."""
    old_d = _plain(dict(old)) if old is not None else None
    new_d = _plain(dict(new)) if new is not None else None
    if old_d is not None and new_d is not None:
        changed = {k for k in set(old_d) | set(new_d) if old_d.get(k) != new_d.get(k)}
        old_d = {k: old_d.get(k) for k in sorted(changed)}
        new_d = {k: new_d.get(k) for k in sorted(changed)}
    event = AuditEvent(
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        actor_name=actor.username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        old=old_d,
        new=new_d,
        note=note,
    )
    session.add(event)
    session.flush()
    return event


def list_events(
    session: Session,
    *,
    actor: Actor,
    object_type: str | None = None,
    object_id: int | None = None,
    limit: int = 200,
) -> list[AuditEvent]:
    """Audit events, newest first. Objects' own histories use ``history_of``."""
    check(actor, "audit.view")
    return _query(session, actor.tenant_id, object_type, object_id, limit)


def history_of(
    session: Session, *, tenant_id: str, object_type: str, object_id: int, limit: int = 200
) -> list[AuditEvent]:
    """One object's trail, for the object's own page (its own permission already checked)."""
    return _query(session, tenant_id, object_type, object_id, limit)


def _query(
    session: Session, tenant_id: str, object_type: str | None, object_id: int | None, limit: int
) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.tenant_id == tenant_id)
    if object_type is not None:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    stmt = stmt.order_by(AuditEvent.id.desc()).limit(limit)
    return list(session.scalars(stmt))
