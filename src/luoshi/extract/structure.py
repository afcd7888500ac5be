"""One pass over the sentences: find work lines, directive spans and which line each
directive belongs to. Offsets here are into the normalized text; the pipeline maps them.

A work line's scope is the rest of its paragraph, or, when its heading stands at the head
of a paragraph of its own (a headline line, a numbered lead on its own, an agenda sentence),
the following paragraphs up to the next heading or the next thing the meeting says. A
heading that no directive follows is dropped: it titled nothing a clerk would assign.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from luoshi.extract import headings as hd
from luoshi.extract.classifier import RULES, Clause, shipped_judge
from luoshi.extract.directives import announces_list, is_directive, request_start
from luoshi.extract.leadins import REQUIRE, LeadIn, decision_then_request, lead_in
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
    # the outline heading right above it, when that one titles nothing but this section
    parent: FoundLine | None = None


@dataclass
class FoundDirective:
    start: int
    end: int
    line: FoundLine | None
    # the clause that announced the list this directive is an item of ("6月底前完成以下工作：")
    intro: tuple[int, int] | None = None


@dataclass
class ListIntro:
    """A clause announcing a list of tasks, while its items last."""

    start: int
    end: int
    paragraph: int
    series: str | None = None  # the numbering of its items, once one opens a paragraph
    inline: bool = False  # its items follow in its own paragraph


@dataclass
class Structure:
    lines: list[FoundLine] = field(default_factory=list)
    directives: list[FoundDirective] = field(default_factory=list)
    # sentences an assignment note followed (a plan item, assigned, so a task): where the
    # sentence ends without its note → where it ends with it
    assigned: dict[int, int] = field(default_factory=dict)
    # decides each clause from the rules' verdict (and a model's, see classifier.py)
    judge: Callable[[Clause], bool] = RULES
    intro: ListIntro | None = None  # the list being read, if any


_SEMICOLON = re.compile(r";")
_TERMINAL = "。.!?！？;；:："
_ZH_RETRO = re.compile(r"回顾|过去一年|过去五年|工作总结|主要成绩|基本情况|取得的成绩")
_EN_RETRO = re.compile(r"\b(?:review|retrospect|looking back|achievements of|work in the past)\b",
                       re.IGNORECASE)


# A division plan's assignment note after an item: "(省发展改革委等按职责分工负责)",
# "（X牵头，Y配合，年内完成）", or a list of units in brackets that the excerpt cut off
# ("〔省委军民融合办、省发展改革委、省科技厅…"). It names owners and times; it asks nothing.
_NOTE = re.compile(r"[(〔\[【](?P<body>(?:[^()〔〕\[\]【】]|\([^()]*\))*)[)〕\]】]?\s*$")
_NOTE_WORDS = re.compile(r"牵头|负责|配合|参与|协办|主办|责任单位|完成时限|按职责")
_UNIT_NAME = re.compile(
    r"^[\u4e00-\u9fff()]{2,24}?(?:部|委|局|署|行|会|办|院|厅|室|政府|单位|部门|中心|公司)(?:等)?$"
)


# "牵头单位：市发展改革委", "责任单位：各区县政府", "完成时限：6月底前": a labelled note, as
# a sentence or a line of its own.
_LABELLED_NOTE = re.compile(
    r"(?:牵头单位|责任单位|配合单位|协办单位|参与单位|主办单位|完成时限|时限要求|责任领导|牵头领导)"
    r"\s*[:：]"
)


# A division plan flattened from a table, one cell a line: "1" / "加快推进重点项目建设" /
# "市发展改革委" / "2024年6月底前". The number, unit and time cells are notes of the task.
_CELL_NUMBER = re.compile(r"\d{1,3}[.、]?")
_CELL_TIME = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?|年底|年末|年内|全年|今年|"
    r"上半年|下半年|[一二三四1-4]季度(?:末)?|长期|持续|常态化)(?:前|内|以前)?(?:完成|推进|坚持|落实)?"
    r"(?:[,、](?:持续推进|长期坚持|完成))?"
)
_HEADER_WORD = r"(?:序号|重点任务|主要任务|工作任务|牵头单位|责任单位|配合单位|完成时限|时限)"
_CELL_HEADER = re.compile(rf"{_HEADER_WORD}(?:\s*{_HEADER_WORD})*")


def _table_cell(text: str, sentence: Sentence) -> bool:
    """A line that is only a table cell of a plan: a number, units, a time or the header."""
    if not (sentence.first and sentence.last):
        return False
    cell = text[sentence.start:sentence.end].strip()
    if (_CELL_NUMBER.fullmatch(cell) or _CELL_TIME.fullmatch(cell)
            or _CELL_HEADER.fullmatch(cell)):
        return True
    names = [n for n in re.split(r"[、,，/]", cell) if n]
    return bool(names) and all(_UNIT_NAME.match(n) for n in names)


def _note_start(text: str, start: int, end: int, lang: str) -> int | None:
    """Where an assignment note closing ``text[start:end]`` begins, if there is one."""
    if lang != "zh":
        return None
    if _LABELLED_NOTE.match(text, start, end):
        return start
    match = _NOTE.search(text, start, end)
    if match is None:
        return None
    body = match.group("body")
    names = [n for n in re.split(r"[、,，]", body) if n]
    if _NOTE_WORDS.search(body) or (
        len(names) >= 2 and sum(bool(_UNIT_NAME.match(n)) for n in names) >= len(names) - 1
    ):
        return match.start()
    return None


def _without_notes(text: str, lang: str, found: list[Sentence],
                   assigned: dict[int, int]) -> list[Sentence]:
    """Sentences with their assignment notes cut off, for finding headings and requests; a
    sentence that is only a note joins the one before. The directive found in a sentence
    takes its note back (who answers for it and by when are read from there):
    ``assigned`` maps each cut end to the sentence's full end."""
    kept: list[Sentence] = []
    for sentence in found:
        cut = _note_start(text, sentence.start, sentence.end, lang)
        if cut is None and lang == "zh" and _table_cell(text, sentence):
            cell = text[sentence.start:sentence.end].strip()
            if kept and not _CELL_NUMBER.fullmatch(cell) and not _CELL_HEADER.fullmatch(cell):
                assigned[kept[-1].end] = sentence.end  # the task takes its unit and time
            continue
        if cut is None:
            kept.append(sentence)
            continue
        start, stop = trim(text, sentence.start, cut)
        if stop > start:
            kept.append(replace(sentence, end=stop))
            assigned[stop] = sentence.end
        elif kept and kept[-1].paragraph == sentence.paragraph:
            assigned[kept[-1].end] = sentence.end
        elif kept:
            # a note on a line of its own ("牵头单位：X"): the item above takes it
            assigned[kept[-1].end] = sentence.end
    # Mark again which sentence ends its paragraph.
    for index, sentence in enumerate(kept):
        last = index + 1 == len(kept) or kept[index + 1].paragraph != sentence.paragraph
        first = index == 0 or kept[index - 1].paragraph != sentence.paragraph
        kept[index] = replace(sentence, first=first, last=last)
    return kept


# News style puts the speaker last: "…, the meeting said.", "…, according to the meeting."
_EN_ATTRIBUTION = re.compile(
    r",\s*(?:according to (?:the|a|an) [^,.;]{0,60}?(?:meeting|session|statement|conference)"
    r"[^.;]{0,80}|(?:the|a) (?:meeting|session|statement|conference|communique)"
    r"(?: released after the meeting)? (?:said|noted|stressed|decided|urged|added|agreed))"
    r"\W*$",
    re.IGNORECASE,
)


def find_structure(norm: Normalized, lang: str,
                   judge: Callable[[Clause], bool] | None = None) -> Structure:
    """Work lines and directives; ``judge`` decides each clause (default: the shipped
    combination of rules and model, ``classifier.shipped_judge()``)."""
    text = norm.text
    found = Structure(judge=judge if judge is not None else shipped_judge())
    all_sentences = _without_notes(text, lang, sentences(text, lang, norm.glue), found.assigned)
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
        _list_goes_on(found, text, lang, p_start, p_end, number, current)
        if number == 0 and single_line and text[p_end - 1] not in _TERMINAL:
            continue  # the document's own title
        if (single_line and number + 1 < len(by_paragraph) and p_end not in found.assigned
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
                                confirm_by=number + 1 if heading.body >= p_end else None,
                                series=heading.series,
                                parent=_pending_parent(current, heading.series))
            found.lines.append(current)
            if heading.body < p_end:
                current = _add(found, text, heading.body, p_end, lang, None, current,
                               (para[0], para, number))
            continue
        if retrospective:
            continue
        first_lead = lead_in(text, p_start, para[0].end, lang)
        speaks = (first_lead is not None and first_lead.meeting) or bool(
            lang == "en" and _EN_ATTRIBUTION.search(text, p_start, para[0].end))
        if current and current.section and speaks and current.directives:
            current = None  # the meeting moves on to something else
        for sentence in para:
            current = _sentence(found, norm, lang, sentence, para, by_paragraph,
                                number, current)
        if current and not current.section:
            current = None
    titled = {id(line.parent) for line in found.lines
              if line.directives and line.parent is not None}
    found.lines = [line for line in found.lines if line.directives or id(line) in titled]
    return found


def _list_goes_on(found: Structure, text: str, lang: str, p_start: int, p_end: int,
                  number: int, current: FoundLine | None) -> None:
    """Does paragraph ``number`` still belong to the list an intro announced? Its numbered
    items do, and the body paragraphs of a section one of them opened; anything else, an
    item numbered otherwise (not deeper) or a paragraph after items that followed the intro
    in its own paragraph ends the list."""
    intro = found.intro
    if intro is None or number <= intro.paragraph:
        return
    marker = hd.ordinal_at(text, p_start, p_end, lang)
    if intro.inline:
        found.intro = None
    elif marker is not None:
        if intro.series is None:
            intro.series = marker.series
        elif marker.series != intro.series and not hd.deeper(marker.series, intro.series):
            found.intro = None
    elif not (current is not None and current.section and current.start > intro.start):
        found.intro = None


def _pending_parent(current: FoundLine | None, series: str | None) -> FoundLine | None:
    """The outline heading above a new one ("一、……" above "（一）……") when nothing has
    been asked under it yet: it titles the sections below it."""
    if current is None or current.directives or not hd.deeper(series, current.series):
        return None
    return current


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
    if heading is None and sentence.first:
        heading = hd.approval_heading(text, pos, end, lang)
        if heading is not None and current is not None and (
            current.kind == hd.AGENDA and current.paragraph == number and not current.directives
        ):
            heading = None  # "The meeting studied X. It approved the plan for X. …": still X
        if heading is not None and heading.body < end:
            # "… and asked all cities to …": the verb is the meeting's lead-in
            lead = LeadIn(heading.body, REQUIRE, True)
            heading = replace(heading, body=_skip_verb(text, heading.body, end))
    if heading is None:
        lead = lead_in(text, pos, end, lang)
        if lead:
            pos = lead.end
            if lead.meeting and found.intro is not None and pos > found.intro.end:
                found.intro = None  # the meeting moves on: the list has ended
        request = decision_then_request(text, pos, end, lang)
        if request:
            pos, lead = request.end, request
        # The first sentence under a fresh headline is its body, not a heading of its own.
        fresh = current is not None and current.kind == hd.LINE and not current.directives
        marker = hd.ordinal_at(text, pos, end, lang)
        if (marker is not None and _item_under(current, marker.series)
                and not _titles_deeper(text, lang, sentence, by_paragraph, number,
                                       marker.series)):
            # "1.……" under "（一）总体要求。": an item of the section, asked as a whole
            return _add(found, text, marker.end, end, lang, lead.kind if lead else None,
                        current, (sentence, para, number))
        heading = _heading(norm, lang, pos, sentence, para, by_paragraph, number,
                           lead, allow_short=not fresh)
        if heading is None and marker is not None:
            current = None  # a one-clause item closes the item before it
    if heading:
        current = _open(found, heading, sentence, para, number,
                        parent=_pending_parent(current, heading.series))
        pos = heading.body
        inner = lead_in(text, pos, end, lang) or decision_then_request(text, pos, end, lang)
        if inner:
            pos, lead = inner.end, inner
    if pos >= end:
        return current
    return _add(found, text, pos, end, lang, lead.kind if lead else None, current,
                (sentence, para, number))


_EN_REQUEST_VERB = re.compile(
    r"(?:required|called on|called for|urged|demanded|asked|requested|stressed|emphasized|"
    r"emphasised|instructed|directed)(?: that)?[,:]?\s+"
)


def _skip_verb(text: str, pos: int, end: int) -> int:
    match = _EN_REQUEST_VERB.match(text, pos, end)
    return match.end() if match else pos


def _item_under(current: FoundLine | None, series: str) -> bool:
    """Is a numbered item of ``series`` an item inside the current outline section (a
    section title standing on its own line, numbered higher up the outline)?"""
    return (current is not None and current.section and current.kind in (hd.ORDINAL, hd.LINE)
            and hd.deeper(series, current.series))


def _titles_deeper(text: str, lang: str, sentence: Sentence, by_paragraph: list[list[Sentence]],
                   number: int, series: str) -> bool:
    """Does this numbered paragraph title items numbered further down the outline?"""
    if not (sentence.first and sentence.last) or number + 1 >= len(by_paragraph):
        return False
    following = by_paragraph[number + 1][0]
    marker = hd.ordinal_at(text, following.start, following.end, lang)
    return marker is not None and hd.deeper(marker.series, series)


def _open(found: Structure, heading: hd.Heading, sentence: Sentence, para: list[Sentence],
          number: int, parent: FoundLine | None = None) -> FoundLine:
    own_paragraph = sentence.first and (len(para) <= 2 or heading.kind == hd.AGENDA)
    section = own_paragraph and heading.kind in (hd.ORDINAL, hd.AGENDA)
    pending = heading.body >= sentence.end
    line = FoundLine(heading.start, heading.end, heading.kind, section, number,
                     confirm_by=number + 1 if pending and section else None,
                     series=heading.series, parent=parent)
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
        if _next_item_follows(text, lang, lead_heading, end, marker.series):
            return None  # "first, …; second, …": one clause each, directives with no line
        if lead_heading.body < end or _item_goes_on(text, lang, sentence, para, by_paragraph,
                                                    number, marker.series):
            return lead_heading
        return None  # a one-clause item is a directive with no work line
    heading = hd.agenda_heading(text, pos, end, lang)
    if heading is None and lang == "en":
        heading = hd.run_in_heading(norm, pos, end) or hd.colon_heading(text, pos, end)
    if heading is None and allow_short and sentence.first and not sentence.last and lead is None:
        heading = hd.short_heading(text, pos, end, lang)
    return heading


def _next_item_follows(text: str, lang: str, heading: hd.Heading, end: int,
                       series: str) -> bool:
    """Does the item's title end at a semicolon with the next item of its list after it?"""
    stop = heading.end
    while stop < end and text[stop] in " ":
        stop += 1
    if stop >= end or text[stop] != ";":
        return False
    following = hd.ordinal_at(text, heading.body, end, lang)
    return following is not None and following.series == series


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
        marker = hd.ordinal_at(text, following.start, following.end, lang)
        if marker is not None and hd.deeper(marker.series, series):
            return True  # "（一）总体要求。" above "1.……": an outline section's title
        return (marker is None
                and lead_in(text, following.start, following.end, lang) is None)
    return False


def _inline_series(text: str, start: int, end: int, lang: str) -> str | None:
    """The numbering of a run of items in one sentence, when it opens with one."""
    marker = hd.ordinal_at(text, start, end, lang)
    return marker.series if marker is not None else None


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
    # Outside a work line a sentence is split only between numbered items of one list
    # ("first, we must …; second, we must …; third, …": each a one-clause item).
    series = _inline_series(text, start, end, lang) if line is None else None
    if line is not None or series is not None:
        pieces = []
        cursor = start
        for match in _SEMICOLON.finditer(text, start, end):
            following = hd.ordinal_at(text, trim(text, match.end(), end)[0], end, lang)
            if line is None and (following is None or following.series != series):
                continue
            pieces.append((cursor, match.end()))
            cursor = match.end()
        pieces.append((cursor, end))
    for index, (raw_start, raw_end) in enumerate(pieces):
        piece_start, piece_end = trim(text, raw_start, raw_end)
        if piece_end - piece_start < 2:
            continue
        if index and ((line is None and series is not None)
                      or (line is not None and line.series is not None)):
            marker = hd.ordinal_at(text, piece_start, piece_end, lang)
            expected = line.series if line is not None else series
            if marker is not None and marker.series == expected:
                heading = hd.ordinal_heading(text, piece_start, piece_end, lang, marker)
                if heading.body < piece_end:
                    sentence, para, number = where
                    line = _open(found, heading, replace(sentence, first=False), para, number)
                    piece_start = heading.body
                else:
                    line = None  # a one-clause item: a directive with no work line
        imperative = (line is not None and line.kind in _IMPERATIVE_BODIES) or (
            piece_end in found.assigned)
        if piece_end >= len(text.rstrip()) and text[piece_end - 1] not in _TERMINAL + ",，、)）”":
            imperative = False  # an excerpt cut off here: only its own words can ask
        # A one-clause item is judged by its words, not by its number ("（五）加强…").
        own_marker = hd.ordinal_at(text, piece_start, piece_end, lang)
        probe = own_marker.end if own_marker else piece_start
        rule = is_directive(text[probe:piece_end], lang, lead=lead, in_body=imperative)
        clause = Clause(text[probe:piece_end], lang, lead, imperative, rule, probe, piece_end)
        intro = found.intro
        if announces_list(text[probe:piece_end], lang):
            found.intro, intro = ListIntro(piece_start, piece_end, where[2]), None
        elif intro is not None and where[2] == intro.paragraph:
            intro.inline = True
        if found.judge(clause):
            piece_start = request_start(text, piece_start, piece_end, lang)
            found.directives.append(
                FoundDirective(piece_start, found.assigned.get(piece_end, piece_end), line,
                               (intro.start, intro.end) if intro is not None else None))
            if line is not None:
                line.directives += 1
                line.confirm_by = None
    return line
