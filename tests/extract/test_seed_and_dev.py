"""Quality gates: the seed readout and the annotated development set meet their thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.extract import evaluate, extract

from .conftest import DEV_DIR, SEED_DIR

PACKAGED_SEED = Path(__file__).resolve().parents[2] / "src" / "luoshi" / "data" / (
    "seed_readout.txt")


def test_seed_meets_its_thresholds() -> None:
    evaluation = evaluate(SEED_DIR)
    seed = evaluation.overall
    assert seed.directive_f1 >= 0.95
    assert seed.work_line_f1 == 1.0
    assert seed.grouping is not None and seed.grouping >= 0.95


def test_seed_finds_the_eight_work_lines_in_order() -> None:
    text = (SEED_DIR / "000_b905f69b6a25458e.txt").read_text(encoding="utf-8")
    result = extract(text)
    assert [w.domain for w in result.work_lines] == [
        "investment", "consumption", "industry", "agriculture", "reform_opening",
        "private_economy", "employment_livelihood", "safety_emergency"]
    assert result.source.date is not None and result.source.date.isoformat() == "2023-03-16"


def test_packaged_demo_is_the_seed() -> None:
    assert PACKAGED_SEED.read_bytes() == (SEED_DIR / "000_b905f69b6a25458e.txt").read_bytes()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_dev_set_meets_its_thresholds(language: str) -> None:
    folder = DEV_DIR / language
    if not any(folder.glob("*.gold.json")):
        pytest.skip("the development set is not in this checkout")
    score = evaluate(folder).overall
    assert score.directive_f1 >= 0.90
    assert score.work_line_f1 >= 0.90
