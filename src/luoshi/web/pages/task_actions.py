"""The task page as a place of work: what the viewer may do on a task, and the forms that
do it (accept or return, file and review reports, extensions, instructions, urging).

Every form posts here, calls one service, and answers 303 back to the task page. The
services stay the authority: a refused action renders the task page again with the
service's message and the error's status, and its transaction is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.progress import evidence, instructions, lights, schedule
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import InstructionAnswer, ReportCreate, ReportDraft
from luoshi.domains.sources import service as sources
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskAssign
from luoshi.errors import InvalidInput, LuoshiError, NotFound
from luoshi.kernel import audit, permissions, units
from luoshi.kernel.fields import CODE_MAX
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import DATABASE_CONFLICTS, FormRefused, as_domain, status_for
from luoshi.web.pages import linked
from luoshi.web.pages.forms import CodeForm, CodeList, IdList, NameForm, NoteForm, NoteList
from luoshi.web.pages.rendering import page_language, render, said
from luoshi.web.security import rate_limit

router = APIRouter()
CONTEXT_CHARS = 160
URGEABLE = frozenset({"assigned", "accepted", "in_progress"})
EXTENDABLE = frozenset({"accepted", "in_progress"})
FLASH_KEY = "flash"


# ---------------------------------------------------------------- what the viewer may do


@dataclass(frozen=True)
class Work:
    """The forms the task page shows its viewer: the rules the services enforce, read
    ahead so that nobody is offered what would be refused."""

    accept: bool = False
    return_: bool = False
    window_end: date | None = None
    window_closed: bool = False
    draft: ReportDraft | None = None
    draft_unit: str = ""
    draft_unit_en: str = ""
    draft_own: bool = False  # the viewer's own unit files it (else: one above it)
    report_filed: str = ""  # the period owed is filed already
    review: bool = False
    extension_request: bool = False
    extension_pending: bool = False
    extension_decide: bool = False
    instruction: bool = False
    urge: bool = False
    # A returned task goes back to the office: give it a lead (and co-units) again.
    reassign: bool = False
    reassign_units: tuple[tuple[str, str, str], ...] = ()  # (code, zh, en) under the office

    @property
    def any(self) -> bool:
        return any(
            (
                self.accept,
                self.return_,
                self.draft,
                self.report_filed,
                self.extension_request,
                self.extension_pending,
                self.instruction,
                self.urge,
                self.reassign,
            )
        )


def _units_of(session: Session, actor: Actor, task: Any) -> tuple[Any, list[Any]]:
    lead = (
        units.get_unit(session, actor=actor, unit_id=task.lead_unit_id)
        if task.lead_unit_id is not None
        else None
    )
    return lead, tasks.co_units_of(session, task)


def viewer_work(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task: Any,
    allowed: list[str],
    extensions: list[Any],
    reports: list[Any],
) -> Work:
    lead, _ = _units_of(session, actor, task)
    relations = tasks.relations_to(session, actor, task)

    def may(action: str) -> bool:
        return permissions.allows(actor, action, relations)

    today = schedule.today(settings)
    values: dict[str, Any] = {}
    if may("task.accept"):
        values["accept"] = "accept" in allowed
        if "return" in allowed:
            calendar = schedule.calendar_for(session, settings=settings, tenant_id=task.tenant_id)
            window_end = schedule.return_window_end(task, settings=settings, calendar=calendar)
            closed = window_end is not None and today > window_end
            values.update(return_=not closed, window_end=window_end, window_closed=closed)
    if may("report.submit") and task.status in progress.REPORTABLE:
        draft = progress.draft_report(session, actor=actor, task_id=task.id, settings=settings)
        filed = [
            r
            for r in reports
            if r.period == draft.period
            and r.unit_code == draft.unit_code
            and r.status != "returned"
        ]
        if filed:
            values["report_filed"] = draft.period
        else:
            unit = units.get_unit_by_code(session, tenant_id=actor.tenant_id, code=draft.unit_code)
            values.update(
                draft=draft,
                draft_unit=unit.name_zh,
                draft_unit_en=unit.name_en or unit.name_zh,
                draft_own=unit.id == actor.unit_id,
            )
    pending = any(e.status == "pending" for e in extensions)
    if (
        may("extension.request")
        and task.status in EXTENDABLE
        and task.due_date is not None
        and today <= task.due_date
    ):
        values["extension_pending"] = pending
        values["extension_request"] = not pending
    values["review"] = may("report.review")
    values["extension_decide"] = may("extension.decide")
    values["instruction"] = may("instruction.write")
    values["urge"] = may("supervision.urge") and lead is not None and task.status in URGEABLE
    # Whoever returned the task may not also reassign it (separation of duties).
    if (
        may("task.assign")
        and task.status == "returned"
        and not actor.is_self(task.returned_by_id)
        and task.office_unit_id is not None
    ):
        office = units.get_unit(session, actor=actor, unit_id=task.office_unit_id)
        values["reassign"] = True
        values["reassign_units"] = tuple(
            (u.code, u.name_zh, u.name_en or u.name_zh)
            for u in units.list_units(session, actor=actor, under=office.code)
            if u.id != office.id
        )
    return Work(**values)


# ---------------------------------------------------------------- the page


@dataclass(frozen=True)
class FoldedStep:
    """The ladder steps of one kind, shown as one row: how many, to which units, from when
    to when, the latest message, and every date (with its unit) on demand."""

    step: str
    count: int
    unit_ids: tuple[int, ...]  # each once, the latest first
    first: date
    last: date
    days_overdue: int | None
    message_zh: str
    message_en: str
    entries: tuple[tuple[date, int], ...]  # (day, unit), newest first


def fold_actions(actions: list[Any]) -> list[FoldedStep]:
    """``actions`` (newest first) folded by step, the kind taken most recently first: a red
    task chased for months shows one row per kind of step, not one per day and unit."""
    groups: dict[str, list[Any]] = {}
    for action in actions:
        groups.setdefault(action.step, []).append(action)
    folded = []
    for step, rows in groups.items():
        days = [a.issued_on for a in rows]
        latest = rows[0]
        folded.append(
            FoldedStep(
                step=step,
                count=len(rows),
                unit_ids=tuple(dict.fromkeys(a.unit_id for a in rows)),
                first=min(days),
                last=max(days),
                days_overdue=latest.days_overdue,
                message_zh=latest.message_zh,
                message_en=latest.message_en,
                entries=tuple((a.issued_on, a.unit_id) for a in rows),
            )
        )
    return folded


def _unit_names(session: Session, actor: Actor, ids: set[int], lang: str) -> dict[int, str]:
    names = {}
    for unit_id in ids:
        try:
            unit = units.get_unit(session, actor=actor, unit_id=unit_id)
        except LuoshiError:
            continue
        names[unit_id] = unit.name_zh if lang == "zh" else (unit.name_en or unit.name_zh)
    return names


def render_task(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task_id: int,
    error: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The task page: facts and light, the viewer's work, reports, instructions,
    extensions, supervision and history."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    detail = tasks.to_detail(session, task)
    before = after = ""
    if task.source_id is not None and task.span_start is not None and task.span_end is not None:
        source = sources.get_source_for(
            session, actor=actor, source_id=task.source_id, action="source.view"
        )
        before = source.text[max(0, task.span_start - CONTEXT_CHARS) : task.span_start]
        after = source.text[task.span_end : task.span_end + CONTEXT_CHARS]
    parent = None
    if task.parent_id is not None:
        try:
            parent = tasks.to_read(
                session,
                tasks.get_task_for(
                    session, actor=actor, task_id=task.parent_id, action="task.view"
                ),
            )
        except NotFound:  # a unit may own a sub-task without seeing its parent
            parent = None
    reports = progress.report_details(session, actor=actor, task_id=task.id)
    flat = [p for r in reports for p in [r, *r.parts]]
    extensions = supervision.list_extensions(session, actor=actor, task_id=task.id)
    written = instructions.list_instructions(
        session, actor=actor, task_id=task.id, settings=settings
    )
    actions = supervision.list_actions(session, actor=actor, task_id=task.id)
    unit_ids = {e.unit_id for e in extensions} | {a.unit_id for a in actions}
    unit_ids |= {x.unit_id for i in written for x in i.responses}
    # A report's unit by the page's language (report_details names it in Chinese).
    unit_ids |= {r.unit_id for r in flat}
    work = viewer_work(
        session,
        actor=actor,
        settings=settings,
        task=task,
        allowed=detail.allowed_transitions,
        extensions=extensions,
        reports=flat,
    )
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        "task.html",
        status_code=status_code,
        actor=actor,
        task=detail,
        parent=parent,
        before=before,
        after=after,
        subtasks=tasks.to_reads(session, tasks.subtasks(session, task)),
        reports=reports,
        to_review=sum(1 for r in flat if r.status == "submitted") if work.review else 0,
        extensions=extensions,
        instructions=written,
        lights=lights.light_history(session, actor=actor, task_id=task.id),
        linked=linked.linked_records(session, actor=actor, task_id=task.id),
        reasons=lights.current_reasons(
            session, task, settings=settings, language=page_language(request)
        ),
        actions=fold_actions(actions),
        unit_names=_unit_names(session, actor, unit_ids, page_language(request)),
        history=audit.history_of(
            session, tenant_id=actor.tenant_id, object_type="task", object_id=task.id
        ),
        work=work,
        error=error,
        flash=flash,
        form=form or {},
    )


def _refused(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task_id: int,
    exc: LuoshiError,
    form: dict[str, Any] | None,
) -> Response:
    """The task page again with the service's message, nothing changed."""
    session.rollback()
    status = status_for(exc)
    try:
        return render_task(
            request,
            session,
            actor=actor,
            settings=settings,
            task_id=task_id,
            error=said(request, exc),
            form=form,
            status_code=status,
        )
    except LuoshiError:  # the task itself is out of reach: say so, without the page
        session.rollback()
        return render(
            request, "error.html", status_code=status, actor=actor, error=said(request, exc)
        )


def _do(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    task_id: int,
    action: Callable[[], object],
    flash: str,
    anchor: str = "",
    form: dict[str, Any] | None = None,
) -> Response:
    try:
        action()
        session.flush()
    except (LuoshiError, *DATABASE_CONFLICTS) as exc:
        return _refused(
            request,
            session,
            actor=actor,
            settings=settings,
            task_id=task_id,
            exc=as_domain(exc),
            form=form,
        )
    request.session[FLASH_KEY] = flash
    return RedirectResponse(f"/tasks/{task_id}{anchor}", status_code=303)


# ---------------------------------------------------------------- accept or return


@router.post("/tasks/{task_id}/accept", response_class=HTMLResponse)
def accept_task(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    version: Annotated[int | None, Form()] = None,
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_accepted",
        action=lambda: supervision.accept_task(
            session, actor=actor, task_id=task_id, settings=settings, version=version
        ),
    )


@router.post("/tasks/{task_id}/return", response_class=HTMLResponse)
def return_task(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    reason: NoteForm = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_returned",
        form={"reason": reason},
        action=lambda: supervision.return_task(
            session,
            actor=actor,
            task_id=task_id,
            reason=reason,
            settings=settings,
            version=version,
        ),
    )


# ---------------------------------------------------------------- reports


def _percent(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = -1
    if not 0 <= number <= 100:
        raise InvalidInput.of("progress_whole_number", value=value.strip()[:20])
    return number


def _uploads(files: list[UploadFile] | None, settings: Settings) -> list[tuple[str, bytes]]:
    """The files chosen (an empty file input sends one nameless, empty part)."""
    chosen = []
    for upload in files or []:
        content = upload.file.read(settings.evidence_max_bytes + 1)
        if not upload.filename and not content:
            continue
        if len(content) > settings.evidence_max_bytes:
            raise InvalidInput.of(
                "file_too_large", name=upload.filename or "", cap=settings.evidence_max_bytes
            )
        chosen.append((upload.filename or "", content))
    return chosen


@router.post(
    "/tasks/{task_id}/reports",
    response_class=HTMLResponse,
    dependencies=[Depends(rate_limit("upload"))],  # carries evidence files
)
def file_report(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    progress_percent: Annotated[str, Form(alias="progress", max_length=CODE_MAX)] = "",
    period: NameForm = "",
    unit: NameForm = "",
    done: NoteForm = "",
    problems: NoteForm = "",
    next_steps: NoteForm = "",
    answer_id: IdList = None,
    answer_text: NoteList = None,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """File the report of the period owed, with answers and evidence, in one transaction."""
    answers = dict(zip(answer_id or [], answer_text or [], strict=False))
    form = {
        "progress": progress_percent,
        "done": done,
        "problems": problems,
        "next_steps": next_steps,
        "answers": answers,
    }

    def file() -> None:
        percent = _percent(progress_percent)
        chosen = _uploads(files, settings)
        draft = progress.draft_report(
            session, actor=actor, task_id=task_id, unit_code=unit or None, settings=settings
        )
        try:
            data = ReportCreate(
                period=period or None,
                progress=percent,
                done=done.strip(),
                problems=problems.strip(),
                next_steps=next_steps.strip(),
                target_values=draft.target_values,
                responses=[
                    InstructionAnswer(instruction_id=i, text=text.strip())
                    for i, text in answers.items()
                    if text.strip()
                ],
            )
        except ValidationError as exc:
            # The schema's bounds (lengths, no NUL) apply to the form too: say which field.
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise FormRefused([error], f"{where}: {error['msg']}") from exc
        report = progress.submit_report(
            session,
            actor=actor,
            task_id=task_id,
            data=data,
            unit_code=unit or None,
            settings=settings,
        )
        for filename, content in chosen:
            evidence.add_evidence(
                session,
                actor=actor,
                report_id=report.id,
                filename=filename,
                content=content,
                settings=settings,
            )

    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_report_filed",
        anchor="#reports",
        form=form,
        action=file,
    )


@router.post("/tasks/{task_id}/reports/{report_id}/review", response_class=HTMLResponse)
def review_report(
    request: Request,
    task_id: int,
    report_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    decision: CodeForm = "",
    comment: NoteForm = "",
) -> Response:
    def review() -> None:
        if decision not in ("accept", "return"):
            raise InvalidInput.of("choose_accept_or_return")
        report = progress.get_report_detail(session, actor=actor, report_id=report_id)
        if report.task_id != task_id:
            raise NotFound.of("err_report_not_found")
        supervision.review_report(
            session,
            actor=actor,
            report_id=report_id,
            accept=decision == "accept",
            comment=comment.strip(),
            settings=settings,
        )

    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash=f"flash_report_{'accepted' if decision == 'accept' else 'returned'}",
        anchor="#reports",
        form={f"comment_{report_id}": comment},
        action=review,
    )


# ---------------------------------------------------------------- extensions


@router.post("/tasks/{task_id}/extensions", response_class=HTMLResponse)
def request_extension(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    requested_due: CodeForm = "",
    reason: NoteForm = "",
) -> Response:
    def ask() -> None:
        try:
            new_due = date.fromisoformat(requested_due.strip())
        except ValueError as exc:
            raise InvalidInput.of("not_a_date", value=requested_due.strip()[:20]) from exc
        supervision.request_extension(
            session,
            actor=actor,
            task_id=task_id,
            requested_due=new_due,
            reason=reason,
            settings=settings,
        )

    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_extension_requested",
        anchor="#extensions",
        form={"requested_due": requested_due, "extension_reason": reason},
        action=ask,
    )


@router.post("/tasks/{task_id}/extensions/{extension_id}/decide", response_class=HTMLResponse)
def decide_extension(
    request: Request,
    task_id: int,
    extension_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    decision: CodeForm = "",
    comment: NoteForm = "",
) -> Response:
    def decide() -> None:
        if decision not in ("approve", "refuse"):
            raise InvalidInput.of("choose_approve_or_refuse")
        mine = supervision.list_extensions(session, actor=actor, task_id=task_id)
        if extension_id not in {e.id for e in mine}:
            raise NotFound.of("err_extension_request_not_found")
        supervision.decide_extension(
            session,
            actor=actor,
            extension_id=extension_id,
            approve=decision == "approve",
            comment=comment,
            settings=settings,
        )

    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash=f"flash_extension_{'approved' if decision == 'approve' else 'refused'}",
        anchor="#extensions",
        form={f"decision_{extension_id}": comment},
        action=decide,
    )


# ---------------------------------------------------------------- instructions and urging


@router.post("/tasks/{task_id}/instructions", response_class=HTMLResponse)
def write_instruction(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    text: NoteForm = "",
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_instruction_written",
        anchor="#instructions",
        form={"instruction": text},
        action=lambda: supervision.write_instruction(
            session, actor=actor, task_id=task_id, text=text, settings=settings
        ),
    )


@router.post("/tasks/{task_id}/reassign", response_class=HTMLResponse)
def reassign_task(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    lead_unit: NameForm = "",
    co_units: CodeList = None,
    version: Annotated[int | None, Form()] = None,
) -> Response:
    chosen = [c for c in (co_units or []) if c and c != lead_unit]

    def reassign() -> object:
        if not lead_unit.strip():
            raise InvalidInput.of("choose_lead_unit")
        try:
            data = TaskAssign(lead_unit=lead_unit, co_units=chosen, version=version)
        except ValidationError as exc:
            raise InvalidInput.of("choose_lead_unit") from exc
        return supervision.assign_task(
            session, actor=actor, task_id=task_id, data=data, settings=settings
        )

    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_reassigned",
        form={"lead_unit": lead_unit, "co_units": chosen},
        action=reassign,
    )


@router.post("/tasks/{task_id}/urge", response_class=HTMLResponse)
def urge_task(
    request: Request,
    task_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    comment: NoteForm = "",
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        task_id=task_id,
        flash="flash_urged",
        anchor="#supervision",
        form={"urge": comment},
        action=lambda: supervision.urge_task(
            session, actor=actor, task_id=task_id, comment=comment, settings=settings
        ),
    )
