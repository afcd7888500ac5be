"""``luoshi jobs run`` and ``luoshi tasks list`` on a migrated database file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.supervision import service as supervision
from tests.scenario.world import build_world, local, make_settings, publish_task

runner = CliRunner()


@pytest.fixture
def db_file(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """A database made by ``luoshi init`` with two tasks published on 17 March 2023:
    one accepted by the DRC, one left unanswered by Commerce."""
    path = str(tmp_path / "jobs.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    engine = make_engine(path)
    with transaction(make_sessionmaker(engine)) as session:
        world = build_world(session)
        first = publish_task(
            session, title="Project investment", lead="prov.fgw", due=date(2023, 12, 31)
        )
        publish_task(session, title="Consumption", lead="prov.swt", due=date(2023, 12, 31))
        supervision.accept_task(
            session, actor=world.actors["fgw"], task_id=first, settings=make_settings(tmp_path)
        )
    engine.dispose()
    return path


def run(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_jobs_run_prints_what_it_did_and_does_it_once(db_file: str) -> None:
    lines = run("jobs", "run", "--at", "2023-04-26T08:00", "--db", db_file)
    assert [line for line in lines if line["job"] == "accept_by_default"] == [
        {
            "job": "accept_by_default",
            "on": "2023-04-26",
            "task": "T00002",
            "window_end": "2023-03-28",
        },
    ]
    assert [
        (line["task"], line["to"], line["reasons"]) for line in lines if line["job"] == "light"
    ] == [
        ("T00001", "yellow", ["no report for 2023-04"]),
        ("T00002", "yellow", ["no report for 2023-04"]),
    ]
    assert [
        (line["task"], line["unit"], line["step"], line["subject"], line["recipients"])
        for line in lines
        if line["job"] == "ladder"
    ] == [
        ("T00001", "prov.fgw", "urge", "report:2023-04", ["user:fgw"]),
        ("T00002", "prov.swt", "urge", "report:2023-04", ["user:swt"]),
    ]
    assert run("jobs", "run", "--at", "2023-04-26T09:30", "--db", db_file) == []


def test_jobs_run_on_a_holiday_chases_nobody(db_file: str) -> None:
    lines = run("jobs", "run", "--at", "2023-05-01T08:00+08:00", "--db", db_file)
    assert [line for line in lines if line["job"] == "ladder"] == [
        {"job": "ladder", "on": "2023-05-01", "skipped": "not a working day"}
    ]


def test_jobs_run_refuses_a_bad_date(db_file: str) -> None:
    result = runner.invoke(app, ["jobs", "run", "--at", "26 April", "--db", db_file])
    assert result.exit_code == 2
    assert "is not an ISO date-time" in result.output


def test_tasks_list_filters_by_light_and_unit(db_file: str) -> None:
    run("jobs", "run", "--at", "2023-04-26T08:00", "--db", db_file)
    result = runner.invoke(
        app,
        [
            "tasks",
            "list",
            "--light",
            "yellow",
            "--unit",
            "prov.fgw",
            "--format",
            "json",
            "--db",
            db_file,
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "code": "T00001",
            "title": "Project investment",
            "status": "accepted",
            # The task keeps its reasons in the deployment's language (LUOSHI_LANGUAGE=zh).
            "light": "yellow",
            "light_reasons": ["2023-04未报送进展"],
            "progress": 0,
            "due_date": "2023-12-31",
            "lead_unit": "prov.fgw",
            "co_units": [],
        }
    ]
    none = runner.invoke(
        app, ["tasks", "list", "--light", "red", "--format", "json", "--db", db_file]
    )
    assert json.loads(none.output) == []
    table = runner.invoke(app, ["tasks", "list", "--db", db_file])
    assert table.exit_code == 0
    assert "T00001" in table.output and "T00002" in table.output
    bad = runner.invoke(app, ["tasks", "list", "--format", "xml", "--db", db_file])
    assert bad.exit_code == 2
