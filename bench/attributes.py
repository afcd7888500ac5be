"""Attribute F1 with the gold directive spans: the attribute finders measured on their own.

    .venv/bin/python bench/attributes.py ../shared/corpus/real [--show actors|deadlines|...]

``luoshi eval`` scores attributes end to end: a gold directive's attributes are compared
with those of the predicted directive that overlaps it most, so a directive found too long,
too short or not at all costs attribute points the attribute finders did not lose. This
runs the finders (actors, deadlines, targets, programmes) on each gold directive's own span
instead, with the document date detected from the text as ``extract`` does, and matches
them as ANNOTATION.md says (texts overlap or word/character F1 ≥ 0.5; targets also by
value, deadlines also by due date). ``--show KIND`` prints every miss and false find.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from luoshi.extract.actors import find_actors
from luoshi.extract.dates import detect_date
from luoshi.extract.deadlines import find_deadlines
from luoshi.extract.language import detect_language
from luoshi.extract.normalize import Normalized, normalize
from luoshi.extract.programmes import find_programmes
from luoshi.extract.scoring import ATTRIBUTE_TYPES, Counts, Score, attribute_texts_match
from luoshi.extract.targets import find_targets

KINDS = ATTRIBUTE_TYPES


def normalized_offset(norm: Normalized, original: int) -> int:
    """The first normalized position that maps at or after ``original``."""
    low, high = 0, len(norm.text)
    while low < high:
        middle = (low + high) // 2
        if norm.to_original(middle) < original:
            low = middle + 1
        else:
            high = middle
    return low


def found(text: str, norm: Normalized, start: int, end: int, lang: str,
          date: Any) -> dict[str, list[tuple[str, Any]]]:
    def original(s: int, e: int) -> str:
        a, b = norm.span_to_original(s, e)
        return text[a:b]

    return {
        "actors": [(original(a.start, a.end), None)
                   for a in find_actors(norm.text, start, end, lang)],
        "deadlines": [(original(d.start, d.end), d.due.isoformat() if d.due else None)
                      for d in find_deadlines(norm.text, start, end, lang, date)],
        "targets": [(original(t.start, t.end), t.value)
                    for t in find_targets(norm.text, start, end, lang)],
        "programmes": [(original(p.start, p.end), None)
                       for p in find_programmes(norm.text, start, end, lang)],
    }


def same_extra(kind: str, gold: Any, predicted: Any) -> bool:
    if kind == "targets":
        return gold is not None and abs(float(gold) - float(predicted)) <= 1e-6 * abs(gold)
    if kind == "deadlines":
        return bool(gold == predicted)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--show", choices=[*KINDS, "all"])
    args = parser.parse_args()
    totals = Counts()  # per kind in .attributes: matched, predicted, gold
    by_language: dict[str, Counts] = {}
    for gold_path in sorted(args.gold_dir.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        attrs_path = gold_path.with_name(f"{stem}.attrs.json")
        if not attrs_path.exists():
            continue
        text = gold_path.with_name(f"{stem}.txt").read_bytes().decode("utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        attrs = {a["index"]: a for a in
                 json.loads(attrs_path.read_text(encoding="utf-8"))["directives"]}
        lang = gold.get("language") or detect_language(text)
        language_totals = by_language.setdefault(lang, Counts())
        date = detect_date(text)
        norm = normalize(text, lang)
        for index, directive in enumerate(gold["directives"]):
            if index not in attrs:
                continue
            start = normalized_offset(norm, directive["start"])
            end = normalized_offset(norm, directive["end"])
            predicted = found(text, norm, start, end, lang, date)
            for kind in KINDS:
                extra = "value" if kind == "targets" else "due"
                wanted = [(g["text"], g.get(extra)) for g in attrs[index].get(kind, [])]
                used: set[int] = set()
                missed = []
                for g_text, g_extra in wanted:
                    for i, (p_text, p_extra) in enumerate(predicted[kind]):
                        if i not in used and attribute_texts_match(g_text, p_text, lang) \
                                and same_extra(kind, g_extra, p_extra):
                            used.add(i)
                            break
                    else:
                        missed.append((g_text, g_extra))
                extra_found = [p for i, p in enumerate(predicted[kind]) if i not in used]
                for counts in (totals.attributes[kind], language_totals.attributes[kind]):
                    counts[0] += len(used)
                    counts[1] += len(predicted[kind])
                    counts[2] += len(wanted)
                if args.show in (kind, "all") and (missed or extra_found):
                    print(f"{stem} #{index} {kind}: missed {missed} extra {extra_found}")
    for name, counts in [*sorted(by_language.items()), ("overall", totals)]:
        print(f"{'gold spans, ' + name:20} {'P':>6} {'R':>6} {'F1':>6}   matched/predicted/gold")
        score = Score(name, 0, counts)  # P, R and F1 as luoshi eval computes them
        for kind in KINDS:
            precision, recall, f1 = score.attribute(kind)
            tp, pred, gold_n = counts.attributes[kind]
            print(f"{kind:20} {precision:6.3f} {recall:6.3f} {f1:6.3f}   {tp}/{pred}/{gold_n}")


if __name__ == "__main__":
    main()
