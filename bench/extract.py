"""Measure extraction speed against spaCy's blank English pipeline with its sentencizer.

    .venv/bin/python bench/extract.py [--size 2000000] [--repeat 5]

Texts: the seed readout (13 KB), and a ~2 MB text built from the seed and the English
development readouts (corpus/dev/en), repeated with their paragraphs in a different order
each round so no two copies are alike. A ~2 MB Chinese text is built the same way from
corpus/dev/zh and reported too (against spaCy's blank Chinese pipeline, character
segmentation, with the sentencizer).

Both sides run in the same process on the same text, warm (one untimed run first); the
best of ``--repeat`` runs counts. Targets (docs/extraction.md): full extraction at least
half as fast as the sentence splitter alone, and the 13 KB seed in well under 50 ms.

Needs spaCy (``pip install -e '.[bench]'``). Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from luoshi.extract import extract

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed" / "000_b905f69b6a25458e.txt"
DEV = ROOT / "corpus" / "dev"


def build_text(sources: list[str], size: int, seed: int = 0) -> str:
    """Paragraphs of ``sources``, shuffled per round, until ``size`` characters."""
    rng = random.Random(seed)
    documents = [[p for p in text.split("\n") if p.strip()] for text in sources]
    parts: list[str] = []
    total = 0
    while total < size:
        for paragraphs in documents:
            order = paragraphs[:1] + rng.sample(paragraphs[1:], len(paragraphs) - 1)
            chunk = "\n\n".join(order) + "\n\n"
            parts.append(chunk)
            total += len(chunk)
    return "".join(parts)[:size]


def best_time(run: Callable[[], object], repeat: int) -> float:
    run()  # warm: lazy word lists, regex caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def spacy_sentencizer(lang: str, length: int) -> Callable[[str], object]:
    import spacy

    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.max_length = max(nlp.max_length, length + 1)
    return lambda text: list(nlp(text).sents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    try:
        import spacy  # noqa: F401
    except ImportError:
        print("spaCy is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    seed = SEED.read_text(encoding="utf-8")
    en_sources = [seed] + [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("en/*.txt"))]
    zh_sources = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("zh/*.txt"))]
    results = []

    seed_time = best_time(lambda: extract(seed), args.repeat * 4)
    results.append({"text": "seed (en)", "chars": len(seed), "extract_ms": seed_time * 1000,
                    "extract_cps": len(seed) / seed_time})

    for lang, sources in (("en", en_sources), ("zh", zh_sources)):
        if not sources:
            continue
        text = build_text(sources, args.size)
        ours = best_time(lambda text=text, lang=lang: extract(text, lang=lang), args.repeat)
        splitter = spacy_sentencizer(lang, len(text))
        theirs = best_time(lambda text=text, splitter=splitter: splitter(text), args.repeat)
        directives = len(extract(text, lang=lang).directives)
        results.append({
            "text": f"{len(text) / 1e6:.1f} MB ({lang})", "chars": len(text),
            "extract_ms": ours * 1000, "extract_cps": len(text) / ours,
            "spacy_ms": theirs * 1000, "spacy_cps": len(text) / theirs,
            "ratio": theirs / ours, "directives": directives,
        })

    print(f"{'text':16} {'chars':>10} {'extract ms':>11} {'extract c/s':>12} "
          f"{'spaCy ms':>9} {'spaCy c/s':>11} {'ratio':>6}")
    for row in results:
        spacy_part = (f"{row['spacy_ms']:9.0f} {row['spacy_cps']:11,.0f} {row['ratio']:6.2f}"
                      if "spacy_ms" in row else f"{'':9} {'':11} {'':6}")
        print(f"{row['text']:16} {row['chars']:10,} {row['extract_ms']:11.1f} "
              f"{row['extract_cps']:12,.0f} {spacy_part}")
    print("ratio = extraction speed / spaCy sentencizer speed (target >= 0.5)")
    print(json.dumps({"results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
