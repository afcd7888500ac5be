"""Working days across Chinese holidays and make-up working days (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.kernel.calendar import WorkingCalendar

CAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2023, 1, 23), False),  # Spring Festival 2023
        (date(2023, 1, 28), True),  # Saturday make-up working day
        (date(2023, 1, 29), True),  # Sunday make-up working day
        (date(2023, 4, 5), False),  # Qingming
        (date(2023, 4, 23), True),  # Sunday make-up for Labour Day
        (date(2023, 5, 1), False),
        (date(2023, 5, 6), True),  # Saturday make-up for Labour Day
        (date(2023, 6, 22), False),  # Dragon Boat
        (date(2023, 6, 25), True),  # Sunday make-up for Dragon Boat
        (date(2023, 10, 2), False),  # National Day
        (date(2023, 10, 7), True),  # Saturday make-up for National Day
        (date(2023, 10, 8), True),
        (date(2023, 3, 18), False),  # an ordinary Saturday
    ],
)
def test_known_days(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_add_working_days_across_spring_festival() -> None:
    # Friday 2023-01-20 is the last day before the 21–27 January holiday; the 28th and 29th
    # (Saturday, Sunday) are make-up working days.
    assert CAL.add_working_days(date(2023, 1, 20), 1) == date(2023, 1, 28)
    assert CAL.add_working_days(date(2023, 1, 20), 2) == date(2023, 1, 29)
    assert CAL.add_working_days(date(2023, 1, 20), 3) == date(2023, 1, 30)


def test_add_working_days_across_national_day() -> None:
    # 2023-09-29 to 10-06 off; 10-07 and 10-08 (Saturday, Sunday) are make-up days.
    assert CAL.add_working_days(date(2023, 9, 28), 1) == date(2023, 10, 7)
    assert CAL.add_working_days(date(2023, 9, 28), 3) == date(2023, 10, 9)
    assert CAL.working_days_between(date(2023, 9, 28), date(2023, 10, 9)) == 3


def test_add_working_days_backwards_and_zero() -> None:
    assert CAL.add_working_days(date(2023, 5, 4), -1) == date(2023, 4, 28)
    assert CAL.add_working_days(date(2023, 5, 1), 0) == date(2023, 5, 1)


def test_labour_day_make_up_days_count() -> None:
    # Friday 04-21 → Saturday 04-22 off, Sunday 04-23 working; 04-29..05-03 off; then
    # Thursday 05-04, Friday 05-05 and Saturday 05-06 (make-up) are working days.
    assert CAL.working_days_between(date(2023, 4, 21), date(2023, 4, 23)) == 1
    assert CAL.add_working_days(date(2023, 4, 28), 1) == date(2023, 5, 4)
    assert CAL.add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 6)
    assert CAL.add_working_days(date(2023, 5, 6), 1) == date(2023, 5, 8)
    assert CAL.working_days_between(date(2023, 4, 28), date(2023, 5, 6)) == 3
    assert CAL.working_days_between(date(2023, 5, 6), date(2023, 4, 28)) == -3


def test_between_is_inverse_of_add() -> None:
    start = date(2023, 3, 17)
    for n in range(0, 80, 7):
        assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


def test_overrides_win() -> None:
    local = WorkingCalendar({date(2023, 3, 20): False, date(2023, 3, 18): True})
    assert not local.is_working_day(date(2023, 3, 20))
    assert local.is_working_day(date(2023, 3, 18))
    assert local.add_working_days(date(2023, 3, 17), 1) == date(2023, 3, 18)


def test_years_the_package_lacks_fall_back_to_weekdays() -> None:
    assert CAL.is_working_day(date(2099, 3, 2))  # a Monday
    assert not CAL.is_working_day(date(2099, 3, 1))  # a Sunday
