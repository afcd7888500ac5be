"""``luoshi projects list|import|metrics`` and the projects' job in ``luoshi jobs run``, on a
migrated database file."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.projects import service
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate, YearPlanIn
from tests.scenario.world import build_world, local, make_settings

runner = CliRunner()


@pytest.fixture
def db_file(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """Two projects registered on 1 March 2023, one under construction with a report."""
    path = str(tmp_path / "projects.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 3, 1), 9), tick=False)
    settings = make_settings(tmp_path)
    engine = make_engine(path)
    with transaction(make_sessionmaker(engine)) as session:
        world = build_world(session)
        office = world.actors["office"]
        built = service.create_project(
            session,
            actor=office,
            settings=settings,
            data=ProjectCreate(
                code="XM-01",
                name="天府新区轨道交通线",
                owner_unit="prov.cd",
                region_unit="prov.cd",
                industry="transport",
                stage="under_construction",
                actual_start=date(2022, 6, 1),
                national_plan="included",
                national_plan_name="国家城市轨道交通建设规划",
                national_plan_date=date(2022, 3, 1),
                year_plans=[YearPlanIn(year=2023, planned_investment=Decimal("1200.5"))],
            ),
        )
        service.submit_report(
            session,
            actor=world.actors["cd"],
            project_id=built.id,
            settings=settings,
            data=ProjectReportCreate(period="2023-01", investment_month=Decimal("100.25")),
        )
        service.create_project(
            session,
            actor=office,
            settings=settings,
            data=ProjectCreate(code="XM-02", name="凉山州光伏基地", owner_unit="prov.fgw"),
        )
    engine.dispose()
    return path


def test_list_prints_items_with_figures_and_light(db_file: str) -> None:
    result = runner.invoke(app, ["projects", "list", "--format", "json", "--db", db_file])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == 2
    first, second = page["items"]
    assert {k: first[k] for k in ("code", "stage", "national_plan")} == {
        "code": "XM-01",
        "stage": "under_construction",
        "national_plan": "included",
    }
    assert first["investment_planned_year"] == 1200.5
    assert first["investment_actual_ytd"] == 100.25
    assert set(first["light"]) == {"color", "reasons"}
    assert first["light"]["color"] in ("green", "yellow", "red")
    assert isinstance(first["light"]["reasons"], list)
    assert (second["stage"], second["investment_planned_year"]) == ("reserve", 0.0)
    assert (first["has_year_plan"], second["has_year_plan"]) == (True, False)
    only = runner.invoke(
        app, ["projects", "list", "--stage", "reserve", "--format", "json", "--db", db_file]
    )
    assert [i["code"] for i in json.loads(only.output)["items"]] == ["XM-02"]
    table = runner.invoke(app, ["projects", "list", "--db", db_file])
    assert table.exit_code == 0 and "XM-01" in table.output


def test_import_dry_run_and_bad_rows(db_file: str, tmp_path: Path) -> None:
    good = tmp_path / "more.csv"
    good.write_text("项目编号,项目名称,业主单位\nXM-03,宜宾港扩建,prov.fgw\n", encoding="utf-8")
    dry = runner.invoke(app, ["projects", "import", str(good), "--dry-run", "--db", db_file])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["created"] == 1
    listed = runner.invoke(app, ["projects", "list", "--format", "json", "--db", db_file])
    assert json.loads(listed.output)["total"] == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("项目编号,项目名称,业主单位\nXM-04,某项目,nowhere\n", encoding="utf-8")
    refused = runner.invoke(app, ["projects", "import", str(bad), "--db", db_file])
    assert refused.exit_code == 1
    done = runner.invoke(app, ["projects", "import", str(good), "--db", db_file])
    assert done.exit_code == 0 and json.loads(done.output)["applied"] is True


def test_metrics_and_the_job(db_file: str) -> None:
    figures = runner.invoke(
        app, ["projects", "metrics", "--by", "industry", "--year", "2023", "--db", db_file]
    )
    assert figures.exit_code == 0, figures.output
    assert [g["key"] for g in json.loads(figures.output)["groups"]] == ["other", "transport"]
    jobs = runner.invoke(app, ["jobs", "run", "--at", "2023-03-30T08:00", "--db", db_file])
    assert jobs.exit_code == 0, jobs.output
    lines = [json.loads(line) for line in jobs.output.splitlines() if line.strip()]
    chased = [line for line in lines if line["job"] == "chase"]
    # February's report is a month late (the red notice); March's was due on the 28th.
    assert [(c["object"].split(":")[0], c["subject"], c["step"]) for c in chased] == [
        ("project", "report:2023-02", "notice_red"),
        ("project", "report:2023-03", "urge"),
    ]
    again = runner.invoke(app, ["jobs", "run", "--at", "2023-03-30T09:00", "--db", db_file])
    assert '"chase"' not in again.output
