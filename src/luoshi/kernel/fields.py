"""Bounded field types for every request schema and query parameter.

Unbounded input reached the database and answered 500: an id above 2^63 overflows
SQLite's integer and one above 2^31 PostgreSQL's INTEGER, a NUL character cannot be stored
in a PostgreSQL text column, a lone surrogate cannot be encoded as UTF-8, a date in year
9999 overflows the working-day arithmetic, and a megabyte of title costs every page that
lists it. Each type
here refuses such a value at the edge with a 422 and shows its bounds in the OpenAPI
document, so that clients (and schemathesis) know them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

# Ids and versions are INTEGER columns: 32 bits on PostgreSQL (SQLite's are 64). A larger
# value can name no row, and PostgreSQL refuses to compare it ("integer out of range").
MAX_ID = 2**31 - 1
# Dates a task, report or extension may carry: wide enough for any plan, far enough from
# date.min/date.max that adding a year of working days cannot overflow.
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2199, 12, 31)

# Lengths, in characters.
CODE_MAX = 64  # a unit code, a status or a transition name
NAME_MAX = 200  # a person's name, a username, a search string
SHORT_NAME_MAX = 100  # a unit's short name
TITLE_MAX = 500  # a title or a file name
NOTE_MAX = 5_000  # a reason, a comment, an instruction, one report section
TEXT_MAX = 20_000  # a task's description
LIST_MAX = 200  # units on a task, directives in a merge, parts of a split

# No NUL: PostgreSQL text refuses it. Written as an escape so the pattern stays printable.
NO_NUL = r"^[^\x00]*$"


def encodable(value: str) -> str:
    # A lone surrogate ("\ud800" in JSON) is a Python str but not UTF-8: refuse it here
    # rather than in the database driver.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("the text is not valid Unicode (lone surrogate)") from exc
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: object) -> object:
    """Only an ISO date (YYYY-MM-DD) or a date: pydantic would read 0 or "0.0" as a Unix
    timestamp (1970-01-01), which no one filling in a deadline means."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


def _in_range(value: date) -> date:
    if not MIN_DAY <= value <= MAX_DAY:
        raise ValueError(f"the date must lie between {MIN_DAY} and {MAX_DAY}")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=0, le=MAX_ID)]
Day = Annotated[date, BeforeValidator(iso_day), AfterValidator(_in_range)]

# Text of a bounded length; add Field(min_length=1) where empty is refused.
Code = Annotated[str, Field(max_length=CODE_MAX, pattern=NO_NUL), AfterValidator(encodable)]
Name = Annotated[str, Field(max_length=NAME_MAX, pattern=NO_NUL), AfterValidator(encodable)]
ShortName = Annotated[
    str, Field(max_length=SHORT_NAME_MAX, pattern=NO_NUL), AfterValidator(encodable)
]
Title = Annotated[str, Field(max_length=TITLE_MAX, pattern=NO_NUL), AfterValidator(encodable)]
Note = Annotated[str, Field(max_length=NOTE_MAX, pattern=NO_NUL), AfterValidator(encodable)]
LongText = Annotated[str, Field(max_length=TEXT_MAX, pattern=NO_NUL), AfterValidator(encodable)]
