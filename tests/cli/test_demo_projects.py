"""The demo's key projects: every stage, national plans applied for and included, monthly
reports from January to the demo's day, some behind the year's pace; loaded once."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from luoshi import clock
from luoshi.cli import demo_projects
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.projects import service
from luoshi.kernel import sample
from luoshi.kernel.permissions import system_actor
from luoshi.migrations import runner
from tests.scenario.world import make_settings


def test_the_demo_fills_the_register(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "demo.db"))
    runner.upgrade(engine)
    settings = make_settings(tmp_path, language="zh")
    system = system_actor()
    with transaction(make_sessionmaker(engine)) as session:
        sample.load_sample_province(session, actor=system)
    try:
        assert demo_projects.load(engine, settings, system, date(2023, 6, 30)) == 12
        assert demo_projects.load(engine, settings, system, date(2023, 6, 30)) == 0
        with transaction(make_sessionmaker(engine)) as session:
            rows, total = service.list_projects(session, actor=system)
            reads = service.to_reads(session, rows, on=date(2023, 6, 30), language="zh")
            reports = {p.code: [r.period for r in service.reports_of(session, p)] for p in rows}
    finally:
        clock.reset()  # the loader travels the process's clock, as the demo does
        engine.dispose()
    assert total == 12
    assert {r.stage for r in reads} == {
        "reserve",
        "new_start",
        "under_construction",
        "completed",
        "in_operation",
    }
    assert set(Counter(r.national_plan for r in reads)) == {"none", "applied", "included"}
    lights = Counter(r.light.color for r in reads)
    assert lights["green"] and lights["yellow"] and lights["red"]
    assert any("滞后于序时进度" in reason for r in reads for reason in r.light.reasons)
    assert reports["SCZD-2023-001"] == [f"2023-{m:02d}" for m in range(1, 7)]
    assert reports["SCZD-2023-010"] == ["2023-01", "2023-02", "2023-03", "2023-04"]
