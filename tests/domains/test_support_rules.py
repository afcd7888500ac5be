"""The support item's rules without a database: its status machine, landings, its light."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from luoshi.domains.support import rules
from luoshi.errors import InvalidInput, InvalidTransition

ON = date(2023, 6, 1)


def light(**kw: object) -> tuple[str, list[str]]:
    result = rules.light_of(rules.ItemState(**kw), on=ON, follow_up_days=90, due_soon_days=15)  # type: ignore[arg-type]
    return result.color, result.rendered("en")


def test_the_machine_goes_asked_agreed_landed_or_dropped_and_nowhere_else() -> None:
    assert rules.next_status("asked", "agree") == "agreed"
    assert rules.next_status("agreed", "land") == "landed"
    assert rules.next_status("asked", "drop") == "dropped"
    assert rules.next_status("agreed", "drop") == "dropped"
    for status, transition in (
        ("asked", "land"),
        ("landed", "drop"),
        ("dropped", "agree"),
        ("landed", "agree"),
    ):
        with pytest.raises(InvalidTransition):
            rules.next_status(status, transition)
    with pytest.raises(InvalidInput):
        rules.next_status("asked", "approve")
    assert rules.allowed_transitions("asked") == ["agree", "drop"]
    assert rules.allowed_transitions("landed") == []


@pytest.mark.parametrize(
    ("landing", "message"),
    [
        (rules.Landing("fund"), "amount"),
        (rules.Landing("fund", fund_amount=Decimal("0")), "amount"),
        (rules.Landing("policy"), "document"),
        (rules.Landing("project", project_name="  "), "name"),
        (rules.Landing("loan"), "landed_as"),
    ],
)
def test_a_landing_without_its_detail_is_refused(landing: rules.Landing, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        rules.check_landing(landing)


def test_a_landing_with_its_detail_passes_and_a_drop_needs_a_reason() -> None:
    rules.check_landing(rules.Landing("fund", fund_amount=Decimal("5000")))
    rules.check_landing(rules.Landing("policy", policy_document="关于支持……的复函"))
    rules.check_landing(rules.Landing("project", project_name="成渝中线高铁"))
    with pytest.raises(InvalidInput, match="reason"):
        rules.check_drop(" ")


def test_an_ask_turns_yellow_once_it_has_waited_longer_than_the_follow_up_days() -> None:
    assert light(status="asked", asked_on=date(2023, 4, 1))[0] == "green"
    color, reasons = light(status="asked", asked_on=date(2023, 2, 1))
    assert color == "yellow"
    assert reasons == ["asked 120 days ago and not yet agreed"]


def test_an_agreed_item_is_green_then_yellow_near_its_date_then_red_after_it() -> None:
    assert light(status="agreed", expected_on=date(2023, 7, 1))[0] == "green"
    assert light(status="agreed", expected_on=date(2023, 6, 10)) == (
        "yellow",
        ["agreed; expected to land by 2023-06-10 (9 days left)"],
    )
    assert light(status="agreed", expected_on=date(2023, 5, 20)) == (
        "red",
        ["expected to land by 2023-05-20: 12 days late"],
    )
    assert light(status="agreed")[0] == "yellow"


def test_closed_items_are_completed_and_say_how() -> None:
    color, reasons = light(status="landed", landed_as="fund", landed_on=date(2023, 5, 2))
    assert color == "completed"
    assert reasons == ["landed as fund on 2023-05-02"]
    zh = rules.light_of(
        rules.ItemState(status="dropped", dropped_on=date(2023, 5, 3), drop_reason="政策调整"),
        on=ON,
        follow_up_days=90,
        due_soon_days=15,
    ).rendered("zh")
    assert zh == ["已于2023-05-03放弃：政策调整"]
