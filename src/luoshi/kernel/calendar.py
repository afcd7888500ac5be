"""The working-day calendar: Chinese public holidays and make-up working days.

Holidays and make-up days come from the chinese-calendar package (the State Council's
yearly notices); a deployment overrides single days in the ``calendar_day`` table (or a
YAML file at ``LUOSHI_CALENDAR_FILE``) — e.g. a local holiday in an autonomous prefecture.
Years the package does not cover fall back to Monday–Friday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import chinese_calendar
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.kernel import audit
from luoshi.kernel.models import CalendarDay
from luoshi.kernel.permissions import Actor, check


@lru_cache(maxsize=8192)
def _package_is_working_day(day: date) -> bool:
    # chinese-calendar scans its tables on every call; deadlines ask about the same days
    # thousands of times a job run.
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


@dataclass(frozen=True)
class WorkingCalendar:
    """Answers "is this a working day" and counts working days. Pure: no database."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return _package_is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return None
        return str(name) if on_holiday and name else None

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (before it when negative).

        ``add_working_days(d, 0)`` is ``d`` itself, working day or not.
        """
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        current = start
        while remaining:
            current += timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start.

        The inverse of :meth:`add_working_days`: ``working_days_between(d, add(d, n)) == n``
        for ``n >= 0``, and for ``n < 0`` when ``d`` is a working day (counting back from a
        holiday, the holiday itself is not in the interval; a property test found this).
        """
        if end == start:
            return 0
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


def load_calendar(
    session: Session, *, tenant_id: str, calendar_file: Path | None = None
) -> WorkingCalendar:
    """The deployment's calendar: package data, then the file, then the table."""
    overrides: dict[date, bool] = {}
    if calendar_file is not None:
        overrides.update(read_calendar_file(calendar_file))
    rows = session.scalars(select(CalendarDay).where(CalendarDay.tenant_id == tenant_id))
    overrides.update({row.day: row.working for row in rows})
    return WorkingCalendar(overrides)


def read_calendar_file(path: Path) -> dict[date, bool]:
    """``{days: [{date: 2024-10-12, working: true, name: ...}]}`` from YAML."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput.of("err_cannot_read_calendar_file_path_exc", path=path, exc=exc) from exc
    days = loaded.get("days", []) if isinstance(loaded, dict) else []
    result: dict[date, bool] = {}
    for entry in days:
        if not isinstance(entry, dict) or not isinstance(entry.get("date"), date):
            raise InvalidInput.of("err_calendar_file_path_each_day_needs_date", path=path)
        result[entry["date"]] = bool(entry.get("working", False))
    return result


def set_day(session: Session, *, actor: Actor, day: date, working: bool, name: str = "") -> None:
    """Override one day for this deployment (audited)."""
    check(actor, "settings.manage")
    row = session.scalar(
        select(CalendarDay).where(CalendarDay.tenant_id == actor.tenant_id, CalendarDay.day == day)
    )
    old = {"working": row.working, "name": row.name} if row else None
    if row is None:
        row = CalendarDay(tenant_id=actor.tenant_id, day=day, working=working, name=name)
        session.add(row)
    else:
        row.working, row.name = working, name
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="calendar.set_day",
        object_type="calendar_day",
        object_id=row.id,
        old=old,
        new={"day": day, "working": working, "name": name},
    )


def list_days(session: Session, *, actor: Actor) -> list[CalendarDay]:
    """The deployment's overridden days, in date order."""
    check(actor, "settings.view")
    return list(
        session.scalars(
            select(CalendarDay)
            .where(CalendarDay.tenant_id == actor.tenant_id)
            .order_by(CalendarDay.day)
        )
    )


def clear_day(session: Session, *, actor: Actor, day: date) -> bool:
    """Drop the override of one day (the package's calendar applies again); audited."""
    check(actor, "settings.manage")
    row = session.scalar(
        select(CalendarDay).where(CalendarDay.tenant_id == actor.tenant_id, CalendarDay.day == day)
    )
    if row is None:
        return False
    old = {"day": row.day, "working": row.working, "name": row.name}
    row_id = row.id
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="calendar.clear_day",
        object_type="calendar_day",
        object_id=row_id,
        old=old,
    )
    return True
