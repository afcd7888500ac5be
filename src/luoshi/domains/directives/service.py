"""From a source text to a draft breakdown, and the person's review of it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.directives.models import Directive, WorkLine
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.models import Source
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.errors import Conflict, InvalidInput, NotFound
from luoshi.extract import ExtractInputError, extract, read_document
from luoshi.extract.deadlines import LazyWorkingDays
from luoshi.extract.normalize import normalize
from luoshi.i18n import english_and_chinese
from luoshi.kernel import audit, unit_learning, units
from luoshi.kernel.calendar import load_calendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check

DIRECTIVE_FIELDS = ("title", "status", "lead_unit_id", "co_unit_ids", "due_date", "merged_into_id")


def ingest_source(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    data: SourceCreate,
    max_bytes: int,
    calendar_file: Path | None = None,
) -> tuple[Source, bool]:
    """Decode, store and extract a source; draft its breakdown. Returns (source, created).

    A second upload of the same text stores nothing and returns the first source. A
    working-day deadline ("会后3个工作日内") resolves through the tenant's working calendar
    (with ``calendar_file``, the deployment's ``LUOSHI_CALENDAR_FILE``), read only when the
    text has one.
    """
    check(actor, "source.create")
    try:
        document = read_document(content, filename=data.filename or None, max_bytes=max_bytes)
    except ExtractInputError as exc:
        raise InvalidInput.of(exc.key, **exc.params) from exc
    # A second upload is known by its text: skip the extraction it would not keep.
    existing = sources.find_source(session, tenant_id=actor.tenant_id, text=document.text)
    if existing is not None:
        if not sources.relations_to(session, actor, existing):
            raise Conflict.of("err_same_document_was_already_loaded_by_another")
        return existing, False
    suggester = unit_learning.suggester_for(session, tenant_id=actor.tenant_id)
    extraction = extract(
        document.text,
        lang=data.language,
        date=data.doc_date,
        title=data.title or None,
        suggester=suggester,
        calendar=LazyWorkingDays(
            partial(load_calendar, session, tenant_id=actor.tenant_id, calendar_file=calendar_file)
        ),
    )
    result = extraction.to_dict()
    meta = result["source"]
    language = str(meta.get("language") or data.language or "zh")
    doc_date = data.doc_date or _parse_date(meta.get("date"))
    stored = sources.store_source(
        session,
        actor=actor,
        text=document.text,
        language=language,
        data=data.model_copy(
            update={"doc_date": doc_date, "title": data.title or meta.get("title") or ""}
        ),
        encoding=document.encoding,
    )
    if not stored.created:
        return stored.source, False
    stored.source.extraction = result
    draft_breakdown(session, actor=actor, source=stored.source, extraction=result)
    return stored.source, True


def _parse_date(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def draft_breakdown(
    session: Session, *, actor: Actor, source: Source, extraction: dict[str, Any]
) -> list[Directive]:
    """Store the extractor's work lines and directives as a draft for review.

    Suggested units outside the source owner's subtree stay suggestions only: an office
    cannot oblige units above or beside it.
    """
    owner = sources.owner_of(session, source)
    units_by_code = {
        u.code: u
        for u in session.scalars(
            select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.path.startswith(owner.path))
        )
    }
    lines: dict[str, WorkLine] = {}
    for position, wl in enumerate(extraction.get("work_lines", [])):
        line = WorkLine(
            tenant_id=actor.tenant_id,
            source_id=source.id,
            key=wl["id"],
            heading=wl["heading"],
            start=wl["start"],
            end=wl["end"],
            domain=wl.get("domain"),
            position=position,
        )
        session.add(line)
        lines[wl["id"]] = line
    session.flush()
    drafted: list[Directive] = []
    for position, d in enumerate(extraction.get("directives", [])):
        deadlines = d.get("deadlines") or ([d["deadline"]] if d.get("deadline") else [])
        suggested = d.get("suggested_units") or []
        lead = next((s for s in suggested if s.get("role") == "lead"), None)
        lead_unit = units_by_code.get(str(lead.get("code"))) if lead else None
        co_ids = [
            units_by_code[str(s["code"])].id
            for s in suggested
            if s.get("role") == "co" and str(s.get("code")) in units_by_code
        ]
        directive = Directive(
            tenant_id=actor.tenant_id,
            source_id=source.id,
            work_line_id=lines[d["work_line"]].id if d.get("work_line") in lines else None,
            key=d["id"],
            position=position,
            start=d["start"],
            end=d["end"],
            text=d["text"],
            title=readable_title(d["text"], str(extraction["source"].get("language") or "zh")),
            actors=list(d.get("actors") or []),
            deadlines=list(deadlines),
            targets=list(d.get("targets") or []),
            programmes=list(d.get("programs") or []),
            domain=d.get("domain"),
            suggested_units=list(suggested),
            lead_unit_id=lead_unit.id if lead_unit else None,
            co_unit_ids=co_ids,
            due_date=_first_due(deadlines),
        )
        session.add(directive)
        drafted.append(directive)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="source.extract",
        object_type="source",
        object_id=source.id,
        new={"work_lines": len(lines), "directives": len(drafted)},
    )
    return drafted


_GLUED_ARTICLES = frozenset({"The", "A", "An", "This", "These", "Our", "Its"})


def readable_title(span: str, lang: str) -> str:
    """A task title from a span: glued words parted, white space folded, capitalised.

    The span itself stays verbatim in ``text``; only the title is tidied for people.
    """
    normalized = normalize(span, lang)
    text = normalized.text
    for point in sorted(normalized.glue, reverse=True):
        # Text glued across a lost line break often runs into a capitalised article:
        # "understandThe general secretary" reads "understand the general secretary".
        word = text[point + 1 :].split(" ", 1)[0]
        if word in _GLUED_ARTICLES:
            text = text[: point + 1] + word.lower() + text[point + 1 + len(word) :]
    tidy = " ".join(text.split())
    if lang == "en" and tidy[:1].islower():
        tidy = tidy[0].upper() + tidy[1:]
    return tidy


def _first_due(deadlines: Sequence[dict[str, Any]]) -> date | None:
    dues = [_parse_date(d.get("due")) for d in deadlines]
    known = [d for d in dues if d is not None]
    return max(known) if known else None


def list_work_lines(session: Session, *, actor: Actor, source_id: int) -> list[WorkLine]:
    sources.get_source_for(session, actor=actor, source_id=source_id, action="source.view")
    stmt = select(WorkLine).where(WorkLine.source_id == source_id).order_by(WorkLine.position)
    return list(session.scalars(stmt))


def list_directives(
    session: Session, *, actor: Actor, source_id: int, include_rejected: bool = True
) -> list[Directive]:
    sources.get_source_for(session, actor=actor, source_id=source_id, action="source.view")
    stmt = select(Directive).where(Directive.source_id == source_id)
    if not include_rejected:
        stmt = stmt.where(Directive.status.in_(("draft", "confirmed", "published")))
    return list(session.scalars(stmt.order_by(Directive.position)))


def get_directive_for(
    session: Session, *, actor: Actor, directive_id: int, action: str
) -> Directive:
    """Load a directive and check ``action`` against the actor's relation to its source."""
    directive = session.get(Directive, directive_id)
    if directive is None or directive.tenant_id != actor.tenant_id:
        raise NotFound.of("err_directive_not_found")
    source = session.get(Source, directive.source_id)
    relations = sources.relations_to(session, actor, source) if source else frozenset()
    check(actor, action, relations=relations, what="directive")
    return directive


def update_directive(
    session: Session, *, actor: Actor, directive_id: int, data: DirectiveUpdate
) -> Directive:
    """Apply a reviewer's edit (wording, units, due date, confirm or reject)."""
    directive = get_directive_for(
        session, actor=actor, directive_id=directive_id, action="directive.review"
    )
    if directive.status in ("published", "merged"):
        raise InvalidInput.of(
            "err_status_directive_can_no_longer_be_edited", status=directive.status
        )
    old = audit.snapshot(directive, DIRECTIVE_FIELDS)
    fields = data.model_fields_set
    if "title" in fields and data.title is not None:
        directive.title = data.title
    source = session.get(Source, directive.source_id)
    assert source is not None  # a foreign key
    owner = sources.owner_of(session, source)
    if "lead_unit" in fields:
        directive.lead_unit_id = _unit_id(session, actor, data.lead_unit, owner)
    if "co_units" in fields:
        co_ids = [_unit_id(session, actor, c, owner) for c in data.co_units or []]
        directive.co_unit_ids = [c for c in co_ids if c is not None]
    if "due_date" in fields:
        directive.due_date = data.due_date
    if "status" in fields and data.status is not None:
        directive.status = data.status
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="directive.update",
        object_type="directive",
        object_id=directive.id,
        old=old,
        new=audit.snapshot(directive, DIRECTIVE_FIELDS),
    )
    return directive


def _unit_id(session: Session, actor: Actor, code: str | None, owner: Unit) -> int | None:
    """The unit named ``code``, which must lie under the source owner's unit."""
    if code is None:
        return None
    unit = session.scalar(select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == code))
    if unit is None:
        raise InvalidInput.of("err_unit_code_does_not_exist", code=code)
    units.check_within(unit, owner)
    return unit.id


def merge_directives(
    session: Session, *, actor: Actor, keep_id: int, merge_ids: Sequence[int]
) -> Directive:
    """Fold directives into one: the kept one's span grows to cover them all."""
    keep = get_directive_for(session, actor=actor, directive_id=keep_id, action="directive.review")
    others = [
        get_directive_for(session, actor=actor, directive_id=i, action="directive.review")
        for i in merge_ids
        if i != keep_id
    ]
    if any(o.source_id != keep.source_id for o in others):
        raise InvalidInput.of("err_only_directives_same_source_can_be_merged")
    if any(d.status in ("published", "merged") for d in [keep, *others]):
        raise InvalidInput.of("err_published_or_merged_directives_cannot_be_merged")
    old = audit.snapshot(keep, ("start", "end", "title"))
    source = session.get(Source, keep.source_id)
    assert source is not None
    keep.start = min([keep.start, *(o.start for o in others)])
    keep.end = max([keep.end, *(o.end for o in others)])
    keep.text = source.text[keep.start : keep.end]
    keep.title = " ".join([keep.title, *(o.title for o in others)])
    for other in others:
        other.status = "merged"
        other.merged_into_id = keep.id
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="directive.merge",
        object_type="directive",
        object_id=keep.id,
        old=old,
        new={**audit.snapshot(keep, ("start", "end", "title")), "merged": [o.id for o in others]},
    )
    return keep


def mark_published(
    session: Session, *, actor: Actor, directive: Directive, task_code: str = ""
) -> None:
    """Called by the tasks domain when a task is made from this directive (audited)."""
    old = directive.status
    if old == "published":
        return
    directive.status = "published"
    session.flush()
    task_note = (
        english_and_chinese("note_directive_task", code=task_code) if task_code else ("", "")
    )
    audit.record(
        session,
        actor=actor,
        action="directive.publish",
        object_type="directive",
        object_id=directive.id,
        old={"status": old},
        new={"status": "published"},
        note=task_note[0],
        note_zh=task_note[1],
    )
