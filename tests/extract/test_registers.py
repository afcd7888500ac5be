"""The registers of real readouts (issue #9): directives without "must", agenda items,
headlines without a "Do a good job in" frame, division-plan items with their lead units.
Every text here is written for these tests."""

from __future__ import annotations

from .conftest import directive_texts, grouped, headings

# ---- English: intent without a modal -------------------------------------------------------


def test_future_statements_of_intent_are_directives() -> None:
    text = (
        "Cabinet meeting on rural roads\n\n"
        "The country will keep upgrading rural roads and extend bus services to remote "
        "villages, according to a cabinet meeting on Tuesday.\n\n"
        "Road maintenance funds will be allocated to counties with the longest networks.\n\n"
        "Meanwhile, new repair teams will be trained by pairing young workers with veterans.\n\n"
        "The province is going to rebuild 120 bridges this year.\n\n"
        "The county aims to connect every village with a paved road by 2027.\n\n"
        "The goal is to cut travel time to the county seat to one hour.\n\n"
        "Efforts will be made to keep the roads safe in the rainy season.\n"
    )
    found = directive_texts(text)
    assert len(found) == 7
    assert found[0].startswith("The country will keep upgrading rural roads")
    assert found[-1].startswith("Efforts will be made")


def test_forecasts_and_consequences_with_will_are_not_directives() -> None:
    text = (
        "Cabinet meeting on rural roads\n\n"
        "This plan will help farmers reach markets faster.\n\n"
        "About 40,000 households will be involved in the programme.\n\n"
        "The next session will be held in June.\n\n"
        "It was pointed out at the meeting that rural roads are crucial to people's "
        "livelihood.\n"
    )
    assert directive_texts(text) == []


def test_passive_obligation_and_a_titled_speaker_stressing_a_noun_phrase() -> None:
    text = (
        "Cabinet meeting on water supply\n\n"
        "Close attention should be paid to the water quality of small reservoirs.\n\n"
        "The premier also stressed careful use of the drought relief fund and training for "
        "pump operators.\n"
    )
    assert directive_texts(text) == [
        "Close attention should be paid to the water quality of small reservoirs.",
        "careful use of the drought relief fund and training for pump operators.",
    ]


def test_a_request_after_stated_facts_starts_at_the_turn() -> None:
    text = (
        "City meeting on the economy\n\n"
        "Since the spring, retail sales have recovered steadily, but we should stay alert "
        "to the weak demand for housing.\n"
    )
    assert directive_texts(text) == ["we should stay alert to the weak demand for housing."]


def test_a_report_lead_in_after_a_date_is_kept_out_of_the_directive() -> None:
    text = (
        "Harbour news\n\n"
        "On May 4, it was reported from the meeting on harbour dredging that the city is "
        "going to dredge three berths before the typhoon season.\n"
    )
    assert directive_texts(text) == [
        "the city is going to dredge three berths before the typhoon season."]
