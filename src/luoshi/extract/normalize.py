"""A normalized working copy of the text, with a map back to the original offsets.

The rules read one spelling of punctuation and spacing: full-width ASCII forms become ASCII
(``，`` → ``,``), curly apostrophes straight, exotic spaces plain; curly double quotes are
kept, because their direction tells where a quoted name starts and ends; zero-width characters go;
and in English a space is put back where formatting glued two words together
("investmentfocusing", "thatDo", "significance.to"). Those inserted spaces are remembered
as *glue points*: a heading often ends exactly there.

Almost every change is one character for one, so the map is stored as the few points where
the shift between the two texts changes, not as one integer per character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from importlib import resources

from luoshi.extract import lexicon

_ONE_FOR_ONE: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_ONE_FOR_ONE.update(
    {
        0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " ",
        0x0009: " ", 0x000D: "\n", 0x000B: "\n", 0x000C: "\n", 0x2028: "\n", 0x2029: "\n",
        0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",
        0x201E: '"', 0x201F: '"', 0x2033: '"',
        0xFE50: ",", 0xFE51: "、", 0xFE52: ".", 0xFE54: ";", 0xFE55: ":",
    }
)
# Full-width brackets are kept as ASCII, but the Chinese lenticular and tortoise-shell
# brackets and 《》 stay as they are: they carry meaning (document titles, numbers).
_TRANSLATION = str.maketrans(_ONE_FOR_ONE)

def _traditional_table() -> dict[int, str]:
    lines = [line for line in resources.files("luoshi.extract").joinpath(
        "data", "traditional.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")]
    traditional, simplified = lines[0], lines[1]
    return {ord(t): s for t, s in zip(traditional, simplified, strict=True)}


# Chinese rules read simplified characters; a traditional-character copy of a readout
# ("會議強調，") is read through this one-for-one table (offsets do not move).
_TO_SIMPLIFIED = str.maketrans(_traditional_table())

_DELETED = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# "thatDo", "understandThe": a lower-case word running into a capitalised one.
_CAMEL = re.compile(r"(?<![A-Za-z'])[a-z]{2,}(?=[A-Z][a-z])")
# "significance.to", "early.Do", "pigs;do": punctuation with no space after it.
_PUNCT_GLUE = re.compile(r"(?<=[a-z%\d]{2})[.;:,!?]['\"”)]*(?=[A-Za-z“])")
_NOT_GLUE_AFTER_DOT = re.compile(r"(?:com|cn|org|net|gov|edu|html?|www|php|aspx?)\b")
# A lower-case token long enough to hide two words.
_LONG_WORD = re.compile(r"(?<![A-Za-z'\-])[a-z]{7,}(?![A-Za-z'\-])")


@dataclass(frozen=True)
class Normalized:
    """The normalized text and how to find any of its positions in the original."""

    text: str
    original: str
    glue: frozenset[int] = frozenset()  # positions in ``text`` of inserted spaces
    glue_sorted: tuple[int, ...] = ()  # the same, in order, for range queries
    _points: tuple[int, ...] = field(default=(), repr=False)
    _shifts: tuple[int, ...] = field(default=(), repr=False)

    def glue_between(self, start: int, end: int) -> int | None:
        """The first glue point strictly inside (start, end), if any."""
        index = bisect_right(self.glue_sorted, start)
        if index < len(self.glue_sorted) and self.glue_sorted[index] < end:
            return self.glue_sorted[index]
        return None

    def to_original(self, pos: int) -> int:
        """The original offset of normalized offset ``pos``."""
        index = bisect_right(self._points, pos) - 1
        return pos + (self._shifts[index] if index >= 0 else 0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span (end exclusive); an inserted character maps to the one after it."""
        if end <= start:
            at = self.to_original(start)
            return at, at
        return self.to_original(start), self.to_original(end - 1) + 1


def normalize(original: str, lang: str) -> Normalized:
    """Normalize ``original``; English text also gets its glued words separated."""
    text = original.translate(_TRANSLATION)
    if lang == "zh":
        text = text.translate(_TO_SIMPLIFIED)
    deletions = [m.start() for m in _DELETED.finditer(text)]
    insertions = _glue_points(text) if lang == "en" else []
    if not deletions and not insertions:
        return Normalized(text=text, original=original)
    # (original position, +1 insert a space before it / -1 delete it), in text order.
    edits = sorted([(p, 1) for p in insertions] + [(p, -1) for p in deletions])
    pieces: list[str] = []
    points: list[int] = []
    shifts: list[int] = []
    glue: list[int] = []
    shift = 0  # original offset minus normalized offset, for the text after the last edit
    last = 0
    norm_len = 0
    for pos, kind in edits:
        pieces.append(text[last:pos])
        norm_len += pos - last
        if kind == 1:
            pieces.append(" ")
            glue.append(norm_len)
            norm_len += 1
            shift -= 1
            points.append(norm_len)
            last = pos
        else:
            shift += 1
            points.append(norm_len)
            last = pos + 1
        shifts.append(shift)
    pieces.append(text[last:])
    return Normalized(
        text="".join(pieces),
        original=original,
        glue=frozenset(glue),
        glue_sorted=tuple(glue),
        _points=tuple(points),
        _shifts=tuple(shifts),
    )


def _glue_points(text: str) -> list[int]:
    """Original offsets before which a space was lost."""
    points: set[int] = {m.end() for m in _CAMEL.finditer(text)}
    for match in _PUNCT_GLUE.finditer(text):
        after = match.end()
        if _NOT_GLUE_AFTER_DOT.match(text, after) or _in_address(text, match.start()):
            continue
        points.add(after)
    for match in _LONG_WORD.finditer(text):
        cut = lexicon.split_glued(match.group())
        if cut is not None:
            points.add(match.start() + cut)
    return sorted(points)


def _in_address(text: str, pos: int) -> bool:
    # A web or mail address ("www.gov.cn/x.html") keeps its dots.
    token_start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    token = text[token_start:pos]
    return "/" in token or "@" in token or token.startswith("www")
