"""English word frequencies, to split words that lost the space between them.

The counts are the unigram table that ships inside the ``wordsegment`` package (Google
Web Trillion Word Corpus); nothing is downloaded. Only the most frequent words are loaded,
once, on the first English text that has a candidate glued word.
"""

from __future__ import annotations

import math
import threading
from importlib import resources

_TOP_WORDS = 150_000
# A split must put a fairly common word on each side; rarer entries in the table are mostly
# names and typos, and splitting on them would break real words.
_MIN_PART_COUNT = 150_000
# Two-letter words are common glue partners ("opening up|deepen", "production|do") but
# most two-letter entries in the table are abbreviations; allow only real words.
_SHORT_WORDS = frozenset(
    [
        "a", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
        "no", "of", "on", "or", "so", "to", "up", "us", "we"
    ]
)
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "al", "ally", "ness", "ment",
             "ments", "ation", "ations", "ization", "izations", "ity", "ities")

_lock = threading.Lock()
# word → its count as written in the table: most words are only looked up, never counted,
# so the digits are turned into numbers on use (loading is twice as fast).
_counts: dict[str, str] | None = None


def _load() -> dict[str, str]:
    global _counts
    with _lock:
        if _counts is None:
            table = resources.files("wordsegment").joinpath("unigrams.txt")
            lines = table.read_text(encoding="utf-8").split("\n", _TOP_WORDS)[:_TOP_WORDS]
            _counts = dict(line.split("\t", 1) for line in lines if "\t" in line)
        return _counts


def is_word(word: str) -> bool:
    """True when ``word`` (lower case) is a known English word or an inflection of one."""
    counts = _load()
    if word in counts:
        return True
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in counts
        for suffix in _SUFFIXES
        if len(word) - len(suffix) >= 4
    )


def split_glued(word: str) -> int | None:
    """Where to split a lower-case token made of two glued words, or None.

    ``"investmentfocusing"`` → 10, ``"updeepen"`` → 2. A known word is never split.
    """
    if is_word(word):
        return None
    counts = _load()
    best: tuple[float, int] | None = None
    for cut in range(2, len(word) - 1):
        left, right = word[:cut], word[cut:]
        if not (_usable(left, counts) and _usable(right, counts)):
            continue
        score = math.log(int(counts[left])) + math.log(int(counts[right]))
        if best is None or score > best[0]:
            best = (score, cut)
    return best[1] if best else None


def _usable(part: str, counts: dict[str, str]) -> bool:
    if len(part) <= 2:
        return part in _SHORT_WORDS
    return int(counts.get(part, "0")) >= _MIN_PART_COUNT
