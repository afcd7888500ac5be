"""Audit events, written by services in the same transaction as the change.

Each event records who (actor, roles, unit, client address), what (action, object,
old → new), when and with what result (success, denied, failed), and takes its place in
the tenant's hash chain (kernel/audit_chain.py). If the audit write fails, the change
fails with it: both are in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, sessionmaker

from luoshi import clock
from luoshi.kernel import audit_chain
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import Actor, check

Result = Literal["success", "denied", "failed"]
RESULTS: tuple[Result, ...] = ("success", "denied", "failed")

# Where a session factory carries the chain's hash algorithm (LUOSHI_AUDIT_HASH).
HASH_INFO_KEY = "luoshi.audit_hash"
DEFAULT_HASH = "sm3"


def use_hash(factory: sessionmaker[Session], algorithm: str) -> sessionmaker[Session]:
    """Make the sessions of ``factory`` chain their audit rows with ``algorithm``."""
    factory.configure(info={HASH_INFO_KEY: algorithm})
    return factory


def hash_of(session: Session) -> str:
    return str(session.info.get(HASH_INFO_KEY, DEFAULT_HASH))


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


# The key of an event's Chinese note in ``new`` (see ``record``).
NOTE_ZH = "note_zh"


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
    note_zh: str = "",
    result: Result = "success",
) -> AuditEvent:
    """Write one audit event; only the fields that changed are kept when both sides exist.

    ``note`` is English when the system writes it (a ladder message, a light's date); its
    Chinese, ``note_zh``, rides in ``new`` so that a history read in Chinese shows it
    (web/pages/rendering.py:note_words) while the trail keeps one note column."""
    if result not in RESULTS:
        raise ValueError(f"unknown audit result {result!r}")
    old_d = _plain(dict(old)) if old is not None else None
    new_d = _plain(dict(new)) if new is not None else None
    if old_d is not None and new_d is not None:
        changed = {k for k in set(old_d) | set(new_d) if old_d.get(k) != new_d.get(k)}
        old_d = {k: old_d.get(k) for k in sorted(changed)}
        new_d = {k: new_d.get(k) for k in sorted(changed)}
    if note_zh:
        new_d = {**(new_d or {}), NOTE_ZH: note_zh}
    event = AuditEvent(
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        actor_name=actor.username,
        actor_roles=",".join(sorted(actor.roles)),
        actor_unit_id=actor.unit_id,
        client_address=actor.client_address[:64],
        action=action,
        object_type=object_type,
        object_id=object_id,
        old=old_d,
        new=new_d,
        note=note,
        result=result,
    )
    audit_chain.append(session, event, algorithm=hash_of(session), at=clock.now())
    return event


@dataclass(frozen=True)
class AuditFilter:
    """What an audit search asks for; every field narrows it."""

    actor: str | None = None  # a username
    action: str | None = None  # an action, or its prefix ("task" finds task.*)
    object_type: str | None = None
    object_id: int | None = None
    result: Result | None = None
    since: datetime | None = None
    until: datetime | None = None

    def given(self) -> dict[str, Any]:
        """The filters set, as JSON-safe values (for the export's own audit row)."""
        return {k: _plain(v) for k, v in asdict(self).items() if v is not None}


def list_events(
    session: Session,
    *,
    actor: Actor,
    object_type: str | None = None,
    object_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
    where: AuditFilter | None = None,
) -> list[AuditEvent]:
    """Audit events, newest first. Objects' own histories use ``history_of``."""
    check(actor, "audit.view")
    where = where or AuditFilter(object_type=object_type, object_id=object_id)
    stmt = _search(actor.tenant_id, where).offset(offset).limit(limit)
    return list(session.scalars(stmt))


EXPORT_COLUMNS = (
    "id",
    "seq",
    "at",
    "actor_name",
    "actor_roles",
    "actor_unit_id",
    "client_address",
    "action",
    "object_type",
    "object_id",
    "old",
    "new",
    "result",
    "note",
    "hash",
)
EXPORT_MAX_ROWS = 100_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    # A spreadsheet would run a cell starting with these as a formula (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(session: Session, *, actor: Actor, where: AuditFilter) -> str:
    """The matching events as CSV (oldest first, at most EXPORT_MAX_ROWS); the export is
    itself audited."""
    check(actor, "audit.view")
    stmt = _search(actor.tenant_id, where).order_by(None).order_by(AuditEvent.id)
    events = list(session.scalars(stmt.limit(EXPORT_MAX_ROWS)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for event in events:
        writer.writerow([_cell(getattr(event, c)) for c in EXPORT_COLUMNS])
    record(
        session,
        actor=actor,
        action="audit.export",
        object_type="audit",
        object_id=None,
        new={"filters": where.given(), "rows": len(events)},
    )
    return out.getvalue()


def history_of(
    session: Session, *, tenant_id: str, object_type: str, object_id: int, limit: int = 200
) -> list[AuditEvent]:
    """One object's trail, for the object's own page (its own permission already checked)."""
    stmt = _search(tenant_id, AuditFilter(object_type=object_type, object_id=object_id))
    return list(session.scalars(stmt.limit(limit)))


def _search(tenant_id: str, where: AuditFilter) -> Select[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.tenant_id == tenant_id)
    if where.actor is not None:
        stmt = stmt.where(AuditEvent.actor_name == where.actor)
    if where.action is not None:
        stmt = stmt.where(
            or_(
                AuditEvent.action == where.action,
                AuditEvent.action.startswith(where.action + ".", autoescape=True),
            )
        )
    if where.object_type is not None:
        stmt = stmt.where(AuditEvent.object_type == where.object_type)
    if where.object_id is not None:
        stmt = stmt.where(AuditEvent.object_id == where.object_id)
    if where.result is not None:
        stmt = stmt.where(AuditEvent.result == where.result)
    if where.since is not None:
        stmt = stmt.where(AuditEvent.at >= where.since)
    if where.until is not None:
        stmt = stmt.where(AuditEvent.at < where.until)
    return stmt.order_by(AuditEvent.id.desc())
