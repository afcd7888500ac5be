"""The key projects' API, imports and pages on both databases: register, list with the
year's figures and light, stale edits refused, reports with a derived cumulative, metrics,
CSV and Excel imports all or nothing, and the pages with their forms."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook

from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_HEADER
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings

Login = Callable[[str], TestClient]

pytestmark = pytest.mark.pg

CSV_HEADER = (
    "项目编号,项目名称,业主单位,所在地区,行业,项目级别,项目阶段,实际开工日期,"
    "总投资（万元）,年度计划投资（万元）,纳入国家规划,国家规划名称,纳入日期\n"
)
GOOD_CSV = CSV_HEADER + (
    "XM-101,成绵高速扩容工程,prov.fgw,绵阳市,交通,省重点,在建,2022-05-10,"
    "3500000,600000,已申报,国家公路网规划,\n"
    "XM-102,锦江区医院新院区,prov.cd.jj,锦江区,社会事业,市级,储备,,80000,,否,,\n"
)


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="p" * 40)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 27), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def register(office: TestClient, code: str = "XM-001", **extra: Any) -> dict[str, Any]:
    body = {
        "code": code,
        "name": "川西水电站二期",
        "owner_unit": "prov.fgw",
        "region_unit": "prov.my",
        "industry": "energy",
        "stage": "under_construction",
        "actual_start": "2022-09-01",
        "total_investment": "120000.50",
        "investment_before": "20000",
        "year_plans": [{"year": 2023, "planned_investment": "24000"}],
        **extra,
    }
    return ok(office.post("/api/projects", json=body), 201)


def test_register_list_report_and_metrics(world: World, login: Login) -> None:
    office, owner = login("office"), login("fgw")
    made = register(office)
    assert made["investment_planned_year"] == 24000.0 and made["total_investment"] == 120000.5
    # January and February are owed and missing on 27 March: red, both months named.
    assert made["light"]["color"] == "red"
    assert "2023-01, 2023-02" in made["light"]["reasons"][-1]
    for period, amount in (("2023-02", "1500"), ("2023-01", "2500")):
        ok(
            owner.post(
                f"/api/projects/{made['id']}/reports",
                json={"period": period, "investment_month": amount, "progress": "导流洞施工"},
            ),
            201,
        )
    reports = ok(owner.get(f"/api/projects/{made['id']}/reports"))
    assert [(r["period"], r["investment_cumulative"]) for r in reports] == [
        ("2023-01", 22500.0),
        ("2023-02", 24000.0),
    ]
    assert [r["late"] for r in reports] == [True, True]
    refused = owner.post(
        f"/api/projects/{made['id']}/reports",
        json={"period": "2023-05", "investment_month": "1"},
    )
    assert refused.status_code == 422 and "2023-05" in refused.json()["message"]
    again = owner.post(
        f"/api/projects/{made['id']}/reports", json={"period": "2023-01", "investment_month": "1"}
    )
    assert again.status_code == 409

    page = ok(office.get("/api/projects", params={"stage": "under_construction"}))
    assert page["total"] == 1
    item = page["items"][0]
    assert item["investment_actual_ytd"] == 4000.0
    assert item["investment_cumulative"] == 24000.0
    assert ok(office.get("/api/projects", params={"region": "prov.cd"}))["total"] == 0

    figures = ok(office.get("/api/projects/metrics", params={"by": "industry", "year": 2023}))
    assert figures["groups"][0]["key"] == "energy"
    assert figures["total"]["plan_completion"] == pytest.approx(4000 / 24000)
    assert office.get("/api/projects/metrics", params={"by": "colour"}).status_code == 422


def test_edits_take_the_version_read(world: World, login: Login) -> None:
    office = login("office")
    made = register(office)
    pid, version = made["id"], made["version"]
    edited = ok(office.patch(f"/api/projects/{pid}", json={"version": version, "name": "新名称"}))
    assert edited["name"] == "新名称" and edited["version"] == version + 1
    stale = office.patch(f"/api/projects/{pid}", json={"version": version, "name": "旧名称"})
    assert stale.status_code == 409
    plan = office.post(
        f"/api/projects/{pid}/national-plan",
        json={"status": "included", "plan_name": "国家水网规划", "version": edited["version"]},
    )
    assert plan.status_code == 422 and "date" in plan.json()["message"]
    skipped = office.post(
        f"/api/projects/{pid}/stage",
        json={"to_stage": "in_operation", "version": edited["version"]},
    )
    assert skipped.status_code == 409
    moved = ok(
        office.post(
            f"/api/projects/{pid}/stage",
            json={"to_stage": "completed", "day": "2023-03-20", "version": edited["version"]},
        )
    )
    assert (moved["stage"], moved["actual_completion"]) == ("completed", "2023-03-20")
    assert [s["to_stage"] for s in moved["stages"]] == ["under_construction", "completed"]


def test_an_import_applies_all_rows_or_none(world: World, login: Login) -> None:
    office = login("office")

    def upload(content: bytes, name: str = "projects.csv", dry_run: bool = False) -> Response:
        return office.post(
            "/api/projects/import",
            params={"dry_run": str(dry_run).lower()},
            files={"file": (name, content, "application/octet-stream")},
        )

    dry = ok(upload(GOOD_CSV.encode("utf-8-sig"), dry_run=True))
    assert (dry["created"], dry["applied"]) == (2, False)
    assert ok(office.get("/api/projects"))["total"] == 0

    bad = GOOD_CSV + "XM-103,无业主项目,省不存在厅,,交通,省重点,储备,,1,,否,,\n"
    bad += "XM-104,日期错误项目,prov.fgw,,外星,省重点,储备,,1,,否,,\n"
    refused = upload(bad.encode("gb18030"))
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(4, "owner_unit"), (5, "industry")]
    assert ok(office.get("/api/projects"))["total"] == 0

    done = ok(upload(GOOD_CSV.encode("gb18030")))
    assert (done["created"], done["applied"]) == (2, True)
    items = {p["code"]: p for p in ok(office.get("/api/projects"))["items"]}
    assert items["XM-101"]["national_plan"] == "applied"
    assert items["XM-101"]["investment_planned_year"] == 600000.0
    assert items["XM-102"]["stage"] == "reserve"

    # The same file again changes nothing; a workbook updates one plan.
    again = ok(upload(GOOD_CSV.encode("utf-8")))
    assert (again["unchanged"], again["updated"], again["created"]) == (2, 0, 0)
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "owner_unit", "planned_investment", "year"])
    sheet.append(["XM-101", "成绵高速扩容工程", "prov.fgw", 650000, 2023])
    buffer = io.BytesIO()
    book.save(buffer)
    updated = ok(upload(buffer.getvalue(), "projects.xlsx"))
    assert updated["updated"] == 1

    stage_jump = (
        CSV_HEADER + "XM-102,锦江区医院新院区,prov.cd.jj,锦江区,社会事业,市级,竣工,,80000,,否,,\n"
    )
    jumped = upload(stage_jump.encode("utf-8"))
    assert jumped.status_code == 422 and jumped.json()["errors"][0]["column"] == "stage"

    assert upload(b"\xff\xfe\x00garbage\x81\x00", "projects.csv").status_code == 422
    broken = upload(b"PK\x03\x04 not really a workbook", "projects.xlsx")
    assert broken.status_code == 422 and "workbook" in broken.json()["message"]
    missing = upload("项目名称\n某项目\n".encode(), "projects.csv")
    assert missing.status_code == 422 and "code" in missing.json()["message"]


def test_the_pages_list_show_and_take_a_report_with_a_photo(world: World, login: Login) -> None:
    office, owner = login("office"), login("fgw")
    made = register(office)
    listing = office.get("/projects", params={"lang": "zh"})
    assert listing.status_code == 200 and "川西水电站二期" in listing.text
    assert office.get("/projects/metrics").status_code == 200
    by_industry = office.get("/projects/metrics", params={"by": "industry", "lang": "en"})
    assert by_industry.status_code == 200 and "Energy" in by_industry.text
    filtered = office.get("/projects", params={"stage": "reserve", "region": "prov.my"})
    assert filtered.status_code == 200 and "川西水电站二期" not in filtered.text
    page = owner.get(f"/projects/{made['id']}")
    assert page.status_code == 200 and 'name="period" value="2023-01"' in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    del owner.headers[CSRF_HEADER]  # the form's own field carries the token, as in a browser
    filed = owner.post(
        f"/projects/{made['id']}/reports",
        data={
            "csrf_token": token.group(1),
            "period": "2023-01",
            "investment_month": "2,500",
            "progress": "大坝浇筑",
        },
        files=[("files", ("dam.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png"))],
        follow_redirects=False,
    )
    assert filed.status_code == 303, filed.text
    shown = owner.get(f"/projects/{made['id']}")
    assert "dam.png" in shown.text and "2023-02" in shown.text
    no_token = owner.post(
        f"/projects/{made['id']}/reports", data={"period": "2023-02", "investment_month": "1"}
    )
    assert no_token.status_code == 403
    refused = office.post(
        f"/projects/{made['id']}/year-plan",
        data={"year": "2023", "planned_investment": "lots", "version": str(made["version"])},
    )
    assert refused.status_code == 422 and "lots" in refused.text
