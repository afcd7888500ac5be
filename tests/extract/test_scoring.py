"""The scorer on tiny hand-made gold, where every number can be checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from luoshi.extract import evaluate
from luoshi.extract.model import Deadline, Directive, Extraction, Source, Span, WorkLine
from luoshi.extract.scoring import format_report, score_document

TEXT = "Heading one. Alpha must go now. Beta must stop. Gamma is a fact. Delta should wait."
#       0           12               29             44               61              80


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _extraction(lines: list[tuple[str, str]], directives: list[tuple[str, str | None]]) -> (
        Extraction):
    work_lines = []
    for line_id, part in lines:
        start, end = _span(part)
        work_lines.append(WorkLine(line_id, part, start, end, None))
    found = []
    for number, (part, line) in enumerate(directives, start=1):
        start, end = _span(part)
        found.append(Directive(f"D{number}", line, start, end, part,
                               deadlines=[Deadline("now", *_span("now"), None, "asap")]
                               if "now" in part else [],
                               actors=[Span("Alpha", *_span("Alpha"))] if "Alpha" in part
                               else []))
    return Extraction(Source("en", None, "", len(TEXT), ""), work_lines, found)


GOLD = {
    "language": "en",
    "work_lines": [{"heading": "Heading one", "start": 0, "end": 11}],
    "directives": [
        {"start": _span("Alpha must go now.")[0], "end": _span("Alpha must go now.")[1],
         "work_line": 0},
        {"start": _span("Beta must stop.")[0], "end": _span("Beta must stop.")[1],
         "work_line": 0},
        {"start": _span("Delta should wait.")[0], "end": _span("Delta should wait.")[1],
         "work_line": None, "optional": True},
    ],
}


def test_perfect_prediction_scores_one() -> None:
    extraction = _extraction(
        [("W1", "Heading one")],
        [("Alpha must go now.", "W1"), ("Beta must stop.", "W1")],
    )
    score = score_document(TEXT, GOLD, extraction)
    assert score.directive_precision == score.directive_recall == 1.0
    assert score.work_line_f1 == 1.0
    assert score.grouping == 1.0


def test_half_coverage_counts_and_precision_counts_optional_spans() -> None:
    # "Alpha must" covers 10 of 18 characters of the first gold directive (found); "Gamma"
    # is outside every gold span (wrong); "Delta should wait." is an optional directive
    # (neither missed nor wrong); "Beta" covers 4 of 15 (missed).
    extraction = _extraction(
        [], [("Alpha must", None), ("Beta", None), ("Gamma is a fact.", None),
             ("Delta should wait.", None)],
    )
    score = score_document(TEXT, GOLD, extraction)
    assert score.directive_recall == 0.5  # Alpha found, Beta not (Delta is optional)
    assert score.directive_precision == 0.75  # Gamma is the only wrong prediction
    assert score.directive_f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    # no predicted work line: recall 0, grouping 0 of 1 found directive
    assert score.work_line_recall == 0.0
    assert score.grouping == 0.0


def test_work_line_matching_by_iou_or_words() -> None:
    gold = dict(GOLD, work_lines=[{"heading": "Heading one", "start": 0, "end": 11}])
    near = _extraction([("W1", "Heading one.")], [("Alpha must go now.", "W1")])
    assert score_document(TEXT, gold, near).work_line_f1 == 1.0
    wrong = _extraction([("W1", "Gamma is a fact")], [("Alpha must go now.", "W1")])
    score = score_document(TEXT, gold, wrong)
    assert (score.work_line_precision, score.work_line_recall) == (0.0, 0.0)
    assert score.grouping == 0.0


def test_optional_heading_counts_neither_way() -> None:
    gold = dict(GOLD, work_lines=[{"heading": "Heading one", "start": 0, "end": 11,
                                   "optional": True}])
    with_it = _extraction([("W1", "Heading one")], [("Alpha must go now.", "W1")])
    without = _extraction([], [("Alpha must go now.", None)])
    for extraction in (with_it, without):
        score = score_document(TEXT, gold, extraction)
        assert (score.counts.line_pred, score.counts.line_gold) == (0, 0)
        assert score.grouping is None  # only directives under required lines are grouped


def test_attribute_scores() -> None:
    attrs = {"directives": [
        {"index": 0, "actors": [{"text": "Alpha"}], "deadlines": [
            {"text": "now", "due": None, "kind": "asap"}], "targets": [], "programmes": []},
        {"index": 1, "actors": [{"text": "Beta"}], "deadlines": [], "targets": [],
         "programmes": []},
    ]}
    extraction = _extraction([("W1", "Heading one")],
                             [("Alpha must go now.", "W1"), ("Beta must stop.", "W1")])
    score = score_document(TEXT, GOLD, extraction, attrs)
    assert score.attribute("deadlines") == (1.0, 1.0, 1.0)
    assert score.attribute("actors")[:2] == (1.0, 0.5)  # Beta was not predicted


def test_attributes_of_an_optional_directive_left_out_count_neither_way() -> None:
    attrs = {"directives": [
        {"index": 0, "actors": [{"text": "Alpha"}], "deadlines": [], "targets": [],
         "programmes": []},
        {"index": 2, "actors": [{"text": "Delta"}], "deadlines": [], "targets": [],
         "programmes": []},
    ]}
    without = _extraction([("W1", "Heading one")], [("Alpha must go now.", "W1")])
    assert score_document(TEXT, GOLD, without, attrs).attribute("actors")[:2] == (1.0, 1.0)
    # predicted, it is scored like any other: here its actor was not found
    with_it = _extraction([("W1", "Heading one")],
                          [("Alpha must go now.", "W1"), ("Delta should wait.", None)])
    assert score_document(TEXT, GOLD, with_it, attrs).attribute("actors")[:2] == (1.0, 0.5)


def test_evaluate_reads_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "gold" / "en"
    folder.mkdir(parents=True)
    text = ("Council meeting\n\nThe meeting stressed that every district must repair its "
            "roads before the end of June. Output grew 5 percent.")
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    start = text.index("every district")
    end = text.index("June.") + 5
    gold = {"document": "doc.txt", "language": "en", "date": None, "work_lines": [],
            "directives": [{"start": start, "end": end, "work_line": None}]}
    (folder / "doc.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    evaluation = evaluate(tmp_path / "gold")
    assert [d.name for d in evaluation.documents] == ["doc"]
    assert evaluation.overall.directive_f1 == 1.0
    assert evaluation.by_language["en"].documents == 1
    assert "doc" in format_report(evaluation)
    assert evaluation.to_dict()["overall"]["directives"]["f1"] == 1.0


def test_the_report_gives_attributes_per_language_when_there_are_two(tmp_path: Path) -> None:
    texts = {
        "en": ("doc-en", "The meeting stressed that every district must repair its roads."),
        "zh": ("doc-zh", "会议强调，各区县要抓紧修复道路。"),
    }
    for lang, (name, text) in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        gold = {"language": lang, "work_lines": [],
                "directives": [{"start": 0, "end": len(text), "work_line": None}]}
        (tmp_path / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    report = format_report(evaluate(tmp_path))
    assert "attributes (en)" in report and "attributes (zh)" in report
    assert report.count("attributes (overall)") == 1


def _dated_gold(tmp_path: Path, date: str | None) -> Path:
    """A Chinese readout whose text gives no year; its annotation has the due date that
    the document date (as given in the annotation) resolves "上半年" to."""
    text = "会议要求，各区县要确保实现上半年目标任务。"
    start = text.index("各区县")
    period = text.index("上半年")
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    gold = {"document": "doc.txt", "language": "zh", "date": date, "work_lines": [],
            "directives": [{"start": start, "end": len(text), "work_line": None}]}
    attrs = {"document": "doc.txt", "date": date, "directives": [
        {"index": 0, "actors": [], "targets": [], "programmes": [],
         "deadlines": [{"start": period, "end": period + 3, "text": "上半年",
                        "due": "2024-06-30" if date and len(date) == 10 else None,
                        "kind": "half"}]}]}
    (tmp_path / "doc.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "doc.attrs.json").write_text(json.dumps(attrs), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("date", ["2024-04-29", "2024-04", "2024", None])
def test_evaluate_gives_the_extractor_the_annotated_document_date(
    tmp_path: Path, date: str | None
) -> None:
    # to the day: passed, as a clerk who knows the meeting's date gives it, so "上半年"
    # resolves; known to the month or year only (or not at all): not passed, and the gold
    # resolves nothing either
    evaluation = evaluate(_dated_gold(tmp_path, date))
    assert evaluation.overall.attribute("deadlines") == (1.0, 1.0, 1.0)


def test_document_date_reads_only_a_full_date() -> None:
    from datetime import date

    from luoshi.extract.scoring import document_date

    assert document_date({"date": "2024-04-29"}) == date(2024, 4, 29)
    assert document_date({"date": None}, {"date": "2023-05-04"}) == date(2023, 5, 4)
    assert document_date({"date": "2026-03"}) is None
    assert document_date({"date": "2025"}) is None
    assert document_date({"date": "2024-02-30"}) is None
    assert document_date({}) is None
