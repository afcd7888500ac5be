"""``luoshi support-items list|import``, ``luoshi docking list`` and the support items'
share of ``luoshi jobs run``, on a migrated database file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.directives import service as directives
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockingStatus, DockSource
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import SupportItemCreate, SupportTransition
from luoshi.kernel.permissions import system_actor
from tests.scenario.world import build_world, local, make_settings, publish_task

runner = CliRunner()
MEASURES = ("各地要健全县乡村三级商业网络。", "各地要补齐冷链设施短板。", "各地要推进快递进村。")


@pytest.fixture
def db_file(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """Two support items (one agreed to land by 30 June) and a three-measure national
    document docked: one answered by a task, one not applicable, one unanswered."""
    path = str(tmp_path / "registers.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 4, 17), 9), tick=False)
    settings = make_settings(tmp_path)
    system = system_actor()
    engine = make_engine(path)
    with transaction(make_sessionmaker(engine)) as session:
        build_world(session)
        task_id = publish_task(session, title="县乡村商业网络", lead="prov.swt")
        for code, lead in (("ZC-01", "prov.fgw"), ("ZC-02", "prov.swt")):
            support.create_item(
                session,
                actor=system,
                data=SupportItemCreate(
                    code=code, title=f"争取支持{code}", ministry="商务部", lead_unit=lead
                ),
                settings=settings,
            )
        first = support.list_items(session, actor=system)[0][0]
        support.transition_item(
            session,
            actor=system,
            item_id=first.id,
            data=SupportTransition(
                transition="agree", version=first.version, expected_on=date(2023, 6, 30)
            ),
            settings=settings,
        )
        text = "国务院关于县域商业的通知\n\n" + "\n".join(MEASURES) + "\n"
        source = sources.store_source(
            session, actor=system, text=text, language="zh", data=SourceCreate()
        ).source
        directives.draft_breakdown(
            session,
            actor=system,
            source=source,
            extraction={
                "source": {"language": "zh"},
                "directives": [
                    {
                        "id": f"D{n}",
                        "start": text.index(m),
                        "end": text.index(m) + len(m),
                        "text": m,
                    }
                    for n, m in enumerate(MEASURES, 1)
                ],
            },
        )
        one, two, _ = docking.dock_source(
            session, actor=system, data=DockSource(source_id=source.id)
        )
        docking.assign_measure(
            session,
            actor=system,
            docking_id=one.id,
            data=DockingAssign(version=one.version, owner_unit="prov.swt", task_id=task_id),
        )
        docking.set_status(
            session,
            actor=system,
            docking_id=two.id,
            data=DockingStatus(version=two.version, status="not_applicable", reason="已有政策覆盖"),
            settings=settings,
        )
    engine.dispose()
    return path


def listed(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    page: dict[str, object] = json.loads(result.output)
    return page


def test_support_items_list_prints_the_items_with_their_status_and_light(db_file: str) -> None:
    page = listed("support-items", "list", "--db", db_file)
    assert page["total"] == 2
    first, second = page["items"]  # type: ignore[misc]
    assert {k: first[k] for k in ("code", "ministry", "status", "landed_as")} == {
        "code": "ZC-01",
        "ministry": "商务部",
        "status": "agreed",
        "landed_as": None,
    }
    assert first["ministry_code"] == "cn.mofcom"
    assert first["light"]["color"] == "green" and first["light"]["reasons"]
    assert set(first) >= {"title", "ministry", "status", "landed_as", "light"}
    assert second["status"] == "asked"
    agreed = listed("support-items", "list", "--status", "agreed", "--db", db_file)
    assert agreed["total"] == 1
    table = runner.invoke(app, ["support-items", "list", "--db", db_file])
    assert table.exit_code == 0 and "ZC-02" in table.output


def test_docking_list_prints_every_measure_and_the_unanswered(db_file: str) -> None:
    page = listed("docking", "list", "--db", db_file)
    items = page["items"]
    assert page["total"] == 3
    assert [
        (i["national_measure"], i["status"], i["reason"], i["owner_unit"], i["task_id"] is None)
        for i in items  # type: ignore[attr-defined]
    ] == [
        (MEASURES[0], "not_started", None, "prov.swt", False),
        (MEASURES[1], "not_applicable", "已有政策覆盖", None, True),
        (MEASURES[2], "not_started", None, None, True),
    ]
    unanswered = listed("docking", "list", "--unanswered", "--db", db_file)
    assert [i["national_measure"] for i in unanswered["items"]] == [MEASURES[2]]  # type: ignore[attr-defined]


def test_jobs_run_chases_an_agreed_item_past_its_date_once(db_file: str) -> None:
    def run(at: str) -> list[dict[str, object]]:
        result = runner.invoke(app, ["jobs", "run", "--at", at, "--db", db_file])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.output.splitlines() if line.strip()]

    lines = [line for line in run("2023-07-04T08:00") if line["job"] == "chase"]
    assert [(line["object"], line["step"], line["unit"]) for line in lines] == [
        ("support_item:1", "urge", "prov.fgw")
    ]
    assert [line for line in run("2023-07-04T09:00") if line["job"] == "chase"] == []


def test_support_items_import_dry_run_and_a_bad_file(db_file: str, tmp_path: Path) -> None:
    good = tmp_path / "items.csv"
    good.write_text("code,title,ministry,lead_unit\nZC-09,争取支持,水利部,prov.fgw\n", "utf-8")
    dry = runner.invoke(app, ["support-items", "import", str(good), "--dry-run", "--db", db_file])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["created"] == 1
    assert listed("support-items", "list", "--db", db_file)["total"] == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("code,title,ministry,lead_unit\nZC-09,争取支持,水利部,nowhere\n", "utf-8")
    refused = runner.invoke(app, ["support-items", "import", str(bad), "--db", db_file])
    assert refused.exit_code == 1
    done = runner.invoke(app, ["support-items", "import", str(good), "--db", db_file])
    assert done.exit_code == 0 and listed("support-items", "list", "--db", db_file)["total"] == 3


def test_docking_import_updates_a_measure_by_its_number(db_file: str, tmp_path: Path) -> None:
    source_id = listed("docking", "list", "--db", db_file)["items"][0]["source_id"]  # type: ignore[index]
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("number,owner_unit,status\n3,prov.fgw,drafting\n", "utf-8")
    args = ["docking", "import", str(ledger), "--source-id", str(source_id), "--db", db_file]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0 and json.loads(dry.output)["updated"] == 1, dry.output
    assert listed("docking", "list", "--db", db_file)["items"][2]["status"] == "not_started"  # type: ignore[index]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    third = listed("docking", "list", "--db", db_file)["items"][2]  # type: ignore[index]
    assert (third["owner_unit"], third["status"]) == ("prov.fgw", "drafting")
    bad = tmp_path / "bad.csv"
    bad.write_text("number,status\n4,drafting\n", "utf-8")  # three measures only
    refused = runner.invoke(
        app, ["docking", "import", str(bad), "--source-id", str(source_id), "--db", db_file]
    )
    assert refused.exit_code == 1 and "no measure 4" in refused.output
