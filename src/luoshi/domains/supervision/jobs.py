"""The supervision jobs, run once by ``luoshi jobs run`` (cron) or on a schedule by
``luoshi serve``: idempotent, so running them twice does nothing twice.

1. accept by default the assignments whose return window has closed, telling the lead unit
   and the office;
2. recompute every task's light as of the day;
   then, on PostgreSQL, make the reports' monthly partitions ahead and move the rows of
   the default partition into their months (``progress.partitions``);
3. take the ladder steps due that day (working days only), tasks awaiting acceptance
   included;
   (2 and 3 go in batches of at most ``LUOSHI_JOBS_BATCH_SIZE`` tasks and about
   ``LUOSHI_JOBS_BATCH_SECONDS`` each, each its own transaction);
4. each register's job (lights, and its deadlines chased through ``chase``), each in a
   transaction of its own, handed in by the caller (registers sit above supervision);
5. after commit, send the outbox (e-mails, webhooks), retrying failures with backoff.

A run holds the tenant's jobs lock (``luoshi.joblock``: a PostgreSQL advisory lock, or a
file lock beside a SQLite database) from start to end, so two app instances or two cron
runners never take the same step at once; the one that finds the lock held skips the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from luoshi import clock, joblock
from luoshi.db import transaction
from luoshi.domains.progress import lights, partitions, schedule
from luoshi.domains.supervision import ladder, service
from luoshi.domains.supervision.delivery import deliver_outbox
from luoshi.domains.tasks.models import Task
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings

JOBS_LOCK = "jobs"


class RegisterJob(Protocol):
    """A register's daily job: idempotent, flushing, never committing."""

    def __call__(
        self,
        session: Session,
        *,
        actor: Actor,
        settings: Settings,
        calendar: WorkingCalendar,
        on: date,
    ) -> list[dict[str, Any]]: ...


def run_jobs(
    session_factory: sessionmaker[Session],
    *,
    settings: Settings,
    at: datetime | None = None,
    registers: Sequence[RegisterJob] = (),
) -> list[dict[str, Any]]:
    """Run every supervision job once as of ``at`` (default: now), then each of
    ``registers``; one dict per thing done. When another runner holds the tenant's jobs lock,
    do nothing and say so."""
    at = clock.aware(at) if at is not None else clock.now()
    with joblock.exclusive(
        session_factory.kw["bind"], tenant=settings.tenant, name=JOBS_LOCK
    ) as held:
        if not held:
            return [
                {"job": "jobs", "at": at.isoformat(), "skipped": "another runner holds the lock"}
            ]
        return _run_jobs(session_factory, settings=settings, at=at, registers=registers)


def _run_jobs(
    session_factory: sessionmaker[Session],
    *,
    settings: Settings,
    at: datetime,
    registers: Sequence[RegisterJob],
) -> list[dict[str, Any]]:
    on = schedule.local_date(at, settings)
    actor = system_actor(settings.tenant)
    results: list[dict[str, Any]] = []
    with transaction(session_factory) as session:
        calendar = schedule.calendar_for(session, settings=settings, tenant_id=actor.tenant_id)
        results += service.accept_by_default(
            session, actor=actor, settings=settings, calendar=calendar, on=on
        )
        every = list(
            session.scalars(
                select(Task.id).where(Task.tenant_id == actor.tenant_id).order_by(Task.code)
            )
        )
    with transaction(session_factory) as session:
        # PostgreSQL: this month's report partition and the next ones exist before reports
        # for them arrive, and strays in the default partition move to their month.
        made = partitions.maintain(session, actor=actor, on=on)
    if made.created:
        results.append(
            {
                "job": "partitions",
                "on": on.isoformat(),
                "created": made.created,
                "moved": made.moved,
            }
        )

    # In batches, each committed: a long run never holds SQLite's write lock for more than
    # a moment while the web app also writes (its busy timeout would fail their writes).
    def lights_batch(batch: list[int]) -> list[dict[str, Any]]:
        with transaction(session_factory) as session:
            return _refresh_lights(session, actor=actor, settings=settings, batch=batch, on=on)

    results += in_batches(every, lights_batch, settings=settings)
    if not calendar.is_working_day(on):
        results.append({"job": "ladder", "on": on.isoformat(), "skipped": "not a working day"})
    else:
        with transaction(session_factory) as session:
            chased = ladder.chased_in_order(session, actor=actor)

        def ladder_batch(batch: list[int]) -> list[dict[str, Any]]:
            with transaction(session_factory) as session:
                calendar = schedule.calendar_for(
                    session, settings=settings, tenant_id=actor.tenant_id
                )
                return ladder.run_ladder(
                    session,
                    actor=actor,
                    settings=settings,
                    calendar=calendar,
                    on=on,
                    task_ids=batch,
                )

        results += in_batches(chased, ladder_batch, settings=settings)
    for job in registers:
        with transaction(session_factory) as session:
            calendar = schedule.calendar_for(session, settings=settings, tenant_id=actor.tenant_id)
            results += job(session, actor=actor, settings=settings, calendar=calendar, on=on)
    results += deliver_outbox(session_factory, settings=settings, at=at)
    return results


def in_batches(
    ids: list[int],
    step: Callable[[list[int]], list[dict[str, Any]]],
    *,
    settings: Settings,
) -> list[dict[str, Any]]:
    """Run ``step`` (one committed transaction) over ``ids`` in batches bounded by count
    (``jobs_batch_size``) and by time (``jobs_batch_seconds``): a batch starts at one id
    and doubles while a batch takes under half the time allowed, and shrinks in proportion
    when one takes longer. So a slow step (a ladder step sends notices) holds SQLite's
    write lock for about the time allowed, not for a batch size's worth of steps."""
    results: list[dict[str, Any]] = []
    budget = settings.jobs_batch_seconds
    size, done = 1, 0
    while done < len(ids):
        batch = ids[done : done + size]
        started = time.monotonic()
        results += step(batch)
        took = time.monotonic() - started
        done += len(batch)
        if took > budget:
            size = max(1, int(len(batch) * budget / took))
        elif took < budget / 2:
            size = min(settings.jobs_batch_size, size * 2)
    return results


def _refresh_lights(
    session: Session, *, actor: Actor, settings: Settings, batch: list[int], on: date
) -> list[dict[str, Any]]:
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=actor.tenant_id)
    tasks = list(session.scalars(select(Task).where(Task.id.in_(batch)).order_by(Task.code)))
    # The batch's reports, instructions and last light changes in a few queries.
    changes = lights.refresh_lights(
        session, actor=actor, tasks=tasks, settings=settings, on=on, calendar=calendar
    )
    return [
        {
            "job": "light",
            "on": on.isoformat(),
            "task": task.code,
            "from": change.previous,
            "to": change.light,
            "reasons": [r["en"] for r in change.reasons],
        }
        for task, change in changes
    ]
