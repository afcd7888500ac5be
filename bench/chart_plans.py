"""Each dashboard chart's statements, timed, and the plan of the slowest (PostgreSQL).

    PYTHONPATH=src:bench .venv/bin/python bench/chart_plans.py --db URL --tenant p01 \
        --as-of 2026-12-08 [--user seed-office] [--repeat 3]

For a seeded database (``luoshi seed``; a nation's holds ``p01`` … ``p31``): every chart the
user may see is computed ``--repeat`` times as of ``--as-of`` (the clock travels there), an
engine event listener times each statement the chart sends, and the chart's median wall
time, the time of its statements (the rest is Python) and its slowest statement are
printed. Then the slowest statement of the slowest chart (or of ``--chart``) is run again
under ``EXPLAIN (ANALYZE, BUFFERS)`` with the parameters it was sent with, and its plan
printed: whether it starts from ``tenant_id`` and which indexes it reads.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from luoshi import clock
from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.dashboards import charts
from luoshi.kernel import users


@dataclass
class Timed:
    """The statements sent while a chart is computed, with their wall times."""

    statements: list[tuple[float, str, Any]] = field(default_factory=list)
    started: float = 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--tenant", default="default")
    parser.add_argument("--user", default="seed-office")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chart", help="explain this chart's slowest statement")
    args = parser.parse_args()
    from scale_world import settings_for

    settings = settings_for(args.db, args.tenant)
    engine = make_engine(args.db)
    timed = Timed()

    @event.listens_for(engine, "before_cursor_execute")
    def _before(*_args: Any) -> None:
        timed.started = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        timed.statements.append((time.perf_counter() - timed.started, statement, parameters))

    as_of = date.fromisoformat(args.as_of)
    clock.travel_to(datetime.combine(as_of, dtime(10), tzinfo=clock.LOCAL_TZ))
    factory = make_sessionmaker(engine)
    worst: dict[str, tuple[float, tuple[float, str, Any]]] = {}
    print(f"load average {os.getloadavg()}")
    with factory() as session:
        user = users.get_user_by_username(session, tenant_id=args.tenant, username=args.user)
        assert user is not None, f"no {args.user} in tenant {args.tenant}"
        actor = users.actor_for(session, user)
        for key in charts.available(actor):
            walls = []
            for _ in range(args.repeat):
                timed.statements.clear()
                with factory() as request:  # a session per run, as a request has
                    began = time.perf_counter()
                    charts.chart(request, actor=actor, settings=settings, key=key, lang="zh")
                    walls.append(time.perf_counter() - began)
            top = max(timed.statements, key=lambda s: s[0])
            median = statistics.median(walls)
            worst[key] = (median, top)
            sql = sum(s[0] for s in timed.statements)
            print(
                f"{key:18} median {median * 1000:8.1f} ms, {len(timed.statements)} statements "
                f"{sql * 1000:8.1f} ms, slowest {top[0] * 1000:8.1f} ms"
            )
    chosen = args.chart or max(worst, key=lambda k: worst[k][0])
    slowest = worst[chosen][1]
    print(f"\n{chosen}'s slowest statement ({slowest[0] * 1000:.1f} ms):")
    print(f"{slowest[1]}\n{slowest[2]}\n")
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1], slowest[2])
        for (line,) in cursor.fetchall():
            print(line)
    finally:
        raw.close()
        engine.dispose()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
