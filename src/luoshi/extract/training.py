"""Build time only: train the directive model and measure it by leave-one-document-out
cross-validation. Needs scikit-learn (``pip install -e '.[train]'``); extraction never
imports this module.

Every clause the structure pass judges in an annotated document becomes one example: its
features (``classifier.features``) and a label — a directive when at least half of its
characters lie in gold directive spans (optional ones included, as precision counts them).
Documents are read in sorted order and the fit is deterministic (lbfgs, fixed
regularization, weights rounded to 6 places), so the same texts give the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from luoshi.extract.classifier import FEATURE_VERSION, MODES, Clause, Judge, Model, features
from luoshi.extract.language import detect_language
from luoshi.extract.normalize import normalize
from luoshi.extract.pipeline import extract
from luoshi.extract.scoring import (
    ATTRIBUTE_TYPES,
    Counts,
    Score,
    evaluate,
    gold_files,
    half_covered,
    read_gold,
    span_union,
)
from luoshi.extract.structure import find_structure

C = 1.0  # inverse regularization strength, fixed in advance (not tuned on the real set)
MIN_DF = 2  # a feature must occur in at least two training documents (none is one's own)
LOW, HIGH = 0.1, 0.9  # the model's "confident" bounds for the veto and confident modes


@dataclass(frozen=True)
class Document:
    """An annotated document: its text and gold directive spans."""

    name: str
    path: Path
    lang: str
    text: str
    spans: tuple[tuple[int, int], ...]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Example:
    label: int
    clause: Clause
    document: str = ""

    def names(self, rule: bool = True) -> list[str]:
        return features(self.clause, rule)


def load_documents(root: str | Path) -> list[Document]:
    """Every ``NAME.gold.json`` with its ``NAME.txt`` under ``root``, in sorted order."""
    base = Path(root)
    documents = []
    for gold_path in sorted(gold_files(base)):
        # the text exactly as luoshi eval reads it: the gold offsets index it
        annotation, text = read_gold(gold_path)
        spans = tuple(
            sorted((int(d["start"]), int(d["end"])) for d in annotation.get("directives", []))
        )
        name = f"{base.name}/{gold_path.relative_to(base).as_posix()[: -len('.gold.json')]}"
        documents.append(Document(name, gold_path, detect_language(text), text, spans))
    return documents


def examples(document: Document) -> list[Example]:
    """The clauses the structure pass judges in the document, labelled from its gold."""
    clauses: list[Clause] = []

    def record(clause: Clause) -> bool:
        clauses.append(clause)
        return clause.rule

    norm = normalize(document.text, document.lang)
    find_structure(norm, document.lang, record)
    union = span_union(document.spans)
    out = []
    for clause in clauses:
        start, end = norm.span_to_original(clause.start, clause.end)
        label = int(end > start and half_covered((start, end), union))
        out.append(Example(label, clause, document.name))
    return out


def _fit_sklearn(training: Sequence[Example], c: float, min_df: int, rule: bool) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [example.names(rule) for example in training]
    seen_in: dict[str, set[str]] = {}
    for names, example in zip(rows, training, strict=True):
        for name in names:
            seen_in.setdefault(name, set()).add(example.document)
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(
        [{name: 1 for name in names if len(seen_in[name]) >= min_df} for names in rows]
    )
    labels = [example.label for example in training]
    if len(set(labels)) < 2:
        raise ValueError("the training clauses need both directives and non-directives")
    classifier = LogisticRegression(C=c, solver="lbfgs", max_iter=5000)
    classifier.fit(matrix, labels)
    return vectorizer, classifier


def fit(
    training: Sequence[Example], *, c: float = C, min_df: int = MIN_DF, rule: bool = True
) -> Model:
    """Logistic regression over the examples' features (scikit-learn, lbfgs); ``rule``:
    with the rules' verdict among them."""
    vectorizer, classifier = _fit_sklearn(training, c, min_df, rule)
    weights = {
        str(name): round(float(weight), 6)
        for name, weight in zip(vectorizer.feature_names_, classifier.coef_[0], strict=True)
        if round(float(weight), 6) != 0.0
    }
    return Model(
        round(float(classifier.intercept_[0]), 6),
        dict(sorted(weights.items())),
        {"feature_version": FEATURE_VERSION, "c": c, "min_df": min_df},
        rule,
    )


def sklearn_probabilities(
    training: Sequence[Example],
    clauses: Sequence[Clause],
    *,
    c: float = C,
    min_df: int = MIN_DF,
    rule: bool = True,
) -> list[float]:
    """scikit-learn's own P(directive) for ``clauses`` after the same fit (for tests)."""
    vectorizer, classifier = _fit_sklearn(training, c, min_df, rule)
    probe = vectorizer.transform([{name: 1 for name in features(cl, rule)} for cl in clauses])
    return [float(p) for p in classifier.predict_proba(probe)[:, 1]]


# ---- leave-one-document-out ------------------------------------------------------------


@dataclass
class CrossValidation:
    """Per language and combination mode, the summed counts of the held-out documents,
    and the plain score (the shipped judge on every document)."""

    documents: int = 0
    loo: dict[str, dict[str, Counts]] = field(default_factory=dict)  # mode → lang → counts
    plain: dict[str, Counts] = field(default_factory=dict)  # lang → counts
    languages: dict[str, int] = field(default_factory=dict)
    # mode → [clauses whose verdict differs from the rules', clauses judged]
    overruled: dict[str, list[int]] = field(default_factory=dict)

    def score(self, mode: str, lang: str) -> Score:
        return Score(f"{mode} {lang}", self.languages[lang], self.loo[mode][lang])

    def plain_score(self, lang: str) -> Score:
        return Score(f"plain {lang}", self.languages[lang], self.plain[lang])

    def merit(self, mode: str) -> float:
        """What a mode is chosen by: the mean over languages of directive F1 and work-line
        F1."""
        values = []
        for lang in sorted(self.languages):
            score = self.score(mode, lang)
            values += [score.directive_f1, score.work_line_f1]
        return sum(values) / len(values)

    def best(self) -> str:
        """The best mode under cross-validation; ties go to the simpler (earlier) mode."""
        return max(MODES, key=lambda mode: (round(self.merit(mode), 6), -MODES.index(mode)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "best": self.best(),
            "overruled": {
                mode: {"clauses": n, "of": total} for mode, (n, total) in self.overruled.items()
            },
            "plain": {lang: self.plain_score(lang).to_dict() for lang in sorted(self.languages)},
            "loo": {
                mode: {lang: self.score(mode, lang).to_dict() for lang in sorted(self.languages)}
                for mode in MODES
            },
        }


def cross_validate(
    real: Sequence[Document],
    own: Sequence[Document],
    *,
    progress: Callable[[str], None] | None = None,
    plain_judge: Callable[[Clause], bool] | None = None,
) -> CrossValidation:
    """For each real document: train on the other real documents and the own texts,
    extract the held-out one under every combination mode, and score it as ``luoshi eval``
    does (``scoring.evaluate``). The plain score runs ``plain_judge`` (default: the shipped
    one) on every real document."""
    held_out = {doc.sha256 for doc in real}
    own_examples = [e for doc in own if doc.sha256 not in held_out for e in examples(doc)]
    real_examples = {doc.name: examples(doc) for doc in real}
    result = CrossValidation(documents=len(real))
    for held in real:
        training = own_examples + [
            e for doc in real if doc.name != held.name for e in real_examples[doc.name]
        ]
        model, learned = fit(training), fit(training, rule=False)
        lang = held.lang
        result.languages[lang] = result.languages.get(lang, 0) + 1
        for mode in MODES:
            judge = _Counting(
                Judge(mode, learned if mode == "learned" else model, low=LOW, high=HIGH),
                result.overruled.setdefault(mode, [0, 0]),
            )
            evaluation = evaluate([held.path], extractor=partial(extract, judge=judge))
            result.loo.setdefault(mode, {}).setdefault(lang, Counts()).add(
                evaluation.overall.counts
            )
        plain = evaluate([held.path], extractor=partial(extract, judge=plain_judge))
        result.plain.setdefault(lang, Counts()).add(plain.overall.counts)
        if progress is not None:
            progress(held.name)
    return result


@dataclass(frozen=True)
class _Counting:
    """A judge that counts how often it overrules the rules."""

    judge: Judge
    tally: list[int]

    def __call__(self, clause: Clause) -> bool:
        verdict = self.judge(clause)
        self.tally[0] += verdict != clause.rule
        self.tally[1] += 1
        return verdict


def format_cross_validation(cv: CrossValidation) -> str:
    """A plain-text table: per language, the plain score and each mode under LOO."""
    header = (
        f"{'':24} {'dir P':>6} {'dir R':>6} {'dir F1':>6} {'wl P':>6} {'wl R':>6} "
        f"{'wl F1':>6} {'group':>6} {'actor':>6} {'dline':>6} {'target':>6} {'progr':>6}"
    )
    lines = [header, "-" * len(header)]
    for lang in sorted(cv.languages):
        rows = [(f"[{lang}] plain (shipped)", cv.plain_score(lang))]
        rows += [(f"[{lang}] LOO {mode}", cv.score(mode, lang)) for mode in MODES]
        for label, score in rows:
            grouping = score.grouping
            lines.append(
                f"{label:24} {score.directive_precision:6.3f} {score.directive_recall:6.3f} "
                f"{score.directive_f1:6.3f} {score.work_line_precision:6.3f} "
                f"{score.work_line_recall:6.3f} {score.work_line_f1:6.3f} "
                + (f"{grouping:6.3f}" if grouping is not None else f"{'n/a':>6}")
                + "".join(f" {score.attribute(kind)[2]:6.3f}" for kind in ATTRIBUTE_TYPES)
            )
    lines.append("")
    lines.append(
        "mean of directive and work-line F1 over languages, LOO: "
        + ", ".join(f"{mode} {cv.merit(mode):.4f}" for mode in MODES)
    )
    lines.append(
        "clauses whose verdict differs from the rules', LOO: "
        + ", ".join(f"{mode} {n}/{total}" for mode, (n, total) in cv.overruled.items())
    )
    lines.append(f"best under LOO: {cv.best()}")
    return "\n".join(lines)


# ---- the shipped file ---------------------------------------------------------------------


def model_file(
    model: Model,
    documents: Sequence[Document],
    training: Sequence[Example],
    *,
    combine: str,
    cv: CrossValidation | None = None,
) -> dict[str, Any]:
    """The JSON written to ``data/directive_model.json``: what it was trained on, how it
    combines with the rules (and why: the LOO merit of every mode), the weights."""
    per_doc: dict[str, int] = {}
    for example in training:
        per_doc[example.clause.lang] = per_doc.get(example.clause.lang, 0) + 1
    data: dict[str, Any] = {
        "format": "luoshi directive classifier: logistic regression over named binary "
        "features (luoshi.extract.classifier.features); P = sigmoid(intercept + "
        "sum of the weights of the features present)",
        "feature_version": FEATURE_VERSION,
        "rule_features": model.rule_features,
        "c": model.info.get("c", C),
        "min_df": model.info.get("min_df", MIN_DF),
        "combine": {"mode": combine, "threshold": 0.5, "low": LOW, "high": HIGH},
        "trained_on": [{"name": doc.name, "sha256": doc.sha256} for doc in documents],
        "clauses": {
            "total": len(training),
            "directives": sum(e.label for e in training),
            "by_language": dict(sorted(per_doc.items())),
        },
    }
    if cv is not None:
        data["loo_merit"] = {mode: round(cv.merit(mode), 4) for mode in MODES}
    data["intercept"] = model.intercept
    data["weights"] = model.weights
    return data


def train(
    own: Sequence[Document],
    real: Sequence[Document],
    *,
    combine: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train on every document given; choose the combination by LOO on ``real`` unless
    ``combine`` names one (or there is no real set: then the rules alone)."""
    cv = None
    if combine is None:
        if real:
            cv = cross_validate(real, own, progress=progress, plain_judge=Judge())
            combine = cv.best()
        else:
            combine = "rules"
    documents = sorted([*own, *real], key=lambda doc: doc.name)
    training = [e for doc in documents for e in examples(doc)]
    model = fit(training, rule=combine != "learned")
    return model_file(model, documents, training, combine=combine, cv=cv)


def dump(data: dict[str, Any]) -> str:
    """The model file's text: stable key order, one weight a line (readable diffs)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


__all__ = [
    "CrossValidation",
    "Document",
    "Example",
    "cross_validate",
    "dump",
    "examples",
    "fit",
    "format_cross_validation",
    "load_documents",
    "model_file",
    "sklearn_probabilities",
    "train",
]
