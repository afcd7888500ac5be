"""The lights of livelihood targets and of indicators (pure: numbers and dates in, a Light out).

A livelihood target is measured against the time elapsed (序时进度): its completion
``(value - baseline) / (target - baseline)`` at the end of the latest period owed, against
the share of the year elapsed by then (``kernel.pace.pace_light``); periods owed and not
reported make it yellow, or red from ``missing_red`` of them.

An indicator compares its actual with its target for the same period and region, in the
direction that is better. A rate (growth rate, share: percent) is compared in percentage
points, since a growth rate's ratio means nothing (0.5 % against a target of 1 % is not "half
done"): short by no more than ``yellow_points`` is yellow, more is red. An amount is
compared as a share of its target: short by no more than ``yellow_share`` is yellow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from luoshi.domains.livelihood.periods import Period, due_day
from luoshi.kernel.pace import Light, pace_light, reason, span_elapsed, worst

TEMPLATES: dict[str, tuple[str, str]] = {
    "target_reached": (
        "target reached: {value} of {target} {measure}",
        "已完成目标：{value}/{target}{measure}",
    ),
    "no_value_yet": ("no value due yet", "尚未到报送时间"),
    "values_missing": (
        "{count} period value(s) not reported: {periods}",
        "{count} 期数值未报送：{periods}",
    ),
    "no_target": ("no target set for this period", "本期未设定目标"),
    "no_actual": ("no actual value yet", "尚无实际值"),
    "indicator_met": (
        "actual {actual}{measure} meets the target {target}{measure}",
        "实际 {actual}{measure}，达到目标 {target}{measure}",
    ),
    "indicator_short_points": (
        "actual {actual}{measure} is {gap} points short of the target {target}{measure}",
        "实际 {actual}{measure}，距目标 {target}{measure} 差 {gap} 个百分点",
    ),
    "indicator_short_share": (
        "actual {actual} {measure} is {gap}% short of the target {target} {measure}",
        "实际 {actual}{measure}，距目标 {target}{measure} 差 {gap}%",
    ),
}


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


@dataclass(frozen=True)
class Reported:
    period: Period
    value: float


def completion(value: float, *, baseline: float, target: float) -> float:
    """The share of the way from baseline to target covered by ``value`` (may pass 1)."""
    if target == baseline:
        return 1.0 if value == target else 0.0
    return (value - baseline) / (target - baseline)


def target_light(
    *,
    on: date,
    year: int,
    periods: Sequence[Period],
    reported: Sequence[Reported],
    baseline: float,
    target: float,
    measure: str,
    report_day: int,
    yellow_lag: float,
    red_lag: float,
    missing_red: int,
) -> Light:
    """A target's light on day ``on`` from the values reported for its periods."""
    by_code = {r.period.code: r for r in reported}
    latest = max(reported, key=lambda r: r.period.end, default=None)
    if latest is not None and completion(latest.value, baseline=baseline, target=target) >= 1:
        return Light(
            "completed",
            (
                reason(
                    "target_reached",
                    TEMPLATES,
                    value=_number(latest.value),
                    target=_number(target),
                    measure=measure,
                ),
            ),
        )
    owed = [p for p in periods if due_day(p, report_day) <= on]
    if not owed and latest is None:
        return Light("not_started", (reason("no_value_yet", TEMPLATES),))
    lights = []
    # The period to measure at: the latest owed, or a later one reported early.
    measured_at = max([*(p.end for p in owed), *([latest.period.end] if latest else [])])
    value = latest.value if latest is not None else baseline
    start = date(year, 1, 1)
    lights.append(
        pace_light(
            done=max(completion(value, baseline=baseline, target=target), 0.0),
            planned=1.0,
            elapsed=span_elapsed(measured_at, start, date(year, 12, 31)),
            yellow_lag=yellow_lag,
            red_lag=red_lag,
        )
    )
    after = latest.period.end if latest is not None else date.min
    missing = [p.code for p in owed if p.code not in by_code and p.end > after]
    if missing:
        color = "red" if len(missing) >= missing_red else "yellow"
        lights.append(
            Light(
                color,
                (
                    reason(
                        "values_missing",
                        TEMPLATES,
                        count=len(missing),
                        periods=", ".join(missing),
                    ),
                ),
            )
        )
    return worst(*lights)


def indicator_light(
    *,
    kind: str,
    direction: str,
    measure: str,
    target: float | None,
    actual: float | None,
    yellow_points: float,
    yellow_share: float,
) -> Light:
    """An indicator value's light: its actual against its target (see the module text)."""
    if target is None:
        return Light("not_started", (reason("no_target", TEMPLATES),))
    if actual is None:
        return Light("not_started", (reason("no_actual", TEMPLATES),))
    better = actual - target if direction == "higher" else target - actual
    params = {"actual": _number(actual), "target": _number(target), "measure": measure}
    if better >= 0:
        return Light("green", (reason("indicator_met", TEMPLATES, **params),))
    short = -better
    if kind == "rate":
        color = "yellow" if short <= yellow_points + 1e-9 else "red"
        why = reason("indicator_short_points", TEMPLATES, gap=_number(round(short, 2)), **params)
        return Light(color, (why,))
    share = short / abs(target) if target else 1.0
    color = "yellow" if share <= yellow_share + 1e-9 else "red"
    why = reason("indicator_short_share", TEMPLATES, gap=_number(round(share * 100, 1)), **params)
    return Light(color, (why,))
