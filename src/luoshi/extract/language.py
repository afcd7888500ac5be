"""Which language a text is written in: Chinese when Han characters are a fair share of it."""

from __future__ import annotations

_SAMPLE = 20_000


def detect_language(text: str) -> str:
    """``"zh"`` or ``"en"``, from the first part of the text."""
    sample = text[:_SAMPLE]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    # A Chinese character carries about as much as an English word of five letters.
    return "zh" if han * 5 >= latin and han > 0 else "en"
