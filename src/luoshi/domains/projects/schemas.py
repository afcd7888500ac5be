"""Key project API shapes. Amounts are in 万元; they are read exactly and answered as numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, Field

from luoshi.domains.projects import rules
from luoshi.kernel.fields import LIST_MAX, Code, Day, LongText, Note, Title, Version

# Ten digits before the point: a trillion 万元 is more than any project.
Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1900, le=2199)]


def _pattern(values: tuple[str, ...]) -> str:
    return "^(" + "|".join(values) + ")$"


STAGE = _pattern(rules.STAGES)
NATIONAL_PLAN = _pattern(rules.NATIONAL_PLAN)
LEVEL = _pattern(rules.LEVELS)
INDUSTRY = _pattern(rules.INDUSTRIES)
PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"


class YearPlanIn(BaseModel):
    year: Year
    planned_investment: Amount


class ProjectCreate(BaseModel):
    code: Annotated[Code, Field(min_length=1)]
    name: Annotated[Title, Field(min_length=1)]
    description: LongText = ""
    owner_unit: Code  # unit code
    office_unit: Code | None = None  # default: the creating actor's unit
    region_unit: Code | None = None
    industry: str = Field(default="other", pattern=INDUSTRY)
    level: str = Field(default="provincial_key", pattern=LEVEL)
    stage: str = Field(default="reserve", pattern=STAGE)
    national_plan: str = Field(default="none", pattern=NATIONAL_PLAN)
    national_plan_name: Title = ""
    national_plan_date: Day | None = None
    total_investment: Amount = Decimal(0)
    investment_before: Amount = Decimal(0)
    planned_start: Day | None = None
    actual_start: Day | None = None
    planned_completion: Day | None = None
    actual_completion: Day | None = None
    operation_date: Day | None = None
    year_plans: list[YearPlanIn] = Field(default_factory=list, max_length=LIST_MAX)


class ProjectUpdate(BaseModel):
    """An edit of a project's terms; ``version`` must be the one the editor read. Stage
    and national plan have their own actions."""

    version: Version
    name: Annotated[Title, Field(min_length=1)] | None = None
    description: LongText | None = None
    owner_unit: Code | None = None
    region_unit: Code | None = None
    industry: str | None = Field(default=None, pattern=INDUSTRY)
    level: str | None = Field(default=None, pattern=LEVEL)
    total_investment: Amount | None = None
    investment_before: Amount | None = None
    planned_start: Day | None = None
    actual_start: Day | None = None
    planned_completion: Day | None = None
    actual_completion: Day | None = None
    operation_date: Day | None = None


class StageChange(BaseModel):
    to_stage: str = Field(pattern=STAGE)
    day: Day | None = None  # default: today
    note: Note = ""
    version: Version


class NationalPlanSet(BaseModel):
    status: str = Field(pattern=NATIONAL_PLAN)
    plan_name: Title = ""
    plan_date: Day | None = None
    version: Version


class YearPlanSet(BaseModel):
    planned_investment: Amount
    version: Version


class ProjectReportCreate(BaseModel):
    """A month's report; filing a month again replaces it (give the report's version)."""

    period: str = Field(pattern=PERIOD)
    investment_month: Amount
    progress: Note = ""
    problems: Note = ""
    version: Version | None = None


class UnitRef(BaseModel):
    id: int
    code: str
    name_zh: str
    name_en: str = ""


class LightOut(BaseModel):
    color: str
    reasons: list[str]


class ProjectRead(BaseModel):
    id: int
    code: str
    name: str
    stage: str
    national_plan: str
    national_plan_name: str
    national_plan_date: date | None
    level: str
    industry: str
    owner_unit: UnitRef
    office_unit: UnitRef
    region_unit: UnitRef | None
    total_investment: float
    investment_before: float
    investment_planned_year: float | None
    investment_actual_ytd: float
    investment_cumulative: float
    year: int
    planned_start: date | None
    actual_start: date | None
    planned_completion: date | None
    actual_completion: date | None
    operation_date: date | None
    light: LightOut
    version: int
    public: bool = False  # shown on the public accountability page


class ProjectPage(BaseModel):
    items: list[ProjectRead]
    total: int
    page: int
    page_size: int


class YearPlanRead(BaseModel):
    year: int
    planned_investment: float


class StageChangeRead(BaseModel):
    from_stage: str | None
    to_stage: str
    day: date
    note: str
    actor_name: str


class PhotoRead(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int


class ProjectReportRead(BaseModel):
    id: int
    project_id: int
    period: str
    due_on: date
    unit: UnitRef
    investment_month: float
    investment_cumulative: float
    progress: str
    problems: str
    late: bool
    submitted_at: datetime
    photos: list[PhotoRead]
    version: int


class ProjectDetail(ProjectRead):
    description: str
    next_stage: str | None
    year_plans: list[YearPlanRead]
    stages: list[StageChangeRead]
    reports: list[ProjectReportRead]
    missing_periods: list[str]


class MetricsRead(BaseModel):
    year: int
    on: date
    by: str
    total: dict[str, Any]
    groups: list[dict[str, Any]]


class PublicProject(BaseModel):
    """A published key project as the public page shows it: name, stage, region, the
    year's planned and actual investment (万元), the day of its last update. No ids,
    owner staff, problems, notes or reasons."""

    name: str
    stage: str
    region_zh: str
    region_en: str
    total_investment: float
    planned_year: float | None
    actual_year: float
    updated_on: date | None
