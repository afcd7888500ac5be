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
def _patterns(lang: str) -> tuple[tuple[str, re.Pattern[str], dict[str, float]], ...]:
    out = []
    for domain in taxonomy():
        words = domain.keywords_zh if lang == "zh" else domain.keywords_en
        # Longer keywords are more specific; a weight per keyword, one regex per domain.
        weights = {w.lower(): 1.0 + len(w) / (4 if lang == "zh" else 12) for w in words}
        if lang == "zh":
            pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len,
                                                                        reverse=True)))
        else:
            pattern = re.compile(
                r"\b(?:" + "|".join(re.escape(w.lower()) for w in sorted(words, key=len,
                                                                        reverse=True))
                + r")", re.IGNORECASE)
        out.append((domain.code, pattern, weights))
    return tuple(out)


def scores(text: str, lang: str) -> dict[str, float]:
    """Keyword weight per domain code (only domains with a hit)."""
    out: dict[str, float] = {}
    for code, pattern, weights in _patterns(lang):
        total = 0.0
        for match in pattern.finditer(text):
            total += weights.get(match.group().lower(), 1.0)
        if total:
            out[code] = total
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
