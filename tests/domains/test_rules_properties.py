"""Properties of the pure rules: the task status machine, the lights, the ladder."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domains.progress.rules import (
    LIGHTS,
    LightFacts,
    LightThresholds,
    PeriodReport,
    compute_light,
)
from luoshi.domains.supervision.rules import Ladder, step_for
from luoshi.domains.tasks.rules import (
    STATUSES,
    TRANSITIONS,
    allowed_transitions,
    next_status,
)
from luoshi.errors import InvalidTransition
from luoshi.kernel.calendar import WorkingCalendar

BOUNDED = settings(max_examples=200, deadline=None)
CALENDAR = WorkingCalendar()
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


# -- the status machine --------------------------------------------------------------


def _walk(choices: list[int]) -> list[tuple[str, str, str]]:
    """Fire allowed transitions from draft, each chosen by an index; resume returns to
    the status suspended from, as the service does."""
    status, suspended_from = "draft", None
    steps = []
    for choice in choices:
        allowed = allowed_transitions(status)
        if not allowed:
            break
        transition = allowed[choice % len(allowed)]
        after = next_status(status, transition, suspended_from)
        if transition == "suspend":
            suspended_from = status
        steps.append((status, transition, after))
        status = after
    return steps


@BOUNDED
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=40))
def test_any_sequence_of_allowed_transitions_keeps_the_invariants(choices: list[int]) -> None:
    for before, transition, after in _walk(choices):
        assert after in STATUSES
        allowed_from, target = TRANSITIONS[transition]
        assert before in allowed_from
        if transition == "resume":
            # back to where it was suspended from, never to a new status
            assert after in TRANSITIONS["suspend"][0]
        else:
            assert after == target
        assert after != "draft"  # nothing leads back to draft
        if before == "closed":
            pytest.fail("closed is final")
    steps = _walk(choices)
    if steps and steps[-1][2] == "closed":
        assert allowed_transitions("closed") == []


@BOUNDED
@given(status=st.sampled_from(STATUSES), transition=st.sampled_from(sorted(TRANSITIONS)))
def test_a_disallowed_transition_raises_and_an_allowed_one_does_not(
    status: str, transition: str
) -> None:
    if transition in allowed_transitions(status):
        assert next_status(status, transition, "accepted") in STATUSES
    else:
        with pytest.raises(InvalidTransition):
            next_status(status, transition)


@BOUNDED
@given(status=st.sampled_from(STATUSES), name=st.text(max_size=20))
def test_an_unknown_transition_raises(status: str, name: str) -> None:
    if name in TRANSITIONS:
        return
    with pytest.raises(InvalidTransition):
        next_status(status, name)


# -- the lights ----------------------------------------------------------------------

thresholds = st.builds(
    LightThresholds,
    yellow_lag=st.floats(0.05, 0.4),
    red_lag=st.floats(0.41, 0.9),
    due_soon_working_days=st.integers(0, 10),
    missing_reports_red=st.integers(1, 4),
)
period_reports = st.lists(
    st.builds(
        PeriodReport,
        period=st.sampled_from(["2023-01", "2023-02", "2023-03", "2023-04"]),
        due=days,
        status=st.sampled_from([None, "submitted", "accepted", "returned"]),
        late=st.booleans(),
    ),
    max_size=5,
)
facts = st.builds(
    LightFacts,
    status=st.sampled_from(STATUSES),
    progress=st.integers(0, 100),
    start=st.none() | days,
    due=st.none() | days,
    periods=period_reports,
    open_instructions=st.lists(st.tuples(days, days), max_size=3),
    progress_known=st.booleans(),
)


@BOUNDED
@given(f=facts, on=days, t=thresholds)
def test_every_light_has_reasons_of_its_own_colour(
    f: LightFacts, on: date, t: LightThresholds
) -> None:
    light = compute_light(f, on=on, calendar=CALENDAR, thresholds=t)
    assert light.light in LIGHTS
    assert light.reasons, "a light always says why"
    if light.light in ("yellow", "red"):
        # the light is the worst of its reasons, and every reason shown is a problem
        assert {r.severity for r in light.reasons} <= {"yellow", "red"}
        assert max(light.reasons, key=lambda r: r.severity == "red").severity == light.light
    for reason in light.reasons:
        assert reason.render("en") and reason.render("zh")


@BOUNDED
@given(f=facts, on=days, t=thresholds)
def test_a_task_not_running_is_never_green_yellow_or_red(
    f: LightFacts, on: date, t: LightThresholds
) -> None:
    light = compute_light(f, on=on, calendar=CALENDAR, thresholds=t).light
    if f.status in ("completed", "verified", "closed"):
        assert light == "completed"
    elif f.status in ("draft", "returned", "suspended", "assigned"):
        assert light == "not_started"


@BOUNDED
@given(f=facts, on=days, t=thresholds, lower=st.integers(0, 100))
def test_more_progress_never_makes_a_light_worse(
    f: LightFacts, on: date, t: LightThresholds, lower: int
) -> None:
    severity = {"green": 0, "yellow": 1, "red": 2}
    low = LightFacts(**{**f.__dict__, "status": "in_progress", "progress": min(lower, f.progress)})
    high = LightFacts(**{**f.__dict__, "status": "in_progress", "progress": max(lower, f.progress)})
    a = compute_light(low, on=on, calendar=CALENDAR, thresholds=t).light
    b = compute_light(high, on=on, calendar=CALENDAR, thresholds=t).light
    if a in severity and b in severity:
        assert severity[b] <= severity[a]


@BOUNDED
@given(due=days, on=days, later=st.integers(1, 60))
def test_the_ladder_only_climbs_as_days_pass(due: date, on: date, later: int) -> None:
    order = [None, "remind", "urge", "notice_yellow", "notice_red"]
    ladder = Ladder()
    first = step_for(due, on, calendar=CALENDAR, ladder=ladder)
    after = step_for(due, CALENDAR.add_working_days(on, later), calendar=CALENDAR, ladder=ladder)
    if on > due:  # past the deadline the step never goes down
        assert order.index(after and after.step) >= order.index(first and first.step)
