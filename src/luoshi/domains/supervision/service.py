"""Supervision commands: task transitions and assignment (a return only within its window),
extensions, leaders' instructions, returned reports and urgings — each with its
notifications, and the task's light recomputed after it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.progress import instructions, lights, schedule
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import Instruction, Report
from luoshi.domains.supervision import events, ladder, notify
from luoshi.domains.supervision.models import ExtensionRequest, SupervisionAction
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import PublishOptions, TaskAssign, TaskCreate, TaskUpdate
from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.i18n import english_and_chinese, text
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit, User
from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

EXTENSION_FIELDS = ("status", "requested_due", "old_due", "decision_comment")


# ---------------------------------------------------------------- task changes
# The use cases on a task. The tasks domain holds the checks and the field writers
# (check_transition, fire_transition, set_units, set_due_date); these add what the chain
# above tasks knows: the return window, the light, and who is told.


def transition_task(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    transition: str,
    settings: Settings,
    reason: str = "",
    version: int | None = None,
) -> Task:
    """Fire a task transition and recompute the lights it moves.

    A return is refused once the return window has closed: after
    ``return_window_working_days`` working days from the assignment the task counts as
    accepted (the daily job accepts it by default).
    """
    task = tasks.check_transition(
        session,
        actor=actor,
        task_id=task_id,
        transition=transition,
        reason=reason,
        version=version,
    )
    if transition == "return":
        _check_return_window(session, task=task, settings=settings)
    tasks.fire_transition(session, actor=actor, task=task, transition=transition, reason=reason)
    lights.refresh_up(session, actor=actor, task=task, settings=settings)
    if transition == "assign":
        _tell_assignment(session, actor=actor, settings=settings, task=task)
    elif transition == "return":
        _tell_return(session, actor=actor, settings=settings, task=task)
    return task


def _tell_assignment(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task: Task,
    before_lead: int | None = None,
    before_co: frozenset[int] | None = None,
) -> None:
    """Tell the units of a task what it now asks of them.

    With ``before_co`` None the task was (re)sent: its lead unit and every co-unit are told.
    Otherwise only a new lead unit and the co-units added are. A former lead unit is told
    that another one leads the task now.
    """
    lead = session.get(Unit, task.lead_unit_id) if task.lead_unit_id else None
    if lead is None:
        return
    previous = (
        session.get(Unit, before_lead)
        if before_lead is not None and before_lead != lead.id
        else None
    )
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    window_end = (
        schedule.return_window_end(task, settings=settings, calendar=calendar)
        if task.status == "assigned"
        else None
    )
    if before_co is None or previous is not None:
        events.tell_assigned(
            session,
            actor=actor,
            settings=settings,
            task=task,
            unit=lead,
            role="lead",
            window_end=window_end,
            previous_lead=previous,
        )
    if previous is not None:
        events.tell_reassigned(
            session, actor=actor, settings=settings, task=task, old=previous, new=lead
        )
    for unit in tasks.co_units_of(session, task):
        if before_co is None or unit.id not in before_co:
            events.tell_assigned(
                session,
                actor=actor,
                settings=settings,
                task=task,
                unit=unit,
                role="co",
                window_end=None,
            )


def _tell_return(session: Session, *, actor: Actor, settings: Settings, task: Task) -> None:
    lead = session.get(Unit, task.lead_unit_id) if task.lead_unit_id else None
    office = session.get(Unit, task.office_unit_id) if task.office_unit_id else None
    if lead is not None and office is not None:
        events.tell_returned(
            session, actor=actor, settings=settings, task=task, lead=lead, office=office
        )


def _check_return_window(session: Session, *, task: Task, settings: Settings) -> None:
    if task.status != "assigned":
        return  # the status machine has its own word on it
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    window_end = schedule.return_window_end(task, settings=settings, calendar=calendar)
    if window_end is not None and schedule.today(settings) > window_end:
        raise InvalidInput.of(
            "err_return_window_closed_on_window_end_task",
            window_end=window_end.isoformat(),
            details={"window_end": window_end.isoformat()},
        )


def accept_task(
    session: Session, *, actor: Actor, task_id: int, settings: Settings, version: int | None = None
) -> Task:
    """The lead unit accepts its assignment."""
    return transition_task(
        session,
        actor=actor,
        task_id=task_id,
        transition="accept",
        settings=settings,
        version=version,
    )


def return_task(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    reason: str,
    settings: Settings,
    version: int | None = None,
) -> Task:
    """The lead unit returns its assignment with a reason, within the return window."""
    return transition_task(
        session,
        actor=actor,
        task_id=task_id,
        transition="return",
        reason=reason,
        settings=settings,
        version=version,
    )


def assign_task(
    session: Session, *, actor: Actor, task_id: int, data: TaskAssign, settings: Settings
) -> Task:
    """The supervising office gives a task its lead and co-units (again, after a return),
    which must lie under it, and sends it to them; a new assignment opens a new return
    window, so the light is recomputed."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.assign")
    before_lead, before_status = task.lead_unit_id, task.status
    before_co = frozenset(u.id for u in tasks.co_units_of(session, task))
    tasks.set_units(session, actor=actor, task=task, data=data)
    lights.refresh_up(session, actor=actor, task=task, settings=settings)
    sent = before_status != task.status  # draft or returned → assigned: a new round
    _tell_assignment(
        session,
        actor=actor,
        settings=settings,
        task=task,
        before_lead=before_lead,
        before_co=None if sent else before_co,
    )
    return task


def publish_breakdown(
    session: Session,
    *,
    actor: Actor,
    source_id: int,
    options: PublishOptions,
    settings: Settings,
) -> list[Task]:
    """Publish a reviewed breakdown as tasks; each task sent to a lead unit tells it and its
    co-units (a task without a lead stays a draft for the office to assign)."""
    created = tasks.create_from_breakdown(
        session,
        actor=actor,
        source_id=source_id,
        options=options,
        report_day=settings.monthly_report_day,
    )
    for task in created:
        if task.status == "assigned":
            _tell_assignment(session, actor=actor, settings=settings, task=task)
    return created


def split_task(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    parts: Sequence[TaskCreate],
    settings: Settings,
) -> list[Task]:
    """Break a task into sub-tasks for units below; each sub-task's units are told."""
    created = tasks.create_subtasks(session, actor=actor, task_id=task_id, parts=parts)
    for child in created:
        _tell_assignment(session, actor=actor, settings=settings, task=child)
    return created


def update_task(
    session: Session, *, actor: Actor, task_id: int, data: TaskUpdate, settings: Settings
) -> Task:
    """The supervising office edits a task's terms; a new due date goes through the one
    writer of due dates and the light follows it."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.assign")
    tasks.edit_terms(session, actor=actor, task=task, data=data)
    if "due_date" in data.model_fields_set and data.due_date != task.due_date:
        tasks.set_due_date(session, actor=actor, task=task, due_date=data.due_date, reason="edited")
    lights.refresh_up(session, actor=actor, task=task, settings=settings)
    return task


def accept_by_default(
    session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[dict[str, Any]]:
    """Accept every assignment whose return window closed before ``on`` (a job step)."""
    results = []
    assigned = session.scalars(
        select(Task)
        .where(Task.tenant_id == actor.tenant_id, Task.status == "assigned")
        .order_by(Task.code)
    )
    for task in list(assigned):
        window_end = schedule.return_window_end(task, settings=settings, calendar=calendar)
        if window_end is None or on <= window_end:
            continue
        en, zh = english_and_chinese(
            "note_task_accepted_by_default",
            day=window_end.isoformat(),
            days=settings.return_window_working_days,
        )
        tasks.fire_transition(
            session,
            actor=actor,
            task=task,
            transition="accept",
            reason=en,
            reason_zh=zh,
        )
        lead = session.get(Unit, task.lead_unit_id) if task.lead_unit_id else None
        office = session.get(Unit, task.office_unit_id) if task.office_unit_id else None
        if lead is not None:
            events.tell_accepted_by_default(
                session,
                actor=actor,
                settings=settings,
                task=task,
                lead=lead,
                office=office,
                window_end=window_end,
            )
        results.append(
            {
                "job": "accept_by_default",
                "on": on.isoformat(),
                "task": task.code,
                "window_end": window_end.isoformat(),
            }
        )
    return results


# ---------------------------------------------------------------- extensions


def _acting_for_lead(session: Session, actor: Actor, task: Task) -> Unit:
    lead = session.get(Unit, task.lead_unit_id) if task.lead_unit_id else None
    if lead is None or "lead" not in tasks.relations_to(session, actor, task):
        raise PermissionDenied.of("err_only_lead_unit_or_unit_above_may")
    return lead


def request_extension(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    requested_due: date,
    reason: str,
    settings: Settings,
) -> ExtensionRequest:
    """The lead unit asks for a later due date, before the current one has passed."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="extension.request")
    lead = _acting_for_lead(session, actor, task)
    if task.status not in ("accepted", "in_progress"):
        raise InvalidInput.of("err_status_task_cannot_be_extended", status=task.status)
    if task.due_date is None:
        raise InvalidInput.of("err_task_has_no_due_date_to_extend")
    if schedule.today(settings) > task.due_date:
        raise InvalidInput.of(
            "err_extension_asked_for_before_deadline_due_date", due_date=task.due_date.isoformat()
        )
    if requested_due <= task.due_date:
        raise InvalidInput.of("err_new_due_date_must_be_after_current")
    if not reason.strip():
        raise InvalidInput.of("err_extension_request_needs_reason")
    pending = session.scalar(
        select(ExtensionRequest.id).where(
            ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending"
        )
    )
    if pending is not None:
        raise Conflict.of("err_extension_request_pending_still_pending", pending=pending)
    request = ExtensionRequest(
        tenant_id=actor.tenant_id,
        task_id=task.id,
        unit_id=lead.id,
        requested_by_id=actor.user_id,
        reason=reason.strip(),
        old_due=task.due_date,
        requested_due=requested_due,
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="extension.request",
        object_type="task",
        object_id=task.id,
        new=audit.snapshot(request, EXTENSION_FIELDS) | {"extension_id": request.id},
        note=request.reason,
    )
    return request


def decide_extension(
    session: Session,
    *,
    actor: Actor,
    extension_id: int,
    approve: bool,
    comment: str,
    settings: Settings,
) -> ExtensionRequest:
    """The supervising office approves (the due date moves) or refuses (with a comment) a
    request. Nobody decides their own request; with ``extension_second_approver`` on, an
    approval takes two different people of the office."""
    request, task = get_extension_for(
        session, actor=actor, extension_id=extension_id, action="extension.decide"
    )
    if actor.is_self(request.requested_by_id):
        raise PermissionDenied.of("err_you_asked_for_extension_yourself_another_person")
    if request.status != "pending":
        raise InvalidInput.of("err_request_was_already_status", status=request.status)
    if not approve and not comment.strip():
        raise InvalidInput.of("err_refusal_needs_comment")
    if approve and task.due_date != request.old_due:
        raise Conflict.of("err_task_s_due_date_changed_since_request")
    old = audit.snapshot(request, EXTENSION_FIELDS)
    if approve and settings.extension_second_approver and request.first_approved_by_id is None:
        request.first_approved_by_id = actor.user_id
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="extension.first_approval",
            object_type="task",
            object_id=task.id,
            new={"extension_id": request.id, "first_approved_by_id": actor.user_id},
            note=comment.strip(),
        )
        return request
    if approve and actor.is_self(request.first_approved_by_id):
        raise PermissionDenied.of("err_you_approved_request_already_second_person_approves")
    if approve:
        tasks.set_due_date(
            session,
            actor=actor,
            task=task,
            due_date=request.requested_due,
            reason=f"extension {request.id} approved: {request.reason}",
        )
    request.status = "approved" if approve else "refused"
    request.decided_by_id = actor.user_id
    request.decided_at = clock.now()
    request.decision_comment = comment.strip()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"extension.{'approve' if approve else 'refuse'}",
        object_type="task",
        object_id=task.id,
        old=old,
        new=audit.snapshot(request, EXTENSION_FIELDS),
        note=request.decision_comment,
    )
    lights.refresh_up(session, actor=actor, task=task, settings=settings)
    unit = session.get(Unit, request.unit_id)
    verdict, label = (
        ("mail_verdict_approved", "mail_extension_approved")
        if approve
        else ("mail_verdict_refused", "mail_extension_refused")
    )
    remark = ("", "")
    if request.decision_comment:
        remark = notify.say("mail_decision_comment", comment=request.decision_comment)
    text_zh, text_en = notify.say(
        "mail_extension_decided",
        code=task.code,
        title=task.title,
        due=request.requested_due.isoformat(),
        verdict=notify.say(verdict),
        comment=remark,
    )
    events.tell_units(
        session,
        actor=actor,
        settings=settings,
        event="extension_decided",
        task=task,
        units=[unit] if unit else [],
        occasion=f"extension:{request.id}",
        label=notify.say(label),
        text_zh=text_zh,
        text_en=text_en,
    )
    return request


def get_extension_for(
    session: Session, *, actor: Actor, extension_id: int, action: str
) -> tuple[ExtensionRequest, Task]:
    """Load an extension request and check ``action`` on its task (the one load-and-check
    for extension requests)."""
    request = session.get(ExtensionRequest, extension_id)
    if request is None or request.tenant_id != actor.tenant_id:
        raise NotFound.of("err_extension_request_not_found")
    task = tasks.get_task_for(session, actor=actor, task_id=request.task_id, action=action)
    return request, task


def list_extensions(
    session: Session, *, actor: Actor, task_id: int | None = None, status: str | None = None
) -> list[ExtensionRequest]:
    """Extension requests on one task, or on every task the actor sees, newest first."""
    check(actor, "task.view")
    stmt = select(ExtensionRequest).where(ExtensionRequest.tenant_id == actor.tenant_id)
    if task_id is not None:
        tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
        stmt = stmt.where(ExtensionRequest.task_id == task_id)
    if status is not None:
        stmt = stmt.where(ExtensionRequest.status == status)
    rows = list(session.scalars(stmt.order_by(ExtensionRequest.id.desc())))
    if task_id is not None:
        return rows
    visible = []
    for row in rows:
        try:
            tasks.get_task_for(session, actor=actor, task_id=row.task_id, action="task.view")
        except NotFound:
            continue
        visible.append(row)
    return visible


# ---------------------------------------------------------------- instructions and reports


def write_instruction(
    session: Session, *, actor: Actor, task_id: int, text: str, settings: Settings
) -> Instruction:
    """A leader writes an instruction on a task; its units are told and must answer it in
    their next report."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="instruction.write")
    if not text.strip():
        raise InvalidInput.of("err_instruction_needs_text")
    author = session.get(User, actor.user_id) if actor.user_id is not None else None
    author_name = author.display_name if author is not None else actor.username
    instruction = instructions.create_instruction(
        session, actor=actor, task=task, text=text, author_name=author_name, settings=settings
    )
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    answer_by = schedule.answer_due(task, instruction.written_on, calendar=calendar).isoformat()
    text_zh, text_en = notify.say(
        "mail_instruction",
        author=author_name,
        code=task.code,
        title=task.title,
        instruction=instruction.text,
        answer_by=answer_by,
    )
    events.tell_units(
        session,
        actor=actor,
        settings=settings,
        event="instruction",
        task=task,
        units=[u for u in [session.get(Unit, task.lead_unit_id or -1)] if u]
        + tasks.co_units_of(session, task),
        occasion=f"instruction:{instruction.id}",
        text_zh=text_zh,
        text_en=text_en,
    )
    return instruction


def review_report(
    session: Session,
    *,
    actor: Actor,
    report_id: int,
    accept: bool,
    comment: str,
    settings: Settings,
) -> Report:
    """Accept a report, or return it to its unit with a comment (the unit is told)."""
    report = progress.record_review(
        session,
        actor=actor,
        report_id=report_id,
        accept=accept,
        comment=comment,
        settings=settings,
    )
    if not accept:
        task = session.get(Task, report.task_id)
        unit = session.get(Unit, report.unit_id)
        assert task is not None and unit is not None
        reviewed = report.reviewed_at.isoformat() if report.reviewed_at else ""
        said = {"code": task.code, "title": task.title, "period": report.period, "comment": comment}
        events.tell(
            session,
            actor=actor,
            settings=settings,
            event="report_returned",
            task=task,
            unit=unit,
            occasion=f"report:{report.id}@{reviewed}",
            subject_extra=report.period,
            text_zh=text("mail_report_returned", "zh", **said),
            text_en=text("mail_report_returned", "en", **said),
        )
    return report


# ---------------------------------------------------------------- urging and the record


def urge_task(
    session: Session, *, actor: Actor, task_id: int, comment: str, settings: Settings
) -> SupervisionAction:
    """The office urges a task's lead unit by hand, with its own words."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="supervision.urge")
    unit = session.get(Unit, task.lead_unit_id) if task.lead_unit_id else None
    if unit is None:
        raise InvalidInput.of("err_task_has_no_lead_unit_to_urge")
    if task.status not in ("assigned", "accepted", "in_progress"):
        raise InvalidInput.of("err_status_task_not_urged", status=task.status)
    if not comment.strip():
        raise InvalidInput.of("err_urging_needs_text")
    instant = clock.now()
    said = {"code": task.code, "title": task.title, "comment": comment.strip()}
    message = notify.Message(
        kind="urge",
        subject=f"【催办】{task.code} / Urging: {task.code}",
        text_zh=text("mail_urge_body", "zh", unit=unit.name_zh, **said),
        text_en=text("mail_urge_body", "en", unit=unit.name_en or unit.name_zh, **said),
        task=task,
        subject_zh=text("mail_urge_subject", "zh", code=task.code),
        subject_en=text("mail_urge_subject", "en", code=task.code),
    )
    return ladder.issue(
        session,
        actor=actor,
        settings=settings,
        task=task,
        unit=unit,
        step="urge",
        key=f"manual:{instant.isoformat()}",
        on=schedule.today(settings),
        message=message,
        due=task.due_date,
    )


def list_actions(session: Session, *, actor: Actor, task_id: int) -> list[SupervisionAction]:
    """The ladder steps taken on a task, newest first."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    return list(
        session.scalars(
            select(SupervisionAction)
            .where(SupervisionAction.task_id == task.id)
            .order_by(SupervisionAction.id.desc())
        )
    )
