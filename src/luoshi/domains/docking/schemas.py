"""Docking API shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import Code, Day, Id, Note, Title, Version

STATUS_PATTERN = "^(not_started|drafting|issued|in_force|not_applicable)$"


class DockSource(BaseModel):
    """Open the docking of a national document: one entry per measure (directive)."""

    source_id: Id
    office_unit: Code | None = None  # unit code; the actor's own unit by default


class DockingAssign(BaseModel):
    """The office gives a measure its owner unit and names the local answer."""

    version: Version
    owner_unit: Code | None = None
    task_id: Id | None = None
    clear_task: bool = False
    local_measure: Title | None = None


class DockingStatus(BaseModel):
    """The owner unit reports how far its answer has come (or why none is needed)."""

    version: Version
    status: Annotated[str, Field(pattern=STATUS_PATTERN)]
    reason: Note = ""
    local_measure: Title | None = None
    on: Day | None = None


class UnitRef(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str


class DockingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source_id: int
    directive_id: int
    position: int
    national_measure: str
    heading: str
    office_unit: UnitRef
    owner_unit: UnitRef | None
    status: str
    reason: str
    local_measure: str
    task_id: int | None
    status_on: date | None
    answered: bool
    version: int
    created_at: datetime
    updated_at: datetime


class DockingPage(BaseModel):
    items: list[DockingRead]
    total: int
    unanswered: int
    page: int
    page_size: int
