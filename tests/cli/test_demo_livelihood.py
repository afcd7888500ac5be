"""The demo's livelihood list and indicators: 30 matters with values owed by the demo's day,
some behind; first-quarter and year targets by city with first-quarter actuals."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from luoshi import clock
from luoshi.cli import demo_livelihood
from luoshi.cli.context import unit_of_work
from luoshi.db import make_engine
from luoshi.domains.livelihood import indicators, matters
from luoshi.kernel import sample
from luoshi.kernel.permissions import system_actor
from luoshi.migrations import runner
from tests.scenario.world import make_settings


def test_the_demo_fills_the_list_and_the_indicators(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, database_url=f"sqlite:///{tmp_path / 'demo.db'}")
    engine = make_engine(settings.database_url)
    runner.upgrade(engine)
    system = system_actor()
    try:
        with unit_of_work(engine) as session:
            sample.load_sample_province(session, actor=system)
        filed = demo_livelihood.load(engine, settings, system, date(2023, 6, 30))
        with unit_of_work(engine) as session:
            rows, total = matters.list_matters(session, actor=system, page_size=100)
            colors = Counter(m.light for m in rows)
            q1 = indicators.list_values(
                session, actor=system, filters=indicators.ValueFilter(period="2023Q1")
            )
            year = indicators.list_values(
                session, actor=system, filters=indicators.ValueFilter(period="2023")
            )
    finally:
        clock.reset()
        engine.dispose()
    assert total == 30
    assert colors["green"] >= 15 and colors["yellow"] >= 3 and colors["red"] >= 1, colors
    assert len(q1) == len(year) == 6 * 22  # the province and its 21 cities and prefectures
    assert all(v.actual_value is not None for v in q1)
    assert {v.light for v in q1} == {"green", "yellow", "red"}
    assert filed - len(q1) >= 100  # the matters' period values beside the actuals
