"""The reports' monthly partitions on PostgreSQL (docs/scale.md, "Reports partitioned by
month"): ``luoshi db partitions`` and the daily jobs make the partitions of this month and
the next ones ahead of time, and give the rows that landed in the default partition (a
month not made yet) a month of their own. SQLite keeps one plain table: nothing to do.

Moving a report out of the default partition keeps it whole: in one transaction, the
foreign keys that point at reports (evidence, instruction answers) are dropped, the rows
are set aside, deleted from the default partition, the month's partition is made, they go
back in under the same keys, and the foreign keys are made again, which checks every
reference. Only a month that was not made ahead pays for that. One advisory lock keeps two
runners (two tenants' jobs, or two app instances) from making the same partition at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor

TABLE = "report"
DEFAULT = "report_default"
MONTHS_AHEAD = 2
# pg_advisory_xact_lock's key for the maintenance (any constant of our own).
LOCK_KEY = 0x6C756F73_70617274  # "luospart"
_LOWER = re.compile(r"FROM \('(\d{4}-\d{2}-\d{2})'\)")
_PARTITION = re.compile(rf"^{TABLE}_(\d{{4}}_\d{{2}}|default)$")


@dataclass
class Maintained:
    """What one maintenance run did (nothing on SQLite or an unpartitioned table)."""

    partitioned: bool
    created: list[str] = field(default_factory=list)
    moved: int = 0


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def partition_name(first: date) -> str:
    return f"{TABLE}_{first:%Y_%m}"


def is_partition_name(name: str) -> bool:
    """Whether ``name`` is one of the reports' partitions (not a table of a model)."""
    return _PARTITION.match(name) is not None


def is_partitioned(session: Session) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return False
    kind = session.execute(
        text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:name)"), {"name": TABLE}
    ).scalar_one_or_none()
    return kind == "p"


def partitions(session: Session) -> dict[str, date | None]:
    """Each partition of the reports by name, with the first day of its month (``None`` for
    the default partition)."""
    found: dict[str, date | None] = {}
    rows = session.execute(
        text(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(:name) "
            "ORDER BY 1"
        ),
        {"name": TABLE},
    ).all()
    for name, bound in rows:
        lower = _LOWER.search(bound)
        found[name] = date.fromisoformat(lower.group(1)) if lower else None
    return found


def maintain(
    session: Session, *, actor: Actor, on: date, ahead: int = MONTHS_AHEAD, behind: int = 0
) -> Maintained:
    """Make the partitions of ``on``'s month, ``ahead`` months after it and ``behind`` months
    before it, and of every month that has rows in the default partition, moving those rows
    there. Idempotent; flushes and never commits (the caller's transaction holds the whole
    move)."""
    if not is_partitioned(session):
        return Maintained(partitioned=False)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    existing = partitions(session)
    made = {first for first in existing.values() if first is not None}
    wanted = {first_of_month(on)}
    for _ in range(ahead):
        wanted.add(next_month(max(wanted)))
    for _ in range(behind):
        wanted.add(previous_month(min(wanted)))
    stray: set[date] = set()
    if DEFAULT in existing:
        stray = set(
            session.execute(
                text(f"SELECT DISTINCT date_trunc('month', period_end)::date FROM {DEFAULT}")
            ).scalars()
        )
    done = Maintained(partitioned=True)
    for first in sorted((wanted | stray) - made):
        done.moved += _make(session, first, move=first in stray)
        done.created.append(partition_name(first))
    # Empty months made ahead are schema, like a migration (which is not audited either):
    # only a run that moved reports between partitions is an event of the trail.
    if done.moved:
        audit.record(
            session,
            actor=actor,
            action="report.partitions",
            object_type="report",
            object_id=None,
            new={"created": done.created, "moved": done.moved},
        )
    return done


def _make(session: Session, first: date, *, move: bool) -> int:
    """Make one month's partition; with ``move``, bring its rows over from the default
    partition first (PostgreSQL refuses a partition whose rows sit in the default one)."""
    bounds: dict[str, Any] = {"lo": first, "hi": next_month(first)}
    name = partition_name(first)
    moved = 0
    references: list[tuple[str, str, str]] = []
    if move:
        # The keys that point at a report are checked per partition (PostgreSQL clones
        # them onto each one), so a report deleted from the default partition and put back
        # in its month would break them even deferred: they are dropped for the move and
        # made again (which checks every reference) in the same transaction.
        references = [
            (str(table), str(constraint), str(definition))
            for table, constraint, definition in session.execute(
                text(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                    "FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 "
                    "AND confrelid = to_regclass(:name) ORDER BY 1, 2"
                ),
                {"name": TABLE},
            )
        ]
        for table, constraint, _definition in references:
            session.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}"))
        session.execute(
            text(
                f"CREATE TEMPORARY TABLE report_moving ON COMMIT DROP AS SELECT * FROM {DEFAULT} "
                "WHERE period_end >= :lo AND period_end < :hi"
            ),
            bounds,
        )
        deleted = session.execute(
            text(f"DELETE FROM {DEFAULT} WHERE period_end >= :lo AND period_end < :hi"), bounds
        )
        moved = int(deleted.rowcount)  # type: ignore[attr-defined]
    session.execute(
        text(
            f"CREATE TABLE {name} PARTITION OF {TABLE} "
            f"FOR VALUES FROM ('{first.isoformat()}') TO ('{bounds['hi'].isoformat()}')"
        )
    )
    if move:
        session.execute(text(f"INSERT INTO {TABLE} SELECT * FROM report_moving"))
        session.execute(text("DROP TABLE report_moving"))
        for table, constraint, definition in references:
            session.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {constraint} {definition}"))
    return moved
