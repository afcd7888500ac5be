"""What a bulletin says: the figures drafted from live data and the office's own text.

``BulletinContent`` is what every format renders (Word, HTML, PDF) and what an issued
bulletin stores, frozen, as JSON.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

KINDS = ("monthly", "quarterly")
STATES = ("draft", "issued")


class Overview(BaseModel):
    tasks: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0
    not_started: int = 0
    completed: int = 0
    overdue: int = 0
    reports_due: int = 0
    reports_filed: int = 0
    reports_late: int = 0
    reports_missing: int = 0


class LineRow(BaseModel):
    """Tasks of one work line (工作板块)."""

    name: str
    tasks: int
    green: int
    yellow: int
    red: int
    completed: int
    progress: int  # the mean reported progress, in percent


class UnitRow(BaseModel):
    """One lead unit in the league table."""

    rank: int
    unit: str
    tasks: int
    green: int
    yellow: int
    red: int
    completed: int
    reports_due: int
    reports_on_time: int
    reports_late: int
    reports_missing: int
    score: float


class RedItem(BaseModel):
    code: str
    title: str
    unit: str
    reasons: list[str]


class LateReport(BaseModel):
    """A report of the period filed late, or not filed at all (``filed`` is None)."""

    task_code: str
    task: str
    unit: str
    period: str
    due: date | None
    filed: date | None


class ProjectRow(BaseModel):
    name: str
    unit: str
    planned: float
    done: float
    percent: int
    light: str


class ProjectsSummary(BaseModel):
    count: int = 0
    planned: float = 0.0  # the year's planned investment, 万元
    done: float = 0.0  # invested this year up to the period's end, 万元
    percent: int = 0  # done / planned
    pace: int = 0  # the share of the year gone (序时进度), percent
    behind: list[ProjectRow] = Field(default_factory=list)


class ProposalsSummary(BaseModel):
    total: int = 0
    replied: int = 0
    replied_on_time: int = 0
    awaiting: int = 0
    past_due: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0


class MatterRow(BaseModel):
    number: int
    name: str
    unit: str
    percent: int  # the least advanced of its targets, percent of the year's target
    light: str


class LivelihoodSummary(BaseModel):
    year: int = 0
    matters: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0
    rows: list[MatterRow] = Field(default_factory=list)


class IndicatorRow(BaseModel):
    name: str
    measure: str
    period: str
    target: float | None
    actual: float | None
    light: str


class GoodPractice(BaseModel):
    kind: str  # "report" or "task"
    id: int
    title: str
    unit: str
    text: str


class GoodPracticePick(BaseModel):
    """What the office picked: a report or a task, and a line of its own about it."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(pattern="^(report|task)$")
    id: int
    note: str = Field(default="", max_length=2000)


class BulletinContent(BaseModel):
    """Everything a bulletin shows."""

    period: str
    kind: str
    start: date
    end: date
    period_label: str  # "2023年5月", "2023年第一季度"
    scope: str  # "全省", "全市"…
    office: str
    organ: str
    title: str
    number: str  # "川府督通〔2023〕3号", or "" for a draft
    issued_on: date | None = None
    draft: bool = True
    intro: str = ""
    summary: str = ""
    requirements: str = ""
    overview: Overview
    lines: list[LineRow]
    units: list[UnitRow]
    red_items: list[RedItem]
    late_reports: list[LateReport]
    projects: ProjectsSummary
    proposals: ProposalsSummary
    livelihood: LivelihoodSummary
    indicators: list[IndicatorRow]
    good_practices: list[GoodPractice]


class BulletinCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: str = Field(min_length=6, max_length=10, examples=["2023-05", "2023Q1"])


class BulletinUpdate(BaseModel):
    """The office's edits of a draft; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    title: str | None = Field(default=None, min_length=1, max_length=500)
    organ: str | None = Field(default=None, min_length=1, max_length=200)
    number_prefix: str | None = Field(default=None, max_length=50)
    intro: str | None = Field(default=None, max_length=20000)
    summary: str | None = Field(default=None, max_length=20000)
    requirements: str | None = Field(default=None, max_length=20000)
    good_practices: list[GoodPracticePick] | None = Field(default=None, max_length=50)


class BulletinRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    office_unit_id: int
    period: str
    kind: str
    state: str
    title: str
    organ: str
    number_prefix: str
    intro: str
    summary: str
    requirements: str
    good_practices: list[GoodPracticePick]
    year: int | None
    number: int | None
    issued_on: date | None
    version: int
