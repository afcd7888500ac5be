"""Reports partitioned by month on PostgreSQL (docs/scale.md): the migration's time and
three report queries on the plain and on the partitioned table, on one seeded database.

    .venv/bin/python bench/partitions.py --db postgresql+psycopg://USER@HOST/EMPTY_DB

An empty database is seeded with ``luoshi seed --scale small`` as of 2026-06-30 (migrated
to the head: reports partitioned); one seeded before is used as it is. It is then taken
down to 0023 (one plain table) and up again, the queries timed at each stage: ``query_ms``
through the app (the ORM, median of runs) and ``server_ms`` PostgreSQL's own execution time
of the same statement (``EXPLAIN ANALYZE``, median of runs), with the partitions it read:

- ``one_period``: every report of the tenant for one month (``progress.reports_between``);
- ``unit_period``: one unit's report on one task for one month (``progress.unit_report``);
- ``task_latest``: a task's latest report, no period given (``progress.latest_report``).

Prints one JSON line per stage. Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from luoshi.cli.context import settings_for
from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.progress import partitions, service
from luoshi.interchange import seed as seeding
from luoshi.kernel import audit
from luoshi.kernel.permissions import system_actor
from luoshi.migrations import runner

AS_OF = date(2026, 6, 30)


def _median_ms(session: Session, read: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        session.expunge_all()
        began = time.perf_counter()
        read()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 3)


def _server(session: Session, read: Callable[[], Any], runs: int) -> dict[str, Any]:
    """PostgreSQL's execution time of the statement ``read`` sends, and the partitions its
    plan reads."""
    seen: list[tuple[str, Any]] = []
    connection = session.connection()

    def capture(_c: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        read()
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    statement, parameters = seen[0]
    times, read_from = [], set()
    for _ in range(runs):
        (plan,) = connection.exec_driver_sql(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters
        ).one()
        times.append(float(plan[0]["Execution Time"]))
        read_from = set(re.findall(r'"Relation Name": "(report[a-z0-9_]*)"', json.dumps(plan)))
    return {"server_ms": round(statistics.median(times), 3), "reads": len(read_from)}


def _queries(engine: Any, tenant: str, runs: int) -> dict[str, Any]:
    with Session(engine) as session:
        task_id, unit_id, period, end = session.execute(
            text(
                "SELECT task_id, unit_id, period, period_end FROM report WHERE tenant_id = :t "
                "AND period LIKE '____-__' ORDER BY period_end DESC, id LIMIT 1 OFFSET 500"
            ),
            {"t": tenant},
        ).one()
        first = end.replace(day=1)
        reads: dict[str, Callable[[], Any]] = {
            "one_period": lambda: service.reports_between(
                session, tenant_id=tenant, start=first, end=end
            ),
            "unit_period": lambda: service.unit_report(
                session, task_id=task_id, unit_id=unit_id, period=period
            ),
            "task_latest": lambda: service.latest_report(session, task_id=task_id),
        }
        for read in reads.values():
            read()  # warm the caches once
        return {
            name: {"query_ms": _median_ms(session, read, runs), **_server(session, read, runs)}
            for name, read in reads.items()
        }


def _partitions(engine: Any) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM pg_inherits WHERE inhparent = to_regclass('report')")
            ).scalar_one()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="an empty PostgreSQL database's URL")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    settings = settings_for(args.db)
    engine = make_engine(settings.database_url)
    runner.upgrade(engine)
    with engine.connect() as conn:
        reports = conn.execute(text("SELECT count(*) FROM report")).scalar_one()
    seeded = 0.0
    if not reports:
        began = time.perf_counter()
        seeding.seed(
            audit.use_hash(make_sessionmaker(engine), settings.audit_hash),
            scale=seeding.SCALES["small"],
            settings=settings,
            as_of=AS_OF,
        )
        seeded = time.perf_counter() - began
        with engine.connect() as conn:
            reports = conn.execute(text("SELECT count(*) FROM report")).scalar_one()

    def stage(name: str, **extra: Any) -> None:
        line = {
            "bench": "report_partitions",
            "stage": name,
            "reports": reports,
            "partitions": _partitions(engine),
            **extra,
            "queries": _queries(engine, settings.tenant, args.runs),
        }
        print(json.dumps(line), flush=True)

    stage("seeded, partitioned", seed_s=round(seeded, 1))
    began = time.perf_counter()
    runner.downgrade(engine, "0025")
    stage("0025, plain", downgrade_s=round(time.perf_counter() - began, 2))
    began = time.perf_counter()
    runner.upgrade(engine)
    stage("0026, partitioned", upgrade_s=round(time.perf_counter() - began, 2))
    with Session(engine) as session:
        done = partitions.maintain(session, actor=system_actor(settings.tenant), on=AS_OF, ahead=2)
        session.commit()
    print(json.dumps({"bench": "report_partitions", "maintenance_created": done.created}))
    engine.dispose()


if __name__ == "__main__":
    main()
