"""Task API shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import LIST_MAX, Code, Day, LongText, Name, Note, Version

# A task's share in its parent's progress: a relative number, not a free float.
WEIGHT_MAX = 1000.0

CYCLES = ("weekly", "half_monthly", "monthly", "quarterly", "once")
CYCLE_PATTERN = "^(" + "|".join(CYCLES) + ")$"


class TaskCreate(BaseModel):
    title: Annotated[Note, Field(min_length=1)]
    description: LongText = ""
    lead_unit: Code | None = None  # unit code
    co_units: list[Code] = Field(default_factory=list, max_length=LIST_MAX)
    responsible_leader: Name = ""
    start_date: Day | None = None
    due_date: Day | None = None
    report_cycle: str = Field(default="monthly", pattern=CYCLE_PATTERN)
    report_day: int | None = Field(default=None, ge=1, le=28)
    weight: float = Field(default=1.0, gt=0, le=WEIGHT_MAX, allow_inf_nan=False)
    domain: Code | None = None
    work_line: Note = ""  # the work line (工作板块) a hand-made or imported task falls under


class TaskUpdate(BaseModel):
    """An edit of a task's terms; ``version`` must be the one the editor read."""

    version: Version
    title: Annotated[Note, Field(min_length=1)] | None = None
    description: LongText | None = None
    responsible_leader: Name | None = None
    start_date: Day | None = None
    due_date: Day | None = None
    report_cycle: str | None = Field(default=None, pattern=CYCLE_PATTERN)
    report_day: int | None = Field(default=None, ge=1, le=28)
    weight: float | None = Field(default=None, gt=0, le=WEIGHT_MAX, allow_inf_nan=False)
    work_line: Note | None = None


class TaskAssign(BaseModel):
    lead_unit: Code
    co_units: list[Code] = Field(default_factory=list, max_length=LIST_MAX)
    due_date: Day | None = None
    version: Version | None = None


class TaskTransition(BaseModel):
    transition: Code
    reason: Note = ""
    version: Version | None = None


class PublishOptions(BaseModel):
    """How a reviewed breakdown becomes tasks.

    ``default_due`` is the due date of tasks whose directive names no deadline; without it
    such tasks have no due date until the office sets one (never a guessed year's end).
    """

    default_due: Day | None = None
    report_cycle: str = Field(default="monthly", pattern=CYCLE_PATTERN)
    assign: bool = True
    only_confirmed: bool = False


class UnitRef(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    description: str
    source_id: int | None
    directive_id: int | None
    span_start: int | None
    span_end: int | None
    work_line: str
    domain: str | None
    parent_id: int | None
    depth: int
    lead_unit: UnitRef | None
    co_units: list[UnitRef]
    responsible_leader: str
    start_date: date | None
    due_date: date | None
    report_cycle: str
    report_day: int
    status: str
    progress: int
    weight: float
    light: str
    light_reasons: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class TaskDetail(TaskRead):
    source_sentence: str | None
    source_title: str | None
    allowed_transitions: list[str]
    # Why the lead unit returned it (empty unless returned).
    return_reason: str = ""


class TaskPage(BaseModel):
    items: list[TaskRead]
    # Counted for offset pages; null for a keyset page (``after``), which skips the count.
    total: int | None
    page: int
    page_size: int
    # The ``after`` of the next keyset page (the last code of this one), null at the end.
    next_after: str | None = None
