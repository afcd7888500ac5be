"""Lights against the time elapsed (序时进度)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.kernel.pace import Light, pace_light, reason, span_elapsed, worst, year_elapsed


def test_the_share_of_the_year_counts_days_inclusively() -> None:
    assert year_elapsed(date(2022, 12, 31), 2023) == 0
    assert year_elapsed(date(2023, 1, 1), 2023) == pytest.approx(1 / 365)
    assert year_elapsed(date(2023, 6, 30), 2023) == pytest.approx(181 / 365)
    assert year_elapsed(date(2024, 1, 1), 2023) == 1
    with pytest.raises(ValueError):
        span_elapsed(date(2023, 1, 1), date(2023, 2, 1), date(2023, 1, 1))


@pytest.mark.parametrize(
    ("done", "elapsed", "color", "code"),
    [
        (50, 0.5, "green", "on_pace"),
        (36, 0.5, "green", "on_pace"),  # lag 0.14 is under the yellow threshold
        (35, 0.5, "yellow", "behind_pace"),
        (20, 0.5, "red", "behind_pace"),
        (100, 0.2, "green", "plan_met"),
    ],
)
def test_pace_colours_by_the_lag_behind_the_time_gone(
    done: float, elapsed: float, color: str, code: str
) -> None:
    light = pace_light(done=done, planned=100, elapsed=elapsed, yellow_lag=0.15, red_lag=0.30)
    assert (light.color, light.reasons[0].code) == (color, code)


def test_reasons_render_in_both_languages() -> None:
    light = pace_light(done=20, planned=100, elapsed=0.5, yellow_lag=0.15, red_lag=0.30)
    assert light.as_json("en") == {
        "color": "red",
        "reasons": ["behind pace: 20% of the plan done with 50% of the time gone"],
    }
    assert light.rendered("zh") == ["滞后于序时进度：完成计划20%，时间已过50%"]
    assert pace_light(done=1, planned=0, elapsed=0.5, yellow_lag=0.1, red_lag=0.2).color == "yellow"


def test_worst_keeps_the_reasons_of_the_worst_colour() -> None:
    own = {"late": ("late by {days} days", "逾期{days}天")}
    red = Light("red", (reason("late", own, days=3),))
    green = Light("green", (reason("no_plan"),))
    assert worst(green, red).rendered("en") == ["late by 3 days"]
    with pytest.raises(KeyError):
        reason("unknown")


@given(
    done=st.floats(0, 1e9),
    planned=st.floats(0, 1e9),
    elapsed=st.floats(0, 1),
)
def test_pace_always_gives_a_colour_with_a_reason(
    done: float, planned: float, elapsed: float
) -> None:
    light = pace_light(done=done, planned=planned, elapsed=elapsed, yellow_lag=0.15, red_lag=0.3)
    assert light.color in ("green", "yellow", "red") and light.reasons
