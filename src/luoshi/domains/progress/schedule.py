"""When a task's reports fall due, in the deployment's calendar and time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.progress import rules
from luoshi.domains.tasks.models import Task
from luoshi.kernel.calendar import WorkingCalendar, load_calendar
from luoshi.settings import Settings

# How far past its period a report day can be moved by a long holiday (and then some).
_LONGEST_SHIFT_DAYS = 40


def calendar_for(session: Session, *, settings: Settings, tenant_id: str) -> WorkingCalendar:
    return load_calendar(session, tenant_id=tenant_id, calendar_file=settings.calendar_file)


def local_date(instant: datetime, settings: Settings) -> date:
    """The office's calendar day at ``instant``."""
    return clock.aware(instant).astimezone(ZoneInfo(settings.timezone)).date()


def today(settings: Settings) -> date:
    return local_date(clock.now(), settings)


def assigned_on(task: Task, settings: Settings) -> date | None:
    return local_date(task.assigned_at, settings) if task.assigned_at is not None else None


def reporting_start(task: Task, settings: Settings) -> date | None:
    """The day a task's clock starts: its start date, or its assignment if that is later."""
    days = [d for d in (task.start_date, assigned_on(task, settings)) if d is not None]
    return max(days) if days else None


def report_schedule(
    task: Task, *, settings: Settings, calendar: WorkingCalendar, until: date
) -> list[tuple[str, date]]:
    """The periods a task owes reports for whose report falls due on or before ``until``.

    Periods run from the task's start (see :func:`reporting_start`), and the first report
    owed is the first one due after the return window has closed: until then the unit may
    still return the task (it may report earlier if it likes). An open task keeps owing
    reports after its due date. A ``once`` task owes its one report on its due date.
    """
    start = reporting_start(task, settings)
    if start is None:
        return []
    if task.report_cycle == "once":
        periods = ["once"] if task.due_date is not None else []
        not_before = date.min
    else:
        periods = rules.periods_between(task.report_cycle, start, until)
        not_before = return_window_end(task, settings=settings, calendar=calendar) or date.min
    schedule = [(period, due_of(task, period, calendar=calendar)) for period in periods]
    return [(period, due) for period, due in schedule if not_before < due <= until]


def due_of(task: Task, period: str, *, calendar: WorkingCalendar) -> date:
    """The working day the report for ``period`` of ``task`` is due."""
    return rules.report_due_on(
        task.report_cycle,
        period,
        report_day=task.report_day,
        task_due=task.due_date,
        calendar=calendar,
    )


def first_due_after(
    task: Task, day: date, *, calendar: WorkingCalendar, not_before: date | None = None
) -> date:
    """The first report of ``task`` due after ``day``, among periods that start on or after
    ``not_before``'s period (a report day can be moved past its period by a holiday)."""
    if task.report_cycle == "once":
        return calendar.next_working_day(max(task.due_date or day, day))
    begin = day - timedelta(days=_LONGEST_SHIFT_DAYS)
    if not_before is not None:
        begin = max(begin, not_before)
    period: str | None = rules.period_of(task.report_cycle, begin)
    while period is not None:
        due = due_of(task, period, calendar=calendar)
        if due > day:
            return due
        period = rules.next_period(task.report_cycle, period)
    raise AssertionError("a later period always falls due later")


def answer_due(task: Task, written_on: date, *, calendar: WorkingCalendar) -> date:
    """The report day by which an instruction written on ``written_on`` must be answered:
    the first report of the task due after that day."""
    return first_due_after(task, written_on, calendar=calendar)


def first_report_due(task: Task, *, settings: Settings, calendar: WorkingCalendar) -> date | None:
    """The day the unit first owes word of its progress: its first owed report (see
    :func:`report_schedule`), or the task's due day if that comes first."""
    start = reporting_start(task, settings)
    if start is None:
        return None
    deadline = calendar.next_working_day(task.due_date) if task.due_date else None
    if task.report_cycle == "once":
        return deadline
    window_end = return_window_end(task, settings=settings, calendar=calendar) or start
    first = first_due_after(task, max(window_end, start), calendar=calendar, not_before=start)
    return min(first, deadline) if deadline is not None else first


def return_window_end(task: Task, *, settings: Settings, calendar: WorkingCalendar) -> date | None:
    """The last working day the lead unit may return an assignment; after it the task
    counts as accepted by default."""
    start = assigned_on(task, settings)
    if start is None:
        return None
    return calendar.add_working_days(start, settings.return_window_working_days)
