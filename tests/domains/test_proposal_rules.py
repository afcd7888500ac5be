"""The proposal state machine, deadlines, light and statistics: pure, no database."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.domains.proposals import rules
from luoshi.errors import InvalidTransition
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.pace import Light

CAL = WorkingCalendar()


def test_the_happy_path_runs_from_registration_to_close() -> None:
    state = "registered"
    for transition, facts, expected in (
        ("assign", {}, "assigned"),
        ("accept", {}, "accepted"),
        ("draft", {}, "replying"),
        ("submit", {"has_co_units": True}, "countersigning"),
        ("countersign", {"all_signed": False}, "countersigning"),
        ("countersign", {"all_signed": True}, "countersigned"),
        ("send", {}, "replied"),
        ("rate", {"satisfaction": "basically"}, "rated"),
        ("close", {}, "closed"),
    ):
        state = rules.next_state(state, transition, **facts)  # type: ignore[arg-type]
        assert state == expected


def test_without_co_units_a_submitted_reply_needs_no_countersigning() -> None:
    assert rules.next_state("replying", "submit", has_co_units=False) == "countersigned"


def test_unsatisfied_sends_it_back_for_another_round() -> None:
    assert rules.next_state("replied", "rate", satisfaction="unsatisfied") == "rehandling"
    assert rules.next_state("rehandling", "draft") == "replying"


def test_an_objection_sends_the_draft_back_to_the_lead() -> None:
    assert rules.next_state("countersigning", "object") == "replying"


@pytest.mark.parametrize(
    ("state", "transition"),
    [
        ("registered", "accept"),
        ("accepted", "return"),
        ("replying", "send"),  # not before countersigning
        ("countersigning", "send"),
        ("closed", "draft"),
        ("split", "assign"),
        ("replied", "close_all"),
    ],
)
def test_refused_transitions(state: str, transition: str) -> None:
    with pytest.raises(InvalidTransition):
        rules.next_state(state, transition)


def test_a_rating_needs_a_known_satisfaction() -> None:
    with pytest.raises(InvalidTransition):
        rules.next_state("replied", "rate", satisfaction="meh")


def test_every_state_is_reachable_and_documented_transitions_name_known_states() -> None:
    targets = {t for _, t in rules.TRANSITIONS.values() if t}
    targets |= {"countersigning", "countersigned", "rated", "rehandling"}
    assert targets | {"registered"} == set(rules.STATES)
    for allowed, _ in rules.TRANSITIONS.values():
        assert allowed <= set(rules.STATES)
    assert (
        set(rules.TRANSITIONS)
        == rules.OFFICE_TRANSITIONS | rules.LEAD_TRANSITIONS | rules.CO_UNIT_TRANSITIONS
    )


def test_months_are_added_to_the_day_or_the_month_end() -> None:
    assert rules.reply_due(date(2023, 3, 10), months=3) == date(2023, 6, 10)
    assert rules.add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert rules.add_months(date(2023, 12, 31), 1) == date(2024, 1, 31)


def test_the_return_window_counts_working_days() -> None:
    # From Wednesday 2023-09-27, over the National Day holiday (09-29 to 10-06): 09-28,
    # the make-up working days 10-07 and 10-08, then 10-09 and 10-10.
    end = rules.return_window_end(date(2023, 9, 27), days=5, calendar=CAL)
    assert end == date(2023, 10, 10)
    assert rules.return_window_end(date(2023, 3, 6), days=5, calendar=CAL) == date(2023, 3, 13)


def test_commitments_without_a_date_run_to_the_end_of_this_or_next_year() -> None:
    assert rules.commitment_due("B", date(2023, 5, 4)) == date(2023, 12, 31)
    assert rules.commitment_due("C", date(2023, 5, 4)) == date(2024, 12, 31)


def _light(
    state: str, on: date, *, due: date | None = date(2023, 6, 10), sent: date | None = None
) -> Light:
    return rules.proposal_light(
        state=state, reply_due=due, sent_on=sent, on=on, calendar=CAL, due_soon_working_days=10
    )


def test_light_against_the_reply_deadline() -> None:
    assert _light("accepted", date(2023, 4, 1)).color == "green"
    soon = _light("replying", date(2023, 6, 1))
    assert soon.color == "yellow"
    assert soon.reasons[0].code == "proposal_reply_due_soon"
    late = _light("countersigning", date(2023, 6, 20))
    assert late.color == "red"
    assert late.reasons[0].params == {"days": 10, "due": "2023-06-10"}
    assert "10 days" in late.rendered("en")[0]
    assert "逾期 10 天" in late.rendered("zh")[0]


def test_light_of_answered_unassigned_returned_and_split_proposals() -> None:
    done = _light("replied", date(2023, 7, 1), sent=date(2023, 6, 1))
    assert (done.color, done.reasons[0].code) == ("completed", "proposal_answered")
    late = _light("closed", date(2023, 7, 1), sent=date(2023, 6, 12))
    assert late.reasons[0].code == "proposal_answered_late"
    assert _light("registered", date(2023, 4, 1), due=None).color == "not_started"
    assert _light("returned", date(2023, 4, 1)).color == "yellow"
    assert _light("split", date(2023, 4, 1)).color == "not_started"


def _fact(**kw: object) -> rules.Fact:
    base: dict[str, object] = {
        "kind": "suggestion",
        "unit": "p.fgw",
        "state": "closed",
        "first_due": date(2023, 6, 10),
        "first_sent": date(2023, 6, 1),
        "outcome": "A",
        "satisfaction": "satisfied",
    }
    base.update(kw)
    return rules.Fact(**base)  # type: ignore[arg-type]


def test_statistics_on_time_rate_class_shares_and_satisfaction() -> None:
    facts = [
        _fact(),
        _fact(outcome="B", first_sent=date(2023, 6, 20), satisfaction="basically"),
        _fact(state="accepted", first_sent=None, outcome=None, satisfaction=None),  # overdue
        _fact(
            state="accepted",
            first_due=date(2023, 9, 1),
            first_sent=None,
            outcome=None,
            satisfaction=None,
        ),  # not yet due: not counted
        _fact(state="split", unit=None),  # its parts count, not it
        _fact(unit="p.swt", outcome="D", satisfaction="unsatisfied", state="rehandling"),
    ]
    s = rules.stats(facts, on=date(2023, 7, 1))
    assert (s.total, s.answered, s.due, s.on_time) == (5, 3, 4, 2)
    assert s.on_time_rate == 0.5
    assert s.outcomes == {"A": 1, "B": 1, "C": 0, "D": 1}
    assert s.outcome_shares["A"] == pytest.approx(1 / 3, abs=1e-4)
    assert s.satisfaction == {"satisfied": 1, "basically": 1, "unsatisfied": 1}
    by_unit = rules.stats_by_unit(facts, on=date(2023, 7, 1))
    assert list(by_unit) == ["p.fgw", "p.swt"]
    assert by_unit["p.swt"].on_time_rate == 1.0


def test_statistics_of_nothing_have_no_rate() -> None:
    s = rules.stats([], on=date(2023, 7, 1))
    assert s.on_time_rate is None
    assert s.outcome_shares == {"A": 0.0, "B": 0.0, "C": 0.0, "D": 0.0}
