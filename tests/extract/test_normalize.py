"""Normalization keeps a map back to the original offsets; glued words come apart."""

from __future__ import annotations

import pytest

from luoshi.extract import lexicon
from luoshi.extract.normalize import normalize


def _words_at_glue(text: str) -> list[str]:
    norm = normalize(text, "en")
    return [norm.text[max(0, g - 12):g + 12] for g in sorted(norm.glue)]


@pytest.mark.parametrize(
    ("glued", "left", "right"),
    [
        ("investmentfocusing", "investment", "focusing"),
        ("productiondo", "production", "do"),
        ("updeepen", "up", "deepen"),
        ("economystudy", "economy", "study"),
        ("employmentimplement", "employment", "implement"),
        ("transportationstrengthen", "transportation", "strengthen"),
    ],
)
def test_split_glued_words(glued: str, left: str, right: str) -> None:
    assert lexicon.split_glued(glued) == len(left)
    norm = normalize(f"Do a good job in {glued} now.", "en")
    assert f"{left} {right}" in norm.text


@pytest.mark.parametrize(
    "word", ["investment", "modernizations", "decentralization", "industrialization",
             "understanding", "livelihood"],
)
def test_real_words_are_not_split(word: str) -> None:
    assert lexicon.split_glued(word) is None
    assert not normalize(f"the {word} of the province", "en").glue


def test_camel_and_punctuation_glue() -> None:
    text = "The meeting pointed out thatDo a good job. significance.to deeply understandThe"
    norm = normalize(text, "en")
    assert "that Do" in norm.text
    assert "significance. to" in norm.text
    assert "understand The" in norm.text
    # names, decimals and web addresses keep their shape
    kept = normalize("McDonald iPhone 3.5 percent www.gov.cn e.g. this", "en")
    assert not kept.glue


def test_offsets_map_back_to_the_original() -> None:
    text = "Do a good job in project investmentfocusing on “key” projects，now\u200bhere."
    norm = normalize(text, "en")
    assert norm.text != text
    for pos, char in enumerate(norm.text):
        if pos in norm.glue:
            continue
        original = text[norm.to_original(pos)]
        assert char == original or (char, original) in {(",", "，")}
    start = norm.text.index("focusing")
    o_start, o_end = norm.span_to_original(start, start + len("focusing"))
    assert text[o_start:o_end] == "focusing"
    start = norm.text.index("here")
    o_start, o_end = norm.span_to_original(start, start + 4)
    assert text[o_start:o_end] == "here"


def test_full_width_forms_and_spaces() -> None:
    text = "\u3000\u3000（一）会议强调：要抓好１２项工作；尽快落实！"
    norm = normalize(text, "zh")
    assert norm.text == "  (一)会议强调:要抓好12项工作;尽快落实!"
    assert len(norm.text) == len(text)  # one for one: offsets are unchanged
    assert not normalize("中文里没有粘连的英文单词investmentfocusing", "zh").glue


def test_curly_apostrophes_become_straight_double_quotes_stay() -> None:
    norm = normalize("people’s “Three Products”", "en")
    assert norm.text == "people's “Three Products”"
