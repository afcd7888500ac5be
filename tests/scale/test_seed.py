"""``luoshi seed``: reproducible, valid data, whose lights are what the app computes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.progress.models import Report
from luoshi.domains.projects.models import ProjectReport
from luoshi.domains.supervision import jobs
from luoshi.domains.tasks import rollup
from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.interchange import seed as seeding
from luoshi.kernel.models import AuditEvent, Unit
from luoshi.kernel.permissions import system_actor
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from tests.conftest import Database

TINY = seeding.Scale("tiny", 1, 3, 2, 4, 8, 60, 1000, 20, 100, 10, 2, 3)
AS_OF = date(2026, 6, 30)


def _seed(db: Database, seed_value: int = 7) -> seeding.Counts:
    settings = Settings(environment="test", database_url=db.url)
    return seeding.seed(
        db.factory, scale=TINY, settings=settings, seed_value=seed_value, as_of=AS_OF
    )


def _tasks(session: Session) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in session.execute(
            select(Task.code, Task.status, Task.light, Task.progress, Task.due_date).order_by(
                Task.code
            )
        )
    ]


def test_seed_writes_valid_rows_whose_lights_the_job_leaves_alone(db: Database) -> None:
    counts = _seed(db)
    assert counts.units == 1 + 3 + 2 + 4 + 8
    assert counts.tasks == TINY.tasks
    assert counts.reports > TINY.tasks  # every running task owes some
    with db.session() as session:
        path = dict(session.execute(select(Unit.id, Unit.path)).all())
        for task in session.scalars(select(Task)):
            office = path[task.office_unit_id]
            co = session.scalars(select(TaskCoUnit.unit_id).where(TaskCoUnit.task_id == task.id))
            for unit in [task.lead_unit_id, *co]:
                if unit is not None:  # a draft has no lead yet
                    assert path[unit].startswith(office) and path[unit] != office
            if task.parent_id is not None:
                assert session.get(Task, task.parent_id).lead_unit_id == task.office_unit_id  # type: ignore[union-attr]
        late = session.scalar(select(func.count()).select_from(Report).where(Report.late))
        assert late and late < counts.reports
        assert session.scalar(select(func.count()).where(AuditEvent.action == "seed.generate")) == 1
        lit = {light for (light,) in session.execute(select(Task.light).distinct())}
        assert {"green", "red"} <= lit
        # The dashboards' rollup is the tasks' count: the bulk inserts went past no listener.
        tenant = session.scalar(select(Task.tenant_id).limit(1))
        assert tenant is not None
        stored = rollup.stored(session, tenant=tenant)
        assert stored and stored == rollup.count(session, tenant=tenant)
    # The lights are the app's own: the daily job over the same day finds nothing to change.
    settings = Settings(environment="test", database_url=db.url)
    with db.session() as session:
        ids = list(session.scalars(select(Task.id)))
        changed = jobs._refresh_lights(
            session, actor=system_actor(), settings=settings, batch=ids, on=AS_OF
        )
    assert changed == []


def test_same_seed_same_rows(tmp_path: object) -> None:
    runs = []
    for name in ("a", "b"):
        url = f"sqlite:///{Path(str(tmp_path)) / name}.db"
        engine = make_engine(url)
        target_metadata().create_all(engine)
        _seed(Database("sqlite", url, engine, make_sessionmaker(engine)))
        with make_sessionmaker(engine)() as session:
            runs.append(_tasks(session))
        engine.dispose()
    assert runs[0] == runs[1]


TWO_TINY = seeding.Scale("tiny", 2, 3, 2, 4, 8, 60, 1000, 20, 100, 10, 2, 3)


def _rows_by_tenant(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Each tenant's tasks, co-units, reports and project reports by content (not by id)."""
    engine = make_engine(url)
    found: dict[str, list[tuple[object, ...]]] = {}
    with make_sessionmaker(engine)() as session:
        code = dict(session.execute(select(Task.id, Task.code)).all())
        unit = dict(session.execute(select(Unit.id, Unit.code)).all())
        for r in session.scalars(select(Report)):
            found.setdefault(r.tenant_id, []).append(
                (
                    code[r.task_id],
                    unit[r.unit_id],
                    r.period,
                    r.period_end,
                    r.progress,
                    r.done,
                    r.status,
                    r.late,
                    r.submitted_at,
                    r.reviewed_at,
                    r.target_values,
                    r.review_comment,
                    r.submitted_by_id,
                )
            )
        for c in session.scalars(select(TaskCoUnit)):
            found.setdefault(c.tenant_id, []).append((code[c.task_id], unit[c.unit_id]))
        for p in session.scalars(select(ProjectReport)):
            found.setdefault(p.tenant_id, []).append(
                (p.period, unit[p.unit_id], p.investment_month, p.investment_cumulative, p.late)
            )
        for t in session.scalars(select(Task)):
            found.setdefault(t.tenant_id, []).append(
                (t.code, t.status, t.light, t.light_reasons, t.progress, t.due_date)
            )
    engine.dispose()
    return {tenant: sorted(rows, key=repr) for tenant, rows in found.items()}


def test_workers_on_postgresql_write_what_one_process_writes(
    empty_db_url: str, tmp_path: object
) -> None:
    """Two provinces seeded by two worker processes on PostgreSQL (COPY) hold the same rows
    as one process writes on SQLite (executemany), and every report went straight into its
    month's partition."""
    if not empty_db_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL side of a comparison with SQLite")
    urls = {"pg": empty_db_url, "sqlite": f"sqlite:///{Path(str(tmp_path)) / 'one.db'}"}
    for name, url in urls.items():
        engine = make_engine(url)
        target_metadata().create_all(engine)
        settings = Settings(environment="test", database_url=url)
        counts = seeding.seed(
            make_sessionmaker(engine),
            scale=TWO_TINY,
            settings=settings,
            seed_value=7,
            as_of=AS_OF,
            workers=2 if name == "pg" else 1,
        )
        assert counts.tasks == 2 * TWO_TINY.tasks
        if name == "pg":
            with engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM report_default")).scalar() == 0
                # ... because none was written there: the partitions were made first, and
                # the closing maintenance had nothing to move (it audits a move).
                moved = "SELECT count(*) FROM audit_event WHERE action = 'report.partitions'"
                assert conn.execute(text(moved)).scalar() == 0
                assert conn.execute(text("SELECT count(*) FROM report")).scalar() == counts.reports
        with make_sessionmaker(engine)() as session:
            for tenant in ("p01", "p02"):  # each worker's province counted in the rollup
                stored = rollup.stored(session, tenant=tenant)
                assert stored and stored == rollup.count(session, tenant=tenant), (name, tenant)
        engine.dispose()
    pg, sqlite = _rows_by_tenant(urls["pg"]), _rows_by_tenant(urls["sqlite"])
    assert sorted(pg) == ["p01", "p02"]
    assert pg == sqlite
