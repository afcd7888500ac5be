"""Events on a task that people are told of, each told to a unit once.

An assignment (as lead or co-unit), a return (to the supervising office), a reassignment
(the old lead is told; the new lead gets its assignment), a report returned, an extension
decided, a leader's instruction, and an acceptance by default (to the lead and the office).
Each reaches the users of the unit through ``notify.send`` — their inbox, e-mail when SMTP is
set up, the group robot when the event is in ``webhook_events`` — and is kept as a
``notification`` row whose unique key (event, task, unit, occasion) makes it happen once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.supervision import notify
from luoshi.domains.supervision.models import Notification
from luoshi.domains.tasks.models import Task
from luoshi.i18n import text
from luoshi.kernel import audit
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

EVENTS = (
    "assigned",
    "reassigned",
    "returned",
    "report_returned",
    "extension_decided",
    "instruction",
    "accepted_by_default",
)
# (中文, English) of each event, for subjects: from the catalogues (mail_event_<event>).
LABELS = {
    event: (text(f"mail_event_{event}", "zh"), text(f"mail_event_{event}", "en"))
    for event in EVENTS
}


def occasion_of(task: Task) -> str:
    """The occasion of an event caused by a change of the task: the version it made, and
    the lead it has then. The version moves once per transaction (db.Versioned), so a
    reassignment in the same transaction as the assignment is still an occasion of its own."""
    return f"v{task.version}:lead{task.lead_unit_id}"


def tell(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    event: str,
    task: Task,
    unit: Unit,
    occasion: str,
    text_zh: str,
    text_en: str,
    subject_extra: str = "",
    label: tuple[str, str] | None = None,
) -> Notification | None:
    """Tell the users of ``unit`` of ``event`` on ``task``, once per ``occasion`` (audited as
    ``notify.<event>``). Returns None when the unit was told of it already."""
    if event not in LABELS:
        raise ValueError(f"unknown event {event!r}")
    key = (
        Notification.tenant_id == task.tenant_id,
        Notification.event == event,
        Notification.task_id == task.id,
        Notification.unit_id == unit.id,
        Notification.occasion == occasion,
    )
    if session.scalar(select(Notification.id).where(*key)) is not None:
        return None
    # The row goes in first: a concurrent twin then fails on the unique key instead of
    # telling the unit a second time.
    row = Notification(
        tenant_id=task.tenant_id,
        event=event,
        task_id=task.id,
        unit_id=unit.id,
        occasion=occasion,
        recipients=[],
    )
    session.add(row)
    session.flush()
    zh, en = label or LABELS[event]
    extra = f" {subject_extra}" if subject_extra else ""
    message = notify.Message(
        kind=event,
        subject=f"【{zh}】{task.code}{extra} / {en}: {task.code}{extra}",
        text_zh=text_zh,
        text_en=text_en,
        subject_zh=f"【{zh}】{task.code}{extra}",
        subject_en=f"{en}: {task.code}{extra}",
        task=task,
        data={"event": event, "unit": unit.code, "occasion": occasion},
    )
    row.recipients = notify.send(
        session,
        tenant_id=task.tenant_id,
        settings=settings,
        message=message,
        units=[unit],
        webhook=event in settings.webhook_events,
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"notify.{event}",
        object_type="task",
        object_id=task.id,
        new={"unit": unit.code, "occasion": occasion, "recipients": row.recipients},
        note=text_en,
        note_zh=text_zh,
    )
    return row


def _names(unit: Unit) -> tuple[str, str]:
    return unit.name_zh, unit.name_en or unit.name_zh


def _due(task: Task) -> tuple[str, str]:
    if task.due_date is None:
        return "", ""
    return notify.say("mail_due", due=task.due_date.isoformat())


def tell_assigned(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task: Task,
    unit: Unit,
    role: str,
    window_end: date | None,
    previous_lead: Unit | None = None,
) -> Notification | None:
    """Tell ``unit`` it was given ``task`` as its lead unit or a co-unit."""
    due = _due(task)
    if role == "lead":
        as_role = notify.say("mail_role_lead")
        if window_end is not None:
            ask = notify.say("mail_assigned_ask_lead", end=window_end.isoformat())
        else:  # a new lead of a task already accepted: nothing to accept
            ask = ("", "")
    else:
        as_role, ask = notify.say("mail_role_co"), notify.say("mail_assigned_ask_co")
    before = ("", "")
    if previous_lead is not None:
        before = notify.say("mail_assigned_before", old=_names(previous_lead))
    text_zh, text_en = notify.say(
        "mail_assigned",
        unit=_names(unit),
        code=task.code,
        title=task.title,
        role=as_role,
        before=before,
        due=due,
        ask=ask,
    )
    return tell(
        session,
        actor=actor,
        settings=settings,
        event="assigned",
        task=task,
        unit=unit,
        occasion=occasion_of(task),
        text_zh=text_zh,
        text_en=text_en,
    )


def tell_reassigned(
    session: Session, *, actor: Actor, settings: Settings, task: Task, old: Unit, new: Unit
) -> Notification | None:
    """Tell the former lead unit that ``task`` is now led by ``new``."""
    text_zh, text_en = notify.say(
        "mail_reassigned", old=_names(old), new=_names(new), code=task.code, title=task.title
    )
    return tell(
        session,
        actor=actor,
        settings=settings,
        event="reassigned",
        task=task,
        unit=old,
        occasion=occasion_of(task),
        text_zh=text_zh,
        text_en=text_en,
    )


def tell_returned(
    session: Session, *, actor: Actor, settings: Settings, task: Task, lead: Unit, office: Unit
) -> Notification | None:
    """Tell the supervising office that its lead unit returned ``task``."""
    text_zh, text_en = notify.say(
        "mail_returned",
        lead=_names(lead),
        code=task.code,
        title=task.title,
        reason=task.return_reason,
    )
    return tell(
        session,
        actor=actor,
        settings=settings,
        event="returned",
        task=task,
        unit=office,
        occasion=occasion_of(task),
        text_zh=text_zh,
        text_en=text_en,
    )


def tell_accepted_by_default(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task: Task,
    lead: Unit,
    office: Unit | None,
    window_end: date,
) -> list[Notification]:
    """Tell the lead unit and the office that ``task`` now counts as accepted."""
    text_zh, text_en = notify.say(
        "mail_accepted_by_default",
        lead=_names(lead),
        code=task.code,
        title=task.title,
        end=window_end.isoformat(),
    )
    told = []
    for unit in [lead] if office is None or office.id == lead.id else [lead, office]:
        row = tell(
            session,
            actor=actor,
            settings=settings,
            event="accepted_by_default",
            task=task,
            unit=unit,
            occasion=occasion_of(task),
            text_zh=text_zh,
            text_en=text_en,
        )
        if row is not None:
            told.append(row)
    return told


def tell_units(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    event: str,
    task: Task,
    units: Iterable[Unit],
    occasion: str,
    text_zh: str,
    text_en: str,
    subject_extra: str = "",
    label: tuple[str, str] | None = None,
) -> list[Notification]:
    """Tell each of ``units`` the same thing, once each."""
    told = []
    for unit in units:
        row = tell(
            session,
            actor=actor,
            settings=settings,
            event=event,
            task=task,
            unit=unit,
            occasion=occasion,
            text_zh=text_zh,
            text_en=text_en,
            subject_extra=subject_extra,
            label=label,
        )
        if row is not None:
            told.append(row)
    return told
