"""Source documents: upload, review the draft breakdown against the text, publish it.

The review page shows the text with every directive span and work-line heading marked,
and per directive the extracted attributes and, for reviewers, a form to correct it. Every
form works as a plain POST answered by a 303 redirect; htmx saves a directive in place.
Errors re-render the page with the service's message and its 4xx status, changing nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import CYCLES, PublishOptions
from luoshi.errors import InvalidInput, LuoshiError, PermissionDenied
from luoshi.extract.domains import taxonomy
from luoshi.kernel import units
from luoshi.kernel.fields import CODE_MAX, MAX_DAY, MIN_DAY, NAME_MAX, NOTE_MAX
from luoshi.kernel.permissions import Actor
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import FormRefused, status_for
from luoshi.web.pages.forms import CodeForm, CodeList, IdList, TitleForm
from luoshi.web.pages.highlight import Mark, pieces
from luoshi.web.pages.rendering import render, said
from luoshi.web.security import rate_limit

router = APIRouter()
EDITABLE = ("draft", "confirmed")
TASK_PAGE = 500
# What the next page says about the last upload or publication (dicts, not the other
# pages' string flashes, so they have keys of their own).
SOURCE_FLASH = "source_flash"
PUBLISHED = "published"


@router.get("/sources", response_class=HTMLResponse)
def source_list(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return render(
        request,
        "sources.html",
        actor=actor,
        sources=sources.list_sources(session, actor=actor),
        error=None,
    )


@router.post("/sources", response_class=HTMLResponse, dependencies=[Depends(rate_limit("upload"))])
async def source_upload(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    title: TitleForm = "",
    doc_date: Annotated[str, Form(max_length=CODE_MAX)] = "",
) -> Response:
    content = await file.read(settings.max_upload_bytes + 1)
    try:
        if len(content) > settings.max_upload_bytes:
            raise InvalidInput.of(
                "file_too_large", name=file.filename or "", cap=settings.max_upload_bytes
            )
        # The document's date, which deadlines such as 上半年 or "within 10 days" resolve
        # against; left empty, the extractor reads it from the text.
        data = _source_create(title, file.filename or "", doc_date)
        source, created = directives.ingest_source(
            session,
            actor=actor,
            content=content,
            data=data,
            max_bytes=settings.max_upload_bytes,
            calendar_file=settings.calendar_file,
        )
    except InvalidInput as exc:
        session.rollback()
        return render(
            request,
            "sources.html",
            status_code=422,
            actor=actor,
            sources=sources.list_sources(session, actor=actor),
            error=said(request, exc),
        )
    if not created:
        # The same text again: its review is shown, saying so (nothing new was stored).
        request.session[SOURCE_FLASH] = {"key": "flash_already_uploaded"}
    return RedirectResponse(f"/sources/{source.id}", status_code=303)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_detail(
    request: Request, source_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    flash = request.session.pop(SOURCE_FLASH, None)
    return render(
        request,
        "source.html",
        **review_context(
            session, actor, source_id, flash=flash if isinstance(flash, dict) else None
        ),
    )


def review_context(session: Session, actor: Actor, source_id: int, **extra: Any) -> dict[str, Any]:
    """Everything the review page and its partials show."""
    source = sources.get_source_for(session, actor=actor, source_id=source_id, action="source.view")
    lines = directives.list_work_lines(session, actor=actor, source_id=source_id)
    drafted = directives.list_directives(session, actor=actor, source_id=source_id)
    marks = [Mark(w.start, w.end, "heading", w.id, w.key) for w in lines] + [
        Mark(d.start, d.end, "directive", d.id, d.key, d.status)
        for d in drafted
        if d.status != "merged"
    ]
    all_units = units.list_units(session, actor=actor)
    counts = {s: sum(1 for d in drafted if d.status == s) for s in (*EDITABLE, "rejected")}
    counts.update(
        merged=sum(1 for d in drafted if d.status == "merged"),
        published=sum(1 for d in drafted if d.status == "published"),
    )
    can_review = actor.can("directive.review")
    unconfirmed = [d for d in drafted if d.status == "draft"]
    return {
        "actor": actor,
        "source": source,
        "pieces": pieces(source.text, marks),
        "work_lines": {w.id: w for w in lines},
        "directives": drafted,
        "keys": {d.id: d.key for d in drafted},
        "units": all_units,
        "units_by_id": {u.id: u for u in all_units},
        "units_by_code": {u.code: u for u in all_units},
        "co_choices": {d.id: _co_choices(d, all_units) for d in drafted},
        "task_for": _tasks_by_directive(session, actor, source_id),
        "can_review": can_review,
        "can_publish": actor.can("task.create") and (counts["draft"] + counts["confirmed"]) > 0,
        "can_merge": can_review and (counts["draft"] + counts["confirmed"]) > 1,
        "counts": counts,
        "unconfirmed": unconfirmed,
        "confirm_drafts": False,
        "flash": None,
        "cycles": CYCLES,
        "domain_labels": {d.code: {"zh": d.zh, "en": d.en} for d in taxonomy()},
        "editable": EDITABLE,
        "error": None,
        "error_for": None,
        **extra,
    }


def _co_choices(directive: Any, all_units: list[Any]) -> list[Any]:
    """Co-units offered as ticks: the current ones, then the suggested ones but the lead."""
    by_code = {u.code: u for u in all_units}
    by_id = {u.id: u for u in all_units}
    chosen = [by_id[i] for i in directive.co_unit_ids if i in by_id]
    suggested = [
        by_code[str(s.get("code"))]
        for s in directive.suggested_units
        if str(s.get("code")) in by_code
    ]
    offered = {u.id: u for u in [*chosen, *suggested] if u.id != directive.lead_unit_id}
    return list(offered.values())


def _tasks_by_directive(session: Session, actor: Actor, source_id: int) -> dict[int, Any]:
    """The top-level tasks published from this source, by the directive they came from."""
    if not actor.can("task.view"):
        return {}
    found: dict[int, Any] = {}
    page = 1
    while True:
        rows, total = tasks.list_tasks(
            session,
            actor=actor,
            filters=tasks.TaskFilter(source_id=source_id, top_level=True),
            page=page,
            page_size=TASK_PAGE,
        )
        found.update({t.directive_id: t for t in rows if t.directive_id is not None})
        if page * TASK_PAGE >= total:
            return found
        page += 1


def _failed(
    request: Request,
    session: Session,
    actor: Actor,
    source_id: int,
    exc: LuoshiError,
    directive_id: int | None = None,
) -> Response:
    """Undo the request's changes and show the page again with the service's message."""
    session.rollback()
    context = review_context(
        session, actor, source_id, error=said(request, exc), error_for=directive_id
    )
    status = status_for(exc)
    shown = any(d.id == directive_id for d in context["directives"])
    if shown and directive_id is not None and request.headers.get("HX-Request"):
        return _directive_fragment(request, context, directive_id, status)
    return render(request, "source.html", status_code=status, **context)


def _directive_fragment(
    request: Request, context: dict[str, Any], directive_id: int, status: int = 200
) -> Response:
    card = next(d for d in context["directives"] if d.id == directive_id)
    return render(
        request,
        "partials/directive_saved.html",
        status_code=status,
        d=card,
        fragment=True,
        **context,
    )


def _own_directive(session: Session, actor: Actor, source_id: int, directive_id: int) -> None:
    ids = {d.id for d in directives.list_directives(session, actor=actor, source_id=source_id)}
    if directive_id not in ids:
        raise InvalidInput.of(
            "err_directive_directive_id_not_part_source_source",
            directive_id=directive_id,
            source_id=source_id,
        )


def _optional_date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput.of("not_a_date", value=value[:20]) from exc


def _source_create(title: str, filename: str, doc_date: str) -> SourceCreate:
    day = _optional_date(doc_date)
    if day is not None and not MIN_DAY <= day <= MAX_DAY:
        raise InvalidInput.of("not_a_date", value=doc_date[:20])
    return SourceCreate(title=title, filename=filename, doc_date=day)


def _directive_update(
    edit: bool,
    title: str | None,
    lead_unit: str | None,
    co_units: list[str] | None,
    due_date: str | None,
    status: str | None,
) -> DirectiveUpdate:
    """The change a form asks for; an empty status button means "just save".

    The full edit form (``edit=1``) sets every field, an empty one clearing it (FastAPI
    reads an empty form value as absent); other forms change only the fields they send.
    """
    fields: dict[str, Any] = {}
    if edit or title is not None:
        if not (title or "").strip():
            raise InvalidInput.of("task_title_empty")
        fields["title"] = (title or "").strip()
    if edit or lead_unit is not None:
        fields["lead_unit"] = (lead_unit or "").strip() or None
    if edit or co_units is not None:
        chosen = [c.strip() for c in co_units or () if c.strip()]
        fields["co_units"] = list(dict.fromkeys(chosen))
    if edit or due_date is not None:
        fields["due_date"] = _optional_date(due_date or "")
    if status:
        fields["status"] = status
    try:
        return DirectiveUpdate(**fields)
    except ValidationError as exc:
        raise FormRefused(exc.errors(), "; ".join(str(e["msg"]) for e in exc.errors())) from exc


@router.post("/sources/{source_id}/directives/{directive_id}", response_class=HTMLResponse)
def directive_save(
    request: Request,
    source_id: int,
    directive_id: int,
    actor: CurrentActor,
    session: DbSession,
    # A task title's bound (DirectiveUpdate, TaskCreate), not a source title's: the
    # extractor takes whole sentences, and the seed has directives over 500 characters.
    title: Annotated[str | None, Form(max_length=NOTE_MAX)] = None,
    lead_unit: Annotated[str | None, Form(max_length=NAME_MAX)] = None,
    co_units: CodeList = None,
    due_date: Annotated[str | None, Form(max_length=CODE_MAX)] = None,
    status: Annotated[str | None, Form(max_length=CODE_MAX)] = None,
    edit: Annotated[bool, Form()] = False,
) -> Response:
    """Save a reviewer's edit of one directive (and confirm, reject or put back to draft)."""
    try:
        _own_directive(session, actor, source_id, directive_id)
        data = _directive_update(edit, title, lead_unit, co_units, due_date, status)
        directives.update_directive(session, actor=actor, directive_id=directive_id, data=data)
    except LuoshiError as exc:
        return _failed(request, session, actor, source_id, exc, directive_id)
    if request.headers.get("HX-Request"):
        return _directive_fragment(request, review_context(session, actor, source_id), directive_id)
    return RedirectResponse(f"/sources/{source_id}#dir-{directive_id}", status_code=303)


@router.post("/sources/{source_id}/merge", response_class=HTMLResponse)
def directive_merge(
    request: Request,
    source_id: int,
    actor: CurrentActor,
    session: DbSession,
    ids: IdList = None,
) -> Response:
    """Fold the selected directives into the first of them in document order."""
    try:
        chosen = [
            d
            for d in directives.list_directives(session, actor=actor, source_id=source_id)
            if d.id in set(ids or ())
        ]
        if len(chosen) != len(set(ids or ())):
            raise InvalidInput.of(
                "err_some_selected_directives_are_not_part_source", source_id=source_id
            )
        if len(chosen) < 2:
            raise InvalidInput.of("select_two_to_merge")
        keep = directives.merge_directives(
            session, actor=actor, keep_id=chosen[0].id, merge_ids=[d.id for d in chosen[1:]]
        )
    except LuoshiError as exc:
        return _failed(request, session, actor, source_id, exc)
    return RedirectResponse(f"/sources/{source_id}#dir-{keep.id}", status_code=303)


@router.post("/sources/{source_id}/publish", response_class=HTMLResponse)
def source_publish(
    request: Request,
    source_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    report_cycle: CodeForm = "monthly",
    scope: CodeForm = "confirmed",
    drafts_confirmed: Annotated[bool, Form()] = False,
) -> Response:
    """Publish the reviewed breakdown as tasks, then show them in the task list.

    Only confirmed directives by default. Publishing unconfirmed drafts too (``scope=all``)
    first shows the drafts and asks again; the second post carries ``drafts_confirmed``.
    """
    try:
        if not actor.can("task.create"):
            raise PermissionDenied.of("err_only_supervision_office_publishes_breakdown")
        if scope not in ("all", "confirmed"):
            raise InvalidInput.of("err_unknown_publishing_scope_scope", scope=scope)
        try:
            options = PublishOptions(report_cycle=report_cycle, only_confirmed=scope == "confirmed")
        except ValidationError as exc:
            raise InvalidInput.of(
                "err_unknown_report_cycle_report_cycle", report_cycle=report_cycle
            ) from exc
        drafted = directives.list_directives(session, actor=actor, source_id=source_id)
        wanted = ("confirmed",) if options.only_confirmed else EDITABLE
        pending = [d for d in drafted if d.status in wanted]
        if not pending:
            raise InvalidInput.of(
                "publish_none_confirmed" if options.only_confirmed else "publish_none_left"
            )
        drafts = [d for d in pending if d.status == "draft"]
        # Counted now: publishing moves the directives (these very objects) on.
        left = sum(1 for d in drafted if d.status == "draft") - len(drafts)
        if drafts and not drafts_confirmed:
            # Nothing unconfirmed goes out unasked: list the drafts and ask again.
            context = review_context(session, actor, source_id, confirm_drafts=True)
            return render(request, "source.html", report_cycle=options.report_cycle, **context)
        made = supervision.publish_breakdown(
            session, actor=actor, source_id=source_id, options=options, settings=settings
        )
    except LuoshiError as exc:
        return _failed(request, session, actor, source_id, exc)
    request.session[PUBLISHED] = {
        "tasks": len(made),
        "drafts": left,
        "source_id": source_id,
    }
    return RedirectResponse(f"/tasks?q=S{source_id}-", status_code=303)
