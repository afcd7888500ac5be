"""The audit trail: every field recorded, one hash chain per tenant, and verification that
finds a changed, inserted or deleted row and a cut-off tail, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from pydantic import ValidationError
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from luoshi.db import make_engine, make_sessionmaker
from luoshi.errors import InvalidInput
from luoshi.kernel import audit, audit_chain, units
from luoshi.kernel.models import AuditChain, AuditEvent, Unit
from luoshi.kernel.permissions import Actor
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from tests.conftest import Database

ALICE = Actor(
    user_id=7,
    username="alice",
    unit_id=3,
    unit_path="/1/3/",
    roles=frozenset({"office", "unit"}),
    client_address="203.0.113.9",
)


def _write(session: Session, n: int, actor: Actor = ALICE) -> list[AuditEvent]:
    return [
        audit.record(
            session,
            actor=actor,
            action="task.update",
            object_type="task",
            object_id=i,
            old={"title": f"旧 {i}", "due": datetime(2023, 3, 31, tzinfo=UTC)},
            new={"title": f"新 {i}", "due": datetime(2023, 6, 30, tzinfo=UTC)},
            note="改期",
        )
        for i in range(1, n + 1)
    ]


def _problems(session: Session) -> list[str]:
    session.expire_all()
    return [str(p) for p in audit_chain.verify(session).problems]


def test_a_row_holds_who_what_when_where_and_result(session: Session) -> None:
    (event,) = _write(session, 1)
    denied = audit.record(
        session,
        actor=ALICE,
        action="task.verify",
        object_type="task",
        object_id=1,
        result="denied",
    )
    session.commit()
    row = session.get(AuditEvent, event.id)
    assert row is not None
    assert (row.actor_id, row.actor_name, row.actor_roles, row.actor_unit_id) == (
        7,
        "alice",
        "office,unit",
        3,
    )
    assert row.client_address == "203.0.113.9" and row.result == "success"
    assert (row.action, row.object_type, row.object_id) == ("task.update", "task", 1)
    assert row.old == {"title": "旧 1", "due": "2023-03-31T00:00:00+00:00"}
    assert row.at.tzinfo is not None and row.hash_alg == "sm3"
    assert denied.result == "denied" and denied.seq == row.seq + 1  # type: ignore[operator]
    with pytest.raises(ValueError, match="unknown audit result"):
        audit.record(
            session,
            actor=ALICE,
            action="x",
            object_type="x",
            object_id=None,
            result="maybe",  # type: ignore[arg-type]
        )


def test_rows_chain_each_to_the_one_before(session: Session) -> None:
    rows = _write(session, 3)
    session.commit()
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit_chain.GENESIS
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert rows[0].hash == audit_chain.row_hash(audit_chain.GENESIS, rows[0], "sm3")
    found = audit_chain.verify(session)
    assert found.ok and found.rows == 3
    assert found.heads["default"] == (3, rows[2].hash)


def test_each_tenant_has_its_own_chain(session: Session) -> None:
    _write(session, 2)
    other = _write(session, 2, replace(ALICE, tenant_id="other"))
    session.commit()
    assert [r.seq for r in other] == [1, 2] and audit_chain.verify(session).ok


def test_the_hash_can_be_sha256_and_old_rows_still_verify(db: Database) -> None:
    session = db.session()
    _write(session, 2)
    session.commit()
    session.close()
    factory = audit.use_hash(db.factory, "sha256")
    session = factory()
    (late,) = _write(session, 1)
    session.commit()
    assert late.hash_alg == "sha256"
    assert late.hash == audit_chain.row_hash(late.prev_hash or "", late, "sha256")
    assert audit_chain.verify(session).ok
    session.close()
    factory.configure(info={})


def test_a_changed_row_is_found(session: Session) -> None:
    rows = _write(session, 4)
    session.commit()
    session.execute(
        text("UPDATE audit_event SET note = 'nothing to see' WHERE id = :id"), {"id": rows[1].id}
    )
    problems = _problems(session)
    assert problems and f"row id {rows[1].id} (seq 2)" in problems[0]
    assert "changed" in problems[0]


def test_a_changed_row_whose_hash_was_recomputed_breaks_the_next_link(session: Session) -> None:
    rows = _write(session, 3)
    session.commit()
    target = rows[0]
    target.note = "rewritten"
    forged = audit_chain.row_hash(target.prev_hash or "", target, "sm3")
    session.execute(
        text("UPDATE audit_event SET note = 'rewritten', hash = :h WHERE id = :id"),
        {"h": forged, "id": target.id},
    )
    problems = _problems(session)
    assert problems and f"row id {rows[1].id} (seq 2)" in problems[0]
    assert "does not follow" in problems[0]


def test_a_deleted_row_is_found(session: Session) -> None:
    rows = _write(session, 4)
    session.commit()
    session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": rows[1].id})
    problems = _problems(session)
    assert problems and f"row id {rows[2].id} (seq 3)" in problems[0]
    assert "seq 2 missing" in problems[0]


def test_a_cut_off_tail_is_found(session: Session) -> None:
    _write(session, 4)
    session.commit()
    session.execute(text("DELETE FROM audit_event WHERE seq >= 3"))
    problems = _problems(session)
    assert len(problems) == 1 and "head says seq 4 but the last row is seq 2" in problems[0]


def test_a_row_inserted_outside_the_chain_is_found(session: Session) -> None:
    _write(session, 2)
    session.commit()
    session.execute(
        text(
            "INSERT INTO audit_event (tenant_id, at, actor_name, action, object_type, note, "
            "actor_roles, client_address, result) VALUES ('default', :at, 'mallory', "
            "'task.update', 'task', '', '', '', 'success')"
        ),
        {"at": datetime(2023, 1, 1, tzinfo=UTC)},
    )
    problems = _problems(session)
    assert problems and "not in the chain" in problems[0]


def test_a_row_inserted_into_the_chain_is_found(session: Session) -> None:
    rows = _write(session, 3)
    session.commit()
    # Make room after seq 1 and insert a well-formed row there, head moved along: only the
    # link from the forged row to the old seq 2 gives it away.
    session.execute(text("UPDATE audit_event SET seq = -seq WHERE seq > 1"))
    session.execute(text("UPDATE audit_event SET seq = 1 - seq WHERE seq < 0"))
    forged = AuditEvent(
        tenant_id="default",
        at=rows[0].at,
        actor_id=None,
        actor_name="mallory",
        actor_roles="",
        actor_unit_id=None,
        client_address="",
        action="task.update",
        object_type="task",
        object_id=9,
        old=None,
        new=None,
        note="",
        result="success",
        seq=2,
        prev_hash=rows[0].hash,
        hash_alg="sm3",
    )
    forged.hash = audit_chain.row_hash(rows[0].hash or "", forged, "sm3")
    session.add(forged)
    session.flush()
    session.execute(update(AuditChain).values(head_seq=AuditChain.head_seq + 1))
    problems = _problems(session)
    assert problems and f"row id {rows[1].id} (seq 3)" in problems[0]
    assert "does not follow" in problems[0]


def test_a_business_change_fails_when_its_audit_write_fails(db: Database) -> None:
    """The audit row is written in the change's transaction: if it cannot be, nothing is."""
    session = db.session()
    if db.backend == "sqlite":
        session.execute(
            text(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
            )
        )
    else:
        session.execute(
            text(
                "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$"
            )
        )
        session.execute(
            text(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event "
                "FOR EACH ROW EXECUTE FUNCTION refuse_audit()"
            )
        )
    session.commit()
    system = replace(ALICE, roles=frozenset({"sysadmin"}), user_id=None, unit_path="/")
    rows = units.parse_units_file(
        b"units:\n- {code: p, name_zh: \xe7\x9c\x81, kind: province}\n", "u.yaml"
    )
    with pytest.raises(DBAPIError, match="audit store unavailable"):
        units.import_units(session, actor=system, rows=rows)
        session.commit()
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Unit)) == 0
    if db.backend == "sqlite":
        session.execute(text("DROP TRIGGER refuse_audit"))
        session.commit()
    session.close()


def test_concurrent_writers_do_not_fork_the_chain(empty_db_url: str) -> None:
    """Eight threads, each with its own connection, write at once: one chain results."""
    engine = make_engine(empty_db_url)
    target_metadata().create_all(engine)
    factory = make_sessionmaker(engine)
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def writer(k: int) -> None:
        start.wait()
        for i in range(5):
            for _attempt in range(50):
                session = factory()
                try:
                    _write(session, 1, replace(ALICE, user_id=k * 100 + i))
                    session.commit()
                    break
                except DBAPIError as exc:
                    # SQLite refuses a writer whose snapshot went stale; it tries again.
                    session.rollback()
                    if "locked" not in str(exc) and "busy" not in str(exc).lower():
                        failures.append(exc)
                        return
                finally:
                    session.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    with factory() as session:
        seqs = list(session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
        assert seqs == list(range(1, 41))
        assert audit_chain.verify(session).ok
    engine.dispose()


def test_prune_keeps_the_chain_verifiable(session: Session) -> None:
    with time_machine.travel(datetime(2023, 1, 1, tzinfo=UTC), tick=False):
        old = _write(session, 3)
    with time_machine.travel(datetime(2023, 9, 1, tzinfo=UTC), tick=False):
        kept = _write(session, 2)
    session.commit()
    now = datetime(2023, 9, 2, tzinfo=UTC)
    dry = audit_chain.prune(session, tenant_id="default", retention_days=180, now=now, dry_run=True)
    assert dry.deleted == 3 and session.scalar(select(func.count(AuditEvent.id))) == 5
    pruned = audit_chain.prune(session, tenant_id="default", retention_days=180, now=now)
    assert (pruned.deleted, pruned.anchor_seq) == (3, 4)
    assert pruned.anchor_prev_hash == old[-1].hash
    audit.record(
        session,
        actor=ALICE,
        action=audit_chain.PRUNE_ACTION,
        object_type="audit",
        object_id=None,
        new={"anchor_seq": pruned.anchor_seq, "anchor_prev_hash": pruned.anchor_prev_hash},
    )
    session.commit()
    assert _problems(session) == []
    assert [r.seq for r in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))] == [
        kept[0].seq,
        kept[1].seq,
        6,
    ]


def test_an_anchor_moved_without_a_recorded_prune_is_found(session: Session) -> None:
    _write(session, 4)
    session.commit()
    first_two = select(AuditEvent.id).where(AuditEvent.seq <= 2)
    third = session.scalars(select(AuditEvent).where(AuditEvent.seq == 3)).one()
    session.execute(text("DELETE FROM audit_event WHERE seq <= 2"))
    session.execute(update(AuditChain).values(anchor_seq=3, anchor_prev_hash=third.prev_hash))
    assert not session.scalars(first_two).all()
    problems = _problems(session)
    assert problems == ["tenant default: chain: the anchor was not set by a recorded prune"]


def test_retention_is_never_below_180_days(session: Session) -> None:
    with pytest.raises(ValidationError):
        Settings(audit_retention_days=179)
    assert Settings(audit_retention_days=180).audit_retention_days == 180
    with pytest.raises(InvalidInput, match="at least 180"):
        audit_chain.prune(session, tenant_id="default", retention_days=30, now=datetime.now(UTC))


def test_rows_from_before_the_chain_join_it_once(session: Session) -> None:
    session.add_all(
        AuditEvent(
            tenant_id="default",
            at=datetime(2022, 1, 1, tzinfo=UTC) + timedelta(days=i),
            actor_name="old",
            action="task.create",
            object_type="task",
            object_id=i,
        )
        for i in range(3)
    )
    session.commit()
    assert "not in the chain" in _problems(session)[0]
    assert audit_chain.chain_legacy(session, algorithm="sm3", at=datetime.now(UTC)) == 3
    session.commit()
    assert _problems(session) == []
    # Once the chain has begun, an unchained row is an inserted one: it is not absorbed.
    session.add(
        AuditEvent(
            tenant_id="default", at=datetime.now(UTC), actor_name="x", action="x", object_type="x"
        )
    )
    session.commit()
    assert audit_chain.chain_legacy(session, algorithm="sm3", at=datetime.now(UTC)) == 0
    assert "not in the chain" in _problems(session)[0]
