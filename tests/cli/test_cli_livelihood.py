"""``luoshi livelihood list|import`` and ``luoshi indicators list|import`` on a database file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    TargetSet,
    ValueReport,
)
from tests.scenario.world import build_world, local, make_settings

runner = CliRunner()


@pytest.fixture
def db_file(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """A matter with a value for April and an indicator with its Q1 target and actual."""
    path = str(tmp_path / "livelihood.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 5, 15), 9), tick=False)
    settings = make_settings(tmp_path)
    engine = make_engine(path)
    with transaction(make_sessionmaker(engine)) as session:
        world = build_world(session)
        office, fgw = world.actors["office"], world.actors["fgw"]
        matter = matters.create_matter(
            session,
            actor=office,
            settings=settings,
            data=MatterCreate(
                year=2023,
                number=1,
                name="新增公办幼儿园学位",
                lead_unit="prov.fgw",
                targets=[TargetCreate(name="新增学位", measure="个", target_value=1200)],
            ),
        )
        target = matters.targets_of(session, [matter.id])[matter.id][0]
        matters.report_value(
            session,
            actor=fgw,
            target_id=target.id,
            settings=settings,
            data=ValueReport(period="2023-04", value=150),
        )
        gdp = indicators.create_indicator(
            session,
            actor=office,
            data=IndicatorCreate(code="gdp", name="地区生产总值增速", owner_unit="prov.fgw"),
        )
        for period, value in (("2023Q1", 5.5), ("2023", 6.0)):
            indicators.set_target(
                session,
                actor=office,
                indicator_id=gdp.id,
                settings=settings,
                data=TargetSet(period=period, region="prov", target_value=value),
            )
        indicators.set_actual(
            session,
            actor=fgw,
            indicator_id=gdp.id,
            settings=settings,
            data=ActualSet(period="2023Q1", region="prov", actual_value=3.9),
        )
    engine.dispose()
    return path


def test_livelihood_list_prints_targets_with_their_lights(db_file: str) -> None:
    result = runner.invoke(app, ["livelihood", "list", "--db", db_file, "--format", "json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == 1
    item = page["items"][0]
    assert {k: item[k] for k in ("name", "unit", "target_value", "actual_value")} == {
        "name": "新增公办幼儿园学位",
        "unit": "个",
        "target_value": 1200,
        "actual_value": 150,
    }
    assert item["light"]["color"] == "yellow"
    assert item["light"]["reasons"] and all(isinstance(r, str) for r in item["light"]["reasons"])
    table = runner.invoke(app, ["livelihood", "list", "--db", db_file])
    assert table.exit_code == 0 and "新增学位" in table.output


def test_indicators_list_by_period(db_file: str) -> None:
    result = runner.invoke(
        app, ["indicators", "list", "--period", "2023Q1", "--db", db_file, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == 1
    item = page["items"][0]
    assert {k: item[k] for k in ("name", "period", "region", "target_value", "actual_value")} == {
        "name": "地区生产总值增速",
        "period": "2023Q1",
        "region": "prov",
        "target_value": 5.5,
        "actual_value": 3.9,
    }
    assert item["light"]["color"] == "red"
    every = json.loads(
        runner.invoke(app, ["indicators", "list", "--db", db_file, "--format", "json"]).output
    )
    assert [i["period"] for i in every["items"]] == ["2023", "2023Q1"]
    bad = runner.invoke(app, ["indicators", "list", "--period", "2023Q2", "--db", db_file])
    assert bad.exit_code == 1


def test_imports_from_the_command_line(db_file: str, tmp_path: Path) -> None:
    good = tmp_path / "list.csv"
    good.write_text(
        "年度,序号,事项名称,牵头单位,计量单位,目标值\n2023,2,改造农村公路,prov.swt,公里,800\n",
        encoding="utf-8",
    )
    dry = runner.invoke(app, ["livelihood", "import", str(good), "--dry-run", "--db", db_file])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["created"] == 1
    listed = runner.invoke(app, ["livelihood", "list", "--db", db_file, "--format", "json"])
    assert json.loads(listed.output)["total"] == 1  # the dry run kept nothing
    assert runner.invoke(app, ["livelihood", "import", str(good), "--db", db_file]).exit_code == 0
    listed = runner.invoke(app, ["livelihood", "list", "--db", db_file, "--format", "json"])
    assert json.loads(listed.output)["total"] == 2
    bad = tmp_path / "indicators.csv"
    bad.write_text("指标编号,期次,地区,目标值\ngdp,2023Q1,nowhere,5\n", encoding="utf-8")
    failed = runner.invoke(app, ["indicators", "import", str(bad), "--db", db_file])
    assert failed.exit_code == 1
    assert "nowhere" in failed.output


def test_jobs_run_chases_a_missing_value(db_file: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["jobs", "run", "--at", "2023-06-13T09:00", "--db", db_file])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    chased = [x for x in lines if x.get("object", "").startswith("livelihood_matter:")]
    assert chased and chased[0]["subject"].endswith(":2023-05"), lines
    again = runner.invoke(app, ["jobs", "run", "--at", "2023-06-13T10:00", "--db", db_file])
    assert not [x for x in again.output.splitlines() if "livelihood_matter:" in x]
