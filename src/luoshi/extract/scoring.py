"""Score an extractor against hand annotations, exactly as corpus/ANNOTATION.md "Scores"
defines, plus per-type attribute scores ("Attributes").

- directive recall: required gold directives at least half of whose characters are covered
  by predicted directive spans; precision: predicted directives at least half of whose
  characters lie in gold spans (optional directives and optional headings included);
- work lines: a predicted heading matches a gold heading when the spans overlap with
  IoU ≥ 0.5 or their word sets (characters, for Chinese) reach F1 ≥ 0.75; matching is
  one to one; predicted headings matching only an optional gold heading count neither way;
- grouping: of found gold directives under a required work line, the share whose
  best-overlapping predicted directive carries a predicted work line matching that line.

Documents are combined by summing counts (micro-average), overall and per language.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luoshi.extract.model import Extraction
from luoshi.extract.pipeline import extract

ATTRIBUTE_TYPES = ("actors", "deadlines", "targets", "programmes")
Extractor = Callable[[str], Extraction]


@dataclass
class Counts:
    """Numerators and denominators; ratios are None when nothing was there to count."""

    directive_hit_pred: int = 0
    directive_pred: int = 0
    directive_hit_gold: int = 0
    directive_gold: int = 0
    line_hit_pred: int = 0
    line_pred: int = 0
    line_hit_gold: int = 0
    line_gold: int = 0
    grouped_right: int = 0
    grouped: int = 0
    attributes: dict[str, list[int]] = field(
        default_factory=lambda: {t: [0, 0, 0] for t in ATTRIBUTE_TYPES}  # tp, pred, gold
    )

    def add(self, other: Counts) -> None:
        for name in ("directive_hit_pred", "directive_pred", "directive_hit_gold",
                     "directive_gold", "line_hit_pred", "line_pred", "line_hit_gold",
                     "line_gold", "grouped_right", "grouped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind in ATTRIBUTE_TYPES:
            for i in range(3):
                self.attributes[kind][i] += other.attributes[kind][i]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Score:
    """Scores of one document or of a set of documents."""

    name: str
    documents: int
    counts: Counts

    # An empty denominator counts as perfect: nothing to find is found, nothing predicted
    # is wrong; the other side of F1 still tells if something was missed or invented.
    @property
    def directive_precision(self) -> float:
        return _ratio(self.counts.directive_hit_pred, self.counts.directive_pred)

    @property
    def directive_recall(self) -> float:
        return _ratio(self.counts.directive_hit_gold, self.counts.directive_gold)

    @property
    def directive_f1(self) -> float:
        return _f1(self.directive_precision, self.directive_recall)

    @property
    def work_line_precision(self) -> float:
        return _ratio(self.counts.line_hit_pred, self.counts.line_pred)

    @property
    def work_line_recall(self) -> float:
        return _ratio(self.counts.line_hit_gold, self.counts.line_gold)

    @property
    def work_line_f1(self) -> float:
        return _f1(self.work_line_precision, self.work_line_recall)

    @property
    def grouping(self) -> float | None:
        """None when no found gold directive belongs to a required work line."""
        if not self.counts.grouped:
            return None
        return self.counts.grouped_right / self.counts.grouped

    def attribute(self, kind: str) -> tuple[float, float, float]:
        """Precision, recall and F1 of one attribute type."""
        tp, pred, gold = self.counts.attributes[kind]
        precision, recall = _ratio(tp, pred), _ratio(tp, gold)
        return precision, recall, _f1(precision, recall)

    def to_dict(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "name": self.name,
            "documents": self.documents,
            "directives": {"precision": r(self.directive_precision),
                           "recall": r(self.directive_recall), "f1": r(self.directive_f1),
                           "predicted": self.counts.directive_pred,
                           "gold_required": self.counts.directive_gold},
            "work_lines": {"precision": r(self.work_line_precision),
                           "recall": r(self.work_line_recall), "f1": r(self.work_line_f1),
                           "predicted": self.counts.line_pred,
                           "gold_required": self.counts.line_gold},
            "grouping": r(self.grouping),
            "attributes": {
                kind: dict(zip(("precision", "recall", "f1"),
                               (r(v) for v in self.attribute(kind)), strict=True))
                for kind in ATTRIBUTE_TYPES
            },
        }


@dataclass(frozen=True)
class Evaluation:
    documents: list[Score]
    overall: Score
    by_language: dict[str, Score]

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_dict(),
            "by_language": {k: v.to_dict() for k, v in sorted(self.by_language.items())},
            "documents": [d.to_dict() for d in self.documents],
        }


# ---- spans ---------------------------------------------------------------------------


def span_union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans merged where they overlap or touch, sorted; empty spans left out."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _covered(span: tuple[int, int], union: Sequence[tuple[int, int]]) -> int:
    start, end = span
    return sum(max(0, min(end, u_end) - max(start, u_start)) for u_start, u_end in union
               if u_start < end and u_end > start)


def half_covered(span: tuple[int, int], union: Sequence[tuple[int, int]]) -> bool:
    """At least half of ``span`` lies in ``union``: how a directive counts as found (and
    how the classifier's training labels a clause)."""
    return 2 * _covered(span, union) >= span[1] - span[0]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = _overlap(a, b)
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def _tokens(text: str, lang: str) -> set[str]:
    if lang == "zh":
        return {c for c in text if c.isalnum()}
    return {w.lower() for w in _WORD.findall(text)}


def _set_f1(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def headings_match(text: str, a: tuple[int, int], b: tuple[int, int], lang: str) -> bool:
    """ANNOTATION.md: IoU ≥ 0.5, or word (character, for Chinese) set F1 ≥ 0.75."""
    if _iou(a, b) >= 0.5:
        return True
    return _set_f1(_tokens(text[a[0]:a[1]], lang), _tokens(text[b[0]:b[1]], lang)) >= 0.75


# ---- one document --------------------------------------------------------------------


def score_document(
    text: str,
    gold: dict[str, Any],
    extraction: Extraction,
    attrs: dict[str, Any] | None = None,
    name: str = "",
) -> Score:
    """Score one extraction of ``text`` against its gold annotation (and attributes)."""
    lang = gold.get("language") or extraction.source.language
    counts = Counts()
    gold_dirs = gold.get("directives", [])
    gold_lines = gold.get("work_lines", [])
    pred_spans = [(d.start, d.end) for d in extraction.directives]

    # Directives.
    required = [(g["start"], g["end"]) for g in gold_dirs if not g.get("optional")]
    gold_union = span_union([(g["start"], g["end"]) for g in gold_dirs]
                        + [(w["start"], w["end"]) for w in gold_lines if w.get("optional")])
    pred_union = span_union(pred_spans)
    found = [half_covered(g, pred_union) for g in required]
    counts.directive_gold = len(required)
    counts.directive_hit_gold = sum(found)
    counts.directive_pred = len(pred_spans)
    counts.directive_hit_pred = sum(half_covered(p, gold_union) for p in pred_spans)

    # Work lines: one-to-one, best matches first.
    pred_lines = [(w.start, w.end) for w in extraction.work_lines]
    pairs = []
    for gi, g in enumerate(gold_lines):
        for pi, p in enumerate(pred_lines):
            if headings_match(text, p, (g["start"], g["end"]), lang):
                pairs.append((_iou(p, (g["start"], g["end"])), gi, pi))
    assigned_gold: dict[int, int] = {}
    assigned_pred: dict[int, int] = {}
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in assigned_gold and pi not in assigned_pred:
            assigned_gold[gi], assigned_pred[pi] = pi, gi
    optional_only = sum(
        1 for pi in range(len(pred_lines))
        if pi in assigned_pred and gold_lines[assigned_pred[pi]].get("optional")
    )
    counts.line_pred = len(pred_lines) - optional_only
    counts.line_hit_pred = sum(1 for pi, gi in assigned_pred.items()
                               if not gold_lines[gi].get("optional"))
    counts.line_gold = sum(1 for w in gold_lines if not w.get("optional"))
    counts.line_hit_gold = counts.line_hit_pred

    # Grouping.
    pred_line_index = {w.id: i for i, w in enumerate(extraction.work_lines)}
    required_dirs = [g for g in gold_dirs if not g.get("optional")]
    for g, was_found in zip(required_dirs, found, strict=True):
        index = g.get("work_line")
        if not was_found or index is None or gold_lines[index].get("optional"):
            continue
        counts.grouped += 1
        best = _best_overlap((g["start"], g["end"]), pred_spans)
        if best is None:
            continue
        line_id = extraction.directives[best].work_line
        if line_id is None:
            continue
        g_line = gold_lines[index]
        p_line = pred_lines[pred_line_index[line_id]]
        if headings_match(text, p_line, (g_line["start"], g_line["end"]), lang):
            counts.grouped_right += 1

    if attrs is not None:
        _score_attributes(text, lang, gold_dirs, attrs, extraction, counts)
    return Score(name=name, documents=1, counts=counts)


def _best_overlap(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> int | None:
    best, best_overlap = None, 0
    for index, other in enumerate(spans):
        overlap = _overlap(span, other)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    return best


def _attr_key(kind: str, item: Any) -> tuple[str, Any]:
    """(text, extra) of a gold dict or a predicted attribute object."""
    if isinstance(item, dict):
        text = item.get("text", "")
        extra = item.get("value") if kind == "targets" else item.get("due")
        return text, extra
    text = item.text
    if kind == "targets":
        return text, item.value
    if kind == "deadlines":
        return text, item.due.isoformat() if item.due else None
    return text, None


def attribute_texts_match(a: str, b: str, lang: str) -> bool:
    """ANNOTATION.md: one contains the other, or word/character F1 ≥ 0.5."""
    x, y = a.strip().lower(), b.strip().lower()
    if x and y and (x in y or y in x):
        return True
    return _set_f1(_tokens(x, lang), _tokens(y, lang)) >= 0.5


def _extra_equal(kind: str, gold: Any, pred: Any) -> bool:
    if kind == "targets":
        try:
            return math.isclose(float(gold), float(pred), rel_tol=1e-6)
        except (TypeError, ValueError):
            return False
    if kind == "deadlines":
        return bool(gold == pred)
    return True


def _score_attributes(
    text: str,
    lang: str,
    gold_dirs: list[dict[str, Any]],
    attrs: dict[str, Any],
    extraction: Extraction,
    counts: Counts,
) -> None:
    by_index = {a["index"]: a for a in attrs.get("directives", [])}
    pred_spans = [(d.start, d.end) for d in extraction.directives]
    pooled: dict[int, list[dict[str, Any]]] = {}
    for index, g in enumerate(gold_dirs):
        gold_attrs = by_index.get(index)
        if gold_attrs is None:
            continue
        best = _best_overlap((g["start"], g["end"]), pred_spans)
        if best is None and g.get("optional"):
            continue  # an optional directive left out costs nothing, nor do its attributes
        if best is None:
            for kind in ATTRIBUTE_TYPES:
                counts.attributes[kind][2] += len(gold_attrs.get(kind, []))
            continue
        pooled.setdefault(best, []).append(gold_attrs)
    for best, gold_list in pooled.items():
        predicted = extraction.directives[best]
        pred_by_kind: dict[str, list[Any]] = {
            "actors": list(predicted.actors), "deadlines": list(predicted.deadlines),
            "targets": list(predicted.targets), "programmes": list(predicted.programmes),
        }
        for kind in ATTRIBUTE_TYPES:
            gold_items = [item for gold_attrs in gold_list for item in gold_attrs.get(kind, [])]
            preds = pred_by_kind[kind]
            used: set[int] = set()
            tp = 0
            for item in gold_items:
                g_text, g_extra = _attr_key(kind, item)
                for pi, pred in enumerate(preds):
                    if pi in used:
                        continue
                    p_text, p_extra = _attr_key(kind, pred)
                    if attribute_texts_match(g_text, p_text, lang) and _extra_equal(
                        kind, g_extra, p_extra
                    ):
                        used.add(pi)
                        tp += 1
                        break
            counts.attributes[kind][0] += tp
            counts.attributes[kind][1] += len(preds)
            counts.attributes[kind][2] += len(gold_items)


# ---- files ---------------------------------------------------------------------------


def gold_files(source: str | Path | Iterable[str | Path]) -> list[Path]:
    """The *.gold.json files of a directory (searched recursively), or the files given."""
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            return sorted(path.rglob("*.gold.json"))
        return [path]
    return [Path(p) for p in source]


def read_gold(gold_path: Path) -> tuple[dict[str, Any], str]:
    """A gold annotation and the text its offsets index: the file it names as
    ``"document"``, else ``NAME.txt`` beside it, decoded as UTF-8 with line ends as they
    are (no newline translation, no BOM stripping)."""
    stem = gold_path.name[: -len(".gold.json")]
    annotation = json.loads(gold_path.read_text(encoding="utf-8"))
    text_path = gold_path.with_name(annotation.get("document") or f"{stem}.txt")
    if not text_path.exists():
        text_path = gold_path.with_name(f"{stem}.txt")
    return annotation, text_path.read_bytes().decode("utf-8")


def evaluate(
    gold: str | Path | Iterable[str | Path],
    extractor: Extractor | None = None,
) -> Evaluation:
    """Run the extractor on every annotated document and score it.

    ``gold`` is a directory (searched recursively for ``NAME.gold.json`` with ``NAME.txt``
    and optionally ``NAME.attrs.json`` beside it), one gold file, or a list of them.
    """
    run: Extractor = extractor or (lambda text: extract(text))
    documents: list[Score] = []
    overall = Counts()
    languages: dict[str, Counts] = {}
    language_docs: dict[str, int] = {}
    for gold_path in gold_files(gold):
        stem = gold_path.name[: -len(".gold.json")]
        annotation, text = read_gold(gold_path)
        attrs_path = gold_path.with_name(f"{stem}.attrs.json")
        attrs = json.loads(attrs_path.read_text(encoding="utf-8")) if attrs_path.exists() else None
        extraction = run(text)
        score = score_document(text, annotation, extraction, attrs, name=stem)
        documents.append(score)
        overall.add(score.counts)
        lang = annotation.get("language") or extraction.source.language
        languages.setdefault(lang, Counts()).add(score.counts)
        language_docs[lang] = language_docs.get(lang, 0) + 1
    return Evaluation(
        documents=documents,
        overall=Score("overall", len(documents), overall),
        by_language={k: Score(k, language_docs[k], v) for k, v in languages.items()},
    )


def format_report(evaluation: Evaluation) -> str:
    """A plain-text table: one row per document, then per language and overall."""

    def pct(value: float | None) -> str:
        return "  n/a" if value is None else f"{value:5.3f}"

    header = (f"{'document':40} {'dir P':>6} {'dir R':>6} {'dir F1':>6} "
              f"{'wl P':>6} {'wl R':>6} {'wl F1':>6} {'group':>6}")
    rows = [header, "-" * len(header)]
    scores = [*evaluation.documents, *sorted(evaluation.by_language.values(),
                                               key=lambda s: s.name), evaluation.overall]
    for index, score in enumerate(scores):
        if index == len(evaluation.documents):
            rows.append("-" * len(header))
        name = score.name if index < len(evaluation.documents) else f"[{score.name}]"
        rows.append(
            f"{name[:40]:40} {pct(score.directive_precision):>6} {pct(score.directive_recall):>6}"
            f" {pct(score.directive_f1):>6} {pct(score.work_line_precision):>6}"
            f" {pct(score.work_line_recall):>6} {pct(score.work_line_f1):>6}"
            f" {pct(score.grouping):>6}"
        )
    by_language = sorted(evaluation.by_language.values(), key=lambda s: s.name)
    for score in [*(by_language if len(by_language) > 1 else []), evaluation.overall]:
        label = "overall" if score is evaluation.overall else score.name
        rows.append("")
        rows.append(f"{'attributes (' + label + ')':22} P      R      F1")
        for kind in ATTRIBUTE_TYPES:
            precision, recall, f1 = score.attribute(kind)
            rows.append(f"  {kind:18} {pct(precision)} {pct(recall)} {pct(f1)}")
    return "\n".join(rows)
