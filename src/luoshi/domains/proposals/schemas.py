"""Proposal API shapes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field

from luoshi.kernel.fields import LIST_MAX, Code, Day, LongText, Name, Note, Title, Version

KIND_PATTERN = "^(suggestion|proposal)$"
OUTCOME_PATTERN = "^[ABCD]$"
SATISFACTION_PATTERN = "^(satisfied|basically|unsatisfied)$"


class ProposalCreate(BaseModel):
    session: Annotated[Name, Field(min_length=1)]
    number: Annotated[Code, Field(min_length=1)]
    kind: str = Field(pattern=KIND_PATTERN)
    title: Annotated[Title, Field(min_length=1)]
    content: LongText = ""
    proposer: Annotated[Name, Field(min_length=1)]
    co_signers: list[Name] = Field(default_factory=list, max_length=LIST_MAX)
    category: Name = ""
    # The office keeping the entry: the creator's unit by default, or a unit below it.
    office_unit: Code | None = None


class ProposalAssign(BaseModel):
    lead_unit: Code
    co_units: list[Code] = Field(default_factory=list, max_length=LIST_MAX)
    version: Version | None = None


class ProposalSplit(BaseModel):
    """分办: one part per unit, each handled (and answered) on its own."""

    units: list[Code] = Field(min_length=2, max_length=LIST_MAX)
    version: Version | None = None


class ProposalReturn(BaseModel):
    reason: Annotated[Note, Field(min_length=1)]
    version: Version | None = None


class ReplyDraft(BaseModel):
    outcome: str = Field(pattern=OUTCOME_PATTERN)
    text: Annotated[LongText, Field(min_length=1)]
    commitment: Note = ""
    commitment_due: Day | None = None
    version: Version | None = None


class Countersign(BaseModel):
    opinion: Note = ""
    version: Version | None = None


class ProposalRate(BaseModel):
    satisfaction: str = Field(pattern=SATISFACTION_PATTERN)
    note: Note = ""
    version: Version | None = None


class VersionOnly(BaseModel):
    version: Version | None = None


class UnitRef(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str


class CoUnitRead(UnitRef):
    signed: bool
    opinion: str


class ProposalRead(BaseModel):
    id: int
    session: str
    number: str
    kind: str
    title: str
    proposer: str
    co_signers: list[str]
    category: str
    office_unit: UnitRef
    lead_unit: UnitRef | None
    co_units: list[CoUnitRead]
    split_from_id: int | None
    state: str
    round: int
    assigned_on: date | None
    reply_due: date | None
    outcome: str | None
    satisfaction: str | None
    light: str
    light_reasons: list[dict[str, Any]]
    task_ids: list[int]
    version: int


class ReplyRead(BaseModel):
    round: int
    outcome: str
    text: str
    commitment: str
    commitment_due: date | None
    due_on: date | None
    sent_on: date | None
    on_time: bool | None
    satisfaction: str | None
    rated_on: date | None
    rating_note: str


class ProposalDetail(ProposalRead):
    content: str
    return_reason: str
    return_window_end: date | None
    replies: list[ReplyRead]
    part_ids: list[int]
    allowed_transitions: list[str]


class ProposalPage(BaseModel):
    items: list[ProposalRead]
    total: int
    page: int
    page_size: int


class UnitStats(BaseModel):
    unit: str
    stats: dict[str, Any]


class ProposalStats(BaseModel):
    on: date
    overall: dict[str, Any]
    by_kind: dict[str, dict[str, Any]]
    by_unit: list[UnitStats]
