"""What the homes and dashboards show: plain read-only shapes, built by aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

LIGHTS = ("green", "yellow", "red", "not_started", "completed")


@dataclass(frozen=True)
class UnitName:
    code: str
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else (self.name_en or self.name_zh)


@dataclass
class LightCounts:
    """Tasks of one group (a unit, a work line) by light."""

    key: str  # a unit code or a work line's heading
    unit: UnitName | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LIGHTS, 0))
    path: str = ""  # a unit's place in the tree

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def score(self) -> float | None:
        """The league-table score: the share of green and completed among the lit tasks."""
        lit = self.total - self.counts["not_started"]
        if not lit:
            return None
        return round((self.counts["green"] + self.counts["completed"]) / lit, 4)


@dataclass(frozen=True)
class TaskLine:
    """One task in a queue of a home page, with the date that matters for it."""

    task_id: int
    code: str
    title: str
    light: str
    due: date | None
    unit: UnitName | None = None
    note: str = ""  # a period, a return reason, an instruction's text
    reasons: tuple[str, ...] = ()
    at: datetime | None = None


@dataclass(frozen=True)
class WeekChanges:
    since: date
    turned: dict[str, int]  # new light → tasks that changed to it
    reports_filed: int
    reports_reviewed: int


@dataclass(frozen=True)
class OfficeHome:
    by_unit: list[LightCounts]
    by_work_line: list[LightCounts]
    overdue: int
    overdue_first: list[TaskLine]  # the longest overdue first
    awaiting_review: list[TaskLine]
    awaiting_review_total: int
    returned: list[TaskLine]
    returned_total: int
    unaccepted: list[TaskLine]
    unaccepted_total: int
    week: WeekChanges


@dataclass(frozen=True)
class UnitHome:
    to_accept: list[TaskLine]
    reports_due: list[TaskLine]
    reports_returned: list[TaskLine]
    instructions: list[TaskLine]


@dataclass(frozen=True)
class QuarterIndicator:
    """An indicator's first-quarter figures: its regions by light (target against actual)."""

    indicator_id: int
    name: str
    measure: str
    regions: dict[str, int]  # light → regions


@dataclass(frozen=True)
class GoodStart:
    """一季度开门红: the first quarter's tasks and the indicators' first-quarter figures."""

    quarter: str  # 2023Q1
    start: date
    end: date
    due_in_quarter: dict[str, int]  # light → tasks due in the quarter
    done_in_quarter: int
    indicators: list[QuarterIndicator]


@dataclass(frozen=True)
class LeaderHome:
    red: list[TaskLine]
    red_total: int
    league: list[LightCounts]
    good_start: GoodStart
