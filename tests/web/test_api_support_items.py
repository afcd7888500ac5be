"""The support-item API: enter, agree, land as a fund, history, refusals that change
nothing, and imports from CSV and Excel (good, bad rows, dry run, wrong encoding, broken
workbook)."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
from fastapi.testclient import TestClient

from luoshi.domains.support import service as support
from luoshi.kernel.permissions import system_actor
from tests.conftest import Database
from tests.scenario.world import World
from tests.web.registers_world import registers_app, registers_settings, registers_world

__all__ = ["registers_app", "registers_settings", "registers_world"]

ITEM = {
    "code": "ZC-01",
    "title": "争取中央预算内投资",
    "ministry": "国家发改委",
    "lead_unit": "prov.fgw",
}


def count(db: Database) -> int:
    with db.session() as session:
        return support.list_items(session, actor=system_actor())[1]


def test_an_item_is_entered_agreed_and_lands_as_a_fund(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office, fgw = login("office"), login("fgw")
    created = office.post("/api/support-items", json={**ITEM, "asked_on": "2023-03-01"})
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["status"], item["ministry_code"], item["light"]["color"]) == (
        "asked",
        "cn.ndrc",
        "green",
    )
    path = f"/api/support-items/{item['id']}"
    agreed = fgw.post(
        f"{path}/transitions",
        json={"transition": "agree", "version": item["version"], "expected_on": "2023-06-30"},
    )
    assert agreed.status_code == 200, agreed.text
    version = agreed.json()["version"]
    refused = fgw.post(
        f"{path}/transitions", json={"transition": "land", "version": version, "landed_as": "fund"}
    )
    assert refused.status_code == 422 and "amount" in refused.json()["message"]
    stale = fgw.post(
        f"{path}/transitions",
        json={"transition": "land", "version": version - 1, "landed_as": "fund", "fund_amount": 1},
    )
    assert stale.status_code == 409
    landed = fgw.post(
        f"{path}/transitions",
        json={
            "transition": "land",
            "version": version,
            "landed_as": "fund",
            "fund_amount": "5000.50",
            "on": "2023-04-15",
        },
    )
    assert landed.status_code == 422 and "before" in landed.json()["message"]
    landed = fgw.post(
        f"{path}/transitions",
        json={
            "transition": "land",
            "version": version,
            "landed_as": "fund",
            "fund_amount": "5000.50",
        },
    )
    assert landed.status_code == 200, landed.text
    assert (landed.json()["fund_amount"], landed.json()["light"]["color"]) == (
        "5000.50",
        "completed",
    )
    detail = fgw.get(path).json()
    assert [(h["on"], h["to_status"]) for h in detail["history"]] == [
        ("2023-03-01", "asked"),
        ("2023-04-17", "agreed"),
        ("2023-04-17", "landed"),
    ]
    assert detail["allowed_transitions"] == []
    assert office.get("/api/support-items?status=landed").json()["total"] == 1
    assert office.get("/api/support-items?status=asked").json()["total"] == 0
    assert len(office.get(f"{path}/history").json()) == 3
    future = office.post("/api/support-items", json={**ITEM, "code": "ZC-02"}).json()
    ahead = office.post(
        f"/api/support-items/{future['id']}/transitions",
        json={"transition": "agree", "version": future["version"], "on": "2023-05-01"},
    )
    assert ahead.status_code == 422 and "future" in ahead.json()["message"]


def test_an_edit_by_the_office_and_a_stale_one(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    item = office.post("/api/support-items", json=ITEM).json()
    path = f"/api/support-items/{item['id']}"
    edited = office.patch(path, json={"version": item["version"], "lead_unit": "prov.cd"})
    assert edited.status_code == 200 and edited.json()["lead_unit"]["code"] == "prov.cd"
    assert office.patch(path, json={"version": item["version"], "title": "X"}).status_code == 409
    outside = office.patch(path, json={"version": edited.json()["version"], "lead_unit": "nope"})
    assert outside.status_code == 422


CSV_HEADER = (
    "编号,事项名称,对接部委,牵头单位,状态,提出日期,达成日期,预计落地日期,落地形式,"
    "资金金额（万元）,放弃原因\n"
)
GOOD_ROWS = (
    "ZC-11,争取冷链物流骨干基地,国家发展改革委,prov.fgw,已提出,2023-02-01,,,,,\n"
    "ZC-12,争取县域商业体系示范,商务部,省商务厅,已达成一致,2023/2/10,2023年3月5日,2023-06-30,,,\n"
    'ZC-13,争取乡村振兴补助资金,财政部,prov.fgw,已落地,2023-01-05,2023-02-01,,资金,"8,600",\n'
    "ZC-14,争取新设综合试验区,商务部,prov.swt,已放弃,2023-01-20,,,,,本年度不新设\n"
)


def upload(
    client: TestClient, content: bytes, name: str, dry_run: bool = False
) -> dict[str, object]:
    response = client.post(
        f"/api/support-items/import?dry_run={'true' if dry_run else 'false'}",
        files={"file": (name, content, "application/octet-stream")},
    )
    return {"status": response.status_code, **response.json()}


def test_a_good_sheet_is_imported_in_gb18030_and_again_as_updates(
    db: Database, world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    dry = upload(office, (CSV_HEADER + GOOD_ROWS).encode("gb18030"), "items.csv", dry_run=True)
    assert (dry["status"], dry["applied"], dry["created"]) == (200, False, 4)
    assert count(db) == 0
    done = upload(office, (CSV_HEADER + GOOD_ROWS).encode("gb18030"), "items.csv")
    assert (done["status"], done["applied"], done["created"]) == (200, True, 4), done
    listed = {i["code"]: i for i in office.get("/api/support-items").json()["items"]}
    assert {c: i["status"] for c, i in listed.items()} == {
        "ZC-11": "asked",
        "ZC-12": "agreed",
        "ZC-13": "landed",
        "ZC-14": "dropped",
    }
    assert listed["ZC-12"]["agreed_on"] == "2023-03-05"
    assert listed["ZC-12"]["lead_unit"]["code"] == "prov.swt"
    assert listed["ZC-13"]["fund_amount"] == "8600.00"
    later = (
        CSV_HEADER
        + "ZC-11,争取冷链物流骨干基地,国家发展改革委,prov.fgw,已达成一致,,2023-04-01,,,,\n"
    )
    again = upload(office, (CSV_HEADER + GOOD_ROWS).encode("utf-8-sig"), "items.csv")
    assert (again["unchanged"], again["updated"]) == (4, 0)
    moved = upload(office, later.encode("utf-8"), "items.csv")
    assert (moved["status"], moved["updated"]) == (200, 1)


def test_bad_rows_are_each_named_and_nothing_is_kept(
    db: Database, world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    bad = (
        CSV_HEADER
        + GOOD_ROWS
        + "ZC-15,无牵头单位,商务部,prov.nowhere,已提出,,,,,,\n"
        + "ZC-16,落地但无金额,财政部,prov.fgw,已落地,,,,资金,,\n"
        + "ZC-17,坏日期,财政部,prov.fgw,已提出,2023-13-45,,,,,\n"
        + "ZC-18,坏状态,财政部,prov.fgw,办结,,,,,,\n"
    )
    report = upload(office, bad.encode("utf-8"), "items.csv")
    assert report["status"] == 422 and report["applied"] is False
    rows = {e["row"]: e for e in report["errors"]}  # type: ignore[union-attr]
    assert sorted(rows) == [6, 7, 8, 9]
    assert "prov.nowhere" in rows[6]["message"]
    assert "amount" in rows[7]["message"]
    assert rows[8]["column"] == "asked_on" and rows[9]["column"] == "status"
    assert count(db) == 0


def test_a_wrong_encoding_a_broken_workbook_and_a_missing_column_are_refused_whole(
    db: Database, world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    utf16 = upload(office, (CSV_HEADER + GOOD_ROWS).encode("utf-16"), "items.csv")
    assert utf16["status"] == 422 and "UTF-8" in str(utf16["message"])
    broken = upload(office, b"PK\x03\x04 not really a workbook", "items.xlsx")
    assert broken["status"] == 422
    missing = upload(office, "编号,事项名称\nZC-1,x\n".encode(), "items.csv")
    assert missing["status"] == 422 and "ministry" in str(missing["message"])
    assert count(db) == 0
    assert (
        login("fgw")
        .post("/api/support-items/import", files={"file": ("i.csv", b"a", "text/csv")})
        .status_code
        == 403
    )


def test_an_excel_sheet_imports_like_a_csv(
    db: Database, world: World, login: Callable[[str], TestClient]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "title", "ministry", "lead_unit", "status", "asked_on"])
    sheet.append(["ZC-21", "争取支持", "水利部", "prov.fgw", "asked", "2023-03-03"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = upload(login("office"), buffer.getvalue(), "items.xlsx")
    assert (report["status"], report["created"]) == (200, 1), report
    assert count(db) == 1
