"""Words for full-text search, Chinese and English through one function.

Neither SQLite's FTS5 nor PostgreSQL's 'simple' configuration knows where Chinese words
end, so text is segmented here (jieba, with the policy lexicon the unit suggester uses)
and stored as words separated by spaces; both engines then split on the spaces.

- :func:`index_words` is what a record is indexed under: jieba's search mode, which keeps
  a long word and the shorter words inside it (项目建设 → 项目, 建设, 项目建设), so that a
  query for either finds it. English words are lower-cased.
- :func:`query_words` is what a query asks for: the precise segmentation, each word to
  be found (as a prefix, so "invest" finds "investment").
"""

from __future__ import annotations

import re

from luoshi.extract.suggest import _jieba

# A word is letters and digits (any script); jieba also yields spaces and punctuation.
_WORD = re.compile(r"[^\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _words(pieces: list[str]) -> list[str]:
    found: list[str] = []
    for piece in pieces:
        found.extend(w.casefold() for w in _WORD.findall(piece))
    return found


def index_words(text: str) -> str:
    """``text`` as space-separated search words (each distinct word once, in order)."""
    if not text.strip():
        return ""
    pieces = _jieba().lcut_for_search(text) if _HAN.search(text) else text.split()
    return " ".join(dict.fromkeys(_words(pieces)))


def query_words(query: str, *, limit: int = 12) -> list[str]:
    """The words a search query asks for (at most ``limit``, each once)."""
    if not query.strip():
        return []
    pieces = _jieba().lcut(query) if _HAN.search(query) else query.split()
    return list(dict.fromkeys(_words(pieces)))[:limit]


def warm() -> None:
    """Load the segmenter now (a second or more) rather than in the first search."""
    _jieba()
