"""A learned second opinion on "does this clause ask for something?", beside the rules.

Every sentence or clause the structure pass judges (its lead-in, heading and numbering
already removed) is a :class:`Clause`. The rules (``directives.is_directive``) give their
verdict; a logistic-regression model over simple, general features gives a probability;
a :class:`Judge` combines the two by one of the :data:`MODES`.

Features (all binary, named, so the shipped weights can be read):

- the rules' own cues: their verdict, the kind of lead-in (require / stress / note / none),
  whether the clause stands in a work line's body — in both languages and per language;
- English: lower-cased word unigrams and bigrams, the first word and the first two words;
- Chinese: character unigrams, bigrams and trigrams, the first two and three characters;
- a length bucket.

The model is trained at build time only (``luoshi extract-train``, see
``luoshi.extract.training`` and docs/extraction.md) and ships as
``data/directive_model.json``: the feature spec, the intercept and one weight per named
feature. Inference here is pure Python (a sum of weights and a sigmoid), so extraction
imports neither scikit-learn nor numpy; the file is read once, on first use.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("data") / "directive_model.json"
FEATURE_VERSION = 1

# How the rules and the model combine:
# rules — the rules alone decide (the model is not read);
# model — the model alone decides (p ≥ threshold); the rules' verdict is one of its features;
# veto — a clause is a directive when the rules say so and the model does not doubt it
#        (p ≥ low);
# confident — the rules decide unless the model is confident the other way (p ≤ low or
#        p ≥ high);
# learned — a model trained without the rules' verdict among its features decides alone
#        (how far a learned method gets on its own; the other modes lean on the rules).
MODES = ("rules", "model", "veto", "confident", "learned")

_EN_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d+(?:\.\d+)?")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MAX_CHARS = 400  # a clause's features come from its first 400 characters


@dataclass(frozen=True)
class Clause:
    """One clause as the structure pass sees it (offsets into the normalized text)."""

    text: str
    lang: str
    lead: str | None
    in_body: bool
    rule: bool
    start: int = 0
    end: int = 0


def features(clause: Clause, rule: bool = True) -> list[str]:
    """The names of the clause's features, sorted, without repeats; ``rule=False`` leaves
    out the rules' verdict."""
    lang = clause.lang
    lead = clause.lead or "none"
    found = {
        f"lead={lead}",
        f"body={int(clause.in_body)}",
        f"lead={lead}|body={int(clause.in_body)}",
        f"{lang}:lead={lead}",
        f"{lang}:body={int(clause.in_body)}",
        f"{lang}:len={_length_bucket(clause.text, lang)}",
    }
    if rule:
        found |= {
            f"rule={int(clause.rule)}",
            f"rule={int(clause.rule)}|lead={lead}|body={int(clause.in_body)}",
            f"{lang}:rule={int(clause.rule)}",
        }
    text = clause.text.strip()[:_MAX_CHARS]
    if lang == "zh":
        chars = [c for c in text if not c.isspace()]
        joined = "".join(chars)
        found.add(f"zh:p2={joined[:2]}")
        found.add(f"zh:p3={joined[:3]}")
        for n in (1, 2, 3):
            for i in range(len(chars) - n + 1):
                gram = joined[i : i + n]
                if n == 1 or _HAN.search(gram):
                    found.add(f"zh:c{n}={gram}")
    else:
        words = _EN_WORD.findall(text.lower())
        if words:
            found.add(f"en:w0={words[0]}")
            found.add(f"en:w01={' '.join(words[:2])}")
        for i, word in enumerate(words):
            found.add(f"en:w={word}")
            if i + 1 < len(words):
                found.add(f"en:ww={word} {words[i + 1]}")
    return sorted(found)


def _length_bucket(text: str, lang: str) -> str:
    size = len(text.strip()) if lang == "zh" else len(text.split())
    short, long = (12, 60) if lang == "zh" else (6, 30)
    return "short" if size < short else "long" if size > long else "mid"


@dataclass(frozen=True)
class Model:
    """A logistic-regression model over named binary features."""

    intercept: float
    weights: dict[str, float]
    info: dict[str, Any]
    rule_features: bool = True  # the rules' verdict is among its features

    def probability(self, clause: Clause) -> float:
        """P(directive) for the clause."""
        return self.probability_of(features(clause, self.rule_features))

    def probability_of(self, names: Iterable[str]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) for name in names)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError(
                f"model features are version {data.get('feature_version')!r}, this code "
                f"reads version {FEATURE_VERSION}; rebuild it with `luoshi extract-train`"
            )
        info = {k: v for k, v in data.items() if k not in ("intercept", "weights")}
        return cls(
            float(data["intercept"]),
            {str(k): float(v) for k, v in data["weights"].items()},
            info,
            bool(data.get("rule_features", True)),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The model inside the package, read on first use."""
    return Model.load()


@dataclass(frozen=True)
class Judge:
    """Decides each clause from the rules' verdict and, by ``mode``, the model's."""

    mode: str = "rules"
    model: Model | None = None
    threshold: float = 0.5
    low: float = 0.1
    high: float = 0.9

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; use one of {', '.join(MODES)}")
        if self.mode != "rules" and self.model is None:
            raise ValueError(f"mode {self.mode!r} needs a model")

    def __call__(self, clause: Clause) -> bool:
        if self.mode == "rules" or self.model is None:
            return clause.rule
        p = self.model.probability(clause)
        if self.mode in ("model", "learned"):
            return p >= self.threshold
        if self.mode == "veto":
            return clause.rule and p >= self.low
        return p >= self.high if not clause.rule else p > self.low

    @classmethod
    def from_settings(cls, data: dict[str, Any], model: Model | None) -> Judge:
        return cls(
            mode=str(data.get("mode", "rules")),
            model=model,
            threshold=float(data.get("threshold", 0.5)),
            low=float(data.get("low", 0.1)),
            high=float(data.get("high", 0.9)),
        )


RULES = Judge()


@lru_cache(maxsize=1)
def shipped_judge() -> Judge:
    """The combination the shipped model file names (its ``"combine"`` entry): the one
    that measured best under leave-one-document-out cross-validation."""
    try:
        model = shipped_model()
    except FileNotFoundError:
        return RULES
    combine = model.info.get("combine", {"mode": "rules"})
    if combine.get("mode", "rules") == "rules":
        return RULES
    return Judge.from_settings(combine, model)


__all__ = [
    "MODES",
    "RULES",
    "Clause",
    "Judge",
    "Model",
    "features",
    "shipped_judge",
    "shipped_model",
]
