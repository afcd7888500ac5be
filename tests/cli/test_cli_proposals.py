"""``luoshi proposals list|import|stats`` on a migrated database file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from tests.scenario.proposals import stage
from tests.scenario.world import build_world, local, make_settings

runner = CliRunner()


@pytest.fixture
def db_file(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """Two suggestions: one answered in class B (its commitment a task), one accepted."""
    path = str(tmp_path / "proposals.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    engine = make_engine(path)
    settings = make_settings(tmp_path)
    with transaction(make_sessionmaker(engine)) as session:
        world = build_world(session)
        stage(session, world, settings, "replied", outcome="B")
        stage(session, world, settings, "accepted")
    engine.dispose()
    return path


def test_list_prints_items_with_their_state_outcome_tasks_and_light(db_file: str) -> None:
    result = runner.invoke(app, ["proposals", "list", "--format", "json", "--db", db_file])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == 2
    answered, open_ = page["items"]
    for item in page["items"]:
        assert {"kind", "number", "state", "outcome", "satisfaction", "task_ids", "light"} <= set(
            item
        )
        assert set(item["light"]) == {"color", "reasons"}
        assert all(isinstance(r, str) for r in item["light"]["reasons"])
    assert (answered["kind"], answered["state"], answered["outcome"]) == (
        "suggestion",
        "replied",
        "B",
    )
    assert answered["satisfaction"] is None and len(answered["task_ids"]) == 1
    assert answered["light"]["color"] == "completed"
    assert (open_["state"], open_["outcome"], open_["task_ids"]) == ("accepted", None, [])
    assert open_["light"]["color"] in ("green", "yellow", "red")
    only = runner.invoke(
        app, ["proposals", "list", "--state", "accepted", "--format", "json", "--db", db_file]
    )
    assert json.loads(only.output)["total"] == 1
    table = runner.invoke(app, ["proposals", "list", "--db", db_file])
    assert table.exit_code == 0 and "2 in all" in table.output


def test_import_dry_run_then_apply_and_stats(db_file: str, tmp_path: Path) -> None:
    good = tmp_path / "p.csv"
    good.write_text(
        "session,number,kind,title,proposer,lead_unit\n"
        "2023 省政协十三届一次会议,0301,proposal,关于加强科普阵地建设的提案,林委员,prov.jxt\n",
        encoding="utf-8",
    )
    dry = runner.invoke(app, ["proposals", "import", str(good), "--dry-run", "--db", db_file])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["applied"] is False
    done = runner.invoke(app, ["proposals", "import", str(good), "--db", db_file])
    assert json.loads(done.output)["created"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("session,number,kind,title,proposer\ns,1,意见,t,x\n", encoding="utf-8")
    refused = runner.invoke(app, ["proposals", "import", str(bad), "--db", db_file])
    assert refused.exit_code == 1
    listed = runner.invoke(app, ["proposals", "list", "--format", "json", "--db", db_file])
    assert json.loads(listed.output)["total"] == 3
    stats = runner.invoke(app, ["proposals", "stats", "--db", db_file])
    assert stats.exit_code == 0, stats.output
    body = json.loads(stats.output)
    assert body["overall"]["outcomes"]["B"] == 1
    assert body["by_kind"]["proposal"]["total"] == 1
