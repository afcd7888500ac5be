"""The audit trail's hash chain: append, verify, prune (kernel/audit.py writes through it).

Each tenant has one chain. A row's ``hash`` is the digest (SM3 by default, or SHA-256) of
the previous row's hash and a canonical serialization of the row's own fields, so changing,
inserting or deleting a row breaks the chain from that row on. The chain's head (last seq
and hash, in ``audit_chain``) finds a cut-off tail; its anchor (the first row kept after
pruning, recorded by the prune's own audit row) lets a pruned chain still verify.

Writers never fork the chain: appending starts by incrementing the head row, which takes
that row's lock on PostgreSQL and the database's write lock on SQLite, so a second writer
waits (or, on SQLite with a stale snapshot, fails) until the first one commits.

What the chain cannot do alone: someone with write access to the database who recomputes
every hash after the rows they changed, and rewrites the head, is found only against a
head kept elsewhere (``luoshi audit verify`` prints it; docs/security.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.kernel.models import AuditChain, AuditEvent
from luoshi.kernel.sm3 import HASH_NAMES, digest_hex

GENESIS = "0" * 64
MIN_RETENTION_DAYS = 180
PRUNE_ACTION = "audit.prune"

# The fields a row's hash covers, in this order (id is left out: it is the database's).
HASHED_FIELDS = (
    "seq",
    "tenant_id",
    "at",
    "actor_id",
    "actor_name",
    "actor_roles",
    "actor_unit_id",
    "client_address",
    "action",
    "object_type",
    "object_id",
    "old",
    "new",
    "note",
    "result",
    "hash_alg",
)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: Any) -> bytes:
    """The row's hashed fields as compact, key-sorted UTF-8 JSON (same bytes on both DBs)."""
    values = {name: getattr(row, name) for name in HASHED_FIELDS}
    values["at"] = _stamp(values["at"])
    return json.dumps(
        values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def row_hash(prev_hash: str, row: Any, algorithm: str) -> str:
    return digest_hex(algorithm, prev_hash.encode("ascii") + b"\n" + canonical(row))


def _ensure_chain(session: Session, tenant_id: str) -> None:
    values = {
        "tenant_id": tenant_id,
        "head_seq": 0,
        "head_hash": GENESIS,
        "anchor_seq": 1,
        "anchor_prev_hash": GENESIS,
    }
    if session.get_bind().dialect.name == "postgresql":
        session.execute(postgresql.insert(AuditChain).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite.insert(AuditChain).values(values).on_conflict_do_nothing())


def _advance_head(session: Session, tenant_id: str) -> tuple[int, str]:
    """Take the next seq and the previous hash, holding the chain's lock to the commit."""
    bump = (
        update(AuditChain)
        .where(AuditChain.tenant_id == tenant_id)
        .values(head_seq=AuditChain.head_seq + 1)
        .returning(AuditChain.head_seq, AuditChain.head_hash)
    )
    row = session.execute(bump).first()
    if row is None:  # the tenant's first audit row: start its chain
        _ensure_chain(session, tenant_id)
        row = session.execute(bump).one()
    return int(row[0]), str(row[1])


def append(session: Session, event: AuditEvent, *, algorithm: str, at: datetime) -> None:
    """Give ``event`` its place in its tenant's chain and write it (flushes)."""
    if algorithm not in HASH_NAMES:
        raise ValueError(f"unknown audit hash {algorithm!r}")
    seq, prev = _advance_head(session, event.tenant_id)
    # The time is taken under the chain's lock, so time order follows chain order.
    event.at = at
    event.seq, event.prev_hash, event.hash_alg = seq, prev, algorithm
    event.hash = row_hash(prev, event, algorithm)
    session.add(event)
    session.flush()
    session.execute(
        update(AuditChain)
        .where(AuditChain.tenant_id == event.tenant_id)
        .values(head_hash=event.hash)
    )


def chain_legacy(session: Session, *, algorithm: str, at: datetime) -> int:
    """Chain rows written before the chain existed, in id order; only for a tenant whose
    chain has not begun (afterwards an unchained row is an inserted one). Returns how many."""
    begun = set(session.scalars(select(AuditChain.tenant_id)))
    count = 0
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.seq.is_(None)).order_by(AuditEvent.id)
    ).all()
    for event in rows:
        if event.tenant_id in begun:
            continue
        seq, prev = _advance_head(session, event.tenant_id)
        event.seq, event.prev_hash, event.hash_alg = seq, prev, algorithm
        event.hash = row_hash(prev, event, algorithm)
        session.flush()
        session.execute(
            update(AuditChain)
            .where(AuditChain.tenant_id == event.tenant_id)
            .values(head_hash=event.hash)
        )
        count += 1
    return count


@dataclass(frozen=True)
class Problem:
    """One break in a chain: the row where it shows (if any) and what is wrong."""

    tenant_id: str
    message: str
    event_id: int | None = None
    seq: int | None = None

    def __str__(self) -> str:
        where = f"row id {self.event_id} (seq {self.seq})" if self.event_id else "chain"
        return f"tenant {self.tenant_id}: {where}: {self.message}"


@dataclass
class Verification:
    rows: int = 0
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(session: Session, tenant_id: str) -> Iterator[Any]:
    stmt = (
        select(*AuditEvent.__table__.columns)
        .where(AuditEvent.tenant_id == tenant_id, AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=1000)
    )
    yield from session.execute(stmt)


def verify(session: Session, *, tenant_id: str | None = None) -> Verification:
    """Walk each tenant's chain from its anchor to its head; every break is a Problem."""
    result = Verification()
    tenants = set(session.scalars(select(AuditChain.tenant_id)))
    tenants |= set(session.scalars(select(AuditEvent.tenant_id).distinct()))
    if tenant_id is not None:
        tenants = {tenant_id}
    for tenant in sorted(tenants):
        _verify_tenant(session, tenant, result)
    return result


def _verify_tenant(session: Session, tenant: str, result: Verification) -> None:
    chain = session.get(AuditChain, tenant)
    problems = result.problems
    for event_id in session.scalars(
        select(AuditEvent.id).where(AuditEvent.tenant_id == tenant, AuditEvent.seq.is_(None))
    ):
        problems.append(Problem(tenant, "not in the chain (inserted?)", event_id))
    if chain is None:
        if session.scalar(select(func.count()).where(AuditEvent.tenant_id == tenant)):
            problems.append(Problem(tenant, "rows but no chain head"))
        return
    expected, prev = chain.anchor_seq, chain.anchor_prev_hash
    anchors: set[tuple[Any, Any]] = set()
    for row in _rows(session, tenant):
        result.rows += 1
        here = {"event_id": row.id, "seq": row.seq}
        if row.seq < expected:
            problems.append(Problem(tenant, f"seq before the anchor {expected}", **here))
        elif row.seq > expected:
            missing = f"{expected}" if row.seq == expected + 1 else f"{expected}..{row.seq - 1}"
            problems.append(Problem(tenant, f"rows seq {missing} missing (deleted)", **here))
        elif row.prev_hash != prev:
            problems.append(
                Problem(tenant, "does not follow the row before it (inserted or moved)", **here)
            )
        if row.hash_alg not in HASH_NAMES or row.hash != row_hash(
            row.prev_hash or "", row, row.hash_alg
        ):
            problems.append(Problem(tenant, "changed: its hash does not match its fields", **here))
        if row.action == PRUNE_ACTION and isinstance(row.new, dict):
            anchors.add((row.new.get("anchor_seq"), row.new.get("anchor_prev_hash")))
        expected, prev = row.seq + 1, row.hash or ""
    if (chain.head_seq, chain.head_hash) != (expected - 1, prev):
        problems.append(
            Problem(
                tenant,
                f"the head says seq {chain.head_seq} but the last row is seq {expected - 1}"
                " (rows cut off the end, or the head rewritten)",
            )
        )
    if chain.anchor_seq > 1 and (chain.anchor_seq, chain.anchor_prev_hash) not in anchors:
        problems.append(Problem(tenant, "the anchor was not set by a recorded prune"))
    result.heads[tenant] = (chain.head_seq, chain.head_hash)


@dataclass(frozen=True)
class Pruned:
    deleted: int
    anchor_seq: int
    anchor_prev_hash: str
    cutoff: datetime


def prune(
    session: Session, *, tenant_id: str, retention_days: int, now: datetime, dry_run: bool = False
) -> Pruned:
    """Delete the tenant's rows older than ``retention_days`` (never fewer than 180) and
    move the chain's anchor to the first row kept. The caller audits the prune."""
    if retention_days < MIN_RETENTION_DAYS:
        raise InvalidInput.of(
            "err_audit_retention_at_least_min_retention_days", min_retention_days=MIN_RETENTION_DAYS
        )
    cutoff = now - timedelta(days=retention_days)
    seq, prev = _advance_head(session, tenant_id)  # holds the chain's lock; undone below
    session.execute(
        update(AuditChain)
        .where(AuditChain.tenant_id == tenant_id)
        .values(head_seq=AuditChain.head_seq - 1)
    )
    first = session.execute(
        select(AuditEvent.seq, AuditEvent.prev_hash)
        .where(AuditEvent.tenant_id == tenant_id, AuditEvent.at >= cutoff)
        .order_by(AuditEvent.seq)
        .limit(1)
    ).first()
    anchor_seq, anchor_prev = (int(first[0] or 0), str(first[1])) if first else (seq, prev)
    old = AuditEvent.tenant_id == tenant_id, AuditEvent.seq < anchor_seq
    deleted = int(session.scalar(select(func.count()).where(*old)) or 0)
    if not dry_run and deleted:
        session.execute(delete(AuditEvent).where(*old))
        session.execute(
            update(AuditChain)
            .where(AuditChain.tenant_id == tenant_id)
            .values(anchor_seq=anchor_seq, anchor_prev_hash=anchor_prev, pruned_at=now)
        )
    return Pruned(deleted, anchor_seq, anchor_prev, cutoff)
