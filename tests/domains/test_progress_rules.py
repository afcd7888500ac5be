"""Report periods, due days and lights: pure rules, no database."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.domains.progress import rules
from luoshi.domains.progress.rules import LightFacts, LightThresholds, PeriodReport
from luoshi.errors import InvalidInput
from luoshi.kernel.calendar import WorkingCalendar

CAL = WorkingCalendar()
T = LightThresholds()
START, DUE = date(2023, 3, 17), date(2023, 6, 30)  # 72 working days apart


def light(facts: LightFacts, on: date, thresholds: LightThresholds = T) -> rules.Light:
    return rules.compute_light(facts, on=on, calendar=CAL, thresholds=thresholds)


def running(**kw: object) -> LightFacts:
    values: dict[str, object] = {
        "status": "in_progress",
        "progress": 0,
        "start": START,
        "due": DUE,
    }
    values.update(kw)
    return LightFacts(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- periods


def test_periods_between_each_cycle() -> None:
    assert rules.periods_between("monthly", date(2023, 3, 17), date(2023, 6, 1)) == [
        "2023-03",
        "2023-04",
        "2023-05",
        "2023-06",
    ]
    assert rules.periods_between("quarterly", date(2023, 3, 17), date(2023, 7, 1)) == [
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
    ]
    assert rules.periods_between("half_monthly", date(2023, 4, 10), date(2023, 5, 16)) == [
        "2023-04-H1",
        "2023-04-H2",
        "2023-05-H1",
        "2023-05-H2",
    ]
    assert rules.periods_between("weekly", date(2023, 1, 1), date(2023, 1, 9)) == [
        "2022-W52",
        "2023-W01",
        "2023-W02",
    ]
    assert rules.periods_between("once", date(2023, 1, 1), date(2023, 9, 1)) == ["once"]
    assert rules.periods_between("monthly", date(2023, 5, 1), date(2023, 4, 1)) == []


def test_check_period_refuses_another_cycles_period() -> None:
    rules.check_period("monthly", "2023-04")
    rules.check_period("once", "once")
    with pytest.raises(InvalidInput, match="not a monthly period"):
        rules.check_period("monthly", "2023-Q2")
    with pytest.raises(InvalidInput, match="not a quarterly period"):
        rules.check_period("quarterly", "once")
    with pytest.raises(InvalidInput, match="unknown period"):
        rules.check_period("monthly", "April")


@pytest.mark.parametrize(
    ("cycle", "period", "due"),
    [
        # 25 January 2023 is in the Spring Festival holiday; Saturday the 28th is a make-up day.
        ("monthly", "2023-01", date(2023, 1, 28)),
        # 25 March 2023 is a Saturday.
        ("monthly", "2023-03", date(2023, 3, 27)),
        ("monthly", "2023-04", date(2023, 4, 25)),
        # 25 June 2023 is a Sunday, but the make-up working day of the Dragon Boat holiday.
        ("monthly", "2023-06", date(2023, 6, 25)),
        ("quarterly", "2023-Q2", date(2023, 6, 25)),
        # The second half of April ends on the 30th, inside the Labour Day holiday.
        ("half_monthly", "2023-04-H2", date(2023, 5, 4)),
        ("weekly", "2023-W17", date(2023, 4, 28)),
        ("once", "once", date(2023, 10, 7)),  # task due 1 Oct (National Day) → 7 Oct (make-up)
    ],
)
def test_report_due_on_moves_past_holidays(cycle: str, period: str, due: date) -> None:
    got = rules.report_due_on(
        cycle, period, report_day=25, task_due=date(2023, 10, 1), calendar=CAL
    )
    assert got == due


# ---------------------------------------------------------------- lights: not running


def test_states_before_work_starts_are_not_started() -> None:
    assigned = light(
        LightFacts(
            status="assigned",
            progress=0,
            assigned_on=date(2023, 3, 17),
            return_window_end=date(2023, 3, 28),
        ),
        date(2023, 3, 20),
    )
    assert assigned.light == "not_started"
    assert assigned.rendered("en") == [
        "assigned on 2023-03-17, awaiting acceptance until 2023-03-28"
    ]
    assert assigned.rendered("zh") == ["已于2023-03-17交办，2023-03-28前待签收"]
    returned = light(
        LightFacts(status="returned", progress=0, return_reason="not our remit"), START
    )
    assert (returned.light, returned.rendered("en")) == (
        "not_started",
        ["returned by the unit: not our remit"],
    )
    later = light(running(start=date(2023, 5, 1)), date(2023, 4, 20))
    assert (later.light, later.rendered("en")) == ("not_started", ["starts on 2023-05-01"])
    assert light(LightFacts(status="draft", progress=0), START).rendered("en") == [
        "not assigned yet"
    ]


def test_done_is_completed_whatever_the_dates() -> None:
    for status, reason in (
        ("completed", "completed"),
        ("verified", "completed"),
        ("closed", "closed"),
    ):
        done = light(running(status=status, progress=100), date(2023, 9, 1))
        assert (done.light, done.rendered("en")) == ("completed", [reason])


# ---------------------------------------------------------------- lights: progress vs time


def test_green_when_progress_keeps_up_with_time() -> None:
    result = light(running(progress=40), date(2023, 4, 28))  # 30 of 72 working days: 42%
    assert result.light == "green"
    assert result.rendered("en") == ["on track: reported 40% with 42% of the time gone"]
    assert result.rendered("zh") == ["进度正常：已报进度40%，时间已过42%"]


def test_yellow_then_red_as_progress_falls_behind() -> None:
    on = date(2023, 5, 31)  # 51 of 72 working days: 71%
    yellow = light(running(progress=50), on)
    assert (yellow.light, yellow.rendered("en")) == (
        "yellow",
        ["reported 50% with 71% of the time gone"],
    )
    red = light(running(progress=40), on)
    assert (red.light, red.rendered("en")) == (
        "red",
        ["reported 40% with 71% of the time gone"],
    )
    assert red.rendered("zh") == ["已报进度40%，时间已过71%"]
    lenient = light(running(progress=40), on, LightThresholds(yellow_lag=0.2, red_lag=0.5))
    assert lenient.light == "yellow"


def test_due_soon_counts_working_days_over_labour_day() -> None:
    # 27 April → 5 May 2023: the 28th, then the holiday, then the 4th and 5th.
    result = light(running(progress=95, due=date(2023, 5, 5)), date(2023, 4, 27))
    assert result.light == "yellow"
    assert result.rendered("en") == ["due in 3 working days (2023-05-05) at 95%"]
    assert result.rendered("zh") == ["距期限（2023-05-05）还有3个工作日，进度95%"]


def test_overdue_is_red_and_counts_working_days_over_qingming() -> None:
    # Due Friday 31 March; 3, 4 and 6 April are working days, 5 April is Qingming.
    result = light(running(progress=90, due=date(2023, 3, 31)), date(2023, 4, 6))
    assert result.light == "red"
    assert result.rendered("en") == ["overdue by 3 working days (due 2023-03-31)"]
    assert result.rendered("zh") == ["已逾期3个工作日（期限2023-03-31）"]
    one = light(running(progress=90, due=date(2023, 3, 31)), date(2023, 4, 3))
    assert one.rendered("en") == ["overdue by 1 working day (due 2023-03-31)"]


def test_past_due_on_the_holiday_right_after_the_deadline() -> None:
    result = light(running(progress=90, due=date(2023, 4, 28)), date(2023, 4, 29))
    assert (result.light, result.rendered("en")) == ("red", ["past the due date 2023-04-28"])


def test_no_due_date_is_green_with_its_progress() -> None:
    result = light(running(progress=30, due=None), date(2023, 5, 1))
    assert (result.light, result.rendered("en")) == ("green", ["no due date; reported 30%"])


# ---------------------------------------------------------------- lights: reports


def periods(*states: tuple[str, date, str | None, bool]) -> list[PeriodReport]:
    return [
        PeriodReport(p, due, status=s, filed_on=due if s else None, late=late)
        for p, due, s, late in states
    ]


APRIL = ("2023-04", date(2023, 4, 25))
MAY = ("2023-05", date(2023, 5, 25))


def test_one_missing_report_is_yellow_two_are_red() -> None:
    on = date(2023, 4, 28)
    one = light(running(progress=40, periods=periods((*APRIL, None, False))), on)
    assert (one.light, one.rendered("en")) == ("yellow", ["no report for 2023-04"])
    assert one.rendered("zh") == ["2023-04未报送进展"]
    on = date(2023, 5, 26)
    two = light(
        running(progress=60, periods=periods((*APRIL, None, False), (*MAY, None, False))), on
    )
    assert (two.light, two.rendered("en")) == (
        "red",
        ["no report for 2023-04", "no report for 2023-05"],
    )


def test_a_later_report_supersedes_a_missed_one() -> None:
    facts = running(progress=60, periods=periods((*APRIL, None, False), (*MAY, "submitted", False)))
    result = light(facts, date(2023, 5, 26))
    assert (result.light, result.rendered("en")) == (
        "green",
        ["on track: reported 60% with 67% of the time gone"],
    )


def test_late_and_returned_reports_are_yellow() -> None:
    late = PeriodReport("2023-04", date(2023, 4, 25), "accepted", date(2023, 4, 27), True)
    result = light(running(progress=45, periods=[late]), date(2023, 4, 28))
    assert (result.light, result.rendered("en")) == (
        "yellow",
        ["report for 2023-04 filed late on 2023-04-27 (due 2023-04-25)"],
    )
    returned = light(
        running(progress=45, periods=periods((*APRIL, "returned", False))), date(2023, 4, 28)
    )
    assert (returned.light, returned.rendered("en")) == (
        "yellow",
        ["report for 2023-04 returned, not filed again"],
    )


def test_reasons_are_listed_worst_first() -> None:
    facts = running(
        progress=20,
        due=date(2023, 5, 31),
        periods=periods((*APRIL, None, False)),
        open_instructions=[(date(2023, 4, 10), date(2023, 4, 25))],
    )
    result = light(facts, date(2023, 4, 28))
    assert result.light == "red"
    assert result.rendered("en") == [
        "reported 20% with 59% of the time gone",
        "no report for 2023-04",
        "leader's instruction of 2023-04-10 not answered",
    ]
    assert [r.code for r in result.reasons] == [
        "behind",
        "report_missing",
        "instruction_unanswered",
    ]


def test_an_instruction_counts_only_once_its_answer_is_due() -> None:
    facts = running(progress=40, open_instructions=[(date(2023, 4, 20), date(2023, 4, 25))])
    assert light(facts, date(2023, 4, 25)).light == "green"
    late = light(facts, date(2023, 4, 26))
    assert (late.light, late.rendered("zh")) == ("yellow", ["2023-04-20领导批示尚未回复"])


def test_reason_dicts_carry_code_params_and_both_languages() -> None:
    result = light(running(progress=40), date(2023, 4, 28))
    assert [r.as_dict() for r in result.reasons] == [
        {
            "code": "on_track",
            "severity": "green",
            "params": {"progress": 40, "elapsed": 42},
            "en": "on track: reported 40% with 42% of the time gone",
            "zh": "进度正常：已报进度40%，时间已过42%",
        }
    ]


def test_before_anything_is_reported_the_light_waits_for_the_first_report() -> None:
    unknown = running(progress=0, progress_known=False, first_report_due=date(2023, 4, 25))
    waiting = light(unknown, date(2023, 4, 20))
    assert (waiting.light, waiting.rendered("en")) == ("green", ["first report due on 2023-04-25"])
    assert waiting.rendered("zh") == ["首次进展报告应于2023-04-25前报送"]
    # Once the first report is overdue, its absence speaks (not a made-up 0%).
    missing = light(
        LightFacts(
            status="accepted",
            progress=0,
            start=START,
            due=DUE,
            progress_known=False,
            first_report_due=date(2023, 4, 25),
            periods=periods((*APRIL, None, False)),
        ),
        date(2023, 4, 26),
    )
    assert (missing.light, missing.rendered("en")) == ("yellow", ["no report for 2023-04"])
    silent = light(LightFacts(status="accepted", progress=0, progress_known=False), START)
    assert silent.rendered("en") == ["no progress reported yet"]


def test_the_due_day_itself() -> None:
    result = light(running(progress=95, due=date(2023, 4, 26)), date(2023, 4, 26))
    assert (result.light, result.rendered("en")) == ("yellow", ["due today (2023-04-26) at 95%"])
    assert result.rendered("zh") == ["今天（2023-04-26）到期，进度95%"]
    done = light(running(progress=100, due=date(2023, 4, 26)), date(2023, 4, 26))
    assert (done.light, done.rendered("en")) == (
        "green",
        ["on track: reported 100% with 100% of the time gone"],
    )
