"""A source text cut into pieces for display, each piece marked by the span that covers it.

Spans may nest (a merged directive can cover a heading between its parts); a piece shows
the narrowest span that covers it, so every heading and directive stays visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Mark:
    """A span to highlight: a work-line ``heading`` or a ``directive``."""

    start: int
    end: int
    kind: str
    ref: int  # the work line's or directive's id
    label: str  # its key (W1, D3)
    status: str = ""


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark | None = None
    first: bool = False  # the first piece of its mark: carries the anchor


def pieces(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """``text`` cut at every span boundary; joined, the pieces give ``text`` back."""
    size = len(text)
    spans = sorted(
        (m for m in marks if 0 <= m.start < m.end <= size), key=lambda m: (m.start, -m.end)
    )
    cuts = sorted({0, size, *(m.start for m in spans), *(m.end for m in spans)})
    out: list[Piece] = []
    active: list[Mark] = []
    seen: set[tuple[str, int]] = set()
    following = 0
    for a, b in pairwise(cuts):
        while following < len(spans) and spans[following].start <= a:
            active.append(spans[following])
            following += 1
        active = [m for m in active if m.end > a]
        mark = min(active, key=lambda m: (m.end - m.start, m.kind != "heading"), default=None)
        if out and out[-1].mark == mark:
            out[-1] = Piece(out[-1].text + text[a:b], mark, out[-1].first)
            continue
        first = mark is not None and (mark.kind, mark.ref) not in seen
        if mark is not None:
            seen.add((mark.kind, mark.ref))
        out.append(Piece(text[a:b], mark, first))
    return out
