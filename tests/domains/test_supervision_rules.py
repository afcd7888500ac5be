"""The escalation ladder around the 2023 holidays, backoff and DingTalk signing: pure rules."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from luoshi.domains.supervision import rules
from luoshi.domains.supervision.rules import Ladder, Step
from luoshi.kernel.calendar import WorkingCalendar

CAL = WorkingCalendar()
LADDER = Ladder(remind_before=3, urge_after=1, yellow_after=5, red_after=10)


def step(due: date, on: date) -> Step | None:
    return rules.step_for(due, on, calendar=CAL, ladder=LADDER)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 3, 22), None),  # four working days before the window closes
        (date(2023, 3, 23), Step("remind", 0)),
        (date(2023, 3, 25), Step("remind", 0)),  # a Saturday (a job run on it does nothing)
        (date(2023, 3, 27), Step("remind", 0)),
        (date(2023, 3, 28), Step("urge", 0)),  # the window's last day
        (date(2023, 3, 29), None),  # closed: the job accepts the task by default
    ],
)
def test_awaiting_acceptance_is_reminded_then_urged_on_the_last_day(
    on: date, expected: Step | None
) -> None:
    assert rules.acceptance_step(date(2023, 3, 28), on, calendar=CAL, ladder=LADDER) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 4, 20), None),  # four working days ahead: too early
        (date(2023, 4, 21), Step("remind", 0)),
        (date(2023, 4, 23), Step("remind", 0)),  # a Sunday, but a make-up working day
        (date(2023, 4, 25), Step("remind", 0)),  # the due day itself
        (date(2023, 4, 26), Step("urge", 1)),
        (date(2023, 4, 30), Step("urge", 3)),  # Labour Day holiday: the count stands still
        (date(2023, 5, 4), Step("urge", 4)),
        (date(2023, 5, 5), Step("notice_yellow", 5)),
        (date(2023, 5, 6), Step("notice_yellow", 6)),  # Saturday make-up working day counts
        (date(2023, 5, 10), Step("notice_yellow", 9)),
        (date(2023, 5, 11), Step("notice_red", 10)),
    ],
)
def test_a_report_due_before_labour_day(on: date, expected: Step | None) -> None:
    assert step(date(2023, 4, 25), on) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 4, 1), None),  # Saturday after a Friday deadline: no working day passed
        (date(2023, 4, 3), Step("urge", 1)),
        (date(2023, 4, 5), Step("urge", 2)),  # Qingming
        (date(2023, 4, 7), Step("urge", 4)),
        (date(2023, 4, 10), Step("notice_yellow", 5)),
        (date(2023, 4, 14), Step("notice_yellow", 9)),
        (date(2023, 4, 17), Step("notice_red", 10)),
    ],
)
def test_a_task_due_before_qingming(on: date, expected: Step | None) -> None:
    assert step(date(2023, 3, 31), on) == expected


def test_a_task_due_before_the_dragon_boat_festival() -> None:
    due = date(2023, 6, 21)
    assert [step(due, date(2023, 6, d)) for d in (22, 23, 24)] == [None, None, None]
    assert step(due, date(2023, 6, 25)) == Step("urge", 1)  # Sunday make-up working day
    assert step(due, date(2023, 6, 28)) == Step("urge", 4)
    assert step(due, date(2023, 6, 29)) == Step("notice_yellow", 5)


def test_thresholds_come_from_the_ladder() -> None:
    strict = Ladder(remind_before=1, urge_after=2, yellow_after=3, red_after=4)
    due = date(2023, 3, 31)
    assert rules.step_for(due, date(2023, 3, 29), calendar=CAL, ladder=strict) is None
    assert rules.step_for(due, date(2023, 3, 30), calendar=CAL, ladder=strict) == Step("remind", 0)
    assert rules.step_for(due, date(2023, 4, 3), calendar=CAL, ladder=strict) is None
    assert rules.step_for(due, date(2023, 4, 4), calendar=CAL, ladder=strict) == Step("urge", 2)
    assert rules.step_for(due, date(2023, 4, 7), calendar=CAL, ladder=strict) == Step(
        "notice_red", 4
    )


def test_backoff_doubles() -> None:
    assert [rules.backoff(n, base_seconds=60) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]


def test_dingtalk_signature_and_url() -> None:
    secret, timestamp = "SECdemo+/=secret", 1680307200000
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert rules.dingtalk_sign(secret, timestamp) == quote(expected, safe="")
    url = rules.signed_dingtalk_url(
        "https://oapi.dingtalk.com/robot/send?access_token=abc", secret, timestamp
    )
    query = parse_qs(urlsplit(url).query)
    assert query == {"access_token": ["abc"], "timestamp": [str(timestamp)], "sign": [expected]}
    assert rules.signed_dingtalk_url("http://h/x", secret, timestamp).startswith(
        f"http://h/x?timestamp={timestamp}&sign="
    )
