from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from luoshi import clock


def test_now_is_aware() -> None:
    assert clock.now().tzinfo is not None


@time_machine.travel(datetime(2023, 3, 16, 17, 30, tzinfo=UTC), tick=False)
def test_today_is_local() -> None:
    # 17:30 UTC is already the next day in Beijing.
    assert clock.today() == date(2023, 3, 17)


def test_travel_to_shifts_and_resets() -> None:
    target = datetime(2023, 6, 30, 9, tzinfo=UTC)
    try:
        clock.travel_to(target)
        assert abs(clock.now() - target) < timedelta(seconds=5)
    finally:
        clock.reset()
    assert clock.now().year >= 2026


def test_travel_to_refuses_naive() -> None:
    with pytest.raises(ValueError):
        clock.travel_to(datetime(2023, 1, 1))  # noqa: DTZ001
