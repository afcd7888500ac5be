"""The escalation ladder and delivery retries. Pure: no database, no network."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote_plus

from luoshi.kernel.calendar import WorkingCalendar

# remind before the deadline → urge once it has passed → yellow notice → red notice.
STEPS = ("remind", "urge", "notice_yellow", "notice_red")
# Steps counted against the per-unit daily cap; notices are formal and always go out.
CHASING = frozenset({"remind", "urge"})


@dataclass(frozen=True)
class Ladder:
    """Thresholds in working days; see docs/supervision.md."""

    remind_before: int = 3
    urge_after: int = 1
    yellow_after: int = 5
    red_after: int = 10


@dataclass(frozen=True)
class Step:
    step: str
    days_overdue: int  # working days past the deadline (0 for a reminder)


def step_for(due: date, on: date, *, calendar: WorkingCalendar, ladder: Ladder) -> Step | None:
    """The highest ladder step a deadline ``due`` calls for on day ``on``, if any.

    A reminder goes out from ``remind_before`` working days before the deadline up to the
    day itself; past the deadline, days are counted in working days, so weekends and
    public holidays do not count and make-up working days do.
    """
    if on <= due:
        left = calendar.working_days_between(on, due)
        return Step("remind", 0) if left <= ladder.remind_before else None
    days = calendar.working_days_between(due, on)
    if days >= ladder.red_after:
        return Step("notice_red", days)
    if days >= ladder.yellow_after:
        return Step("notice_yellow", days)
    if days >= ladder.urge_after:
        return Step("urge", days)
    return None


def acceptance_step(
    window_end: date, on: date, *, calendar: WorkingCalendar, ladder: Ladder
) -> Step | None:
    """The step a task awaiting acceptance calls for on ``on``: a reminder from
    ``remind_before`` working days before its return window closes, an urging on the
    window's last day, nothing after it (the job then accepts the task by default)."""
    if on > window_end:
        return None
    if on == window_end:
        return Step("urge", 0)
    left = calendar.working_days_between(on, window_end)
    return Step("remind", 0) if left <= ladder.remind_before else None


def backoff(attempts: int, *, base_seconds: int) -> timedelta:
    """The wait before the next attempt after ``attempts`` failed ones: base, 2×, 4×, …"""
    return timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0))


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk robot signature: base64 HMAC-SHA256 of "timestamp\\nsecret", URL-encoded."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return quote_plus(base64.b64encode(digest).decode("ascii"))


def signed_dingtalk_url(url: str, secret: str, timestamp_ms: int) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"
