"""Measure lead-unit suggestion against a State Council task-division plan.

    .venv/bin/python bench/suggest.py [PLAN] [--folds 5] [--seed 0]

PLAN defaults to ../shared/corpus/dev/cn-2022-task-division-plan.txt (relative to the
repository root). Every clause of the plan names its lead units; the suggester sees only
the clause text and the national units (src/luoshi/data/national_units.yaml) and is scored
on whether its suggestion is among those leads:

  functions  — function statements and names alone, no examples;
  cv         — k-fold cross-validation: the other folds' clauses become LearnedExamples
               (their lead and co-units), the held-out fold is suggested;
  cv-blocked — the same with contiguous folds, so whole sections of the plan are unseen;
  majority   — baseline: always the training folds' most frequent lead unit(s).

The suggester was developed looking only at errors on the plan's clauses before
--holdout-from (default "（二十四）", the first 111 of 197 clauses); the table also reports
the clauses from there on separately, which were never inspected one by one.

Prints a table and one JSON line. Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import luoshi
from luoshi.extract.plans import (
    PlanItem,
    Resolution,
    parse_plan,
    plan_examples,
    resolve_unit_names,
)
from luoshi.extract.suggest import UnitSuggester, load_units_yaml
from luoshi.extract.units import LearnedExample, UnitProfile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = ROOT / ".." / "shared" / "corpus" / "dev" / "cn-2022-task-division-plan.txt"
UNITS = Path(luoshi.__file__).parent / "data" / "national_units.yaml"

Case = tuple[PlanItem, frozenset[str]]  # a clause and the codes of its lead units


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--holdout-from", default="（二十四）")
    args = parser.parse_args(argv)

    text = args.plan.read_text("utf-8")
    units = load_units_yaml(UNITS)
    items = parse_plan(text)
    written = [n for item in items for n in item.lead_units + item.co_units]
    resolution = resolve_unit_names(written, units)
    lead_written = [n for item in items for n in item.lead_units]
    cases: list[Case] = []
    for item in items:
        codes = frozenset(
            resolution.resolved[n] for n in item.lead_units if n in resolution.resolved
        )
        if codes:
            cases.append((item, codes))

    started = time.perf_counter()
    plain = UnitSuggester(units, co_threshold=0.0)
    build_ms = (time.perf_counter() - started) * 1000
    results: dict[str, list[tuple[bool, bool]]] = {}
    started = time.perf_counter()
    results["functions"] = _score(cases, lambda _: plain)
    suggest_ms = (time.perf_counter() - started) * 1000 / max(len(cases), 1)

    order = list(range(len(cases)))
    random.Random(args.seed).shuffle(order)
    shuffled_folds = [sorted(order[f :: args.folds]) for f in range(args.folds)]
    size = -(-len(cases) // args.folds)
    blocked_folds = [
        list(range(f * size, min((f + 1) * size, len(cases)))) for f in range(args.folds)
    ]
    results["cv"] = _cross_validate(cases, shuffled_folds, units, resolution)
    results["cv-blocked"] = _cross_validate(cases, blocked_folds, units, resolution)
    results["majority"] = _majority(cases, shuffled_folds)

    print(f"plan: {args.plan} ({len(text)} chars)")
    print(
        f"clauses parsed: {len(items)}; with a resolved lead unit: {len(cases)}; "
        f"generic only ('有关部门', '国务院各部门'): "
        f"{sum(1 for i in items if not i.lead_units and i.generic_units)}"
    )
    resolved_leads = sum(1 for n in lead_written if n in resolution.resolved)
    print(
        f"lead names written: {len(lead_written)}, resolved: {resolved_leads}; "
        f"distinct names: {len(resolution.resolved) + len(resolution.unresolved)}, "
        f"unresolved: {len(resolution.unresolved)} ({'、'.join(resolution.unresolved)})"
    )
    print(f"index build: {build_ms:.1f} ms; suggestion: {suggest_ms:.3f} ms per clause")
    print()
    holdout_start = text.find(args.holdout_from) if args.holdout_from else -1
    held_out = [holdout_start >= 0 and item.start >= holdout_start for item, _ in cases]
    summary: dict[str, float] = {}
    print(f"{'method':<12} {'top-1':>7} {'top-3':>7}   {'held-out top-1':>14} {'top-3':>7}")
    for name, hits in results.items():
        overall = _rates(hits)
        later = _rates([h for h, held in zip(hits, held_out, strict=True) if held])
        print(
            f"{name:<12} {overall['top1']:>7.3f} {overall['top3']:>7.3f}   "
            f"{later['top1']:>14.3f} {later['top3']:>7.3f}"
        )
        for metric in ("top1", "top3"):
            summary[f"{name}_{metric}"] = round(overall[metric], 3)
            summary[f"{name}_heldout_{metric}"] = round(later[metric], 3)
    print(f"(held out: {sum(held_out)} cases from {args.holdout_from!r} on)")
    print(
        json.dumps(
            {
                "plan": args.plan.name,
                "clauses": len(items),
                "cases": len(cases),
                "lead_names": len(lead_written),
                "lead_names_resolved": resolved_leads,
                "unresolved": resolution.unresolved,
                "folds": args.folds,
                "seed": args.seed,
                "build_ms": round(build_ms, 1),
                "suggest_ms": round(suggest_ms, 3),
                "heldout_cases": sum(held_out),
                **summary,
            },
            ensure_ascii=False,
        )
    )
    return 0


def _score(
    cases: Sequence[Case], suggester_for: Callable[[int], UnitSuggester]
) -> list[tuple[bool, bool]]:
    """(top-1 hit, top-3 hit) per case."""
    hits: list[tuple[bool, bool]] = []
    for index, (item, leads) in enumerate(cases):
        suggestions = suggester_for(index).suggest(item.text, lang="zh", k=3)
        codes = [s.unit for s in suggestions]
        hits.append((bool(codes) and codes[0] in leads, any(c in leads for c in codes[:3])))
    return hits


def _rates(hits: Sequence[tuple[bool, bool]]) -> dict[str, float]:
    n = max(len(hits), 1)
    return {"top1": sum(h[0] for h in hits) / n, "top3": sum(h[1] for h in hits) / n}


def _cross_validate(
    cases: Sequence[Case],
    folds: Sequence[Sequence[int]],
    units: Sequence[UnitProfile],
    resolution: Resolution,
) -> list[tuple[bool, bool]]:
    fold_of = {index: f for f, members in enumerate(folds) for index in members}
    suggesters: list[UnitSuggester] = []
    for f in range(len(folds)):
        training = [cases[i][0] for i in range(len(cases)) if fold_of[i] != f]
        examples: list[LearnedExample] = plan_examples(training, resolution)
        suggesters.append(UnitSuggester(units, examples, co_threshold=0.0))
    return _score(cases, lambda index: suggesters[fold_of[index]])


def _majority(cases: Sequence[Case], folds: Sequence[Sequence[int]]) -> list[tuple[bool, bool]]:
    hits: list[tuple[bool, bool]] = [(False, False)] * len(cases)
    for members in folds:
        held = set(members)
        counts = Counter(c for i, (_, leads) in enumerate(cases) if i not in held for c in leads)
        ranked = [code for code, _ in counts.most_common(3)]
        for i in members:
            leads = cases[i][1]
            hits[i] = (ranked[0] in leads, any(c in leads for c in ranked))
    return hits


if __name__ == "__main__":
    sys.exit(main())
