"""Progress API shapes: reports, evidence, drafts, instructions, light history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import CODE_MAX, LIST_MAX, Id, Note, Title, Version


class InstructionAnswer(BaseModel):
    """A report's answer to a leader's instruction."""

    instruction_id: Id
    text: Annotated[Note, Field(min_length=1)]


class ReportCreate(BaseModel):
    period: str | None = Field(
        default=None,
        max_length=CODE_MAX,
        description="YYYY-MM, YYYY-Qn, YYYY-Www, YYYY-MM-H1/H2 or once; "
        "default: the earliest period owed, else the current one",
    )
    progress: int = Field(ge=0, le=100)
    done: Note = ""
    problems: Note = ""
    next_steps: Note = ""
    target_values: dict[Title, Any] = Field(default_factory=dict, max_length=LIST_MAX)
    responses: list[InstructionAnswer] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="answers to the leaders' instructions; the lead unit must answer each open one",
    )


class ReportUpdate(BaseModel):
    """A change to a report not yet reviewed, made against the version read."""

    progress: int = Field(ge=0, le=100)
    done: Note = ""
    problems: Note = ""
    next_steps: Note = ""
    version: Version


class ReportReview(BaseModel):
    comment: Note = ""


class ReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: int
    unit_id: int
    period: str
    period_end: date
    due_on: date | None
    progress: int
    done: str
    problems: str
    next_steps: str
    target_values: dict[str, Any]
    status: str
    late: bool
    review_comment: str
    submitted_at: datetime
    reviewed_at: datetime | None


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    report_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class ResponseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    instruction_id: int
    report_id: int
    unit_id: int
    text: str


class ReportDetail(ReportRead):
    """A report with its unit, evidence and answers; a lead unit's report also carries the
    co-units' parts for the same period."""

    unit_code: str
    unit_name: str
    is_lead: bool
    evidence: list[EvidenceRead]
    responses: list[ResponseRead]
    parts: list[ReportDetail] = Field(default_factory=list)


class InstructionCreate(BaseModel):
    text: Annotated[Note, Field(min_length=1)]


class InstructionRead(BaseModel):
    id: int
    task_id: int
    author_name: str
    text: str
    written_on: date
    created_at: datetime
    answer_due: date
    answered: bool
    responses: list[ResponseRead]


class ReportDraft(BaseModel):
    """A new report pre-filled from the unit's last one ("report once"): change what changed."""

    task_id: int
    unit_code: str
    period: str
    due_on: date
    progress: int
    done: str
    problems: str
    next_steps: str
    target_values: dict[str, Any]
    targets: list[dict[str, Any]]
    based_on_report_id: int | None
    instructions_to_answer: list[InstructionRead]


class ReasonRead(BaseModel):
    code: str
    severity: str
    params: dict[str, Any]
    en: str
    zh: str


class LightChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: int
    day: date
    previous: str | None
    light: str
    reasons: list[ReasonRead]
    actor_name: str
    created_at: datetime
