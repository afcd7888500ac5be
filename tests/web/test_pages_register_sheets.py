"""The registers' list pages (projects, proposals, livelihood, indicators) carry export
links and an import form: "Check" shows the dry run, "Apply" carries the checked file's
sha256 and refuses any other file; only roles that may import see the form; the exports
are file downloads declared so in the OpenAPI document."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings

Login = Callable[[str], TestClient]

pytestmark = pytest.mark.pg

# kind → (a first table, the header of the cell edited, its new value)
TABLES = {
    "projects": (
        "项目编号,项目名称,业主单位\nXM-9,锦江区污水厂,锦江区\n",
        "项目名称",
        "锦江区第二污水厂",
    ),
    "proposals": (
        "届次,编号,类型,标题,领衔人\n十四届一次,001,建议,关于优化公交线网的建议,陈代表\n",
        "标题",
        "关于优化城区公交线网的建议",
    ),
    "livelihood": (
        "年度,序号,事项名称,牵头单位,计量单位,目标值\n2023,1,新增公办学位,prov.fgw,个,1000\n",
        "目标值",
        "1200",
    ),
    "indicators": (
        "指标编号,指标名称,责任单位,期次,地区,目标值\ngdp,地区生产总值增速,prov.fgw,2023Q1,prov,5.5\n",
        "目标值",
        "6",
    ),
}


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
        session.commit()
    return world


def _post(
    client: TestClient, kind: str, content: bytes, mode: str, checked: str = ""
) -> tuple[int, str]:
    response = client.post(
        f"/{kind}/import",
        data={"mode": mode, "checked": checked},
        files={"file": (f"{kind}.csv", content, "text/csv")},
        headers={"HX-Request": "true"},
    )
    return response.status_code, response.text


def _checked_digest(text: str) -> str:
    found = re.search(r'name="checked" value="([0-9a-f]{64})"', text)
    assert found is not None, text
    return found[1]


def _exported(client: TestClient, kind: str) -> list[list[str]]:
    response = client.get(f"/api/export/{kind}", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("kind", TABLES)
def test_a_list_page_checks_a_sheet_then_applies_only_that_file(
    world: World, login: Login, kind: str
) -> None:
    office = login("office")
    page = office.get(f"/{kind}")
    assert page.status_code == 200, page.text
    assert f'href="/api/export/{kind}?format=xlsx"' in page.text
    assert f'id="{kind}-import"' in page.text
    assert f'id="{kind}-import"' not in login("leader").get(f"/{kind}").text
    table, header, value = TABLES[kind]
    status, text = _post(office, kind, table.encode(), "check")
    assert status == 200 and 'value="apply"' in text, text
    assert len(_exported(office, kind)) == 1  # a check keeps nothing
    status, text = _post(office, kind, table.encode(), "apply", _checked_digest(text))
    assert status == 200, text
    grid = _exported(office, kind)
    assert len(grid) == 2
    grid[1][grid[0].index(header)] = value
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    edited = out.getvalue().encode("utf-8")
    status, text = _post(office, kind, edited, "check")
    assert status == 200 and value in text and 'value="apply"' in text, text
    # An apply carrying the digest of another file (the first table) is refused.
    other = _checked_digest(_post(office, kind, table.encode(), "check")[1])
    status, text = _post(office, kind, edited, "apply", other)
    assert status == 422 and "check this file first" in text
    assert _exported(office, kind)[1][grid[0].index(header)] != value
    status, text = _post(
        office, kind, edited, "apply", _checked_digest(_post(office, kind, edited, "check")[1])
    )
    assert status == 200, text
    assert _exported(office, kind)[1][grid[0].index(header)] == value
    stale = _post(office, kind, edited, "check")  # its version is now old
    assert stale[0] == 409 and 'value="apply"' not in stale[1]


@pytest.mark.parametrize("kind", TABLES)
def test_a_role_that_may_not_import_is_refused(world: World, login: Login, kind: str) -> None:
    table = TABLES[kind][0].encode()
    assert _post(login("leader"), kind, table, "check")[0] == 403


def test_the_exports_are_declared_as_files(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for kind in ("proposals", "livelihood", "indicators"):
        content = paths[f"/api/export/{kind}"]["get"]["responses"]["200"]["content"]
        assert set(content) == {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/csv",
        }
