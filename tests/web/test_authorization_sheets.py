"""Task sheets over the API, authorized like the lists: an export holds only what the user
may read; only an office imports, and only units of its own subtree; a dry run shows the
diff before anything is applied; a conflict answers 409 and applies nothing."""

from __future__ import annotations

import csv
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

from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import PASSWORD, quick_hashing
from tests.scenario.world import World, build_world, local, make_settings

Login = Callable[[str], TestClient]

pytestmark = pytest.mark.pg

SHEET = (
    "2023年重点任务分解表\n"
    "序号,任务内容,牵头单位,配合单位,完成时限\n"
    "1,推进重大项目开工,省发展改革委,成都市、绵阳市,2023年6月底前\n"
    "2,办好消费季,锦江区,,第三季度\n"
)


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="s" * 40)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 27), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        with quick_hashing():
            users.create_user(  # the city's own office: it obliges only units under 成都市
                session, actor=system_actor(), username="cdo", password=PASSWORD,
                unit_code="prov.cd", roles=["office"],
            )  # fmt: skip
        session.commit()
    return world


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def upload(client: TestClient, content: bytes, name: str, dry_run: bool = False) -> Response:
    return client.post(
        "/api/import/tasks",
        params={"dry_run": str(dry_run).lower()},
        files={"file": (name, content, "application/octet-stream")},
    )


def exported(client: TestClient) -> list[list[str]]:
    response = client.get("/api/export/tasks", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_only_an_office_imports_and_only_within_its_subtree(world: World, login: Login) -> None:
    content = SHEET.encode("gb18030")
    for unit_user in ("jj", "fgw", "leader"):
        assert upload(login(unit_user), content, "t.csv").status_code == 403, unit_user
    refused = upload(login("cdo"), content, "t.csv")  # 省发展改革委 and 绵阳市 are not its
    assert refused.status_code == 422
    assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [(3, None)]
    office = login("office")
    dry = ok(upload(office, content, "t.csv", dry_run=True))
    assert (dry["created"], dry["applied"]) == (2, False)
    assert ok(office.get("/api/tasks"))["total"] == 0
    done = ok(upload(office, content, "t.csv"))
    assert (done["created"], done["applied"], len(done["sha256"])) == (2, True, 64)


def test_an_export_holds_only_what_the_user_may_read(world: World, login: Login) -> None:
    ok(upload(login("office"), SHEET.encode("utf-8"), "t.csv"))
    titles = {
        name: {row[3] for row in exported(login(name))[1:]}
        for name in ("office", "jj", "jxt", "my")
    }
    assert titles["office"] == {"推进重大项目开工", "办好消费季"}
    assert titles["jj"] == {"办好消费季"}
    assert titles["my"] == {"推进重大项目开工"}  # a co-unit reads its task
    assert titles["jxt"] == set()


def test_reimport_shows_the_diff_then_applies_it_and_refuses_a_stale_row_with_409(
    world: World, login: Login
) -> None:
    office = login("office")
    ok(upload(office, SHEET.encode("utf-8"), "t.csv"))
    grid = exported(office)
    due = grid[0].index("完成时限")
    grid[1][due] = "2023-05-31"
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    edited = out.getvalue().encode("utf-8")
    dry = ok(upload(office, edited, "tasks.csv", dry_run=True))
    assert (dry["changed"], dry["unchanged"]) == (1, 1)
    [item] = [i for i in dry["items"] if i["outcome"] == "changed"]
    assert item["cells"] == [{"column": "due", "old": "2023-06-30", "new": "2023-05-31"}]
    assert ok(upload(office, edited, "tasks.csv"))["changed"] == 1
    stale = upload(office, edited, "tasks.csv")  # the sheet's version is now old
    assert stale.status_code == 409
    assert [c["code"] for c in stale.json()["conflicts"]] == [grid[1][0]]


def test_the_task_page_checks_a_sheet_before_its_apply_button_appears(
    world: World, login: Login
) -> None:
    office = login("office")
    page = office.get("/tasks")
    assert 'href="/api/export/tasks?format=xlsx"' in page.text and 'id="task-import"' in page.text
    assert 'id="task-import"' not in login("jj").get("/tasks").text  # a unit does not import
    files = {"file": ("分解表.csv", SHEET.encode("utf-8"), "text/csv")}
    hx = {"HX-Request": "true"}
    checked = office.post("/tasks/import", data={"mode": "check"}, files=files, headers=hx)
    assert checked.status_code == 200, checked.text
    assert "推进重大项目开工" in checked.text and 'value="apply"' in checked.text
    assert ok(office.get("/api/tasks"))["total"] == 0
    unchecked = office.post("/tasks/import", data={"mode": "apply"}, files=files, headers=hx)
    assert unchecked.status_code == 422 and "check this file first" in unchecked.text
    sha = re.search(r'name="checked" value="([0-9a-f]{64})"', checked.text)
    assert sha is not None
    applied = office.post(
        "/tasks/import", data={"mode": "apply", "checked": sha[1]}, files=files
    )  # without htmx: a whole page
    assert applied.status_code == 200 and "<html" in applied.text
    assert ok(office.get("/api/tasks"))["total"] == 2
    evil = {"file": ("x.xlsm", b"PK\x03\x04", "application/octet-stream")}
    refused = office.post("/tasks/import", data={"mode": "check"}, files=evil, headers=hx)
    assert refused.status_code == 422 and "macro" in refused.text
    assert login("jj").post("/tasks/import", data={"mode": "check"}, files=files).status_code == 403


def test_projects_export_and_reimport_over_the_api(world: World, login: Login) -> None:
    office = login("office")
    table = "项目编号,项目名称,业主单位\nXM-9,锦江区污水厂,锦江区\n".encode()
    for name in ("jj", "leader"):
        assert (
            login(name)
            .post("/api/import/projects", files={"file": ("p.csv", table, "text/csv")})
            .status_code
            == 403
        ), name
    assert (
        ok(office.post("/api/import/projects", files={"file": ("p.csv", table, "text/csv")}))[
            "created"
        ]
        == 1
    )
    response = office.get("/api/export/projects", params={"format": "csv"})
    assert response.status_code == 200
    grid = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert grid[0][:3] == ["项目编号", "版本", "项目名称"] and grid[1][0] == "XM-9"
    unrelated = login("jxt").get("/api/export/projects", params={"format": "csv"})
    assert unrelated.content.decode("utf-8-sig").count("\n") == 1  # the header only
    grid[1][2] = "锦江区第二污水处理厂"
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    edited = out.getvalue().encode()
    dry = ok(office.post("/api/import/projects", params={"dry_run": "true"},
                         files={"file": ("p.csv", edited, "text/csv")}))  # fmt: skip
    assert [i["cells"] for i in dry["items"]] == [
        [{"column": "name", "old": "锦江区污水厂", "new": "锦江区第二污水处理厂"}]
    ]
    assert (
        ok(office.post("/api/import/projects", files={"file": ("p.csv", edited, "text/csv")}))[
            "changed"
        ]
        == 1
    )
    stale = office.post("/api/import/projects", files={"file": ("p.csv", edited, "text/csv")})
    assert stale.status_code == 409
