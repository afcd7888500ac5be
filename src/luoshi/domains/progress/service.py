"""Progress reports: draft, file, accept, return; the task's progress follows the lead
unit's reports, and its light is recomputed after each of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.domains.progress import instructions, lights, rules, schedule
from luoshi.domains.progress.models import (
    Instruction,
    InstructionResponse,
    Report,
    ReportEvidence,
)
from luoshi.domains.progress.schemas import (
    EvidenceRead,
    ReportCreate,
    ReportDetail,
    ReportDraft,
    ReportUpdate,
    ResponseRead,
)
from luoshi.domains.tasks import access
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StaleEdit
from luoshi.i18n import english_and_chinese
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

REPORT_FIELDS = ("status", "review_comment", "progress")
REPORT_UPDATE_FIELDS = ("progress", "done", "problems", "next_steps")
REPORTABLE = frozenset({"accepted", "in_progress", "completed"})


def _reporting_unit(session: Session, actor: Actor, task: Task, unit_code: str | None) -> Unit:
    """The unit a report is filed for: the lead or a co-unit the actor speaks for (the lead
    unit's report first when the actor speaks for several)."""
    mine = access.spoken_for(session, actor, task)
    if unit_code is not None:
        mine = [u for u in mine if u.code == unit_code]
    if not mine:
        raise PermissionDenied.of("err_reports_are_filed_by_task_s_lead")
    return mine[0]


def _unit_reports(session: Session, task: Task, unit: Unit) -> dict[str, Report]:
    rows = session.scalars(
        select(Report).where(Report.task_id == task.id, Report.unit_id == unit.id)
    )
    return {r.period: r for r in rows}


def owed_period(
    task: Task,
    reports: dict[str, Report],
    *,
    settings: Settings,
    calendar: WorkingCalendar,
    on: date,
) -> str:
    """The period a unit reports on next: the earliest one due since its last filed report,
    else the current period — unless that one's report day passed before it was ever owed
    (a task assigned on 30 June owes no June report due on the 25th): then the next."""
    owed = schedule.report_schedule(task, settings=settings, calendar=calendar, until=on)
    pending = rules.since_last_filed(owed, {p: r.status for p, r in reports.items()})
    if pending:
        return pending[0][0]
    period = rules.period_of(task.report_cycle, on)
    if task.report_cycle == "once":
        return period
    due = schedule.due_of(task, period, calendar=calendar)
    if due < on and not _was_owed(task, period, due, settings=settings, calendar=calendar):
        period = rules.next_period(task.report_cycle, period) or period
    return period


def _was_owed(
    task: Task, period: str, due: date, *, settings: Settings, calendar: WorkingCalendar
) -> bool:
    """Whether the report for ``period`` was owed by its due day: one due before the task
    was assigned, or within its return window, was never asked for, so it cannot be late."""
    owed = schedule.report_schedule(task, settings=settings, calendar=calendar, until=due)
    return any(p == period for p, _ in owed)


def submit_report(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    data: ReportCreate,
    unit_code: str | None = None,
    settings: Settings,
) -> Report:
    """File (or re-file a returned) report for one period of a task.

    The lead unit must answer every open instruction of a leader in its report.
    """
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="report.submit")
    if task.status not in REPORTABLE:
        raise InvalidInput.of("err_status_task_takes_no_reports_accept_first", status=task.status)
    unit = _reporting_unit(session, actor, task, unit_code)
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    day = schedule.today(settings)
    reports = _unit_reports(session, task, unit)
    period = data.period or owed_period(task, reports, settings=settings, calendar=calendar, on=day)
    rules.check_period(task.report_cycle, period)
    period_start, period_end = rules.period_bounds(period, due=task.due_date)
    if period_start > day:
        raise InvalidInput.of("err_period_period_has_not_started_yet", period=period)
    due = schedule.due_of(task, period, calendar=calendar)
    existing = reports.get(period)
    if existing is not None and existing.status != "returned":
        raise Conflict.of(
            "err_report_for_period_was_already_filed_status", period=period, status=existing.status
        )
    kept = _answers_of(session, existing) if existing is not None else {}
    answers = _check_answers(session, task, unit, kept | _given(data))
    report = existing or Report(
        tenant_id=actor.tenant_id,
        task_id=task.id,
        unit_id=unit.id,
        period=period,
    )
    old = audit.snapshot(report, REPORT_FIELDS) if existing else None
    report.period_end = period_end if period != "once" else (task.due_date or day)
    report.due_on = due
    report.progress = data.progress
    report.done, report.problems, report.next_steps = data.done, data.problems, data.next_steps
    report.target_values = dict(data.target_values)
    report.status = "submitted"
    report.late = day > due and _was_owed(task, period, due, settings=settings, calendar=calendar)
    report.review_comment = ""
    report.submitted_at = now()
    report.submitted_by_id = actor.user_id
    if existing is None:
        session.add(report)
    session.flush()
    session.execute(delete(InstructionResponse).where(InstructionResponse.report_id == report.id))
    for instruction_id, text in answers.items():
        session.add(
            InstructionResponse(
                tenant_id=actor.tenant_id,
                report_id=report.id,
                report_period_end=report.period_end,
                instruction_id=instruction_id,
                unit_id=unit.id,
                text=text,
            )
        )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="report.submit",
        object_type="report",
        object_id=report.id,
        old=old,
        new=audit.snapshot(report, REPORT_FIELDS)
        | {"period": period, "late": report.late, "answers": sorted(answers)},
    )
    # A task split into sub-tasks takes its progress from them (roll-up); the lead's
    # own figure stays in its report for the office to compare.
    if unit.id == task.lead_unit_id and not tasks.subtasks(session, task):
        tasks.set_progress(session, actor=actor, task=task, progress=data.progress)
    lights.refresh_up(session, actor=actor, task=task, settings=settings, on=day)
    return report


def update_report(
    session: Session, *, actor: Actor, report_id: int, data: ReportUpdate, settings: Settings
) -> Report:
    """Change a filed report before it is reviewed (a returned one is filed again, an
    accepted one stays as it was accepted): only a person speaking for the unit that filed
    it, against the version read. The answers to instructions stay as filed."""
    report = get_report_for(session, actor=actor, report_id=report_id, action="report.submit")
    task = session.get(Task, report.task_id)
    assert task is not None
    if report.unit_id not in {u.id for u in access.spoken_for(session, actor, task)}:
        raise PermissionDenied.of("err_report_changed_only_by_its_unit")
    if report.status != "submitted":
        raise InvalidInput.of(
            "err_report_returned_file_again"
            if report.status == "returned"
            else "err_report_cannot_be_changed",
            id=report.id,
            status=report.status,
        )
    if data.version != report.version:
        raise StaleEdit.of(
            "err_report_was_changed_by_someone_else_version",
            version=report.version,
            version2=data.version,
            details={"current_version": report.version},
        )
    old = audit.snapshot(report, REPORT_UPDATE_FIELDS)
    report.progress = data.progress
    report.done, report.problems, report.next_steps = data.done, data.problems, data.next_steps
    new = audit.snapshot(report, REPORT_UPDATE_FIELDS)
    if new == old:
        return report
    session.flush()
    period_note = english_and_chinese("note_report_period", period=report.period)
    audit.record(
        session,
        actor=actor,
        action="report.update",
        object_type="report",
        object_id=report.id,
        old=old,
        new=new,
        note=period_note[0],
        note_zh=period_note[1],
    )
    if report.unit_id == task.lead_unit_id and not tasks.subtasks(session, task):
        tasks.set_progress(session, actor=actor, task=task, progress=data.progress)
    lights.refresh_up(session, actor=actor, task=task, settings=settings)
    return report


def _given(data: ReportCreate) -> dict[int, str]:
    return {a.instruction_id: a.text.strip() for a in data.responses}


def answers_of(session: Session, report: Report) -> dict[int, str]:
    """The answers to leaders' instructions a report gives, by instruction."""
    return _answers_of(session, report)


def answers_by_report(session: Session, report_ids: Sequence[int]) -> dict[int, dict[int, str]]:
    """``answers_of`` many reports, by report, a query per 500 reports (a sheet's)."""
    found: dict[int, dict[int, str]] = {i: {} for i in report_ids}
    ids = list(found)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(
                InstructionResponse.report_id,
                InstructionResponse.instruction_id,
                InstructionResponse.text,
            ).where(InstructionResponse.report_id.in_(ids[start : start + 500]))
        )
        for report_id, instruction_id, text in rows:
            found[report_id][instruction_id] = text
    return found


def _answers_of(session: Session, report: Report) -> dict[int, str]:
    """The answers a report already gives (kept when a returned report is filed again)."""
    rows = session.scalars(
        select(InstructionResponse).where(InstructionResponse.report_id == report.id)
    )
    return {r.instruction_id: r.text for r in rows}


def _check_answers(
    session: Session, task: Task, unit: Unit, answers: dict[int, str]
) -> dict[int, str]:
    """The answers a report gives, checked: the lead unit answers every open instruction."""
    known = set(session.scalars(select(Instruction.id).where(Instruction.task_id == task.id)))
    stray = sorted(set(answers) - known)
    if stray:
        raise InvalidInput.of("err_instructions_stray_are_not_on_task", stray=stray)
    if unit.id == task.lead_unit_id:
        open_ids = [i.id for i in instructions.open_instructions(session, task)]
        missing = [i for i in open_ids if i not in answers]
        if missing:
            raise InvalidInput.of(
                "err_answer_leader_s_instructions_in_report_first",
                details={"unanswered_instructions": missing},
            )
    return answers


def get_report_for(session: Session, *, actor: Actor, report_id: int, action: str) -> Report:
    """Load a report and check ``action`` on its task (the relation decides: the office
    reviews, the lead and co-units file and read)."""
    report = session.get(Report, report_id)
    if report is None or report.tenant_id != actor.tenant_id:
        raise NotFound.of("err_report_not_found")
    tasks.get_task_for(session, actor=actor, task_id=report.task_id, action=action)
    return report


def record_review(
    session: Session,
    *,
    actor: Actor,
    report_id: int,
    accept: bool,
    comment: str = "",
    settings: Settings,
) -> Report:
    """Accept a report, or return it with a comment for the unit to redo (the use case is
    supervision.review_report, which also tells the unit). Nobody reviews their own."""
    report = get_report_for(session, actor=actor, report_id=report_id, action="report.review")
    if actor.is_self(report.submitted_by_id):
        raise PermissionDenied.of("err_you_filed_report_yourself_another_person_reviews")
    if report.status != "submitted":
        raise InvalidInput.of("err_status_report_cannot_be_reviewed", status=report.status)
    if not accept and not comment.strip():
        raise InvalidInput.of("err_returned_report_needs_comment")
    old = audit.snapshot(report, REPORT_FIELDS)
    report.status = "accepted" if accept else "returned"
    report.review_comment = comment
    report.reviewed_at = now()
    report.reviewed_by_id = actor.user_id
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="report.accept" if accept else "report.return",
        object_type="report",
        object_id=report.id,
        old=old,
        new=audit.snapshot(report, REPORT_FIELDS),
        note=comment,
    )
    task = session.get(Task, report.task_id)
    assert task is not None
    lights.refresh_up(session, actor=actor, task=task, settings=settings)
    return report


def draft_report(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    unit_code: str | None = None,
    settings: Settings,
) -> ReportDraft:
    """The next report of a unit, pre-filled from its last one ("report once")."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="report.submit")
    unit = _reporting_unit(session, actor, task, unit_code)
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
    day = schedule.today(settings)
    reports = _unit_reports(session, task, unit)
    period = owed_period(task, reports, settings=settings, calendar=calendar, on=day)
    last = max(reports.values(), key=lambda r: (r.period_end, r.id), default=None)
    if period in reports:  # a returned report: start from what was filed for that period
        last = reports[period]
    to_answer = (
        instructions.to_read(
            session, task, instructions.open_instructions(session, task), calendar=calendar
        )
        if unit.id == task.lead_unit_id
        else []
    )
    return ReportDraft(
        task_id=task.id,
        unit_code=unit.code,
        period=period,
        due_on=schedule.due_of(task, period, calendar=calendar),
        progress=last.progress if last else (task.progress if unit.id == task.lead_unit_id else 0),
        done=last.done if last else "",
        problems=last.problems if last else "",
        next_steps=last.next_steps if last else "",
        target_values=dict(last.target_values) if last else {},
        targets=list(task.targets),
        based_on_report_id=last.id if last else None,
        instructions_to_answer=to_answer,
    )


def list_reports(session: Session, *, actor: Actor, task_id: int) -> list[Report]:
    tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    stmt = (
        select(Report)
        .where(Report.task_id == task_id)
        .order_by(Report.period_end.desc(), Report.id.desc())
    )
    return list(session.scalars(stmt))


def _details(session: Session, task: Task, rows: list[Report]) -> list[ReportDetail]:
    ids = [r.id for r in rows]
    units = {
        u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_({r.unit_id for r in rows})))
    }
    evidence = (
        list(
            session.scalars(
                select(ReportEvidence)
                .where(ReportEvidence.report_id.in_(ids))
                .order_by(ReportEvidence.id)
            )
        )
        if ids
        else []
    )
    responses = (
        list(
            session.scalars(
                select(InstructionResponse)
                .where(InstructionResponse.report_id.in_(ids))
                .order_by(InstructionResponse.id)
            )
        )
        if ids
        else []
    )
    return [
        ReportDetail.model_validate(
            {
                **{k: getattr(r, k) for k in ReportDetail.model_fields if hasattr(r, k)},
                "unit_code": units[r.unit_id].code,
                "unit_name": units[r.unit_id].name_zh,
                "is_lead": r.unit_id == task.lead_unit_id,
                "evidence": [
                    EvidenceRead.model_validate(e) for e in evidence if e.report_id == r.id
                ],
                "responses": [
                    ResponseRead.model_validate(x) for x in responses if x.report_id == r.id
                ],
                "parts": [],
            }
        )
        for r in rows
    ]


def report_details(session: Session, *, actor: Actor, task_id: int) -> list[ReportDetail]:
    """A task's lead-unit reports, newest first, each with the co-units' parts for its
    period; co-unit reports of periods the lead has not reported yet follow on their own."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    rows = list_reports(session, actor=actor, task_id=task_id)
    details = _details(session, task, rows)
    lead_periods = {d.period for d in details if d.is_lead}
    result = []
    for detail in details:
        if detail.is_lead:
            detail.parts = [d for d in details if not d.is_lead and d.period == detail.period]
            result.append(detail)
        elif detail.period not in lead_periods:
            result.append(detail)
    return result


def get_report_detail(session: Session, *, actor: Actor, report_id: int) -> ReportDetail:
    report = get_report_for(session, actor=actor, report_id=report_id, action="task.view")
    task = session.get(Task, report.task_id)
    assert task is not None
    detail = _details(session, task, [report])[0]
    if detail.is_lead:
        parts = session.scalars(
            select(Report)
            .where(
                Report.task_id == task.id,
                Report.period == report.period,
                Report.unit_id != report.unit_id,
            )
            .order_by(Report.id)
        )
        detail.parts = _details(session, task, list(parts))
    return detail


def visible_reports(session: Session, *, actor: Actor) -> list[tuple[Report, Task, Unit]]:
    """Every report on a task the actor may see (a co-unit reads the lead's too), with its
    task and unit, by task code, period and unit (the scope of the reports sheet)."""
    check(actor, "task.view")
    stmt = (
        select(Report, Task, Unit)
        .join(Task, Task.id == Report.task_id)
        .join(Unit, Unit.id == Report.unit_id)
        .where(access.visible(actor))
        .order_by(Task.code, Report.period, Report.unit_id != Task.lead_unit_id, Unit.code)
    )
    return [(r, t, u) for r, t, u in session.execute(stmt).all()]


def unit_report(session: Session, *, task_id: int, unit_id: int, period: str) -> Report | None:
    """A unit's report on a task for one period, if it filed one."""
    stmt = select(Report).where(
        Report.task_id == task_id, Report.unit_id == unit_id, Report.period == period
    )
    if period != "once" and (bounds := _bounds_or_none(period)) is not None:
        # The period's end is the report's partition key (PostgreSQL reads one month).
        stmt = stmt.where(Report.period_end == bounds[1])
    return session.scalar(stmt)


def _bounds_or_none(period: str) -> tuple[date, date] | None:
    try:
        return rules.period_bounds(period)
    except InvalidInput:
        return None  # a malformed period: no report has it


def latest_report(session: Session, *, task_id: int, unit_id: int | None = None) -> Report | None:
    stmt = select(Report).where(Report.task_id == task_id)
    if unit_id is not None:
        stmt = stmt.where(Report.unit_id == unit_id)
    return session.scalar(stmt.order_by(Report.period_end.desc(), Report.id.desc()).limit(1))


def reports_between(session: Session, *, tenant_id: str, start: date, end: date) -> list[Report]:
    stmt = select(Report).where(
        Report.tenant_id == tenant_id, Report.period_end >= start, Report.period_end <= end
    )
    return list(session.scalars(stmt))
