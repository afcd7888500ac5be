"""Properties of the working-day calendar, over random days, counts and overrides."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.kernel.calendar import WorkingCalendar

# The package's holiday tables and the plain Monday–Friday years beyond them.
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=-400, max_value=400)
overrides = st.dictionaries(days, st.booleans(), max_size=20)
BOUNDED = settings(max_examples=150, deadline=None)


@BOUNDED
@given(start=days, n=counts, extra=overrides)
def test_adding_n_working_days_then_counting_back_gives_n(
    start: date, n: int, extra: dict[date, bool]
) -> None:
    calendar = WorkingCalendar(extra)
    end = calendar.add_working_days(start, n)
    if n >= 0 or calendar.is_working_day(start):
        assert calendar.working_days_between(start, end) == n
    else:
        # Back from a holiday: the count is over (end, start], which holds one day fewer
        # than the n days stepped over in [end, start).
        assert calendar.working_days_between(start, end) == n + 1
    if n:
        # The day reached is itself a working day (it is the n-th one counted).
        assert calendar.is_working_day(end)


@BOUNDED
@given(start=days, a=st.integers(0, 300), b=st.integers(0, 300), extra=overrides)
def test_adding_is_monotonic(start: date, a: int, b: int, extra: dict[date, bool]) -> None:
    calendar = WorkingCalendar(extra)
    low, high = sorted((a, b))
    first, second = calendar.add_working_days(start, low), calendar.add_working_days(start, high)
    assert first <= second
    assert (first == second) == (low == high)


@BOUNDED
@given(first=days, second=days, third=days, extra=overrides)
def test_counting_is_antisymmetric_and_additive(
    first: date, second: date, third: date, extra: dict[date, bool]
) -> None:
    calendar = WorkingCalendar(extra)
    between = calendar.working_days_between
    assert between(first, second) == -between(second, first)
    assert between(first, second) + between(second, third) == between(first, third)
    if first <= second:
        assert 0 <= between(first, second) <= (second - first).days


@BOUNDED
@given(day=days, working=st.booleans())
def test_an_override_wins_over_the_package(day: date, working: bool) -> None:
    calendar = WorkingCalendar({day: working})
    assert calendar.is_working_day(day) is working
    following = calendar.next_working_day(day)
    assert following >= day and calendar.is_working_day(following)
