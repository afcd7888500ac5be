"""Reports partitioned by month on PostgreSQL (docs/scale.md): the migration's time and
three report queries on the plain and on the partitioned table, on one seeded database.

    .venv/bin/python bench/partitions.py --db postgresql+psycopg://USER@HOST/EMPTY_DB

The database must be empty; it is seeded with ``luoshi seed --scale small`` as of
2026-06-30 (migrated to the head: reports partitioned), then taken down to 0023 (one plain
table) and up again, the queries timed at each stage (median of interleaved runs, in
milliseconds):

- ``one_period``: every report of the tenant for one month (``progress.reports_between``);
- ``unit_period``: one unit's report on one task for one month (``progress.unit_report``);
- ``task_latest``: a task's latest report, no period given (``progress.latest_report``).

Prints one JSON line per stage. Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import text
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


def _queries(engine: Any, tenant: str, runs: int) -> dict[str, float]:
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
        return {name: _median_ms(session, read, runs) for name, read in reads.items()}


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
    began = time.perf_counter()
    counts = seeding.seed(
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
            "query_ms": _queries(engine, settings.tenant, args.runs),
        }
        print(json.dumps(line), flush=True)

    stage("seeded, partitioned", seed_s=round(seeded, 1), tasks=counts.tasks)
    began = time.perf_counter()
    runner.downgrade(engine, "0023")
    stage("0023, plain", downgrade_s=round(time.perf_counter() - began, 2))
    began = time.perf_counter()
    runner.upgrade(engine)
    stage("0025, partitioned", upgrade_s=round(time.perf_counter() - began, 2))
    with Session(engine) as session:
        done = partitions.maintain(session, actor=system_actor(settings.tenant), on=AS_OF, ahead=2)
        session.commit()
    print(json.dumps({"bench": "report_partitions", "maintenance_created": done.created}))
    engine.dispose()


if __name__ == "__main__":
    main()
