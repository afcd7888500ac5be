"""API shapes of livelihood matters and indicators."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from luoshi.kernel.fields import LIST_MAX, Code, LongText, Name, Note, Title, Version

CYCLE = "^(monthly|quarterly)$"
KIND = "^(rate|amount)$"
DIRECTION = "^(higher|lower)$"
Year = Annotated[int, Field(ge=2000, le=2100)]
Number = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
Period = Annotated[str, Field(min_length=4, max_length=10, pattern=r"^[0-9A-Za-z-]+$")]


class UnitRef(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str = ""


class LightOut(BaseModel):
    color: str
    reasons: list[str]


# ---------------------------------------------------------------- livelihood matters


class TargetCreate(BaseModel):
    name: Annotated[Title, Field(min_length=1)]
    measure: Annotated[Name, Field(min_length=1)]
    baseline: Number = 0.0
    target_value: Number
    lead_unit: Code | None = None  # the matter's lead when not given
    regions: list[Code] = Field(default_factory=list, max_length=LIST_MAX)


class TargetUpdate(BaseModel):
    version: Version
    name: Annotated[Title, Field(min_length=1)] | None = None
    measure: Annotated[Name, Field(min_length=1)] | None = None
    baseline: Number | None = None
    target_value: Number | None = None
    lead_unit: Code | None = None
    regions: list[Code] | None = Field(default=None, max_length=LIST_MAX)


class MatterCreate(BaseModel):
    year: Year
    number: Annotated[int, Field(ge=1, le=10_000)]
    name: Annotated[Title, Field(min_length=1)]
    description: LongText = ""
    lead_unit: Code
    office_unit: Code | None = None  # the creator's unit when not given
    report_cycle: str = Field(default="monthly", pattern=CYCLE)
    targets: list[TargetCreate] = Field(default_factory=list, max_length=50)


class MatterUpdate(BaseModel):
    version: Version
    name: Annotated[Title, Field(min_length=1)] | None = None
    description: LongText | None = None
    lead_unit: Code | None = None
    report_cycle: str | None = Field(default=None, pattern=CYCLE)


class ValueReport(BaseModel):
    period: Period
    value: Number
    note: Note = ""
    version: Version | None = None  # of the period's value, when correcting it


class ValueRead(BaseModel):
    id: int
    period: str
    value: float
    note: str
    unit_code: str
    reported_at: datetime
    version: int


class TargetRead(BaseModel):
    id: int
    name: str
    measure: str
    baseline: float
    target_value: float
    actual_value: float | None
    latest_period: str | None
    completion: float | None
    lead_unit: UnitRef
    regions: list[str]
    light: LightOut
    version: int
    values: list[ValueRead] = Field(default_factory=list)


class MatterRead(BaseModel):
    id: int
    year: int
    number: int
    name: str
    description: str
    report_cycle: str
    office_unit: UnitRef
    lead_unit: UnitRef
    light: LightOut
    version: int
    targets: list[TargetRead]
    public: bool = False  # shown on the public accountability page


class MatterPage(BaseModel):
    items: list[MatterRead]
    total: int


# ---------------------------------------------------------------- indicators


class IndicatorCreate(BaseModel):
    code: Annotated[Code, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    name: Annotated[Name, Field(min_length=1)]
    measure: Annotated[Name, Field(min_length=1)] = "%"
    kind: str = Field(default="rate", pattern=KIND)
    direction: str = Field(default="higher", pattern=DIRECTION)
    owner_unit: Code
    office_unit: Code | None = None
    position: Annotated[int, Field(ge=0, le=10_000)] = 0


class IndicatorUpdate(BaseModel):
    version: Version
    name: Annotated[Name, Field(min_length=1)] | None = None
    measure: Annotated[Name, Field(min_length=1)] | None = None
    kind: str | None = Field(default=None, pattern=KIND)
    direction: str | None = Field(default=None, pattern=DIRECTION)
    owner_unit: Code | None = None


class TargetSet(BaseModel):
    period: Period
    region: Code
    target_value: Number | None
    version: Version | None = None


class ActualSet(BaseModel):
    period: Period
    region: Code
    actual_value: Number | None
    note: Note = ""
    version: Version | None = None


class IndicatorValueRead(BaseModel):
    id: int
    indicator_id: int
    indicator_code: str
    name: str
    measure: str
    period: str
    region: UnitRef
    target_value: float | None
    actual_value: float | None
    light: LightOut
    version: int
    note: str = ""  # what the actual's filer wrote beside it


class IndicatorRead(BaseModel):
    id: int
    code: str
    name: str
    measure: str
    kind: str
    direction: str
    office_unit: UnitRef
    owner_unit: UnitRef
    version: int


class IndicatorDetail(IndicatorRead):
    values: list[IndicatorValueRead]


class BoardCell(BaseModel):
    target_value: float | None
    actual_value: float | None
    year_target: float | None
    light: LightOut


class BoardRow(BaseModel):
    region: UnitRef
    cells: dict[str, BoardCell]  # by indicator code


class Board(BaseModel):
    """Target against actual by region for one period, with the year's target beside."""

    period: str
    indicators: list[IndicatorRead]
    rows: list[BoardRow]
    total: int = 0  # every indicator the reader sees; ``indicators`` may be a slice of them


def light_out(color: str, reasons: list[dict[str, Any]], language: str) -> LightOut:
    key = "zh" if language == "zh" else "en"
    return LightOut(color=color, reasons=[str(r.get(key, r.get("en", ""))) for r in reasons])


class PublicTarget(BaseModel):
    """A target as the public page shows it: what, how much, how far (nothing internal)."""

    name: str
    measure: str
    target_value: float
    actual_value: float | None
    completion: float | None  # share of the way from baseline to target (may pass 1)


class PublicMatter(BaseModel):
    """A published livelihood matter: its place in the list, name, lead unit (an office,
    never a person), targets and the day it was last updated. No ids, notes or reasons."""

    number: int
    name: str
    lead_unit_zh: str
    lead_unit_en: str
    targets: list[PublicTarget]
    updated_on: date | None
