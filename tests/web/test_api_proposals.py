"""The proposals API: create and read, the steps to a sent reply, statistics, and the
CSV/Excel import (good file, bad rows change nothing, dry run, wrong encoding, broken
workbook)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings

HEADER = "届次,编号,类型,案由,领衔人,附议人,分类,主办单位,协办单位\n"
GOOD = (
    HEADER
    + "2023 省十四届人大一次会议,0201,建议,关于发展夜间经济的建议,马代表,牛代表、杨代表,"
    + "财经,省商务厅,prov.fgw\n"
    + "2023 省政协十三届一次会议,0301,提案,关于加强科普阵地建设的提案,林委员,,教科文卫,,\n"
)


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="p" * 40)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def _upload(client: TestClient, content: bytes, name: str, dry_run: bool = False) -> Any:
    return client.post(
        f"/api/proposals/import?dry_run={'true' if dry_run else 'false'}",
        files={"file": (name, content, "text/csv")},
    )


def test_from_registration_to_a_sent_reply_with_its_task(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office, fgw = login("office"), login("fgw")
    created = office.post(
        "/api/proposals",
        json={
            "session": "2023 省十四届人大一次会议",
            "number": "0100",
            "kind": "suggestion",
            "title": "关于加快充电桩建设的建议",
            "proposer": "何代表",
            "co_signers": ["吕代表"],
        },
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert created.json()["light"] == "not_started"
    assigned = office.post(f"/api/proposals/{pid}/assign", json={"lead_unit": "prov.fgw"})
    assert assigned.json()["reply_due"] == "2023-06-17"
    assert assigned.json()["return_window_end"] == "2023-03-24"
    version = assigned.json()["version"]
    assert (
        fgw.post(f"/api/proposals/{pid}/accept", json={"version": version - 1}).status_code == 409
    )
    assert fgw.post(f"/api/proposals/{pid}/accept", json={"version": version}).status_code == 200
    reply = {"outcome": "B", "text": "已列入计划", "commitment": "年内建成充电桩1万个"}
    assert fgw.put(f"/api/proposals/{pid}/reply", json=reply).status_code == 200
    submitted = fgw.post(f"/api/proposals/{pid}/submit", json={})
    assert submitted.json()["state"] == "countersigned"  # no co-units
    sent = office.post(f"/api/proposals/{pid}/send", json={})
    assert sent.status_code == 200, sent.text
    body = sent.json()
    assert (body["state"], body["outcome"], len(body["task_ids"])) == ("replied", "B", 1)
    assert body["replies"][0]["on_time"] is True
    task = fgw.get(f"/api/tasks/{body['task_ids'][0]}").json()
    assert (task["status"], task["due_date"]) == ("assigned", "2023-12-31")
    history = office.get(f"/api/proposals/{pid}/history").json()
    assert history[0]["action"] in ("proposal.send_reply", "proposal.light")
    stats = office.get("/api/proposals/stats").json()
    assert stats["overall"]["on_time_rate"] == 1.0
    assert stats["by_kind"]["suggestion"]["outcomes"]["B"] == 1
    assert stats["by_unit"] == [{"unit": "prov.fgw", "stats": stats["overall"]}]
    listed = office.get("/api/proposals", params={"session": "2023 省十四届人大一次会议"})
    assert listed.json()["total"] == 1
    assert office.get("/api/proposals", params={"outcome": "A"}).json()["total"] == 0


def test_import_a_good_file_in_gb18030_then_again_unchanged(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    dry = _upload(office, GOOD.encode("gb18030"), "p.csv", dry_run=True)
    assert dry.status_code == 200, dry.text
    assert dry.json()["created"] == 2 and dry.json()["applied"] is False
    assert office.get("/api/proposals").json()["total"] == 0
    done = _upload(office, GOOD.encode("gb18030"), "p.csv")
    assert done.json()["created"] == 2 and done.json()["applied"] is True
    items = {p["number"]: p for p in office.get("/api/proposals").json()["items"]}
    assert items["0201"]["state"] == "assigned"
    assert items["0201"]["lead_unit"]["code"] == "prov.swt"
    assert [u["code"] for u in items["0201"]["co_units"]] == ["prov.fgw"]
    assert items["0201"]["co_signers"] == ["牛代表", "杨代表"]
    assert items["0301"]["state"] == "registered" and items["0301"]["kind"] == "proposal"
    again = _upload(office, GOOD.encode("utf-8-sig"), "p.csv")
    assert again.json()["unchanged"] == 2


def test_bad_rows_are_each_reported_and_nothing_is_kept(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    bad = (
        GOOD
        + "2023 省十四届人大一次会议,0202,意见,标题,某人,,,,\n"
        + "2023 省十四届人大一次会议,0203,建议,标题,某人,,,不存在的单位,\n"
        + "2023 省十四届人大一次会议,0204,建议,,某人,,,,\n"
    )
    response = _upload(office, bad.encode("utf-8"), "bad.csv")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (4, "kind"),
        (5, "lead_unit"),
        (6, "title"),
    ]
    assert office.get("/api/proposals").json()["total"] == 0


def test_bad_files_are_refused_with_a_message_and_a_workbook_imports(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    for content, name, says in (
        (GOOD.encode("utf-16"), "p.csv", "CSV"),  # a wrong encoding
        (b"PK\x03\x04 not really a workbook", "p.xlsx", "workbook"),
        ("编号,案由\n1,x\n".encode(), "p.csv", "session"),  # a missing column
    ):
        response = _upload(office, content, name)
        assert response.status_code == 422, response.text
        assert says in response.json()["message"]
    assert office.get("/api/proposals").json()["total"] == 0
    assert _upload(login("fgw"), GOOD.encode(), "p.csv").status_code == 403
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    response = _upload(office, out.getvalue(), "p.xlsx")
    assert response.json()["created"] == 2, response.text
