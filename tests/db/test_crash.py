"""kill -9 of a writer during its writes leaves the SQLite file (WAL) consistent, and
loses nothing the writer acknowledged.

A subprocess (``writer.py``) commits tasks, reports and edits of one shared task, and
prints a line after each commit returns. The test kills it with SIGKILL at a random
moment, then opens the file as the next process would: ``PRAGMA integrity_check`` must
say ok, no foreign key may dangle, every acknowledged task and report must be there, and
the shared task must be at least at the last acknowledged version. Then the next writer
goes on in the same file. ``make test`` kills 10 writers; ``make check-deep`` 100
(``LUOSHI_CRASH_RUNS``). The seed is printed so that a failure can be replayed
(``LUOSHI_CRASH_SEED``).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskCreate
from luoshi.migrations.metadata import target_metadata
from tests.factories import build_world

WRITER = Path(__file__).with_name("writer.py")
RUNS = int(os.environ.get("LUOSHI_CRASH_RUNS", "10"))
SEED = int(os.environ.get("LUOSHI_CRASH_SEED", str(time.time_ns() % 1_000_000)))


@dataclass
class Acknowledged:
    tasks: set[int] = field(default_factory=set)
    reports: set[int] = field(default_factory=set)
    edit: int = 0

    def take(self, line: str) -> None:
        kind, value = line.split()
        if kind == "task":
            self.tasks.add(int(value))
        elif kind == "report":
            self.reports.add(int(value))
        else:
            assert kind == "edit", line
            self.edit = max(self.edit, int(value))


def _prepare(path: Path) -> int:
    engine = make_engine(f"sqlite:///{path}")
    target_metadata().create_all(engine)
    session = make_sessionmaker(engine)()
    world = build_world(session)
    shared = tasks.create_task(
        session, actor=world.office, data=TaskCreate(title="共用", lead_unit="p.fgw")
    )
    session.commit()
    session.close()
    engine.dispose()
    return shared.id


def _read_lines(stream: IO[str], lines: list[str], first: threading.Event) -> None:
    for line in stream:
        lines.append(line)
        first.set()
    first.set()


def _kill_one_writer(url: str, shared: int, delay: float, seen: Acknowledged) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), url, str(shared)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines: list[str] = []
    first = threading.Event()
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines, first))
    reader.start()
    try:
        assert first.wait(timeout=60), "the writer acknowledged nothing"
        time.sleep(delay)  # somewhere inside a later transaction, or between two
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
    error = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, error  # it was writing, not failing
    # A line is written whole (one write, far below PIPE_BUF) once its commit returned.
    for line in lines:
        if line.endswith("\n"):
            seen.take(line)


def _check(path: Path, seen: Acknowledged) -> None:
    connection = sqlite3.connect(path)  # as the next process: recovers the WAL
    try:
        # WAL is what makes a commit whole or absent across a crash; it stays set in the file.
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored_tasks = {row[0] for row in connection.execute("SELECT id FROM task")}
        stored_reports = {row[0] for row in connection.execute("SELECT id FROM report")}
        (version,) = connection.execute(
            "SELECT version FROM task WHERE title LIKE '改了 %' OR title = '共用' "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    assert seen.tasks - stored_tasks == set(), "acknowledged tasks lost"
    assert seen.reports - stored_reports == set(), "acknowledged reports lost"
    assert version >= seen.edit, "an acknowledged edit was lost"


@pytest.mark.slow
def test_kill_9_during_writes_loses_no_acknowledged_commit(tmp_path: Path) -> None:
    print(f"LUOSHI_CRASH_SEED={SEED} LUOSHI_CRASH_RUNS={RUNS}")
    rng = random.Random(SEED)
    path = tmp_path / "crash.db"
    shared = _prepare(path)
    url = f"sqlite:///{path}"
    seen = Acknowledged()
    for _ in range(RUNS):
        _kill_one_writer(url, shared, rng.uniform(0.0, 0.4), seen)
        _check(path, seen)
    assert len(seen.tasks) >= RUNS and len(seen.reports) >= 1 and seen.edit >= 2
