"""``extract()``: text in, :class:`Extraction` out.

normalize (with an offset map) → find work lines and directive spans → read attributes
from each directive → classify domains → ask the suggester, if one is given → map every
span back to the original text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

from luoshi.extract import domains
from luoshi.extract.actors import find_actors
from luoshi.extract.classifier import Clause
from luoshi.extract.dates import detect_date
from luoshi.extract.deadlines import WorkingDays, find_deadlines, is_time_limit
from luoshi.extract.errors import ExtractInputError
from luoshi.extract.language import detect_language
from luoshi.extract.model import Deadline, Directive, Extraction, Source, Span, Target, WorkLine
from luoshi.extract.normalize import Normalized, normalize
from luoshi.extract.programmes import find_programmes
from luoshi.extract.structure import FoundDirective, find_structure
from luoshi.extract.targets import find_targets
from luoshi.extract.units import Suggester

_LANGS = ("en", "zh")
_DATE_PREFIX = re.compile(r"^\s*(?:date\s*[:：]?\s*)?\d{4}-\d{1,2}-\d{1,2}\s*", re.IGNORECASE)


def extract(
    text: str,
    lang: str | None = None,
    date: dt.date | None = None,
    title: str | None = None,
    suggester: Suggester | None = None,
    calendar: WorkingDays | None = None,
    judge: Callable[[Clause], bool] | None = None,
) -> Extraction:
    """Find the work lines and directives of a readout, report or instruction.

    ``lang`` ('en' or 'zh') and ``date`` (the document's date, which deadlines resolve
    against) are detected from the text when not given. ``calendar`` (anything with
    ``add_working_days(date, n)``, such as ``luoshi.kernel.calendar.WorkingCalendar``)
    resolves "within 5 working days" / "5个工作日内" to a date; without it such a deadline
    keeps its text and has no ``due``. ``judge`` decides each clause from the rules'
    verdict (default: the shipped combination of rules and model, docs/extraction.md).
    """
    if not isinstance(text, str):
        raise ExtractInputError("err_extract_takes_text")
    if not text.strip():
        raise ExtractInputError("err_extract_text_empty")
    if lang is not None and lang not in _LANGS:
        raise ExtractInputError("err_extract_unsupported_language", lang=lang)
    language = lang or detect_language(text)
    doc_date = date if date is not None else detect_date(text)
    norm = normalize(text, language)
    structure = find_structure(norm, language, judge)

    work_lines: list[WorkLine] = []
    line_ids: dict[int, str] = {}
    headings: dict[int, str] = {}
    for number, found in enumerate(structure.lines, start=1):
        start, end = norm.span_to_original(found.start, found.end)
        heading = text[start:end]
        line_ids[id(found)] = f"W{number}"
        headings[id(found)] = heading
        work_lines.append(
            WorkLine(
                id=f"W{number}",
                heading=heading,
                start=start,
                end=end,
                domain=domains.classify(heading, language),
            )
        )

    directives: list[Directive] = []
    for number, found_directive in enumerate(structure.directives, start=1):
        n_start, n_end = found_directive.start, found_directive.end
        start, end = norm.span_to_original(n_start, n_end)
        body = text[start:end]
        line = found_directive.line
        context = headings.get(id(line), "") if line is not None else ""
        actors = [
            _span(norm, a.start, a.end) for a in find_actors(norm.text, n_start, n_end, language)
        ]
        domain = domains.classify(body, language, context)
        directive = Directive(
            id=f"D{number}",
            work_line=line_ids.get(id(line)) if line is not None else None,
            start=start,
            end=end,
            text=body,
            actors=actors,
            deadlines=(_deadlines(norm, n_start, n_end, language, doc_date, calendar)
                       or _passed_down(norm, found_directive, language, doc_date, calendar)),
            targets=_targets(norm, n_start, n_end, language),
            programmes=[
                _span(norm, p.start, p.end)
                for p in find_programmes(norm.text, n_start, n_end, language)
            ],
            domain=domain,
            suggested_units=(
                suggester.suggest(
                    body, lang=language, domain=domain, actors=[a.text for a in actors]
                )
                if suggester is not None
                else []
            ),
        )
        directives.append(directive)

    source = Source(
        language=language,
        date=doc_date,
        title=title if title is not None else detect_title(text),
        chars=len(text),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    return Extraction(source=source, work_lines=work_lines, directives=directives)


def _span(norm: Normalized, start: int, end: int) -> Span:
    o_start, o_end = norm.span_to_original(start, end)
    return Span(norm.original[o_start:o_end], o_start, o_end)


def _deadlines(
    norm: Normalized,
    start: int,
    end: int,
    lang: str,
    doc_date: dt.date | None,
    calendar: WorkingDays | None,
) -> list[Deadline]:
    out = []
    for found in find_deadlines(norm.text, start, end, lang, doc_date, calendar):
        span = _span(norm, found.start, found.end)
        out.append(Deadline(span.text, span.start, span.end, found.due, found.kind))
    return out


def _passed_down(norm: Normalized, found: FoundDirective, lang: str,
                 doc_date: dt.date | None, calendar: WorkingDays | None) -> list[Deadline]:
    """A task that names no time of its own takes the limit set for all the tasks of its
    list ("6月底前完成以下工作：一是……") or its work line ("一、年底前完成管网改造"): a clerk
    copies that time into each row. Only a time written as a limit passes down, not a period
    naming the subject ("一季度经济运行工作")."""
    scopes = [found.intro] if found.intro is not None else []
    if found.line is not None:
        scopes.append((found.line.start, found.line.end))
    for start, end in scopes:
        limits = [d for d in find_deadlines(norm.text, start, end, lang, doc_date, calendar)
                  if is_time_limit(norm.text, d, lang)]
        if limits:
            return [Deadline(span.text, span.start, span.end, d.due, d.kind)
                    for d in limits for span in [_span(norm, d.start, d.end)]]
    return []


def _targets(norm: Normalized, start: int, end: int, lang: str) -> list[Target]:
    out = []
    for found in find_targets(norm.text, start, end, lang):
        span = _span(norm, found.start, found.end)
        out.append(Target(span.text, span.start, span.end, found.value, found.unit))
    return out


def detect_title(text: str) -> str:
    """The first non-blank line, without a leading date stamp, cut to 200 characters."""
    for line in text.splitlines():
        line = _DATE_PREFIX.sub("", line).strip()
        if line:
            return line[:200]
    return ""
