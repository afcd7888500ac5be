"""Periods as the registers write them, and the days they end and fall due.

Livelihood values are reported by month (``2023-04``) or quarter (``2023Q2``), each the
cumulative figure of the year by the period's end. Indicator periods are cumulative as the
statistics publish them: the first quarter (``2023Q1``), the first half (``2023H1``), the
first three quarters (``2023Q3``) and the year (``2023``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from luoshi.errors import InvalidInput

CYCLES = ("monthly", "quarterly")
INDICATOR_PERIOD_KINDS = ("Q1", "H1", "Q3", "Y")

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_INDICATOR = re.compile(r"(\d{4})(Q1|H1|Q3)?")


@dataclass(frozen=True)
class Period:
    code: str
    year: int
    end: date  # the last day the period covers (from 1 January)
    start: date  # the first day of the period itself (a month, a quarter; 1 January)


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def reporting_period(code: str) -> Period:
    """A livelihood reporting period, month or quarter."""
    text = code.strip().upper()
    if m := _MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        return Period(text, year, _month_end(year, month), date(year, month, 1))
    if m := _QUARTER.fullmatch(text):
        year, quarter = int(m[1]), int(m[2])
        return Period(text, year, _month_end(year, quarter * 3), date(year, quarter * 3 - 2, 1))
    raise InvalidInput.of("err_period_code_month_2023_04_or_quarter", code=code)


def periods_of(year: int, cycle: str) -> list[Period]:
    """Every reporting period of ``year`` in ``cycle``, in order."""
    if cycle == "quarterly":
        return [reporting_period(f"{year}Q{q}") for q in range(1, 5)]
    if cycle == "monthly":
        return [reporting_period(f"{year}-{m:02d}") for m in range(1, 13)]
    raise InvalidInput.of(
        "err_report_cycle_one_cycles_not_cycle", cycles=", ".join(CYCLES), cycle=cycle
    )


def check_cycle(code: str, cycle: str, year: int) -> Period:
    """The period ``code``, refused unless it is one of ``year``'s periods in ``cycle``."""
    period = reporting_period(code)
    if period.code not in {p.code for p in periods_of(year, cycle)}:
        kind = "a month (2023-04)" if cycle == "monthly" else "a quarter (2023Q2)"
        raise InvalidInput.of(
            "err_matter_reported_cycle_for_year_period_kind",
            cycle=cycle,
            year=year,
            kind=kind,
            code=code,
        )
    return period


def due_day(period: Period, report_day: int) -> date:
    """The day a period's value is due: ``report_day`` of the month after it ends."""
    after = period.end + timedelta(days=1)
    return date(after.year, after.month, min(report_day, 28))


def indicator_period(code: str) -> Period:
    """An indicator period: 2023Q1, 2023H1, 2023Q3 or 2023 (a half is H1; the second
    quarter alone is not a published figure)."""
    text = code.strip().upper()
    m = _INDICATOR.fullmatch(text)
    if m is None:
        raise InvalidInput.of("err_period_code_2023q1_first_quarter_2023h1_first", code=code)
    year, part = int(m[1]), m[2]
    month = {"Q1": 3, "H1": 6, "Q3": 9, None: 12}[part]
    return Period(text, year, _month_end(year, month), date(year, 1, 1))


def indicator_periods(year: int) -> list[str]:
    return [f"{year}Q1", f"{year}H1", f"{year}Q3", f"{year}"]
