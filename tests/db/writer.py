"""A writer for the crash test: commits tasks, reports and edits to a SQLite file until it
is killed, and prints one line per commit only after the commit has returned.

Run as ``python tests/db/writer.py URL SHARED_TASK_ID``. A printed line is an
acknowledgement, as a 201 is to a browser: the database must keep what it names.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from luoshi import clock
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskCreate, TaskUpdate
from luoshi.kernel import users
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings


def _actor(factory: sessionmaker[Session], username: str) -> Actor:
    with transaction(factory) as session:
        user = users.get_user_by_username(session, tenant_id="default", username=username)
        assert user is not None
        return users.actor_for(session, user)


def main(url: str, shared_task_id: int) -> None:
    settings = Settings(environment="test", database_url=url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    office, fgw = _actor(factory, "office"), _actor(factory, "fgw")
    due = clock.today() + timedelta(days=120)
    n = 0
    while True:
        n += 1
        with transaction(factory) as session:
            task = tasks.create_task(
                session,
                actor=office,
                data=TaskCreate(title=f"写入 {n}", lead_unit="p.fgw", due_date=due),
            )
            supervision.transition_task(
                session, actor=office, task_id=task.id, transition="assign", settings=settings
            )
        print(f"task {task.id}", flush=True)
        with transaction(factory) as session:
            supervision.accept_task(session, actor=fgw, task_id=task.id, settings=settings)
            report = progress.submit_report(
                session,
                actor=fgw,
                task_id=task.id,
                data=ReportCreate(progress=n % 100, done=f"第{n}次"),
                settings=settings,
            )
        print(f"report {report.id}", flush=True)
        with transaction(factory) as session:
            seen = tasks.get_task_for(
                session, actor=office, task_id=shared_task_id, action="task.view"
            )
            edit = TaskUpdate(version=seen.version, title=f"改了 {n} 次")
            shared = supervision.update_task(
                session, actor=office, task_id=shared_task_id, data=edit, settings=settings
            )
            version = shared.version
        print(f"edit {version}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
