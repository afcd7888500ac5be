"""The policy-domain taxonomy (``data/domains.json``) and a keyword classifier over it.

A work line's domain comes from its heading; a directive's from its own words, with the
heading of its work line counting double (a directive under "抓好项目投资" is about
investment unless its own words clearly say otherwise). docs/extraction.md lists the codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from luoshi.extract.vocabulary import load_json


@dataclass(frozen=True)
class Domain:
    code: str
    en: str
    zh: str
    keywords_en: tuple[str, ...]
    keywords_zh: tuple[str, ...]


@cache
def taxonomy() -> tuple[Domain, ...]:
    """Every domain, in the order of the data file."""
    raw = load_json("domains.json")["domains"]
    return tuple(
        Domain(d["code"], d["en"], d["zh"], tuple(d["keywords_en"]), tuple(d["keywords_zh"]))
        for d in raw
    )


@cache
def _index(lang: str) -> tuple[re.Pattern[str], dict[str, list[tuple[str, float]]]]:
    """One regex over every keyword of every domain, and what each keyword is worth.

    One pass over the text instead of one per domain: classification runs per directive,
    and on a long report that adds up.
    """
    weights: dict[str, list[tuple[str, float]]] = {}
    for domain in taxonomy():
        words = domain.keywords_zh if lang == "zh" else domain.keywords_en
        for word in words:
            # Longer keywords are more specific.
            weight = 1.0 + len(word) / (4 if lang == "zh" else 12)
            weights.setdefault(word.lower(), []).append((domain.code, weight))
    alternation = "|".join(re.escape(w) for w in sorted(weights, key=len, reverse=True))
    pattern = re.compile(alternation if lang == "zh" else rf"\b(?:{alternation})")
    return pattern, weights


def scores(text: str, lang: str) -> dict[str, float]:
    """Keyword weight per domain code (only domains with a hit)."""
    pattern, weights = _index(lang)
    out: dict[str, float] = {}
    for match in pattern.finditer(text if lang == "zh" else text.lower()):
        for code, weight in weights[match.group()]:
            out[code] = out.get(code, 0.0) + weight
    return out


def classify(text: str, lang: str, context: str = "") -> str | None:
    """The best domain for ``text``; ``context`` (a work-line heading) counts double."""
    total = scores(text, lang)
    for code, value in scores(context, lang).items():
        total[code] = total.get(code, 0.0) + 2 * value
    if not total:
        return None
    order = {d.code: i for i, d in enumerate(taxonomy())}
    return max(total, key=lambda code: (total[code], -order[code]))
