"""The livelihood and indicator API, imports and pages, on both databases."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import openpyxl
import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings

MATTER = {
    "year": 2023,
    "number": 7,
    "name": "新增养老机构护理型床位",
    "lead_unit": "prov.fgw",
    "targets": [
        {"name": "护理型床位", "measure": "张", "target_value": 1200},
        {"name": "成都市护理型床位", "measure": "张", "target_value": 300, "lead_unit": "prov.cd"},
    ],
}
LIST_CSV = (
    "年度,序号,事项名称,牵头单位,报送周期,目标名称,计量单位,基数,目标值,责任单位,涉及地区,期次,完成值\n"
    "2023,1,新增公办幼儿园学位,prov.fgw,月,新增学位,个,0,12000,,,2023-04,3800\n"
    "2023,1,新增公办幼儿园学位,prov.fgw,月,成都市新增学位,个,0,3000,成都市,成都市,,\n"
    '2023,2,改造农村公路,省商务厅,季,新改建农村公路,公里,0,800,,"prov.cd,prov.my",2023Q1,150\n'
)
INDICATOR_CSV = (
    "指标编号,指标名称,计量单位,方向,责任单位,期次,地区,目标值,实际值\n"
    "gdp,地区生产总值增速,%,越高越好,prov.fgw,2023Q1,prov,5.5,5.0\n"
    "gdp,,,,,2023Q1,成都市,6.0,7.1\n"
    "gdp,,,,,2023,prov,6.0,\n"
)


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(
        tmp_path, database_url=db.url, secret_key="m" * 40, session_max_age_seconds=86400
    )


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 5, 15), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def _upload(
    client: TestClient, path: str, name: str, content: bytes, dry_run: bool = False
) -> httpx.Response:
    return client.post(
        path, params={"dry_run": str(dry_run).lower()}, files={"file": (name, content)}
    )


def test_a_matter_through_the_api(login: Callable[[str], TestClient]) -> None:
    office, fgw, city = login("office"), login("fgw"), login("cd")
    created = office.post("/api/livelihood", json=MATTER)
    assert created.status_code == 201, created.text
    matter = created.json()
    assert matter["light"]["color"] == "red"  # four months owed, nothing reported
    own, co = (t["id"] for t in matter["targets"])
    assert office.post("/api/livelihood", json=MATTER).status_code == 409  # same number

    filed = fgw.post(
        f"/api/livelihood/targets/{own}/values", json={"period": "2023-04", "value": 400}
    )
    assert filed.status_code == 201, filed.text
    again = fgw.post(
        f"/api/livelihood/targets/{own}/values",
        json={"period": "2023-04", "value": 420, "version": filed.json()["version"]},
    )
    assert again.status_code == 200, again.text
    stale = fgw.post(
        f"/api/livelihood/targets/{own}/values",
        json={"period": "2023-04", "value": 430, "version": filed.json()["version"]},
    )
    assert stale.status_code == 409
    bad = city.post(f"/api/livelihood/targets/{co}/values", json={"period": "2023Q1", "value": 1})
    assert bad.status_code == 422 and "monthly" in bad.json()["message"]

    listed = office.get("/api/livelihood", params={"year": 2023}).json()
    assert listed["total"] == 1
    target = listed["items"][0]["targets"][0]
    assert (target["actual_value"], target["latest_period"]) == (420, "2023-04")
    assert target["light"]["color"] == "green"
    assert office.get("/api/livelihood", params={"light": "purple"}).status_code == 422

    stale_edit = office.patch(
        f"/api/livelihood/{matter['id']}", json={"version": 0, "name": "改名"}
    )
    assert stale_edit.status_code == 409
    # Values and lights are no edit of the matter: the version read at creation still holds.
    current = office.get(f"/api/livelihood/{matter['id']}").json()
    assert current["version"] == matter["version"]
    edited = office.patch(
        f"/api/livelihood/{matter['id']}", json={"version": current["version"], "name": "改名"}
    )
    assert edited.status_code == 200 and edited.json()["name"] == "改名"
    history = office.get(f"/api/livelihood/{matter['id']}/history").json()
    assert {"livelihood.create", "livelihood.report", "livelihood.update"} <= {
        e["action"] for e in history
    }


def test_an_indicator_through_the_api(login: Callable[[str], TestClient]) -> None:
    office, fgw = login("office"), login("fgw")
    made = office.post(
        "/api/indicators",
        json={"code": "gdp", "name": "地区生产总值增速", "owner_unit": "prov.fgw"},
    )
    assert made.status_code == 201, made.text
    gdp = made.json()["id"]
    for period, region, value in (("2023Q1", "prov", 5.5), ("2023", "prov", 6.0)):
        answer = office.put(
            f"/api/indicators/{gdp}/targets",
            json={"period": period, "region": region, "target_value": value},
        )
        assert answer.status_code == 200, answer.text
    assert (
        office.put(
            f"/api/indicators/{gdp}/targets",
            json={"period": "2023Q2", "region": "prov", "target_value": 5},
        ).status_code
        == 422
    )
    early = fgw.put(
        f"/api/indicators/{gdp}/actuals",
        json={"period": "2023H1", "region": "prov", "actual_value": 5.0},
    )
    assert early.status_code == 422  # the half is not over
    entered = fgw.put(
        f"/api/indicators/{gdp}/actuals",
        json={"period": "2023Q1", "region": "prov", "actual_value": 5.0},
    )
    assert entered.status_code == 200
    assert entered.json()["light"]["color"] == "yellow"
    board = office.get("/api/indicators/board", params={"period": "2023Q1"}).json()
    cell = board["rows"][0]["cells"]["gdp"]
    assert (cell["target_value"], cell["actual_value"], cell["year_target"]) == (5.5, 5.0, 6.0)
    values = office.get("/api/indicators/values", params={"period": "2023Q1"}).json()
    assert [(v["region"]["code"], v["light"]["color"]) for v in values] == [("prov", "yellow")]


def test_the_list_imports_all_or_nothing(login: Callable[[str], TestClient]) -> None:
    office, fgw = login("office"), login("fgw")
    without_values = "\n".join(
        line.rsplit(",", 2)[0] for line in LIST_CSV.strip().splitlines()
    ).encode("gb18030")
    dry = _upload(office, "/api/livelihood/import", "list.csv", without_values, dry_run=True)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["applied"], dry.json()["created"], dry.json()["updated"]) == (False, 2, 1)
    assert office.get("/api/livelihood").json()["total"] == 0
    # The office may not file a lead unit's value: the rows with values are refused, and
    # nothing of the file is kept.
    refused = _upload(office, "/api/livelihood/import", "list.csv", LIST_CSV.encode("utf-8-sig"))
    assert refused.status_code == 422
    assert {e["row"] for e in refused.json()["errors"]} == {2, 4}
    assert office.get("/api/livelihood").json()["total"] == 0

    applied = _upload(office, "/api/livelihood/import", "list.csv", without_values)
    assert applied.status_code == 200, applied.text
    assert (applied.json()["created"], applied.json()["updated"]) == (2, 1)
    items = office.get("/api/livelihood").json()["items"]
    assert [len(m["targets"]) for m in items] == [2, 1]
    assert items[0]["targets"][1]["lead_unit"]["code"] == "prov.cd"
    assert items[1]["report_cycle"] == "quarterly"
    assert items[1]["targets"][0]["regions"] == ["prov.cd", "prov.my"]
    again = _upload(office, "/api/livelihood/import", "list.csv", without_values)
    assert again.json()["unchanged"] == 3

    # The lead unit imports its values (only its own matters' targets).
    values = (
        "年度,序号,事项名称,牵头单位,目标名称,计量单位,目标值,期次,完成值\n"
        "2023,1,新增公办幼儿园学位,prov.fgw,新增学位,个,12000,2023-04,3800\n"
    ).encode()
    filed = _upload(fgw, "/api/livelihood/import", "values.csv", values)
    assert filed.status_code == 200, filed.text
    assert filed.json()["updated"] == 1
    changed = values.replace(b",12000,", b",13000,")
    refused = _upload(fgw, "/api/livelihood/import", "values.csv", changed)
    assert refused.status_code == 422  # …but it may not change the list itself
    assert "may not" in refused.json()["errors"][0]["message"]
    target = office.get("/api/livelihood").json()["items"][0]["targets"][0]
    assert (target["target_value"], target["actual_value"]) == (12000, 3800)

    bad_rows = (
        "年度,序号,事项名称,牵头单位,计量单位,目标值\n"
        "2023,3,新建公共厕所,prov.nowhere,座,100\n"
        "2023,x,新建公共厕所,prov.fgw,座,100\n"
        "2023,4,新建公共厕所,prov.fgw,座,很多\n"
        "2023,5,新建公共厕所,prov.fgw,座,100\n"
    ).encode()
    failed = _upload(office, "/api/livelihood/import", "bad.csv", bad_rows)
    assert failed.status_code == 422
    errors = {e["row"]: e["column"] for e in failed.json()["errors"]}
    assert errors == {2: "lead_unit", 3: "number", 4: "target_value"}
    assert office.get("/api/livelihood").json()["total"] == 2  # row 5 not kept either

    missing = _upload(office, "/api/livelihood/import", "m.csv", "年度,序号\n2023,1\n".encode())
    assert missing.status_code == 422 and "matter" in missing.json()["message"]
    wrong = _upload(office, "/api/livelihood/import", "w.csv", b"\xff\xfe\x00bad\x81\x00")
    assert wrong.status_code == 422
    broken = _upload(office, "/api/livelihood/import", "b.xlsx", b"PK\x03\x04 not a workbook")
    assert broken.status_code == 422
    assert office.get("/api/livelihood").json()["total"] == 2


def test_indicators_import_from_excel(login: Callable[[str], TestClient]) -> None:
    office = login("office")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in INDICATOR_CSV.strip().splitlines():
        sheet.append([cell or None for cell in line.split(",")])
    buffer = io.BytesIO()
    book.save(buffer)
    answer = _upload(office, "/api/indicators/import", "indicators.xlsx", buffer.getvalue())
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 3
    values = office.get("/api/indicators/values", params={"indicator": "gdp"}).json()
    assert [(v["period"], v["region"]["code"], v["light"]["color"]) for v in values] == [
        ("2023", "prov", "not_started"),
        ("2023Q1", "prov", "yellow"),
        ("2023Q1", "prov.cd", "green"),
    ]
    unknown = "指标编号,期次,地区,目标值\nnope,2023Q1,prov,1\n".encode()
    failed = _upload(office, "/api/indicators/import", "u.csv", unknown)
    assert failed.status_code == 422
    assert "name and owner unit" in failed.json()["errors"][0]["message"]


def test_the_pages_list_show_and_take_a_form(login: Callable[[str], TestClient]) -> None:
    office, city = login("office"), login("cd")
    matter = office.post("/api/livelihood", json=MATTER).json()
    co = matter["targets"][1]["id"]
    office.post(
        "/api/indicators",
        json={"code": "gdp", "name": "地区生产总值增速", "owner_unit": "prov.fgw"},
    )
    page = office.get("/livelihood", params={"year": "2023"})
    assert page.status_code == 200 and "新增养老机构护理型床位" in page.text
    detail = city.get(f"/livelihood/{matter['id']}")
    assert detail.status_code == 200
    assert f'name="target_id" value="{co}"' in detail.text  # the city reports its own target
    assert 'name="target_id" value="{}"'.format(matter["targets"][0]["id"]) not in detail.text
    posted = city.post(
        f"/livelihood/{matter['id']}/values",
        data={"target_id": str(co), "period": "2023-04", "value": "120"},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    shown = city.get(f"/livelihood/{matter['id']}")
    assert "120" in shown.text
    refused = city.post(
        f"/livelihood/{matter['id']}/values",
        data={"target_id": str(co), "period": "2023-09", "value": "1"},
    )
    assert refused.status_code == 422 and "has not begun" in refused.text
    stale = office.post(
        f"/livelihood/{matter['id']}/edit",
        data={"version": "0", "name": "改名"},
    )
    assert stale.status_code == 409
    assert office.get(f"/api/livelihood/{matter['id']}").json()["name"] == matter["name"]
    board = office.get("/indicators")
    assert board.status_code == 200 and "地区生产总值增速" in board.text
