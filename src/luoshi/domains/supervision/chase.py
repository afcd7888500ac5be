"""The escalation ladder for register deadlines: remind, urge, yellow and red notices.

Tasks are chased by ``ladder.run_ladder``; the registers (key projects' monthly reports,
proposals' replies, support items' landing dates…) hand their deadlines to ``chase``, which
applies the same thresholds in working days (``rules.step_for``), tells the unit's users
(inbox, e-mail, the group robot for the steps in ``LUOSHI_WEBHOOK_EVENTS``) and records the
step once per (record, unit, step, subject), so a job run twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luoshi.domains.supervision import notify, rules
from luoshi.domains.supervision.ladder import ladder_for
from luoshi.domains.supervision.models import RegisterChase
from luoshi.i18n import text
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings


def chase(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    calendar: WorkingCalendar,
    on: date,
    object_type: str,
    object_id: int,
    unit: Unit,
    subject_key: str,
    due: date,
    title: str,
    link: str,
    title_zh: str | None = None,
) -> dict[str, Any] | None:
    """Take the ladder step ``due`` calls for on ``on`` at ``unit``, if any and not yet taken.

    ``title`` says what is owed ("the monthly report of project XM-01 for 2023-04"); the
    Chinese text uses ``title_zh`` when given. Returns the job's line for a step taken now.
    """
    if not calendar.is_working_day(on):
        return None
    step = rules.step_for(due, on, calendar=calendar, ladder=ladder_for(settings))
    if step is None:
        return None
    if _taken(session, actor.tenant_id, object_type, object_id, unit.id, step.step, subject_key):
        return None
    if step.step in rules.CHASING and _chased_today(session, actor.tenant_id, unit.id, on) >= (
        settings.reminders_per_unit_per_day
    ):
        return None
    message = _message(step, unit=unit, title=title, title_zh=title_zh, due=due, link=link)
    row = RegisterChase(
        tenant_id=actor.tenant_id,
        object_type=object_type,
        object_id=object_id,
        unit_id=unit.id,
        step=step.step,
        subject_key=subject_key,
        due_on=due,
        days_overdue=step.days_overdue,
        issued_on=on,
        message_en=message.text_en,
        message_zh=message.text_zh,
        recipients=[],
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # Another run took this step between our look and our write: it is taken once.
        return None
    row.recipients = notify.send(
        session,
        tenant_id=actor.tenant_id,
        settings=settings,
        message=message,
        units=[unit],
        emails=[unit.head_email] if step.step == "notice_red" else [],
        webhook=step.step in settings.webhook_events,
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"supervision.{step.step}",
        object_type=object_type,
        object_id=object_id,
        new={
            "unit": unit.code,
            "subject": subject_key,
            "due": due,
            "days_overdue": step.days_overdue,
            "recipients": row.recipients,
        },
        note=message.text_en,
        note_zh=message.text_zh,
    )
    return {
        "job": "chase",
        "on": on.isoformat(),
        "object": f"{object_type}:{object_id}",
        "unit": unit.code,
        "step": step.step,
        "subject": subject_key,
        "due": due.isoformat(),
        "days_overdue": step.days_overdue,
    }


def chases_of(
    session: Session, *, tenant_id: str, object_type: str, object_id: int
) -> list[RegisterChase]:
    """The steps taken on one record, oldest first (its page shows them)."""
    return list(
        session.scalars(
            select(RegisterChase)
            .where(
                RegisterChase.tenant_id == tenant_id,
                RegisterChase.object_type == object_type,
                RegisterChase.object_id == object_id,
            )
            .order_by(RegisterChase.id)
        )
    )


def _taken(
    session: Session,
    tenant_id: str,
    object_type: str,
    object_id: int,
    unit_id: int,
    step: str,
    subject_key: str,
) -> bool:
    return (
        session.scalar(
            select(RegisterChase.id).where(
                RegisterChase.tenant_id == tenant_id,
                RegisterChase.object_type == object_type,
                RegisterChase.object_id == object_id,
                RegisterChase.unit_id == unit_id,
                RegisterChase.step == step,
                RegisterChase.subject_key == subject_key,
            )
        )
        is not None
    )


def _chased_today(session: Session, tenant_id: str, unit_id: int, on: date) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                RegisterChase.tenant_id == tenant_id,
                RegisterChase.unit_id == unit_id,
                RegisterChase.issued_on == on,
                RegisterChase.step.in_(rules.CHASING),
            )
        )
        or 0
    )


def _message(
    step: rules.Step, *, unit: Unit, title: str, title_zh: str | None, due: date, link: str
) -> notify.Message:
    zh_label, en_label = notify.STEP_LABELS[step.step]
    unit_zh = unit.name_zh
    unit_en = unit.name_en or unit.name_zh
    what_zh = title_zh or title
    days = step.days_overdue
    key = "mail_chase_remind" if step.step == "remind" else "mail_chase_step"
    said = {"due": due.isoformat(), "days": days, "s": "" if days == 1 else "s"}
    text_zh = text(key, "zh", label=zh_label, unit=unit_zh, what=what_zh, **said)
    text_en = text(key, "en", label=en_label, unit=unit_en, what=title, **said)
    return notify.Message(
        kind=f"chase_{step.step}",
        # Both languages, as a task message's: the inbox shows the reader's half.
        subject=f"【{zh_label}】{what_zh} / {en_label}: {title}"[:300],
        text_zh=text_zh,
        text_en=text_en,
        subject_zh=f"{zh_label}：{what_zh}"[:300],
        subject_en=f"{en_label}: {title}"[:300],
        data={"subject": title, "due": due.isoformat(), "step": step.step, "link": link},
        link=link,
    )
