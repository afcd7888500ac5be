"""Helpers for reading an extraction in tests."""

from __future__ import annotations

from pathlib import Path

from luoshi.extract import Extraction, extract

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "corpus" / "seed"
DEV_DIR = ROOT / "corpus" / "dev"


def headings(text: str, lang: str | None = None) -> list[str]:
    return [w.heading for w in extract(text, lang=lang).work_lines]


def grouped(text: str, lang: str | None = None) -> list[tuple[str | None, str]]:
    """(heading of its work line or None, directive text) for every directive."""
    result: Extraction = extract(text, lang=lang)
    by_id = {w.id: w.heading for w in result.work_lines}
    return [(by_id.get(d.work_line) if d.work_line else None, d.text) for d in result.directives]


def directive_texts(text: str, lang: str | None = None) -> list[str]:
    return [d.text for d in extract(text, lang=lang).directives]
