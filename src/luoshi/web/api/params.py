"""Bounded path and query parameters, shared by every API route.

An id is a positive signed 64-bit integer (larger ones overflowed the database driver and
answered 500); query strings are short and free of NUL. See ``luoshi.kernel.fields``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator

from luoshi.kernel.fields import CODE_MAX, MAX_ID, NAME_MAX, NO_NUL, encodable, iso_day

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int, Query(ge=1, le=MAX_ID)]
# A code (a unit code, a status, a kind) or a search string in the query.
QueryCode = Annotated[str, Query(max_length=CODE_MAX, pattern=NO_NUL), AfterValidator(encodable)]
QueryText = Annotated[str, Query(max_length=NAME_MAX, pattern=NO_NUL), AfterValidator(encodable)]
QueryDay = Annotated[date, Query(), BeforeValidator(iso_day)]
PathCode = Annotated[str, Path(max_length=CODE_MAX, pattern=NO_NUL), AfterValidator(encodable)]
PathDay = Annotated[date, Path(), BeforeValidator(iso_day)]
