"""The escalation ladder as a job: remind, urge, yellow and red supervision notices.

For every open task and every unit answerable for it, two kinds of deadline are chased:
each report period not filed since the unit's last report (``report:2023-04``), and, for
the lead unit, the task's own due date (``task:2023-06-30``). A task awaiting acceptance
has one: the end of its return window, chased at the lead unit (``accept:2023-03-28``)
until the job accepts it by default. Each step is taken once per
(task, unit, step, subject) — a unique key — so running the job twice sends nothing twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.progress import rules as progress_rules
from luoshi.domains.progress import schedule
from luoshi.domains.progress.models import Report
from luoshi.domains.supervision import notify, rules
from luoshi.domains.supervision.models import SupervisionAction
from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit, User
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

CHASED_STATUSES = ("accepted", "in_progress")
AWAITING = "assigned"


@dataclass(frozen=True)
class Deadline:
    unit: Unit
    subject: str  # report | task | accept
    key: str
    due: date
    period: str | None = None


def ladder_for(settings: Settings) -> rules.Ladder:
    return rules.Ladder(
        remind_before=settings.remind_before_working_days,
        urge_after=settings.urge_after_working_days,
        yellow_after=settings.notice_yellow_after_working_days,
        red_after=settings.notice_red_after_working_days,
    )


def responsible_leader(session: Session, task: Task) -> User | None:
    """The user named as the task's responsible leader (by username or display name)."""
    name = task.responsible_leader.strip()
    if not name:
        return None
    return session.scalar(
        select(User)
        .where(
            User.tenant_id == task.tenant_id,
            User.active.is_(True),
            (User.username == name) | (User.display_name == name),
        )
        .order_by(User.id)
        .limit(1)
    )


def issue(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task: Task,
    unit: Unit,
    step: str,
    key: str,
    on: date,
    message: notify.Message,
    due: date | None = None,
    days: int = 0,
) -> SupervisionAction:
    """Record one ladder step on a task and notify whom it concerns (audited)."""
    action = SupervisionAction(
        tenant_id=task.tenant_id,
        task_id=task.id,
        unit_id=unit.id,
        step=step,
        subject_key=key,
        due_on=due,
        days_overdue=days,
        issued_on=on,
        actor_name=actor.username,
        message_en=message.text_en,
        message_zh=message.text_zh,
        recipients=[],
    )
    session.add(action)
    session.flush()
    users: list[User] = []
    emails: list[str] = []
    if step == "notice_red":
        leader = responsible_leader(session, task)
        users = [leader] if leader is not None else []
        emails = [unit.head_email]
    action.recipients = notify.send(
        session,
        tenant_id=task.tenant_id,
        settings=settings,
        message=message,
        units=[unit],
        users=users,
        emails=emails,
        webhook=step in settings.webhook_events,
        action_id=action.id,
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"supervision.{step}",
        object_type="task",
        object_id=task.id,
        new={
            "unit": unit.code,
            "subject": key,
            "due": due,
            "days_overdue": days,
            "recipients": action.recipients,
        },
        note=message.text_en,
        note_zh=message.text_zh,
    )
    return action


def deadlines(
    session: Session, task: Task, *, settings: Settings, calendar: WorkingCalendar, until: date
) -> list[Deadline]:
    """What is being chased on ``task``: its due date, and each unit's unfiled reports."""
    lead = session.get(Unit, task.lead_unit_id) if task.lead_unit_id else None
    if lead is None:
        return []
    if task.status == AWAITING:
        # Nothing is owed before acceptance but the answer: accept or return.
        end = schedule.return_window_end(task, settings=settings, calendar=calendar)
        if end is None:
            return []
        return [Deadline(lead, "accept", f"accept:{end.isoformat()}", end)]
    result = []
    if task.due_date is not None:
        result.append(Deadline(lead, "task", f"task:{task.due_date.isoformat()}", task.due_date))
    co_units = list(
        session.scalars(
            select(Unit)
            .join(TaskCoUnit, TaskCoUnit.unit_id == Unit.id)
            .where(TaskCoUnit.task_id == task.id)
            .order_by(Unit.path)
        )
    )
    owed = schedule.report_schedule(task, settings=settings, calendar=calendar, until=until)
    for unit in [lead, *co_units]:
        status_of = {
            period: status
            for period, status in session.execute(
                select(Report.period, Report.status).where(
                    Report.task_id == task.id, Report.unit_id == unit.id
                )
            )
        }
        result += [
            Deadline(unit, "report", f"report:{period}", due, period)
            for period, due in progress_rules.since_last_filed(owed, status_of)
            if period not in status_of  # a returned report is the office's conversation
        ]
    return result


def _open_tasks(actor: Actor) -> Any:
    return (
        select(Task)
        .where(Task.tenant_id == actor.tenant_id, Task.status.in_((AWAITING, *CHASED_STATUSES)))
        .order_by(Task.due_date.is_(None), Task.due_date, Task.code)
    )


def chased_in_order(session: Session, *, actor: Actor) -> list[int]:
    """The ids of the tasks the ladder chases, the earliest due first (the order in which
    the daily cap per unit is spent), for running the ladder in batches."""
    return list(session.scalars(_open_tasks(actor).with_only_columns(Task.id)))


def run_ladder(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    calendar: WorkingCalendar,
    on: date,
    task_ids: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """Take every ladder step due on ``on`` (on the tasks ``task_ids`` only, when given, in
    the order of ``chased_in_order``); nothing on days that are not working days."""
    if not calendar.is_working_day(on):
        return [{"job": "ladder", "on": on.isoformat(), "skipped": "not a working day"}]
    ladder = ladder_for(settings)
    until = calendar.add_working_days(on, ladder.remind_before)
    chased_today: Counter[int] = Counter(
        dict(
            session.execute(
                select(SupervisionAction.unit_id, func.count())
                .where(
                    SupervisionAction.tenant_id == actor.tenant_id,
                    SupervisionAction.issued_on == on,
                    SupervisionAction.step.in_(rules.CHASING),
                )
                .group_by(SupervisionAction.unit_id)
            ).all()
        )
    )
    steps_taken = select(
        SupervisionAction.task_id,
        SupervisionAction.unit_id,
        SupervisionAction.step,
        SupervisionAction.subject_key,
    ).where(SupervisionAction.tenant_id == actor.tenant_id)
    chosen = _open_tasks(actor)
    if task_ids is not None:
        steps_taken = steps_taken.where(SupervisionAction.task_id.in_(task_ids))
        chosen = chosen.where(Task.id.in_(task_ids))
    taken = {tuple(row) for row in session.execute(steps_taken)}
    open_tasks = session.scalars(chosen)
    results: list[dict[str, Any]] = []
    for task in open_tasks:
        for deadline in deadlines(session, task, settings=settings, calendar=calendar, until=until):
            if deadline.subject == "accept":
                step = rules.acceptance_step(deadline.due, on, calendar=calendar, ladder=ladder)
            else:
                step = rules.step_for(deadline.due, on, calendar=calendar, ladder=ladder)
            if step is None or (task.id, deadline.unit.id, step.step, deadline.key) in taken:
                continue
            line = {
                "job": "ladder",
                "on": on.isoformat(),
                "task": task.code,
                "unit": deadline.unit.code,
                "step": step.step,
                "subject": deadline.key,
                "due": deadline.due.isoformat(),
                "days_overdue": step.days_overdue,
            }
            if step.step in rules.CHASING:
                if chased_today[deadline.unit.id] >= settings.reminders_per_unit_per_day:
                    results.append(line | {"skipped": "daily cap reached for the unit"})
                    continue
                chased_today[deadline.unit.id] += 1
            message = notify.ladder_message(
                step=step.step,
                task=task,
                unit=deadline.unit,
                subject=deadline.subject,
                period=deadline.period,
                due=deadline.due.isoformat(),
                days=step.days_overdue,
            )
            action = issue(
                session,
                actor=actor,
                settings=settings,
                task=task,
                unit=deadline.unit,
                step=step.step,
                key=deadline.key,
                on=on,
                message=message,
                due=deadline.due,
                days=step.days_overdue,
            )
            taken.add((task.id, deadline.unit.id, step.step, deadline.key))
            results.append(line | {"action": action.id, "recipients": action.recipients})
    return results
