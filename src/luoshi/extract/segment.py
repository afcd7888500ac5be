"""Paragraphs, sentences and clauses, as (start, end) spans of the normalized text.

Every newline ends a paragraph (Word exports and web pages put one paragraph per line;
readouts often leave a blank line between). Sentences end at 。！？ (and ASCII . ! ? in
English, unless the dot closes an abbreviation), taking closing quotes and brackets along.
A dot followed by a glue point ("significance.to deeply understand") ends a sentence even
before a lower-case word: formatting lost the space, not the full stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ZH_END = re.compile(r"[。！？!?]+[”’\"'）)」』】]*|\.(?=[”\"]?\s*$)")
_EN_END = re.compile(r"[.!?]+[”’\"')\]]*(?=\s)|[.!?]+[”’\"')\]]*$")
_ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "no", "nos", "vs", "st", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "art", "fig", "figs", "inc", "co", "ltd", "corp",
        "gov", "govt", "dept", "e.g", "i.e", "u.s", "u.k", "p.r", "a.m", "p.m", "approx", "ch",
        "sec", "vol", "pp", "rev", "prof", "gen", "col", "lt", "sgt"
    ]
)
_ROMAN_NUMBER = re.compile(r"I{1,3}|IV|VI{0,3}|IX|X")
_CLAUSE_END = re.compile(r"[,;:。.!?！？]")
_WS = " \t\n\r"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of its paragraph
    first: bool  # the first sentence of its paragraph
    last: bool  # the last sentence of its paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    length = len(text)
    while pos < length:
        end = text.find("\n", pos)
        if end == -1:
            end = length
        start, stop = trim(text, pos, end)
        if stop > start:
            spans.append((start, stop))
        pos = end + 1
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding white space."""
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def sentences(text: str, lang: str, glue: frozenset[int] = frozenset()) -> list[Sentence]:
    """All sentences of all paragraphs, in order."""
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        spans: list[tuple[int, int]] = []
        for span in _split(text, p_start, p_end, lang, glue):
            # "……。（国家发展改革委等按职责分工负责，年内持续推进）": a note in brackets after
            # a sentence names its owners and time; it belongs to that sentence.
            if spans and text[span[0]] == "(" and text[span[1] - 1] == ")":
                spans[-1] = (spans[-1][0], span[1])
            else:
                spans.append(span)
        for index, (start, end) in enumerate(spans):
            out.append(Sentence(start, end, number, index == 0, index == len(spans) - 1))
    return out


def _split(
    text: str, start: int, end: int, lang: str, glue: frozenset[int]
) -> Iterator[tuple[int, int]]:
    pattern = _ZH_END if lang == "zh" else _EN_END
    cursor = start
    for match in pattern.finditer(text, start, end):
        stop = match.end()
        if lang != "zh" and not _ends_sentence(text, match.start(), stop, end, glue):
            continue
        if lang == "zh" and text[match.start()] in "!?" and not _cjk_before(text, match.start()):
            continue
        span = trim(text, cursor, stop)
        if span[1] > span[0]:
            yield span
        cursor = stop
    span = trim(text, cursor, end)
    if span[1] > span[0]:
        yield span


def _cjk_before(text: str, pos: int) -> bool:
    # An ASCII "!" or "?" ends a Chinese sentence after a Han character, also when a closing
    # quote stands between ("要确保“稳”!"), but not inside "5!" or an English aside.
    while pos > 0 and text[pos - 1] in "”’\"')」』":
        pos -= 1
    return pos > 0 and "\u4e00" <= text[pos - 1] <= "\u9fff"


def _ends_sentence(text: str, mark: int, stop: int, limit: int, glue: frozenset[int]) -> bool:
    if stop >= limit:
        return True
    if stop in glue:
        return True  # "significance.to": the space was lost, the full stop was not
    if text[mark] == "." and stop == mark + 1:
        digits = mark
        while digits > 0 and text[digits - 1].isdigit():
            digits -= 1
        if 0 < mark - digits <= 2 and (digits == 0 or text[digits - 1] == "\n"):
            return False  # "2. Improve the business environment …": a numbered item
    if text[mark] == ".":
        word_start = mark
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:mark].lower()
        if word in _ABBREVIATIONS or (len(word) == 1 and text[mark - 1].isupper()):
            return False
        line_start = word_start == 0 or text[word_start - 1] == "\n"
        if line_start and _ROMAN_NUMBER.fullmatch(text[word_start:mark]):
            return False  # "II. Expanding domestic demand": a numbered headline
    nxt = stop
    while nxt < limit and text[nxt] in _WS:
        nxt += 1
    if nxt >= limit:
        return True
    following = text[nxt]
    if following.islower() and text[mark] == ".":
        if text[max(0, mark - 3):mark].lower() == "etc":
            return False  # "towns etc. and villages"; "… etc. The" still ends a sentence
        # "significance. to deeply understand": a lower-case start after a full stop that
        # closes an ordinary word (abbreviations were ruled out above) is a new sentence.
        before = text[max(0, mark - 3):mark]
        return len(before) == 3 and before.isalpha() and before.islower()
    return following.isupper() or following.isdigit() or following in "“\"'(‘[《" or (
        "\u4e00" <= following <= "\u9fff"
    )


def clause_end(text: str, start: int, end: int, skip_leading: bool = True) -> int:
    """Where the clause starting at ``start`` ends (before its comma, colon, semicolon or
    full stop), or ``end``. With ``skip_leading`` a mark right at the start is passed over
    ("第一，…", "First, …" keep going)."""
    pos = start
    if skip_leading:
        while pos < end and (text[pos] in ",:、 " ):
            pos += 1
    match = _CLAUSE_END.search(text, pos, end)
    while match and text[match.start()] == "." and _inside_number(text, match.start()):
        match = _CLAUSE_END.search(text, match.start() + 1, end)
    return match.start() if match else end


def _inside_number(text: str, pos: int) -> bool:
    return 0 < pos < len(text) - 1 and text[pos - 1].isdigit() and text[pos + 1].isdigit()
