"""Support item API shapes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import Code, Day, Id, LongText, Name, Note, Title, Version

STATUS_PATTERN = "^(asked|agreed|landed|dropped)$"
LANDED_AS_PATTERN = "^(policy|fund|project)$"
# 万元: up to a trillion yuan, two decimals (Numeric(18, 2)).
Amount = Annotated[Decimal, Field(gt=0, le=Decimal("9999999999999.99"), decimal_places=2)]


class SupportItemCreate(BaseModel):
    code: Annotated[Code, Field(min_length=1)]
    title: Annotated[Title, Field(min_length=1)]
    content: LongText = ""
    ministry: Annotated[Name, Field(min_length=1)]
    lead_unit: Annotated[Code, Field(min_length=1)]  # unit code
    office_unit: Code | None = None  # unit code; the actor's own unit by default
    asked_on: Day | None = None
    expected_on: Day | None = None


class SupportItemUpdate(BaseModel):
    """An edit of what was asked; ``version`` must be the one the editor read."""

    version: Version
    title: Annotated[Title, Field(min_length=1)] | None = None
    content: LongText | None = None
    ministry: Annotated[Name, Field(min_length=1)] | None = None
    lead_unit: Code | None = None
    asked_on: Day | None = None
    expected_on: Day | None = None


class SupportTransition(BaseModel):
    """agree (with the expected landing date), land (as what) or drop (with a reason)."""

    transition: str = Field(pattern="^(agree|land|drop)$")
    version: Version
    on: Day | None = None  # the day it happened; today by default
    note: Note = ""
    expected_on: Day | None = None
    landed_as: str | None = Field(default=None, pattern=LANDED_AS_PATTERN)
    fund_amount: Amount | None = None
    policy_document: Title = ""
    project_name: Title = ""
    landed_detail: Note = ""
    # The record it landed as, where luoshi holds it: a source (a policy), a task.
    source_id: Id | None = None
    task_id: Id | None = None
    reason: Note = ""


class UnitRef(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str


class LightRead(BaseModel):
    color: str
    reasons: list[str]


class SupportItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    content: str
    ministry: str
    ministry_code: str | None
    office_unit: UnitRef
    lead_unit: UnitRef
    status: str
    asked_on: date | None
    agreed_on: date | None
    expected_on: date | None
    landed_on: date | None
    dropped_on: date | None
    drop_reason: str
    landed_as: str | None
    fund_amount: Decimal | None
    policy_document: str
    project_name: str
    landed_detail: str
    light: LightRead
    version: int
    created_at: datetime
    updated_at: datetime


class SupportEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    on: date
    from_status: str | None
    to_status: str
    note: str
    actor_name: str


class SupportChaseRead(BaseModel):
    """A step of the reminder ladder taken on the item's landing date."""

    step: str
    issued_on: date
    due_on: date
    days_overdue: int
    message: str


class SupportItemDetail(SupportItemRead):
    history: list[SupportEventRead]
    allowed_transitions: list[str]
    links: list[dict[str, Any]]
    chases: list[SupportChaseRead]


class SupportItemPage(BaseModel):
    items: list[SupportItemRead]
    total: int
    page: int
    page_size: int
