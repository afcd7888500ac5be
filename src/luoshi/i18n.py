"""The translation catalogues: every word a reader sees, in Chinese and English.

Each language has one gettext catalogue, ``locale/<locale>/LC_MESSAGES/messages.po``. A
message id is a symbolic key (``light_reasons``, ``error_page_not_found``), never the English
text, so that a template reads ``{{ t.light_reasons }}`` and an English wording can change
without touching the Chinese one. Stored values stay ASCII codes; a code becomes words here
(``t[task.status]``, ``t['event_' ~ e.action]``).

The catalogues are read with Babel's ``.po`` reader the first time a language is asked for,
and kept for the life of the process: there is no compiled ``.mo`` that a release could
forget to rebuild, and reading both catalogues takes milliseconds (docs/i18n.md).

A foundation module: it imports nothing from luoshi, so every layer may name a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_decimal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
DEFAULT: Language = "zh"
# The interface language → the catalogue's (and Babel's) locale.
LOCALES: dict[Language, str] = {"zh": "zh_CN", "en": "en"}
LOCALE_DIR = Path(__file__).parent / "locale"


def catalogue_path(language: Language) -> Path:
    return LOCALE_DIR / LOCALES[language] / "LC_MESSAGES" / "messages.po"


def language_of(value: object) -> Language:
    """The interface language a value names (``zh``, ``zh-CN``, ``zh_CN``, ``en-GB``…);
    anything else is the default, Chinese."""
    if isinstance(value, str):
        head = value.strip().lower().replace("_", "-").split("-", 1)[0]
        if head == "en":
            return "en"
    return DEFAULT


def accepted_language(header: str | None) -> Language | None:
    """The first of our languages an ``Accept-Language`` header asks for, by weight."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, index, tag.strip().lower()))
    for negative, _, tag in sorted(ranked):
        head = tag.split("-", 1)[0]
        if -negative > 0 and head in LANGUAGES:
            return "en" if head == "en" else "zh"
    return None


class Labels(dict[str, str]):
    """One language's messages by key. A key that is missing reads as itself (a test keeps
    every key used in both catalogues, so a reader never meets one)."""

    def __missing__(self, key: str) -> str:
        return key


@cache
def _read(language: Language) -> dict[str, str]:
    with catalogue_path(language).open("rb") as handle:
        catalogue = read_po(handle, locale=LOCALES[language])
    return {
        message.id: message.string
        for message in catalogue
        if isinstance(message.id, str) and message.id and isinstance(message.string, str)
    }


def catalogue(language: Language) -> dict[str, str]:
    """The messages of one catalogue exactly as stored (a copy)."""
    return dict(_read(language))


# pydantic's error types → the catalogue's words for them (a form's field, a sheet's cell).
FIELD_MESSAGES = {
    "string_too_long": "field_too_long",
    "too_long": "field_too_many",
    "string_too_short": "field_too_short",
    "missing": "field_missing",
    "int_parsing": "field_not_a_number",
    "int_type": "field_not_a_number",
    "less_than_equal": "field_too_big",
    "greater_than_equal": "field_too_small",
    "string_pattern_mismatch": "field_invalid",
    "date_from_datetime_parsing": "field_not_a_date",
    "date_parsing": "field_not_a_date",
}


@cache
def labels(language: str) -> Labels:
    """Every message of ``language`` (any spelling; unknown → Chinese). Shared: do not
    change the mapping returned."""
    return Labels(_read(language_of(language)))


def text(key: str, language: str, /, **params: Any) -> str:
    """One message in ``language`` with its ``{blanks}`` filled."""
    message = labels(language)[key]
    return message.format(**params) if params else message


def english_and_chinese(key: str, /, **params: Any) -> tuple[str, str]:
    """A note the system writes in both languages: the English for the trail's note
    column, the Chinese beside it (kernel/audit.py:record's ``note_zh``)."""
    return text(key, "en", **params), text(key, "zh", **params)


def has(key: str) -> bool:
    return all(key in _read(language) for language in LANGUAGES)


def keys(prefix: str = "") -> Iterable[str]:
    return (key for key in _read(DEFAULT) if key.startswith(prefix))


def format_date(value: date | datetime | None, language: str, style: str = "medium") -> str:
    """A date as a reader of ``language`` writes it: 2023年6月30日 / Jun 30, 2023."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return str(_babel_date(value, format=style, locale=_locale(language)))


def format_decimal(value: int | float | Decimal | None, language: str) -> str:
    """A number with the reader's grouping and decimal marks: 12,345.6."""
    if value is None:
        return ""
    return str(_babel_decimal(value, locale=_locale(language)))


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES[language_of(language)])
