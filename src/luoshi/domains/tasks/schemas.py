"""Task API shapes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

CYCLES = ("weekly", "half_monthly", "monthly", "quarterly", "once")
CYCLE_PATTERN = "^(" + "|".join(CYCLES) + ")$"


class TaskCreate(BaseModel):
    title: str = Field(min_length=1)
    description: str = ""
    lead_unit: str | None = None  # unit code
    co_units: list[str] = Field(default_factory=list)
    responsible_leader: str = ""
    start_date: date | None = None
    due_date: date | None = None
    report_cycle: str = Field(default="monthly", pattern=CYCLE_PATTERN)
    report_day: int | None = Field(default=None, ge=1, le=28)
    weight: float = Field(default=1.0, gt=0)
    domain: str | None = None


class TaskUpdate(BaseModel):
    """An edit of a task's terms; ``version`` must be the one the editor read."""

    version: int
    title: str | None = Field(default=None, min_length=1)
    description: str | None = None
    responsible_leader: str | None = None
    start_date: date | None = None
    due_date: date | None = None
    report_cycle: str | None = Field(default=None, pattern=CYCLE_PATTERN)
    report_day: int | None = Field(default=None, ge=1, le=28)
    weight: float | None = Field(default=None, gt=0)


class TaskAssign(BaseModel):
    lead_unit: str
    co_units: list[str] = Field(default_factory=list)
    due_date: date | None = None
    version: int | None = None


class TaskTransition(BaseModel):
    transition: str
    reason: str = ""
    version: int | None = None


class PublishOptions(BaseModel):
    """How a reviewed breakdown becomes tasks."""

    default_due: date | None = None
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


class TaskPage(BaseModel):
    items: list[TaskRead]
    total: int
    page: int
    page_size: int
