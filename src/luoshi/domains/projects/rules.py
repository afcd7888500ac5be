"""Key projects' rules: the stage machine, report periods, cumulative investment, the
light and the metrics. Pure: no database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from luoshi.errors import InvalidInput, InvalidTransition
from luoshi.kernel.pace import Light, Reason, pace_light, reason, worst, year_elapsed

STAGES = ("reserve", "new_start", "under_construction", "completed", "in_operation")
# Stages in which the owner unit reports every month.
BUILDING = frozenset({"new_start", "under_construction"})
FINISHED = frozenset({"completed", "in_operation"})
NATIONAL_PLAN = ("none", "applied", "included")
LEVELS = ("provincial_key", "provincial_promotion", "city")
INDUSTRIES = (
    "transport",
    "energy",
    "water",
    "industry",
    "urban",
    "social",
    "agriculture",
    "digital",
    "other",
)
GROUPINGS = ("region", "industry", "owner", "level")

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


# ---------------------------------------------------------------- stages


def next_stage(current: str) -> str | None:
    """The stage after ``current``, or None at the end of the pipeline."""
    index = STAGES.index(current)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def check_stage_change(current: str, to_stage: str) -> None:
    """A project moves one stage forward at a time (a later correction is an edit of the
    dates, not a move back)."""
    if to_stage not in STAGES:
        raise InvalidInput.of(
            "err_unknown_stage_to_stage_stages_are_stages",
            to_stage=to_stage,
            stages=", ".join(STAGES),
        )
    if next_stage(current) != to_stage:
        raise InvalidTransition.of(
            "err_project_in_stage_current_cannot_move_to",
            current=current,
            to_stage=to_stage,
            details={"stage": current, "next": next_stage(current)},
        )


def stage_dates(stage: str, day: date) -> dict[str, date]:
    """The dates a move to ``stage`` on ``day`` records (when they are not known yet)."""
    return {
        "new_start": {"actual_start": day},
        "completed": {"actual_completion": day},
        "in_operation": {"operation_date": day},
    }.get(stage, {})


def check_stage_facts(
    stage: str,
    *,
    actual_start: date | None,
    actual_completion: date | None,
    operation_date: date | None,
) -> None:
    """A project past a stage knows the day it passed it."""
    reached = STAGES.index(stage)
    needs = (
        (1, actual_start, "an actual start date"),
        (3, actual_completion, "an actual completion date"),
        (4, operation_date, "the date it went into operation"),
    )
    for index, value, what in needs:
        if reached >= index and value is None:
            raise InvalidInput.of("err_project_in_stage_stage_needs_what", stage=stage, what=what)
    if actual_start and actual_completion and actual_completion < actual_start:
        raise InvalidInput.of("err_actual_completion_date_before_actual_start_date")
    if actual_completion and operation_date and operation_date < actual_completion:
        raise InvalidInput.of("err_operation_date_before_completion_date")


def check_national_plan(status: str, plan_name: str, plan_date: date | None) -> None:
    """Applied for or included in a national plan names the plan; included also its date."""
    if status not in NATIONAL_PLAN:
        raise InvalidInput.of(
            "err_unknown_national_plan_status_status_use_national",
            status=status,
            national_plan=", ".join(NATIONAL_PLAN),
        )
    if status != "none" and not plan_name.strip():
        raise InvalidInput.of("err_project_status_in_national_plan_names_plan", status=status)
    if status == "included" and plan_date is None:
        raise InvalidInput.of("err_project_included_in_national_plan_gives_date")


def check_choice(value: str, choices: Sequence[str], what: str) -> None:
    if value not in choices:
        raise InvalidInput.of(
            "err_unknown_what_value_use_choices", what=what, value=value, choices=", ".join(choices)
        )


# ---------------------------------------------------------------- periods


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(period: str) -> tuple[int, int]:
    match = _PERIOD.match(period)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput.of("err_report_period_yyyy_mm_not_period", period=period)
    return int(match.group(1)), int(match.group(2))


def period_start(period: str) -> date:
    year, month = parse_period(period)
    return date(year, month, 1)


def period_end(period: str) -> date:
    year, month = parse_period(period)
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def next_period(period: str) -> str:
    return period_of(period_end(period) + timedelta(days=1))


def nominal_due(period: str, report_day: int) -> date:
    """The report day of the month (before any move past a holiday)."""
    year, month = parse_period(period)
    return date(year, month, min(report_day, 28))


def building_periods(
    actual_start: date | None, actual_completion: date | None, until: date
) -> list[str]:
    """The months a project was being built in, from its start to its completion (or to
    ``until``): the months its owner reports on."""
    if actual_start is None or actual_start > until:
        return []
    last = min(actual_completion, until) if actual_completion else until
    periods = []
    period = period_of(actual_start)
    while period_start(period) <= last:
        periods.append(period)
        period = next_period(period)
    return periods


def owed_periods(
    actual_start: date | None,
    actual_completion: date | None,
    on: date,
    due_of: Callable[[str], date],
    since: date | None = None,
) -> list[tuple[str, date]]:
    """The months whose report has fallen due by ``on``, with the day each was due; none
    before ``since`` (a project registered in the middle of its works owes reports from
    the year it was registered: what came before is its ``investment_before``)."""
    owed = []
    for period in building_periods(actual_start, actual_completion, on):
        if since is not None and period_end(period) < since:
            continue
        due = due_of(period)
        if due <= on:
            owed.append((period, due))
    return owed


# ---------------------------------------------------------------- investment


def cumulatives(before: Decimal, months: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """The cumulative investment at each period: what came before, plus every month up to
    and including it (so a corrected or late month moves every later total)."""
    running = before
    totals = {}
    for period, amount in sorted(months):
        running += amount
        totals[period] = running
    return totals


def year_to_date(months: Iterable[tuple[str, Decimal]], year: int) -> Decimal:
    prefix = f"{year:04d}-"
    return sum((amount for period, amount in months if period.startswith(prefix)), Decimal(0))


# ---------------------------------------------------------------- lights

TEMPLATES: dict[str, tuple[str, str]] = {
    "project_reports_missing": (
        "{count} monthly report(s) missing: {periods}",
        "缺报月报 {count} 期：{periods}",
    ),
    "project_start_overdue": (
        "planned start {day} passed {days} days ago and it has not started",
        "计划开工日期 {day} 已过 {days} 天，尚未开工",
    ),
    "project_completion_overdue": (
        "planned completion {day} passed {days} days ago and it is not complete",
        "计划完工日期 {day} 已过 {days} 天，尚未完工",
    ),
}


@dataclass(frozen=True)
class LightRules:
    """Thresholds, from settings (docs/settings.md)."""

    yellow_lag: float = 0.15
    red_lag: float = 0.30
    missing_reports_red: int = 2
    overdue_red_days: int = 90


@dataclass(frozen=True)
class LightFacts:
    stage: str
    on: date
    planned_year: Decimal | None
    actual_ytd: Decimal
    # The last day the reports due so far cover (the end of the latest month owed this
    # year): the pace of investment is judged against the year elapsed up to it.
    reported_through: date | None
    missing: tuple[str, ...] = ()
    planned_start: date | None = None
    planned_completion: date | None = None


def _overdue(code: str, day: date, on: date, rules: LightRules) -> Light:
    days = (on - day).days
    color = "red" if days > rules.overdue_red_days else "yellow"
    return Light(color, (reason(code, TEMPLATES, day=day.isoformat(), days=days),))


def project_light(facts: LightFacts, rules: LightRules) -> Light:
    """The project's light and why: the pace of this year's investment against the share
    of the year its reports cover (序时进度), missing reports, dates passed."""
    if facts.stage in FINISHED:
        return Light("completed", ())
    if facts.stage == "reserve":
        if facts.planned_start is not None and facts.planned_start < facts.on:
            return _overdue("project_start_overdue", facts.planned_start, facts.on, rules)
        return Light("not_started", ())
    lights: list[Light] = [Light("green", ())]
    if facts.planned_year and facts.reported_through is not None:
        lights.append(
            pace_light(
                done=float(facts.actual_ytd),
                planned=float(facts.planned_year),
                elapsed=year_elapsed(facts.reported_through, facts.reported_through.year),
                yellow_lag=rules.yellow_lag,
                red_lag=rules.red_lag,
            )
        )
    if facts.missing:
        color = "red" if len(facts.missing) >= rules.missing_reports_red else "yellow"
        found: Reason = reason(
            "project_reports_missing",
            TEMPLATES,
            count=len(facts.missing),
            periods=", ".join(facts.missing),
        )
        lights.append(Light(color, (found,)))
    if facts.planned_completion is not None and facts.planned_completion < facts.on:
        lights.append(
            _overdue("project_completion_overdue", facts.planned_completion, facts.on, rules)
        )
    return worst(*lights)


# ---------------------------------------------------------------- metrics


@dataclass(frozen=True)
class ProjectFacts:
    """What the metrics need of one project (group keys are unit or industry codes)."""

    code: str
    region: str
    industry: str
    owner: str
    level: str
    stage: str
    planned_year: Decimal
    actual_ytd: Decimal
    planned_start: date | None = None
    actual_start: date | None = None
    planned_completion: date | None = None
    actual_completion: date | None = None
    operation_date: date | None = None


@dataclass(frozen=True)
class GroupMetrics:
    key: str
    projects: int
    planned_year: Decimal
    actual_ytd: Decimal
    # Share of the year's planned investment done, and of the year elapsed (序时进度).
    plan_completion: float | None
    year_elapsed: float
    new_starts_planned: int
    new_starts: int
    new_start_rate: float | None
    completions_planned: int
    completions: int
    operations: int

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "projects": self.projects,
            "planned_year": float(self.planned_year),
            "actual_ytd": float(self.actual_ytd),
            "plan_completion": self.plan_completion,
            "year_elapsed": self.year_elapsed,
            "new_starts_planned": self.new_starts_planned,
            "new_starts": self.new_starts,
            "new_start_rate": self.new_start_rate,
            "completions_planned": self.completions_planned,
            "completions": self.completions,
            "operations": self.operations,
        }


def _in_year(day: date | None, year: int, on: date) -> bool:
    return day is not None and day.year == year and day <= on


@dataclass(frozen=True)
class GroupCounts:
    """What a group's metrics are made of: counts and sums over its projects (computed
    here from facts, or by the database in one GROUP BY for a province's register)."""

    key: str
    projects: int
    planned_year: Decimal
    actual_ytd: Decimal
    new_starts_planned: int  # planned to start in the year
    new_starts: int  # of those, started in the year by ``on``
    completions_planned: int
    completions: int  # completed in the year by ``on``
    operations: int  # in operation in the year by ``on``


def counts_of(key: str, facts: Sequence[ProjectFacts], *, year: int, on: date) -> GroupCounts:
    to_start = [f for f in facts if f.planned_start is not None and f.planned_start.year == year]
    return GroupCounts(
        key=key,
        projects=len(facts),
        planned_year=sum((f.planned_year for f in facts), Decimal(0)),
        actual_ytd=sum((f.actual_ytd for f in facts), Decimal(0)),
        new_starts_planned=len(to_start),
        new_starts=sum(1 for f in to_start if _in_year(f.actual_start, year, on)),
        completions_planned=sum(
            1 for f in facts if f.planned_completion and f.planned_completion.year == year
        ),
        completions=sum(1 for f in facts if _in_year(f.actual_completion, year, on)),
        operations=sum(1 for f in facts if _in_year(f.operation_date, year, on)),
    )


def from_counts(counts: GroupCounts, *, year: int, on: date) -> GroupMetrics:
    planned, actual = counts.planned_year, counts.actual_ytd
    return GroupMetrics(
        key=counts.key,
        projects=counts.projects,
        planned_year=planned,
        actual_ytd=actual,
        plan_completion=float(actual / planned) if planned else None,
        year_elapsed=year_elapsed(on, year),
        new_starts_planned=counts.new_starts_planned,
        new_starts=counts.new_starts,
        new_start_rate=counts.new_starts / counts.new_starts_planned
        if counts.new_starts_planned
        else None,
        completions_planned=counts.completions_planned,
        completions=counts.completions,
        operations=counts.operations,
    )


def add_counts(key: str, parts: Sequence[GroupCounts]) -> GroupCounts:
    """The counts of the union of disjoint groups (the whole register from its groups)."""
    return GroupCounts(
        key=key,
        projects=sum(p.projects for p in parts),
        planned_year=sum((p.planned_year for p in parts), Decimal(0)),
        actual_ytd=sum((p.actual_ytd for p in parts), Decimal(0)),
        new_starts_planned=sum(p.new_starts_planned for p in parts),
        new_starts=sum(p.new_starts for p in parts),
        completions_planned=sum(p.completions_planned for p in parts),
        completions=sum(p.completions for p in parts),
        operations=sum(p.operations for p in parts),
    )


def group_metrics(key: str, facts: Sequence[ProjectFacts], *, year: int, on: date) -> GroupMetrics:
    return from_counts(counts_of(key, facts, year=year, on=on), year=year, on=on)


def metrics_of_counts(
    groups: Sequence[GroupCounts], *, year: int, on: date
) -> tuple[GroupMetrics, list[GroupMetrics]]:
    """``metrics`` from each group's counts: the whole register and the groups, in key
    order."""
    ordered = sorted(groups, key=lambda g: g.key)
    total = from_counts(add_counts("", ordered), year=year, on=on)
    return total, [from_counts(g, year=year, on=on) for g in ordered]


def metrics(
    facts: Sequence[ProjectFacts], *, year: int, on: date, by: str
) -> tuple[GroupMetrics, list[GroupMetrics]]:
    """The whole register's figures and the same figures per group (``by`` one of
    GROUPINGS), groups in key order."""
    check_choice(by, GROUPINGS, "grouping")
    groups: dict[str, list[ProjectFacts]] = {}
    for fact in facts:
        groups.setdefault(getattr(fact, by), []).append(fact)
    total = group_metrics("", facts, year=year, on=on)
    return total, [group_metrics(k, groups[k], year=year, on=on) for k in sorted(groups)]
