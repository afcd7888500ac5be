"""Bulletin periods, the league-table score, numbers and default wording. Pure: no database."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from luoshi.errors import InvalidInput

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_QUARTER = re.compile(r"(\d{4})-?Q([1-4])")
_QUARTER_WORDS = ("一", "二", "三", "四")
# What a unit of each kind calls the area it supervises (全省, 全市…).
_SCOPE_WORDS = {"province": "全省", "city": "全市", "county": "全县", "township": "全镇"}


@dataclass(frozen=True)
class Period:
    code: str  # canonical: "2023-05" or "2023Q1"
    kind: str  # "monthly" or "quarterly"
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        if self.kind == "monthly":
            return f"{self.year}年{self.start.month}月"
        return f"{self.year}年第{_QUARTER_WORDS[(self.start.month - 1) // 3]}季度"

    @property
    def months(self) -> list[str]:
        """The months the period covers, as ``YYYY-MM``."""
        return [f"{self.year}-{m:02d}" for m in range(self.start.month, self.end.month + 1)]

    @property
    def report_periods(self) -> list[str]:
        """The task-report periods (progress.rules) that fall in it: its months, and its
        quarter for a quarterly bulletin."""
        if self.kind == "monthly":
            return self.months
        return [*self.months, f"{self.year}-Q{(self.start.month - 1) // 3 + 1}"]


def parse_period(code: str) -> Period:
    """``2023-05`` (a month) or ``2023Q1`` / ``2023-Q1`` (a quarter)."""
    text = code.strip().upper()
    if m := _MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        return Period(
            text, "monthly", date(year, month, 1), date(year, month, monthrange(year, month)[1])
        )
    if m := _QUARTER.fullmatch(text):
        year, quarter = int(m[1]), int(m[2])
        last = quarter * 3
        return Period(
            f"{year}Q{quarter}",
            "quarterly",
            date(year, last - 2, 1),
            date(year, last, monthrange(year, last)[1]),
        )
    raise InvalidInput.of("err_period_code_month_2023_05_or_quarter", code=code)


def scope_word(unit_kind: str) -> str:
    return _SCOPE_WORDS.get(unit_kind, "全辖区")


def default_organ(unit_name: str) -> str:
    """The issuing organ (发文机关): the unit's supervision office."""
    return unit_name if unit_name.endswith("督查室") else f"{unit_name}督查室"


def default_title(period: Period, unit_kind: str) -> str:
    return f"关于{period.label}{scope_word(unit_kind)}重点工作落实情况的通报"


def document_number(prefix: str, year: int, number: int) -> str:
    """发文字号: 机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.4: hexagonal brackets, no
    leading zeros)."""
    return f"{prefix}〔{year}〕{number}号"


def score(
    *,
    tasks: int,
    green: int,
    yellow: int,
    completed: int,
    reports_due: int,
    on_time: int,
    not_started: int = 0,
) -> float:
    """A unit's league-table score out of 100: 70 for the lights of its started tasks (green
    and completed count fully, yellow for 0.6, red nothing) and 30 for reporting on time.
    A part with nothing to measure (no task started, no report due) gets full marks."""
    started = tasks - not_started
    lights = (green + completed + 0.6 * yellow) / started if started > 0 else 1.0
    reporting = on_time / reports_due if reports_due else 1.0
    return round(70 * lights + 30 * reporting, 1)


def percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0
