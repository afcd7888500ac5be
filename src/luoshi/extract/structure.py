"""One pass over the sentences: find work lines, directive spans and which line each
directive belongs to. Offsets here are into the normalized text; the pipeline maps them.

A work line's scope is the rest of its paragraph, or, when its heading stands at the head
of a paragraph of its own (a headline line, a numbered lead on its own, an agenda sentence),
the following paragraphs up to the next heading or the next thing the meeting says. A
heading that no directive follows is dropped: it titled nothing a clerk would assign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from luoshi.extract import headings as hd
from luoshi.extract.directives import is_directive, request_start
from luoshi.extract.leadins import LeadIn, decision_then_request, lead_in
from luoshi.extract.normalize import Normalized
from luoshi.extract.segment import Sentence, sentences, trim


@dataclass
class FoundLine:
    start: int
    end: int
    kind: str
    section: bool  # its scope runs on over the following paragraphs
    paragraph: int
    directives: int = 0
    # a headline or pending agenda line must be followed by a directive in this paragraph
    confirm_by: int | None = None
    series: str | None = None  # ordinal leads: their numbering, to spot the next item


@dataclass
class FoundDirective:
    start: int
    end: int
    line: FoundLine | None


@dataclass
class Structure:
    lines: list[FoundLine] = field(default_factory=list)
    directives: list[FoundDirective] = field(default_factory=list)


_SEMICOLON = re.compile(r";")
_TERMINAL = "。.!?！？;；:："
_ZH_RETRO = re.compile(r"回顾|过去一年|过去五年|工作总结|主要成绩|基本情况|取得的成绩")
_EN_RETRO = re.compile(r"\b(?:review|retrospect|looking back|achievements of|work in the past)\b",
                       re.IGNORECASE)


def find_structure(norm: Normalized, lang: str) -> Structure:
    text = norm.text
    found = Structure()
    all_sentences = sentences(text, lang, norm.glue)
    by_paragraph: list[list[Sentence]] = []
    for sentence in all_sentences:
        if sentence.first:
            by_paragraph.append([])
        by_paragraph[-1].append(sentence)

    current: FoundLine | None = None
    retrospective = False
    for number, para in enumerate(by_paragraph):
        p_start, p_end = para[0].start, para[-1].end
        single_line = len(para) == 1
        if current and current.confirm_by is not None and number > current.confirm_by:
            current = None  # a headline that nothing followed
        if number == 0 and single_line and text[p_end - 1] not in _TERMINAL:
            continue  # the document's own title
        if (single_line and number + 1 < len(by_paragraph)
                and hd.headline_line(text, p_start, p_end, lang)
                and lead_in(text, p_start, p_end, lang) is None):
            if (_ZH_RETRO if lang == "zh" else _EN_RETRO).search(text, p_start, p_end):
                retrospective, current = True, None
                continue
            marker = hd.ordinal_at(text, p_start, p_end, lang)
            if marker is None or marker.series == "top":
                retrospective = False
            if retrospective:
                continue
            if not hd.names_a_task(text, p_start, p_end, lang):
                current = None  # a section title: it ends what came before, titles no task
                continue
            if marker is not None:
                heading = hd.ordinal_heading(text, p_start, p_end, lang, marker)
            else:
                heading = hd.Heading(p_start, p_end, p_end, hd.LINE)
            current = FoundLine(heading.start, heading.end, heading.kind, True, number,
                                confirm_by=number + 1 if heading.body >= p_end else None)
            found.lines.append(current)
            if heading.body < p_end:
                current = _add(found, text, heading.body, p_end, lang, None, current,
                               (para[0], para, number))
            continue
        if retrospective:
            continue
        first_lead = lead_in(text, p_start, para[0].end, lang)
        if (current and current.section and first_lead and first_lead.meeting
                and current.directives):
            current = None  # the meeting moves on to something else
        for sentence in para:
            current = _sentence(found, norm, lang, sentence, para, by_paragraph,
                                number, current)
        if current and not current.section:
            current = None
    found.lines = [line for line in found.lines if line.directives]
    return found


def _sentence(
    found: Structure,
    norm: Normalized,
    lang: str,
    sentence: Sentence,
    para: list[Sentence],
    by_paragraph: list[list[Sentence]],
    number: int,
    current: FoundLine | None,
) -> FoundLine | None:
    """Process one sentence; a list it introduces after a colon ("要抓好以下工作：一是……")
    is processed as if each item began a sentence."""
    for index, (start, end) in enumerate(_segments(norm.text, sentence.start, sentence.end,
                                                   lang)):
        part = replace(sentence, start=start, end=end, first=sentence.first and index == 0)
        current = _segment(found, norm, lang, part, para, by_paragraph, number, current)
    return current


_LIST_COLON = re.compile(r"[:]\s*")


def _segments(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _LIST_COLON.finditer(text, start, end)
            if m.end() < end and hd.ordinal_at(text, m.end(), end, lang) is not None]
    bounds = [start, *cuts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _segment(
    found: Structure,
    norm: Normalized,
    lang: str,
    sentence: Sentence,
    para: list[Sentence],
    by_paragraph: list[list[Sentence]],
    number: int,
    current: FoundLine | None,
) -> FoundLine | None:
    text = norm.text
    pos, end = sentence.start, sentence.end
    # An agenda marker may look like a lead-in ("On X, the meeting required that"): try it
    # first, at the very start of the sentence.
    lead: LeadIn | None = None
    heading = hd.agenda_heading(text, pos, end, lang)
    if heading is None:
        lead = lead_in(text, pos, end, lang)
        if lead:
            pos = lead.end
        request = decision_then_request(text, pos, end, lang)
        if request:
            pos, lead = request.end, request
        # The first sentence under a fresh headline is its body, not a heading of its own.
        fresh = current is not None and current.kind == hd.LINE and not current.directives
        heading = _heading(norm, lang, pos, sentence, para, by_paragraph, number,
                           lead, allow_short=not fresh)
        if heading is None and hd.ordinal_at(text, pos, end, lang) is not None:
            current = None  # a one-clause item closes the item before it
    if heading:
        current = _open(found, heading, sentence, para, number)
        pos = heading.body
        inner = lead_in(text, pos, end, lang)
        if inner:
            pos, lead = inner.end, inner
    if pos >= end:
        return current
    return _add(found, text, pos, end, lang, lead.kind if lead else None, current,
                (sentence, para, number))


def _open(found: Structure, heading: hd.Heading, sentence: Sentence, para: list[Sentence],
          number: int) -> FoundLine:
    own_paragraph = sentence.first and (len(para) <= 2 or heading.kind == hd.AGENDA)
    section = own_paragraph and heading.kind in (hd.ORDINAL, hd.AGENDA)
    pending = heading.body >= sentence.end
    line = FoundLine(heading.start, heading.end, heading.kind, section, number,
                     confirm_by=number + 1 if pending and section else None,
                     series=heading.series)
    found.lines.append(line)
    return line


# Bodies of these headings are imperative: a sentence there is a directive unless it states
# a fact. Under an agenda marker the meeting also narrates, so the usual cues decide.
_IMPERATIVE_BODIES = frozenset({hd.RUN_IN, hd.SHORT, hd.ORDINAL, hd.LINE})


def _heading(
    norm: Normalized,
    lang: str,
    pos: int,
    sentence: Sentence,
    para: list[Sentence],
    by_paragraph: list[list[Sentence]],
    number: int,
    lead: LeadIn | None,
    allow_short: bool,
) -> hd.Heading | None:
    text, end = norm.text, sentence.end
    marker = hd.ordinal_at(text, pos, end, lang)
    if marker is not None:
        lead_heading = hd.ordinal_heading(text, pos, end, lang, marker)
        if lead_heading.body < end or _item_goes_on(text, lang, sentence, para, by_paragraph,
                                                    number, marker.series):
            return lead_heading
        return None  # a one-clause item is a directive with no work line
    heading = hd.agenda_heading(text, pos, end, lang)
    if heading is None and lang == "en":
        heading = hd.run_in_heading(norm, pos, end)
    if heading is None and allow_short and sentence.first and not sentence.last and lead is None:
        heading = hd.short_heading(text, pos, end, lang)
    return heading


def _item_goes_on(
    text: str,
    lang: str,
    sentence: Sentence,
    para: list[Sentence],
    by_paragraph: list[list[Sentence]],
    number: int,
    series: str,
) -> bool:
    """Does the numbered item continue after its one-clause first sentence?

    Within its paragraph, yes when a sentence that is not the next item follows. Alone in
    its paragraph, only a headline-style number ("（二）", "二、", "2.") titles the paragraphs
    below it; "六要严格落实安全生产责任。" on its own is a one-clause item.
    """
    if not sentence.last:
        following = next(s for s in para if s.start > sentence.start)
        return hd.ordinal_at(text, following.start, following.end, lang) is None
    if sentence.first and series in hd.HEADLINE_SERIES and number + 1 < len(by_paragraph):
        following = by_paragraph[number + 1][0]
        return (hd.ordinal_at(text, following.start, following.end, lang) is None
                and lead_in(text, following.start, following.end, lang) is None)
    return False


def _add(
    found: Structure,
    text: str,
    start: int,
    end: int,
    lang: str,
    lead: str | None,
    line: FoundLine | None,
    where: tuple[Sentence, list[Sentence], int],
) -> FoundLine | None:
    """Add the directives of ``text[start:end]``; inside a work line's body each clause
    between semicolons is one, and a clause opening with the next number of the same list
    ("……；二是……") starts the next work line. Returns the work line in force after it."""
    pieces = [(start, end)]
    if line is not None:
        pieces = []
        cursor = start
        for match in _SEMICOLON.finditer(text, start, end):
            pieces.append((cursor, match.end()))
            cursor = match.end()
        pieces.append((cursor, end))
    for index, (raw_start, raw_end) in enumerate(pieces):
        piece_start, piece_end = trim(text, raw_start, raw_end)
        if piece_end - piece_start < 2:
            continue
        if index and line is not None and line.series is not None:
            marker = hd.ordinal_at(text, piece_start, piece_end, lang)
            if marker is not None and marker.series == line.series:
                heading = hd.ordinal_heading(text, piece_start, piece_end, lang, marker)
                if heading.body < piece_end:
                    sentence, para, number = where
                    line = _open(found, heading, replace(sentence, first=False), para, number)
                    piece_start = heading.body
                else:
                    line = None  # a one-clause item: a directive with no work line
        imperative = line is not None and line.kind in _IMPERATIVE_BODIES
        # A one-clause item is judged by its words, not by its number ("（五）加强…").
        own_marker = hd.ordinal_at(text, piece_start, piece_end, lang)
        probe = own_marker.end if own_marker else piece_start
        if is_directive(text[probe:piece_end], lang, lead=lead, in_body=imperative):
            piece_start = request_start(text, piece_start, piece_end, lang)
            found.directives.append(FoundDirective(piece_start, piece_end, line))
            if line is not None:
                line.directives += 1
                line.confirm_by = None
    return line
