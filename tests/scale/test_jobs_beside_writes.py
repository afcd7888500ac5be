"""A long jobs run on SQLite never holds the write lock for long: it commits a batch at a
time, so a person's write made meanwhile waits at most one batch (and succeeds within the
busy timeout) instead of failing behind one transaction over every task."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.supervision import jobs
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskCreate
from luoshi.interchange import seed as seeding
from luoshi.kernel.permissions import system_actor
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings

WORLD = seeding.Scale("jobs", 1, 3, 2, 4, 8, 40, 800, 5, 20, 5, 1, 1)


BATCH_SECONDS = 0.1


def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=3000")
    cursor.close()


def test_a_user_write_succeeds_while_a_long_job_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    # A batch may hold the lock a tenth of a second; the user's write waits up to 3 s
    # (the app's busy timeout is 5 s). One transaction over the run would hold it longer.
    settings = Settings(environment="test", database_url=url, jobs_batch_seconds=BATCH_SECONDS)
    job_engine = make_engine(url)
    target_metadata().create_all(job_engine)
    seeding.seed(
        make_sessionmaker(job_engine),
        scale=WORLD,
        settings=settings,
        seed_value=5,
        as_of=date(2026, 3, 31),
    )
    commits: list[float] = []
    event.listen(job_engine, "commit", lambda _conn: commits.append(time.monotonic()))
    # The job runs two months on: most lights and reasons move, so most batches write.
    later = datetime(2026, 6, 1, 2, tzinfo=UTC)
    window: dict[str, float] = {}

    def run() -> None:
        window["start"] = time.monotonic()
        jobs.run_jobs(make_sessionmaker(job_engine), settings=settings, at=later)
        window["end"] = time.monotonic()

    user_engine = make_engine(url)  # another connection pool, as the web app's
    event.listen(user_engine, "connect", _short_busy_timeout)
    written: list[float] = []
    errors: list[BaseException] = []
    job = threading.Thread(target=run)
    job.start()
    while job.is_alive():
        try:
            with transaction(make_sessionmaker(user_engine)) as session:
                tasks.create_task(
                    session,
                    actor=system_actor(),
                    data=TaskCreate(title=f"written during the job {len(written)}"),
                )
            written.append(time.monotonic())
        except BaseException as exc:
            errors.append(exc)
        time.sleep(0.02)
    job.join()
    assert errors == []
    during = [t for t in written if window["start"] < t < window["end"]]
    assert during, "no write overlapped the job"
    # Many short transactions, not one for the run.
    assert len(commits) > 10
    with make_sessionmaker(user_engine)() as session:
        made: Any = session.scalars(select(Task.title).where(Task.title.like("written%"))).all()
    assert len(made) == len(written)
    job_engine.dispose()
    user_engine.dispose()
