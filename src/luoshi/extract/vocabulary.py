"""The word lists the rules read, from ``data/cues.json`` (package data), compiled once.

Keeping the lists as data lets a deployment read and extend them without reading the
rules; keeping them small keeps loading instant (the module is imported with the package).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any


def load_json(name: str) -> Any:
    """A JSON file shipped in ``luoshi/extract/data``."""
    path = resources.files("luoshi.extract").joinpath("data", name)
    with path.open("r", encoding="utf-8") as handle:
        return json.load(handle)


def alternation(phrases: list[str]) -> str:
    """A regex alternation matching the longest phrase first."""
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


_CUES: dict[str, list[str]] = load_json("cues.json")

EN_IMPERATIVE = frozenset(_CUES["en_imperative"])
EN_BODY_START = frozenset(_CUES["en_body_start"])
EN_FUNCTION_WORDS = frozenset(_CUES["en_function_words"])
EN_MANNER = re.compile(rf"(?:{alternation(_CUES['en_manner'])})\b")
ZH_MANNER = re.compile(alternation(_CUES["zh_manner"]))
ZH_NOT_HEADING_START = re.compile(alternation(_CUES["zh_not_heading_start"]))
ZH_VERB_WORDS = tuple(_CUES["zh_verb_start"])
ZH_VERB_START = re.compile(alternation(_CUES["zh_verb_start"]))
ZH_STUDY_START = re.compile(alternation(_CUES["zh_study_start"]))
