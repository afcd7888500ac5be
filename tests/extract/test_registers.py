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


# ---- English: agenda items in the passive --------------------------------------------------


def test_passive_agenda_items_title_what_the_meeting_then_asks() -> None:
    text = (
        "Open Government\n"
        "Provincial executive meeting on river management\n\n"
        "At the meeting, the Regulations on River Chiefs was approved, which sets out the "
        "duties of county river chiefs. It was stressed in the meeting that all counties "
        "should publish the names of their river chiefs within a month.\n\n"
        "During the meeting, a draft law on flood insurance was discussed and approved in "
        "principle. It will be submitted to the provincial people's congress for review.\n\n"
        "A revised plan for wetland parks was also deliberated and approved at the meeting, "
        "which noted that it is necessary to protect migratory birds in the wetlands.\n\n"
        "Attendees of the meeting were briefed on the water quality of the main rivers in "
        "the first half of the year. All relevant departments should step up inspections of "
        "sewage outlets.\n"
    )
    assert grouped(text) == [
        ("the Regulations on River Chiefs",
         "all counties should publish the names of their river chiefs within a month."),
        ("a draft law on flood insurance",
         "It will be submitted to the provincial people's congress for review."),
        ("A revised plan for wetland parks",
         "it is necessary to protect migratory birds in the wetlands."),
        ("the water quality of the main rivers in the first half of the year",
         "All relevant departments should step up inspections of sewage outlets."),
    ]


def test_an_approval_with_nothing_asked_after_it_titles_nothing() -> None:
    text = (
        "Provincial executive meeting\n\n"
        "During the meeting, a draft law on flood insurance was discussed and approved in "
        "principle.\n\n"
        "Twelve model workers were commended.\n"
    )
    assert headings(text) == []
    assert directive_texts(text) == []
