"""The result of an extraction: plain frozen dataclasses and their JSON form.

``Extraction.to_dict()`` is the contract of DESIGN.md §5; offsets everywhere are Python
``str`` indices into the original decoded text, so ``text[start:end]`` is the span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from luoshi.extract.units import Suggestion


@dataclass(frozen=True)
class Span:
    """A piece of the source text: an actor, a programme."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Deadline:
    """A time by which something must be done; ``due`` is None when it cannot be resolved."""

    text: str
    start: int
    end: int
    due: dt.date | None
    kind: str  # date | month | quarter | half | year | asap | other


@dataclass(frozen=True)
class Target:
    """A number the directive asks to reach, with the unit as written."""

    text: str
    start: int
    end: int
    value: float
    unit: str


@dataclass(frozen=True)
class WorkLine:
    """A titled group of directives (工作板块); start/end are the heading's span."""

    id: str
    heading: str
    start: int
    end: int
    domain: str | None
    optional: bool = False


@dataclass(frozen=True)
class Directive:
    """One thing the source asks for (部署要求), with its attributes."""

    id: str
    work_line: str | None
    start: int
    end: int
    text: str
    actors: list[Span] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    programmes: list[Span] = field(default_factory=list)
    domain: str | None = None
    suggested_units: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    language: str
    date: dt.date | None
    title: str
    chars: int
    sha256: str


def _number(value: float) -> int | float:
    # The contract shows counts as integers ("value": 30); keep fractions as floats.
    # ``float()`` first: a value may arrive as an int, and ``int.is_integer`` only exists
    # from Python 3.12 (the project supports 3.11).
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return int(number)
    return number


def _deadline_dict(deadline: Deadline) -> dict[str, Any]:
    return {"text": deadline.text, "due": deadline.due.isoformat() if deadline.due else None}


@dataclass(frozen=True)
class Extraction:
    """Work lines and directives found in one source text."""

    source: Source
    work_lines: list[WorkLine]
    directives: list[Directive]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of DESIGN.md §5."""
        return {
            "source": {
                "language": self.source.language,
                "date": self.source.date.isoformat() if self.source.date else None,
                "title": self.source.title,
                "chars": self.source.chars,
                "sha256": self.source.sha256,
            },
            "work_lines": [_work_line_dict(w) for w in self.work_lines],
            "directives": [_directive_dict(d) for d in self.directives],
        }


def _work_line_dict(work_line: WorkLine) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": work_line.id,
        "heading": work_line.heading,
        "start": work_line.start,
        "end": work_line.end,
        "domain": work_line.domain,
    }
    if work_line.optional:
        out["optional"] = True
    return out


def _directive_dict(directive: Directive) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": directive.id,
        "work_line": directive.work_line,
        "start": directive.start,
        "end": directive.end,
        "text": directive.text,
        "actors": [a.text for a in directive.actors],
        "deadline": _deadline_dict(directive.deadlines[0]) if directive.deadlines else None,
    }
    if len(directive.deadlines) > 1:
        out["deadlines"] = [_deadline_dict(d) for d in directive.deadlines]
    out["targets"] = [
        {"text": t.text, "value": _number(t.value), "unit": t.unit} for t in directive.targets
    ]
    out["programs"] = [p.text for p in directive.programmes]
    out["domain"] = directive.domain
    out["suggested_units"] = [_suggestion(s) for s in directive.suggested_units]
    return out


def _suggestion(s: Suggestion) -> dict[str, Any]:
    """A suggested unit; ``reasons`` (why the suggester ranked it) only when it gave some."""
    out: dict[str, Any] = {
        "unit": s.name,
        "code": s.unit,
        "role": s.role,
        "score": round(s.score, 3),
    }
    if s.reasons:
        out["reasons"] = list(s.reasons)
    return out
