"""Time of the role homes and the dashboard's charts at province scale (20,000 tasks).

    .venv/bin/python bench/dashboards.py [--tasks 20000] [--repeat 5] [--db DEMO.db]
    .venv/bin/python bench/dashboards.py --db SEEDED.db --tasks 0 --as-of 2026-06-30 \
        --users seed-office,seed-dept,seed-county

Builds the demo (``luoshi demo --no-serve``) in a temporary SQLite file, or copies the
``--db`` given, then multiplies its tasks — with their co-units, reports, light history and
supervision actions — by copying them round after round in SQL until ``--tasks`` is
reached. Each home and chart is then computed for the provincial office, a leader and a
department (``fgw``) as of the demo's day; the median of ``--repeat`` runs is printed, as
CPU time (this process and SQLite in it: what a quiet machine's wall time would be, and
steady on a shared one) and as wall time. A database made by ``luoshi seed`` is timed as it
is (``--tasks 0``), for its own users, at the day it was seeded at. Target
(docs/dashboards.md): every home and chart under 300 ms on SQLite.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import time_machine
from sqlalchemy import select

from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.dashboards import charts, queries
from luoshi.kernel import users
from luoshi.kernel.models import User
from luoshi.migrations import runner
from luoshi.settings import Settings

CHILDREN = ("task_co_unit", "report", "light_change", "supervision_action")
AS_OF = datetime(2023, 6, 30, 1, tzinfo=UTC)


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def multiply(path: Path, target: int) -> int:
    """Copy the demo's tasks (and what hangs off them) until there are ``target`` tasks."""
    db = sqlite3.connect(path)
    original_max = db.execute("SELECT max(id) FROM task").fetchone()[0]
    count = db.execute("SELECT count(*) FROM task").fetchone()[0]
    task_cols = [c for c in _columns(db, "task") if c != "id"]
    round_no = 0
    while count < target:
        round_no += 1
        offset = db.execute("SELECT max(id) FROM task").fetchone()[0]
        chosen = ", ".join(
            f"code || '-{round_no}'"
            if c == "code"
            else f"CASE WHEN parent_id IS NULL THEN NULL ELSE parent_id + {offset} END"
            if c == "parent_id"
            else c
            for c in task_cols
        )
        db.execute(
            f"INSERT INTO task (id, {', '.join(task_cols)}) "
            f"SELECT id + {offset}, {chosen} FROM task WHERE id <= {original_max} ORDER BY id"
        )
        for table in CHILDREN:
            cols = _columns(db, table)
            own = [c for c in cols if c != "id"]
            chosen = ", ".join(f"task_id + {offset}" if c == "task_id" else c for c in own)
            db.execute(
                f"INSERT INTO {table} ({', '.join(own)}) "
                f"SELECT {chosen} FROM {table} WHERE task_id <= {original_max}"
            )
        count = db.execute("SELECT count(*) FROM task").fetchone()[0]
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="a demo database to copy (else one is built)")
    parser.add_argument(
        "--users",
        default="office,leader,fgw",
        help="whose homes and charts (a seeded database: seed-office,seed-dept,seed-county)",
    )
    parser.add_argument(
        "--as-of", help="the day to compute them at, YYYY-MM-DD (default: the demo's day)"
    )
    args = parser.parse_args()
    at = AS_OF if not args.as_of else datetime.fromisoformat(args.as_of + "T02:00+00:00")
    work = Path(tempfile.mkdtemp(prefix="luoshi-bench-"))
    path = work / "bench.db"
    if args.db:
        shutil.copy(args.db, path)
    else:
        subprocess.run(
            [sys.executable, "-m", "luoshi.cli.main", "demo", "--db", str(path), "--no-serve"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    engine = make_engine(f"sqlite:///{path}")
    runner.upgrade(engine)  # a copied database gets this version's indexes
    engine.dispose()
    tasks = multiply(path, args.tasks)
    settings = Settings(environment="development", database_url=f"sqlite:///{path}")
    factory = make_sessionmaker(make_engine(settings.database_url))
    print(f"{tasks} tasks in {path}")
    worst = 0.0
    with time_machine.travel(at), factory() as session:
        for name in args.users.split(","):
            user = session.scalar(select(User).where(User.username == name))
            assert user is not None, name
            actor = users.actor_for(session, user)
            work_items: list[tuple[str, object]] = [
                (f"home {role}", lambda a=actor, r=role: _home(session, a, settings, r))
                for role in ("office", "unit", "leader")
                if role in actor.roles
            ]
            for key in charts.available(actor):
                work_items.append(
                    (
                        key,
                        lambda k=key, a=actor: charts.chart(
                            session, actor=a, settings=settings, key=k, lang="zh"
                        ),
                    )
                )
            for label, run in work_items:
                cpu, wall = [], []
                for _ in range(args.repeat):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    run()  # type: ignore[operator]
                    cpu.append((time.process_time() - start_cpu) * 1000)
                    wall.append((time.perf_counter() - start) * 1000)
                median = statistics.median(cpu)
                worst = max(worst, median)
                print(
                    f"  {name:<11} {label:<17} cpu {median:7.1f} ms"
                    f"   wall {statistics.median(wall):7.1f} ms"
                )
    print(f"slowest (cpu): {worst:.1f} ms (target < 300 ms)")
    shutil.rmtree(work)


def _home(session: object, actor: object, settings: Settings, role: str) -> None:
    from sqlalchemy.orm import Session

    from luoshi.kernel.permissions import Actor

    assert isinstance(session, Session) and isinstance(actor, Actor)
    home = {"office": queries.office_home, "unit": queries.unit_home}.get(role)
    if home is not None:
        home(session, actor=actor, settings=settings)
    else:
        queries.leader_home(session, actor=actor, settings=settings)


if __name__ == "__main__":
    main()
