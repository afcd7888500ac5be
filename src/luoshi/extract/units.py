"""What the extractor knows of a deployment's units, to suggest lead and co-units.

Plain data passed in by the caller: the extractor never reads a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class UnitProfile:
    """One unit as the suggester sees it."""

    code: str
    name_zh: str
    name_en: str = ""
    aliases: tuple[str, ...] = ()
    functions: str = ""
    kind: str = "department"


@dataclass(frozen=True)
class LearnedExample:
    """A confirmed (text → unit) pair: a confirmed assignment or a division-plan clause."""

    text: str
    unit_code: str
    role: str = "lead"  # "lead" or "co"


@dataclass(frozen=True)
class Suggestion:
    unit: str  # the unit's code
    name: str  # its name in the document's language
    role: str  # "lead" or "co"
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


class Suggester(Protocol):
    def suggest(
        self,
        text: str,
        *,
        lang: str,
        domain: str | None = None,
        actors: Sequence[str] = (),
        k: int = 3,
    ) -> list[Suggestion]: ...
