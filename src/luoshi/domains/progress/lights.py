"""Lights on tasks: gather the facts, compute (rules.compute_light), store, keep history.

A light is recomputed after every change that can move it (a report filed or reviewed, an
acceptance or return, an extension) and by the daily job. The task keeps the reasons
rendered in the deployment's language; the history keeps both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import partial
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.progress import instructions, rules, schedule
from luoshi.domains.progress.models import Instruction, LightChange, Report
from luoshi.domains.progress.schemas import LightChangeRead
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.i18n import text
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

# Parameters that move from day to day without changing what a reason says.
_VOLATILE = frozenset({"progress", "elapsed", "days", "filed"})


def thresholds(settings: Settings) -> rules.LightThresholds:
    return rules.LightThresholds(
        yellow_lag=settings.light_yellow_lag,
        red_lag=settings.light_red_lag,
        due_soon_working_days=settings.light_due_soon_working_days,
        missing_reports_red=settings.light_missing_reports_red,
    )


class FiledReport(Protocol):
    """What the light reads of a report (a ``Report``, or a row of a plain query)."""

    period: str
    status: str
    submitted_at: datetime
    late: bool


def light_facts(
    session: Session, task: Task, *, settings: Settings, calendar: WorkingCalendar, on: date
) -> rules.LightFacts:
    """What the light of ``task`` depends on, as of ``on``."""
    reports = session.scalars(
        select(Report).where(Report.task_id == task.id, Report.unit_id == task.lead_unit_id)
    )
    return facts_from(
        task,
        {r.period: r for r in reports},
        instructions.open_instructions(session, task),
        settings=settings,
        calendar=calendar,
        on=on,
    )


def facts_from(
    task: Task,
    reports: Mapping[str, FiledReport],
    open_instructions: Sequence[Instruction],
    *,
    settings: Settings,
    calendar: WorkingCalendar,
    on: date,
) -> rules.LightFacts:
    """The light's facts from the task, its lead unit's reports by period and the
    instructions the lead unit has not answered (no database: the caller loaded them)."""
    # A report is missing once its due day has passed, not on the day itself.
    due_days = {
        period: due
        for period, due in schedule.report_schedule(
            task, settings=settings, calendar=calendar, until=on
        )
        if due < on
    }
    # A report filed ahead of its period's due day supersedes what came before it.
    for period, report in reports.items():
        if period not in due_days and report.status in rules.FILED:
            due = schedule.due_of(task, period, calendar=calendar)
            if due >= on:
                due_days[period] = due
    periods = []
    for period, due in sorted(due_days.items(), key=lambda item: item[1]):
        filed = reports.get(period)
        periods.append(
            rules.PeriodReport(
                period=period,
                due=due,
                status=filed.status if filed else None,
                filed_on=schedule.local_date(filed.submitted_at, settings) if filed else None,
                late=filed.late if filed else False,
            )
        )
    answers_due = [
        (i.written_on, schedule.answer_due(task, i.written_on, calendar=calendar))
        for i in open_instructions
    ]
    return rules.LightFacts(
        status=task.status,
        progress=task.progress,
        start=schedule.reporting_start(task, settings),
        due=task.due_date,
        periods=periods,
        open_instructions=answers_due,
        assigned_on=schedule.assigned_on(task, settings),
        return_window_end=schedule.return_window_end(task, settings=settings, calendar=calendar),
        return_reason=task.return_reason,
        progress_known=bool(reports) or task.progress > 0,
        first_report_due=schedule.first_report_due(task, settings=settings, calendar=calendar),
    )


def facts_rows(session: Session, *, tenant_id: str) -> Iterator[tuple[Task, dict[str, Any]]]:
    """Every task of the tenant with its lead unit's reports by period, in two queries
    (streamed in task order): the plain pass the jobs benchmark compares with."""
    tasks_q = session.scalars(select(Task).where(Task.tenant_id == tenant_id).order_by(Task.id))
    reports_q = session.execute(
        select(Report.task_id, Report.period, Report.status, Report.submitted_at, Report.late)
        .join(Task, (Task.id == Report.task_id) & (Task.lead_unit_id == Report.unit_id))
        .where(Report.tenant_id == tenant_id)
        .order_by(Report.task_id)
    ).all()
    by_task: dict[int, dict[str, Any]] = {}
    for row in reports_q:
        by_task.setdefault(row.task_id, {})[row.period] = row
    for task in tasks_q:
        yield task, by_task.get(task.id, {})


def _identity(reasons: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """What the reasons say, without the numbers that move every day."""
    return [
        (
            r["code"],
            r["severity"],
            tuple(sorted((k, v) for k, v in r["params"].items() if k not in _VOLATILE)),
        )
        for r in reasons
    ]


def last_change(session: Session, task_id: int) -> LightChange | None:
    return session.scalar(
        select(LightChange)
        .where(LightChange.task_id == task_id)
        .order_by(LightChange.id.desc())
        .limit(1)
    )


def refresh_light(
    session: Session,
    *,
    actor: Actor,
    task: Task,
    settings: Settings,
    on: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> LightChange | None:
    """Recompute and store the light of ``task``; a change of light or of what the reasons
    say is kept in the history and audited. Returns the new history row, if any."""
    calendar = calendar or schedule.calendar_for(
        session, settings=settings, tenant_id=task.tenant_id
    )
    on = on or schedule.today(settings)
    facts = light_facts(session, task, settings=settings, calendar=calendar, on=on)
    return _store(
        session,
        actor=actor,
        task=task,
        light=rules.compute_light(facts, on=on, calendar=calendar, thresholds=thresholds(settings)),
        previous=lambda: last_change(session, task.id),
        settings=settings,
        on=on,
    )


def refresh_lights(
    session: Session,
    *,
    actor: Actor,
    tasks: Sequence[Task],
    settings: Settings,
    on: date,
    calendar: WorkingCalendar,
) -> list[tuple[Task, LightChange]]:
    """``refresh_light`` for many tasks, their facts loaded in a few queries for all of
    them (the daily job's batches); the changes made, with their tasks."""
    if not tasks:
        return []
    ids = [t.id for t in tasks]
    filed: dict[int, dict[str, Any]] = {i: {} for i in ids}
    for row in session.execute(
        select(Report.task_id, Report.period, Report.status, Report.submitted_at, Report.late)
        .join(Task, (Task.id == Report.task_id) & (Task.lead_unit_id == Report.unit_id))
        .where(Report.task_id.in_(ids))
    ):
        filed[row.task_id][row.period] = row
    instructed = set(
        session.scalars(select(Instruction.task_id).where(Instruction.task_id.in_(ids)).distinct())
    )
    newest = (
        select(func.max(LightChange.id))
        .where(LightChange.task_id.in_(ids))
        .group_by(LightChange.task_id)
    )
    previous = {
        c.task_id: c for c in session.scalars(select(LightChange).where(LightChange.id.in_(newest)))
    }
    changes = []
    for task in tasks:
        open_ones = instructions.open_instructions(session, task) if task.id in instructed else []
        facts = facts_from(
            task, filed[task.id], open_ones, settings=settings, calendar=calendar, on=on
        )
        light = rules.compute_light(
            facts, on=on, calendar=calendar, thresholds=thresholds(settings)
        )
        change = _store(
            session,
            actor=actor,
            task=task,
            light=light,
            previous=partial(previous.get, task.id),
            settings=settings,
            on=on,
        )
        if change is not None:
            changes.append((task, change))
    return changes


def _store(
    session: Session,
    *,
    actor: Actor,
    task: Task,
    light: rules.Light,
    previous: Callable[[], LightChange | None],
    settings: Settings,
    on: date,
) -> LightChange | None:
    reasons = [r.as_dict() for r in light.reasons]
    rendered = light.rendered(settings.language)
    if (task.light, task.light_reasons) != (light.light, rendered):
        task.light, task.light_reasons, task.light_at = light.light, rendered, clock.now()
        session.flush()
    before = previous()
    if (
        before is not None
        and before.light == light.light
        and _identity(before.reasons) == _identity(reasons)
    ):
        return None  # only a number moved: the task shows it, the history need not
    old_light = before.light if before is not None else None
    change = LightChange(
        tenant_id=task.tenant_id,
        task_id=task.id,
        day=on,
        previous=old_light,
        light=light.light,
        reasons=reasons,
        actor_name=actor.username,
    )
    session.add(change)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="task.light",
        object_type="task",
        object_id=task.id,
        old={"light": old_light},
        new={"light": light.light, "reasons": [r["en"] for r in reasons]},
        note=text("note_light_as_of", "en", day=on.isoformat()),
        note_zh=text("note_light_as_of", "zh", day=on.isoformat()),
    )
    return change


def current_reasons(
    session: Session, task: Task, *, settings: Settings, language: str
) -> list[str]:
    """Why the task's light is what it is now, in ``language``.

    The task keeps today's reasons in the deployment's language; the history keeps a row
    only when what they say changes, not when a number moves, so its newest row may be
    stale. For the other language the reasons are computed again as of today; should the
    light have moved since the last refresh, the stored light's newest history row speaks.
    """
    if language == settings.language:
        return list(task.light_reasons)
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    on = schedule.today(settings)
    light = rules.compute_light(
        light_facts(session, task, settings=settings, calendar=calendar, on=on),
        on=on,
        calendar=calendar,
        thresholds=thresholds(settings),
    )
    if light.light == task.light:
        return light.rendered(language)
    previous = last_change(session, task.id)
    return [str(r[language]) for r in previous.reasons] if previous is not None else []


def refresh_up(
    session: Session, *, actor: Actor, task: Task, settings: Settings, on: date | None = None
) -> None:
    """Refresh a task and every task above it (their progress rolls up from it)."""
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    current: Task | None = task
    while current is not None:
        refresh_light(
            session, actor=actor, task=current, settings=settings, on=on, calendar=calendar
        )
        current = session.get(Task, current.parent_id) if current.parent_id else None


def light_history(session: Session, *, actor: Actor, task_id: int) -> list[LightChangeRead]:
    """Every change of a task's light, newest first."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    rows = session.scalars(
        select(LightChange).where(LightChange.task_id == task.id).order_by(LightChange.id.desc())
    )
    return [LightChangeRead.model_validate(r) for r in rows]
