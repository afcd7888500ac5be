"""Report periods, their due days, and lights with reasons. Pure: no database."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from luoshi.domains.progress.reasons import Reason
from luoshi.errors import InvalidInput
from luoshi.kernel.calendar import WorkingCalendar

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_HALF_MONTH = re.compile(r"^(\d{4})-(\d{2})-H([12])$")
_ONCE = "once"


def period_of(cycle: str, day: date) -> str:
    """The reporting period of ``cycle`` that contains ``day``."""
    if cycle == "monthly":
        return f"{day.year:04d}-{day.month:02d}"
    if cycle == "quarterly":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if cycle == "weekly":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if cycle == "half_monthly":
        return f"{day.year:04d}-{day.month:02d}-H{1 if day.day <= 15 else 2}"
    if cycle == "once":
        return _ONCE
    raise InvalidInput.of("err_unknown_report_cycle_cycle", cycle=cycle)


def period_bounds(period: str, *, due: date | None = None) -> tuple[date, date]:
    """First and last day of a period (``once`` spans to the task's due date)."""
    if m := _MONTH.match(period):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise InvalidInput.of("err_bad_month_in_period_period", period=period)
        return date(y, mo, 1), date(y, mo, monthrange(y, mo)[1])
    if m := _QUARTER.match(period):
        y, q = int(m[1]), int(m[2])
        first = date(y, 3 * q - 2, 1)
        last_month = 3 * q
        return first, date(y, last_month, monthrange(y, last_month)[1])
    if m := _WEEK.match(period):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6)
    if m := _HALF_MONTH.match(period):
        y, mo, h = int(m[1]), int(m[2]), int(m[3])
        if h == 1:
            return date(y, mo, 1), date(y, mo, 15)
        return date(y, mo, 16), date(y, mo, monthrange(y, mo)[1])
    if period == _ONCE:
        end = due or date.max
        return date.min, end
    raise InvalidInput.of("err_unknown_period_period_use_yyyy_mm_yyyy", period=period)


def report_due(cycle: str, period: str, *, report_day: int, task_due: date | None) -> date:
    """The calendar day a period's report is due (working-day shifts are the caller's).

    monthly: the report day of the month; quarterly: the report day of the quarter's last
    month; half-monthly: the 15th and the last day; weekly: the Friday; once: the task's due.
    """
    first, last = period_bounds(period, due=task_due)
    if cycle == "monthly":
        return date(first.year, first.month, min(report_day, last.day))
    if cycle == "quarterly":
        return date(last.year, last.month, min(report_day, last.day))
    if cycle == "weekly":
        return first + timedelta(days=4)
    if cycle == "half_monthly":
        return last
    if cycle == "once":
        if task_due is None:
            raise InvalidInput.of("err_once_only_report_needs_task_s_due")
        return task_due
    raise InvalidInput.of("err_unknown_report_cycle_cycle", cycle=cycle)


def check_period(cycle: str, period: str) -> None:
    """Refuse a period that is not one of ``cycle``'s (a quarter for a monthly task)."""
    first, _ = period_bounds(period)
    expected = _ONCE if cycle == _ONCE else period_of(cycle, first)
    if period != expected:
        raise InvalidInput.of("err_period_not_cycle_period", period=period, cycle=cycle)


def next_period(cycle: str, period: str) -> str | None:
    """The period after ``period`` (``once`` has none)."""
    if cycle == "once":
        return None
    _, last = period_bounds(period)
    return period_of(cycle, last + timedelta(days=1))


def periods_between(cycle: str, start: date, end: date) -> list[str]:
    """Every period of ``cycle`` that overlaps [start, end], in order."""
    if end < start:
        return []
    if cycle == "once":
        return [_ONCE]
    result = [period_of(cycle, start)]
    while True:
        following = next_period(cycle, result[-1])
        if following is None or period_bounds(following)[0] > end:
            return result
        result.append(following)


def since_last_filed(
    owed: Sequence[tuple[str, date]], status_of: Mapping[str, str]
) -> list[tuple[str, date]]:
    """The owed (period, due) pairs after the last one with a filed report: a report is
    cumulative, so a later report makes up for earlier missing ones."""
    last = max((i for i, (p, _) in enumerate(owed) if status_of.get(p) in FILED), default=-1)
    return list(owed[last + 1 :])


def report_due_on(
    cycle: str,
    period: str,
    *,
    report_day: int,
    task_due: date | None,
    calendar: WorkingCalendar,
) -> date:
    """The working day a period's report is due: :func:`report_due` moved past holidays."""
    return calendar.next_working_day(
        report_due(cycle, period, report_day=report_day, task_due=task_due)
    )


# ---------------------------------------------------------------- lights

LIGHTS = ("not_started", "green", "yellow", "red", "completed")
_SEVERITY = {"green": 0, "yellow": 1, "red": 2}
# Report statuses that count as filed (a returned report must be filed again).
FILED = frozenset({"submitted", "accepted"})


@dataclass(frozen=True)
class LightThresholds:
    """How far behind is yellow or red; see docs/settings.md (``LUOSHI_LIGHT_*``)."""

    yellow_lag: float = 0.15
    red_lag: float = 0.30
    due_soon_working_days: int = 5
    missing_reports_red: int = 2


@dataclass(frozen=True)
class PeriodReport:
    """A period the lead unit owed a report for, and what became of it."""

    period: str
    due: date
    status: str | None = None  # None: nothing filed; else the report's status
    filed_on: date | None = None
    late: bool = False


@dataclass(frozen=True)
class LightFacts:
    """Everything a light depends on, gathered by the service."""

    status: str
    progress: int
    start: date | None = None
    due: date | None = None
    # The lead unit's periods whose report was due on or before the day, in order.
    periods: Sequence[PeriodReport] = ()
    # Leader's instructions not answered yet: (written on, the report day it is due by).
    open_instructions: Sequence[tuple[date, date]] = ()
    assigned_on: date | None = None
    return_window_end: date | None = None
    return_reason: str = ""
    # False until the lead unit reports (or sub-tasks roll progress up): no "behind" yet.
    progress_known: bool = True
    first_report_due: date | None = None


@dataclass(frozen=True)
class Light:
    light: str
    reasons: tuple[Reason, ...]

    def rendered(self, language: str) -> list[str]:
        return [r.render(language) for r in self.reasons]


def compute_light(
    facts: LightFacts, *, on: date, calendar: WorkingCalendar, thresholds: LightThresholds
) -> Light:
    """The light of a task on day ``on``, with every reason that made it so."""
    early = _not_running(facts, on)
    if early is not None:
        return early
    reasons: list[Reason] = []
    if facts.due is not None:
        reasons += _deadline_reasons(facts, on, calendar, thresholds)
    if not any(r.code in ("overdue", "past_due") for r in reasons):
        reasons.insert(0, _progress_reason(facts, on, calendar, thresholds))
    reasons += _report_reasons(facts.periods, thresholds)
    reasons += [
        Reason("instruction_unanswered", "yellow", {"written": written.isoformat()})
        for written, answer_due in facts.open_instructions
        if answer_due < on
    ]
    problems = [r for r in reasons if r.severity != "green"]
    if not problems:
        return Light("green", tuple(reasons))
    problems.sort(key=lambda r: -_SEVERITY[r.severity])
    return Light(problems[0].severity, tuple(problems))


def _not_running(facts: LightFacts, on: date) -> Light | None:
    status = facts.status
    if status in ("completed", "verified"):
        return Light("completed", (Reason("completed", "completed"),))
    if status == "closed":
        return Light("completed", (Reason("closed", "completed"),))
    if status == "draft":
        return Light("not_started", (Reason("draft", "not_started"),))
    if status == "returned":
        return Light(
            "not_started", (Reason("returned", "not_started", {"reason": facts.return_reason}),)
        )
    if status == "suspended":
        return Light("not_started", (Reason("suspended", "not_started"),))
    if status == "assigned":
        assigned = facts.assigned_on or on
        window_end = facts.return_window_end or assigned
        return Light(
            "not_started",
            (
                Reason(
                    "awaiting_acceptance",
                    "not_started",
                    {
                        "assigned": assigned.isoformat(),
                        "window_end": window_end.isoformat(),
                    },
                ),
            ),
        )
    if facts.start is not None and on < facts.start:
        return Light(
            "not_started",
            (Reason("starts_later", "not_started", {"start": facts.start.isoformat()}),),
        )
    return None


def elapsed_share(start: date | None, due: date, on: date, calendar: WorkingCalendar) -> float:
    """The share of a task's working days gone by ``on`` (0–1)."""
    if on >= due:
        return 1.0
    if start is None or start >= due:
        return 0.0
    total = calendar.working_days_between(start, due)
    if total <= 0:
        return 1.0
    spent = calendar.working_days_between(start, on)
    return min(max(spent / total, 0.0), 1.0)


def _progress_reason(
    facts: LightFacts, on: date, calendar: WorkingCalendar, thresholds: LightThresholds
) -> Reason:
    """Reported progress against the share of time gone (green when keeping up)."""
    if not facts.progress_known:
        if facts.first_report_due is not None and facts.first_report_due >= on:
            return Reason("first_report_due", "green", {"due": facts.first_report_due.isoformat()})
        return Reason("nothing_reported", "green")
    if facts.due is None:
        return Reason("no_due_date", "green", {"progress": facts.progress})
    elapsed = elapsed_share(facts.start, facts.due, on, calendar)
    lag = elapsed - facts.progress / 100
    params = {"progress": facts.progress, "elapsed": round(elapsed * 100)}
    if lag >= thresholds.red_lag:
        return Reason("behind", "red", params)
    if lag >= thresholds.yellow_lag:
        return Reason("behind", "yellow", params)
    return Reason("on_track", "green", params)


def _deadline_reasons(
    facts: LightFacts, on: date, calendar: WorkingCalendar, thresholds: LightThresholds
) -> list[Reason]:
    """Past the due date (red), or close to it without being done (yellow)."""
    assert facts.due is not None
    due = facts.due
    if on > due:
        days = calendar.working_days_between(due, on)
        if days >= 1:
            return [Reason("overdue", "red", {"days": days, "due": due.isoformat()})]
        return [Reason("past_due", "red", {"due": due.isoformat()})]
    if facts.progress >= 100:
        return []
    if on == due:
        return [Reason("due_today", "yellow", {"due": due.isoformat(), "progress": facts.progress})]
    left = calendar.working_days_between(on, due)
    if left > thresholds.due_soon_working_days:
        return []
    return [
        Reason(
            "due_soon",
            "yellow",
            {
                "days": left,
                "due": due.isoformat(),
                "progress": facts.progress,
            },
        )
    ]


def _report_reasons(periods: Sequence[PeriodReport], thresholds: LightThresholds) -> list[Reason]:
    """Missing, returned or late reports since the last one filed (a report is cumulative)."""
    last_filed = max((i for i, p in enumerate(periods) if p.status in FILED), default=-1)
    after = periods[last_filed + 1 :]
    missing = [p for p in after if p.status is None]
    severity = "red" if len(missing) >= thresholds.missing_reports_red else "yellow"
    reasons = [
        Reason("report_returned", "yellow", {"period": p.period})
        for p in after
        if p.status == "returned"
    ]
    reasons += [Reason("report_missing", severity, {"period": p.period}) for p in missing]
    if last_filed >= 0 and last_filed == len(periods) - 1 and periods[last_filed].late:
        latest = periods[last_filed]
        reasons.append(
            Reason(
                "report_late",
                "yellow",
                {
                    "period": latest.period,
                    "filed": latest.filed_on.isoformat() if latest.filed_on else "?",
                    "due": latest.due.isoformat(),
                },
            )
        )
    return reasons
