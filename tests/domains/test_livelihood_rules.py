"""The periods and lights of livelihood targets and indicators (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.domains.livelihood import rules
from luoshi.domains.livelihood.periods import (
    check_cycle,
    due_day,
    indicator_period,
    periods_of,
    reporting_period,
)
from luoshi.errors import InvalidInput

MONTHS = periods_of(2023, "monthly")


def _light(on: date, reported: dict[str, float], **kw: float) -> rules.Light:
    values = {"baseline": 0.0, "target": 1200.0}
    values.update(kw)
    return rules.target_light(
        on=on,
        year=2023,
        periods=MONTHS,
        reported=[rules.Reported(reporting_period(p), v) for p, v in reported.items()],
        baseline=values["baseline"],
        target=values["target"],
        measure="个",
        report_day=10,
        yellow_lag=0.15,
        red_lag=0.30,
        missing_red=2,
    )


def test_periods_end_and_fall_due() -> None:
    assert reporting_period("2023-02").end == date(2023, 2, 28)
    assert reporting_period("2023q2").start == date(2023, 4, 1)
    assert due_day(reporting_period("2023-12"), 10) == date(2024, 1, 10)
    assert [indicator_period(p).end.month for p in ("2023Q1", "2023H1", "2023Q3", "2023")] == [
        3,
        6,
        9,
        12,
    ]
    for bad in ("2023-13", "2023Q5", "23-01", ""):
        with pytest.raises(InvalidInput):
            reporting_period(bad)
    with pytest.raises(InvalidInput, match="first half"):
        indicator_period("2023Q2")
    with pytest.raises(InvalidInput, match="quarterly"):
        check_cycle("2023-04", "quarterly", 2023)
    with pytest.raises(InvalidInput):
        check_cycle("2024-01", "monthly", 2023)


def test_a_target_on_pace_behind_and_reached() -> None:
    assert _light(date(2023, 1, 20), {}).color == "not_started"
    on_pace = _light(date(2023, 5, 20), {"2023-04": 400})
    assert on_pace.color == "green"
    behind = _light(date(2023, 5, 20), {"2023-04": 150})  # 12% done, 33% of the year gone
    assert behind.color == "yellow"
    assert "12%" in behind.reasons[0].en and "33%" in behind.reasons[0].en
    assert _light(date(2023, 5, 20), {"2023-04": 20}).color == "red"
    done = _light(date(2023, 5, 20), {"2023-04": 1200})
    assert done.color == "completed"
    # From a baseline: 85 → 90 (a rate), 87.5 is half-way.
    assert _light(date(2023, 7, 20), {"2023-06": 87.5}, baseline=85, target=90).color == "green"


def test_missing_periods_turn_yellow_then_red() -> None:
    one = _light(date(2023, 5, 12), {"2023-03": 300})
    assert one.color == "yellow"
    assert "2023-04" in one.reasons[-1].en
    two = _light(date(2023, 6, 12), {"2023-03": 300})
    assert two.color == "red"
    assert "2023-04, 2023-05" in two.reasons[-1].en
    # Nothing reported at all, once values are owed.
    assert _light(date(2023, 3, 12), {}).color == "red"
    # A gap before the latest value is not counted: the cumulative value covers it.
    assert _light(date(2023, 5, 12), {"2023-01": 100, "2023-04": 400}).color == "green"


@pytest.mark.parametrize(
    ("kind", "direction", "target", "actual", "color"),
    [
        ("rate", "higher", 6.0, 6.0, "green"),
        ("rate", "higher", 6.0, 5.0, "yellow"),  # 1 point short: yellow (the setting)
        ("rate", "higher", 6.0, 4.9, "red"),
        ("rate", "lower", 5.5, 5.2, "green"),  # an unemployment rate below its ceiling
        ("rate", "lower", 5.5, 6.0, "yellow"),
        ("rate", "higher", -2.0, -2.5, "yellow"),  # a negative growth target
        ("amount", "higher", 1000.0, 960.0, "yellow"),  # 4% short
        ("amount", "higher", 1000.0, 900.0, "red"),
        ("rate", "higher", None, 5.0, "not_started"),
        ("rate", "higher", 6.0, None, "not_started"),
    ],
)
def test_an_indicator_compares_actual_with_target(
    kind: str, direction: str, target: float | None, actual: float | None, color: str
) -> None:
    light = rules.indicator_light(
        kind=kind,
        direction=direction,
        measure="%",
        target=target,
        actual=actual,
        yellow_points=1.0,
        yellow_share=0.05,
    )
    assert light.color == color
    assert light.reasons and light.reasons[0].zh


def test_a_growth_rate_is_compared_in_points_not_as_a_ratio() -> None:
    # 0.5% against a target of 1% is half the ratio but only half a point short.
    light = rules.indicator_light(
        kind="rate",
        direction="higher",
        measure="%",
        target=1.0,
        actual=0.5,
        yellow_points=1.0,
        yellow_share=0.05,
    )
    assert light.color == "yellow"
    assert "0.5 points short" in light.reasons[0].en
