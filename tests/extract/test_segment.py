"""Paragraphs, sentences and clauses in both languages."""

from __future__ import annotations

from luoshi.extract.normalize import normalize
from luoshi.extract.segment import clause_end, paragraphs, sentences


def _sentences(text: str, lang: str) -> list[str]:
    norm = normalize(text, lang)
    return [norm.text[s.start:s.end] for s in sentences(norm.text, lang, norm.glue)]


def test_paragraphs_are_lines() -> None:
    text = "First line.\n\n  Second line.  \r\nThird."
    assert [text[s:e] for s, e in paragraphs(text)] == ["First line.", "Second line.", "Third."]


def test_english_sentences_keep_abbreviations_and_decimals() -> None:
    assert _sentences(
        "Mr. Wang spoke. GDP grew 5.5 percent in the U.S. economy. No. 1 Document is out! Why?",
        "en",
    ) == ["Mr. Wang spoke.", "GDP grew 5.5 percent in the U.S. economy.",
          "No. 1 Document is out!", "Why?"]


def test_english_glued_full_stop_ends_a_sentence() -> None:
    assert _sentences("of great significance.to deeply understand the spirit.", "en") == [
        "of great significance.", "to deeply understand the spirit."]


def test_lower_case_after_a_full_stop_starts_a_sentence_unless_abbreviated() -> None:
    assert _sentences("of great significance. to deeply understand the spirit.", "en") == [
        "of great significance.", "to deeply understand the spirit."]
    assert _sentences("cities, towns etc. and villages e.g. the one here.", "en") == [
        "cities, towns etc. and villages e.g. the one here."]


def test_a_full_stop_before_a_stray_comma_ends_the_sentence() -> None:
    # a machine translation kept both the full stop and the comma of "。，": what follows
    # the comma (here a factual result) is not part of the sentence that asked for work
    text = ("We will work hard to keep the recovery going. , showing new momentum and "
            "achieving a good start in the first quarter. Co. , Ltd. stays one name.")
    assert _sentences(text, "en") == [
        "We will work hard to keep the recovery going.",
        ", showing new momentum and achieving a good start in the first quarter.",
        "Co. , Ltd. stays one name."]


def test_a_factual_clause_after_a_stray_comma_gives_no_deadline() -> None:
    from luoshi.extract import extract

    text = ("Provincial meeting on the economy\n"
            "We will work hard to keep the recovery of the county economy going. , showing "
            "new momentum and achieving a good start in the first quarter.")
    result = extract(text, lang="en")
    assert [d.text for d in result.directives] == [
        "We will work hard to keep the recovery of the county economy going."]
    assert result.directives[0].deadlines == []


def test_chinese_sentences_take_closing_quotes() -> None:
    # (the sentences are spans of the normalized text: ASCII commas and marks)
    assert _sentences("会议强调，要抓好“双过半”。要确保“稳”！进展如何？好", "zh") == [
        "会议强调,要抓好“双过半”。", "要确保“稳”!", "进展如何?", "好"]


def test_semicolons_do_not_end_sentences() -> None:
    assert _sentences("一要抓投资；二要促消费。", "zh") == ["一要抓投资;二要促消费。"]


def test_clause_end_skips_a_comma_right_after_the_marker() -> None:
    text = normalize("第一，要全力冲刺年度投资目标，确保完成。", "zh").text
    assert text[:clause_end(text, 3, len(text))] == "第一,要全力冲刺年度投资目标"
    assert text[:clause_end(text, 2, len(text), skip_leading=False)] == "第一"
