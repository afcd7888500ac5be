"""Reports partitioned by month on PostgreSQL (docs/scale.md, "Reports partitioned by
month"): migration 0026, the maintenance step (``luoshi db partitions``, the daily jobs),
partition pruning of the app's period queries, and the keys that still refuse an orphan.

The PostgreSQL tests run on a database migrated from empty (not the models' create_all),
in one transaction each, rolled back; the migration's round trip has a database of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.db import make_engine
from luoshi.domains.progress import partitions, service
from luoshi.domains.progress.models import Instruction, InstructionResponse, Report, ReportEvidence
from luoshi.domains.tasks.models import Task
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import system_actor
from luoshi.migrations import runner
from tests.conftest import PG_URL

TENANT = "t-part"


def _new_database() -> tuple[str, Callable[[], None]]:
    if not PG_URL:
        pytest.skip("LUOSHI_TEST_PG_URL is not set")
    name = f"luoshi_t_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="module")
def migrated() -> Iterator[Engine]:
    url, drop = _new_database()
    engine = make_engine(url)
    try:
        runner.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        drop()


@pytest.fixture
def pg(migrated: Engine) -> Iterator[Session]:
    connection = migrated.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


def _task(session: Session, tenant: str = TENANT) -> tuple[Unit, Task]:
    unit = Unit(tenant_id=tenant, code=uuid.uuid4().hex[:6], name_zh="省", kind="province")
    session.add(unit)
    session.flush()
    task = Task(tenant_id=tenant, code=uuid.uuid4().hex[:8], title="t", lead_unit_id=unit.id)
    session.add(task)
    session.flush()
    return unit, task


def _report(session: Session, unit: Unit, task: Task, period: str, end: date) -> Report:
    report = Report(
        tenant_id=task.tenant_id, task_id=task.id, unit_id=unit.id, period=period,
        period_end=end, progress=10, submitted_at=now(),
    )  # fmt: skip
    session.add(report)
    session.flush()
    return report


def _evidence(session: Session, report: Report, *, end: date | None = None) -> ReportEvidence:
    row = ReportEvidence(
        tenant_id=report.tenant_id, report_id=report.id,
        report_period_end=end or report.period_end, filename="a.pdf",
        content_type="application/pdf", size=1, sha256="0" * 64,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def _homes(session: Session) -> dict[date, str]:
    """Each report's period end with the partition that holds it."""
    rows = session.execute(
        text("SELECT period_end, tableoid::regclass::text FROM report WHERE tenant_id = :t"),
        {"t": TENANT},
    )
    return {end: home for end, home in rows}


def _maintain(session: Session, on: date, ahead: int) -> partitions.Maintained:
    return partitions.maintain(session, actor=system_actor(TENANT), on=on, ahead=ahead)


@pytest.mark.pg
def test_rows_land_in_their_months_partition(pg: Session) -> None:
    done = _maintain(pg, date(2023, 5, 10), ahead=1)
    assert done.created == ["report_2023_05", "report_2023_06"] and done.moved == 0
    children = set(
        pg.execute(
            text(
                "SELECT inhrelid::regclass::text FROM pg_inherits "
                "WHERE inhparent = 'report'::regclass"
            )
        ).scalars()
    )
    assert {"report_2023_05", "report_2023_06", "report_default"} <= children
    unit, task = _task(pg)
    for period, end in (("2023-05", date(2023, 5, 31)), ("2023-06", date(2023, 6, 30))):
        _report(pg, unit, task, period, end)
    _report(pg, unit, task, "2023-09", date(2023, 9, 30))  # no partition for September yet
    assert _homes(pg) == {
        date(2023, 5, 31): "report_2023_05",
        date(2023, 6, 30): "report_2023_06",
        date(2023, 9, 30): "report_default",
    }


@pytest.mark.pg
def test_the_maintenance_makes_next_month_and_moves_default_rows(pg: Session) -> None:
    assert _maintain(pg, date(2023, 5, 10), ahead=0).created == ["report_2023_05"]
    unit, task = _task(pg)
    stray = _report(pg, unit, task, "2023-06", date(2023, 6, 30))
    evidence = _evidence(pg, stray)
    instruction = Instruction(
        tenant_id=TENANT, task_id=task.id, author_name="x", text="x", written_on=date(2023, 6, 1)
    )
    pg.add(instruction)
    pg.flush()
    pg.add(
        InstructionResponse(
            tenant_id=TENANT, report_id=stray.id, report_period_end=stray.period_end,
            instruction_id=instruction.id, unit_id=unit.id, text="answer",
        )
    )  # fmt: skip
    pg.flush()
    _report(pg, unit, task, "2023-09", date(2023, 9, 30))  # beyond the months ahead
    assert set(_homes(pg).values()) == {"report_default"}

    done = _maintain(pg, date(2023, 5, 10), ahead=1)

    assert done.created == ["report_2023_06", "report_2023_09"] and done.moved == 2
    assert _homes(pg) == {
        date(2023, 6, 30): "report_2023_06",
        date(2023, 9, 30): "report_2023_09",
    }
    assert pg.execute(text("SELECT count(*) FROM report_default")).scalar_one() == 0
    # The same report, with the same id, still has its evidence and its answer.
    pg.expunge_all()
    assert pg.get(Report, stray.id) is not None
    assert pg.get(ReportEvidence, evidence.id).report_id == stray.id  # type: ignore[union-attr]
    answers = pg.execute(
        text("SELECT count(*) FROM instruction_response WHERE report_id = :r"), {"r": stray.id}
    ).scalar_one()
    assert answers == 1
    assert _maintain(pg, date(2023, 5, 10), ahead=1).created == []  # idempotent
    # The run that moved rows is in the trail; the one that made an empty month is not.
    events = pg.execute(
        text("SELECT new FROM audit_event WHERE action = 'report.partitions'")
    ).scalars()
    assert [dict(e) for e in events] == [
        {"created": ["report_2023_06", "report_2023_09"], "moved": 2}
    ]


def _statements(pg: Session, read: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The statements ``read`` sends, with their parameters."""
    seen: list[tuple[str, Any]] = []
    connection = pg.connection()

    def capture(_c: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        read()
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    return seen


def _scanned(pg: Session, statement: str, parameters: Any) -> set[str]:
    plan = pg.connection().exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars()
    return {name for line in plan for name in _partition_names(line)}


def _partition_names(line: str) -> list[str]:
    return [word for word in line.split() if partitions.is_partition_name(word)]


@pytest.mark.pg
def test_a_query_for_one_period_reads_only_its_months(pg: Session) -> None:
    _maintain(pg, date(2023, 5, 10), ahead=2)
    unit, task = _task(pg)
    for period, end in (("2023-05", 31), ("2023-06", 30), ("2023-07", 31)):
        _report(pg, unit, task, period, date(2023, int(period[5:]), end))
    pg.execute(text("ANALYZE report"))

    between = _statements(
        pg,
        lambda: service.reports_between(
            pg, tenant_id=TENANT, start=date(2023, 6, 1), end=date(2023, 6, 30)
        ),
    )
    one = _statements(
        pg, lambda: service.unit_report(pg, task_id=task.id, unit_id=unit.id, period="2023-06")
    )
    assert len(between) == 1 and len(one) == 1
    assert _scanned(pg, *between[0]) == {"report_2023_06"}
    assert _scanned(pg, *one[0]) == {"report_2023_06"}
    # A task's reports of every period read every month: no period, no pruning.
    every = _statements(pg, lambda: service.latest_report(pg, task_id=task.id))
    assert {"report_2023_05", "report_2023_07"} <= _scanned(pg, *every[0])


@pytest.mark.pg
def test_the_keys_refuse_an_orphan_on_the_partitioned_table(pg: Session) -> None:
    _maintain(pg, date(2023, 5, 10), ahead=0)
    unit, task = _task(pg)
    report = _report(pg, unit, task, "2023-05", date(2023, 5, 31))
    for wrong in (
        lambda: _evidence(pg, report, end=date(2023, 6, 30)),  # the report's id, not its month
        lambda: _evidence(pg, _ghost(report)),  # no such report
    ):
        with pg.begin_nested(), pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            wrong()
    _evidence(pg, report)
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"), pg.begin_nested():
        pg.execute(text("DELETE FROM report WHERE id = :id"), {"id": report.id})


@pytest.mark.pg
def test_a_report_whose_period_end_changes_moves_with_its_evidence(pg: Session) -> None:
    """A re-filed one-off report takes the task's new due date as its period end: the row
    moves to that month's partition and its evidence follows (ON UPDATE CASCADE)."""
    _maintain(pg, date(2023, 5, 10), ahead=1)
    unit, task = _task(pg)
    report = _report(pg, unit, task, "once", date(2023, 5, 31))
    evidence = _evidence(pg, report)
    report.period_end = date(2023, 6, 15)
    pg.flush()
    assert _homes(pg) == {date(2023, 6, 15): "report_2023_06"}
    pg.expire_all()
    assert pg.get(ReportEvidence, evidence.id).report_period_end == date(2023, 6, 15)  # type: ignore[union-attr]


def _ghost(report: Report) -> Report:
    return Report(id=report.id + 10_000, tenant_id=report.tenant_id, period_end=report.period_end)


def test_evidence_refers_to_a_report_by_its_period_end(session: Session) -> None:
    """On both databases (PostgreSQL: the models' partitioned table): evidence must name a
    report's id, tenant and period end together, and a report with evidence stays."""
    unit, task = _task(session)
    report = _report(session, unit, task, "2023-05", date(2023, 5, 31))
    with session.begin_nested(), pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        _evidence(session, report, end=date(2023, 4, 30))
    with session.begin_nested(), pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        _evidence(session, _ghost(report))
    _evidence(session, report)
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"), session.begin_nested():
        session.execute(text("DELETE FROM report WHERE id = :id"), {"id": report.id})


@pytest.mark.pg
@pytest.mark.slow
def test_upgrade_downgrade_upgrade_keeps_the_rows() -> None:
    url, drop = _new_database()
    engine = make_engine(url)
    try:
        runner.upgrade(engine)
        with Session(engine) as session:
            _maintain(session, date(2023, 5, 10), ahead=0)
            unit, task = _task(session)
            may = _report(session, unit, task, "2023-05", date(2023, 5, 31))
            _report(session, unit, task, "2023-08", date(2023, 8, 31))  # default partition
            _evidence(session, may)
            session.commit()
        before = _rows(engine)

        runner.downgrade(engine, "0025")
        assert _kind(engine) == "r"
        assert _rows(engine, with_period_end=False) == [r[:-1] for r in before]

        runner.upgrade(engine)
        assert _kind(engine) == "p"
        assert _rows(engine) == before
        with Session(engine) as session:
            assert _homes(session) == {
                date(2023, 5, 31): "report_2023_05",
                date(2023, 8, 31): "report_2023_08",
            }
            unit2, task2 = _task(session)
            later = _report(session, unit2, task2, "2023-09", date(2023, 9, 30))
            assert later.id > max(r[0] for r in before)  # the id sequence went along
            session.rollback()
    finally:
        engine.dispose()
        drop()


def _kind(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT relkind FROM pg_class WHERE oid = 'report'::regclass")
            ).scalar()
        )


def _rows(engine: Engine, *, with_period_end: bool = True) -> list[tuple[Any, ...]]:
    """Every report with its evidence (and, from 0026 on, the evidence's report period end)."""
    extra = ", e.report_period_end" if with_period_end else ""
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT r.id, r.task_id, r.period, r.period_end, r.version, e.id, e.filename"
                    f"{extra} FROM report r LEFT JOIN report_evidence e ON e.report_id = r.id "
                    "ORDER BY r.id"
                )
            )
        ]
