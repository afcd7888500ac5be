"""The one source of the current time: always timezone-aware.

Tests freeze time with time-machine, which moves ``datetime.now`` for everyone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

# A demo deployment lives at another date (``luoshi demo --as-of``): the whole process's
# clock is shifted by this offset and runs on from there. Zero everywhere else.
_offset = timedelta(0)


def now() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(UTC) + _offset


def wall_now() -> datetime:
    """The real instant, without the demo's offset: TOTP codes must match the phone's."""
    return datetime.now(UTC)


def travel_to(instant: datetime) -> None:
    """Shift this process's clock so that it reads ``instant`` now (demo only)."""
    global _offset
    if instant.tzinfo is None:
        raise ValueError("travel_to needs a timezone-aware instant")
    _offset = timedelta(0)
    _offset = instant - now()


def reset() -> None:
    """Undo :func:`travel_to`."""
    global _offset
    _offset = timedelta(0)


def local_now(tz: ZoneInfo = LOCAL_TZ) -> datetime:
    """The current instant in the deployment's zone (deadlines are local days)."""
    return now().astimezone(tz)


def today(tz: ZoneInfo = LOCAL_TZ) -> date:
    """Today's date where the offices are."""
    return local_now(tz).date()


def aware(value: datetime) -> datetime:
    """Attach UTC to a naive value read back from a database that drops zones (SQLite)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
