"""Draft breakdown API shapes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import LIST_MAX, Code, Day, Note


class WorkLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key: str
    heading: str
    start: int
    end: int
    domain: str | None


class DirectiveRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key: str
    work_line_id: int | None
    start: int
    end: int
    text: str
    title: str
    actors: list[str]
    deadlines: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    programmes: list[str]
    domain: str | None
    suggested_units: list[dict[str, Any]]
    status: str
    lead_unit_id: int | None
    co_unit_ids: list[int]
    due_date: date | None


class DirectiveUpdate(BaseModel):
    """A reviewer's edit; only the fields sent change."""

    title: Annotated[Note, Field(min_length=1)] | None = None
    lead_unit: Code | None = None  # unit code
    co_units: list[Code] | None = Field(default=None, max_length=LIST_MAX)
    due_date: Day | None = None
    status: str | None = Field(default=None, pattern="^(draft|confirmed|rejected)$")


class Breakdown(BaseModel):
    source_id: int
    created: bool
    work_lines: list[WorkLineRead]
    directives: list[DirectiveRead]
