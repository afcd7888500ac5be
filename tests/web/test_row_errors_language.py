"""A bad cell of a sheet import reaches each reader in their language: the import report's
row errors are catalogue messages, said in Chinese (the column by its header) to a Chinese
reader and in English to an English one, through the API and the pages alike; the JSON's
shape, its ``column`` codes and the CLI's English do not change (docs/i18n.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

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

# Row 3: a deadline no office writes; row 4: a lead unit misspelt by one character.
SHEET = (
    "2023年重点任务分解表\n"
    "序号,任务内容,牵头单位,配合单位,完成时限\n"
    "1,推进重大项目开工,省发展改革委,成都市,明年\n"
    "2,办好消费季,省发展改革委员,,第三季度\n"
)
DEADLINE_ZH = (
    "「完成时限」：“明年”不是可识别的时限（可写 2023-06-30、2023年6月底前、第二季度、"
    "年底前、长期坚持）"
)
DEADLINE_EN = (
    "due: '明年' is not a deadline (2023-06-30, 2023年6月底前, 第二季度, 年底前, 长期坚持)"
)
UNIT_ZH = "「牵头单位」：“省发展改革委员”不是本系统单位树中的单位，是否指省发展改革委？"
UNIT_EN = "lead: '省发展改革委员' is not a unit of the tree; did you mean 省发展改革委?"


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


def _import(client: TestClient, path: str, content: bytes, language: str) -> dict[str, Any]:
    response = client.post(
        path,
        params={"dry_run": "true"},
        files={"file": ("sheet.csv", content, "text/csv")},
        headers={"accept-language": language},
    )
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_task_sheet_api_says_a_bad_cell_in_the_readers_language(
    world: World, login: Login
) -> None:
    office = login("office")
    zh = _import(office, "/api/import/tasks", SHEET.encode("utf-8"), "zh-CN")
    en = _import(office, "/api/import/tasks", SHEET.encode("utf-8"), "en")
    assert [(e["row"], e["column"], e["message"]) for e in zh["errors"]] == [
        (3, "due", DEADLINE_ZH),
        (4, "lead", UNIT_ZH),
    ]
    assert [(e["row"], e["column"], e["message"]) for e in en["errors"]] == [
        (3, "due", DEADLINE_EN),
        (4, "lead", UNIT_EN),
    ]
    assert set(zh["errors"][0]) == {"sheet", "row", "column", "message"}  # the shape stays
    # Without Accept-Language a program reads English, as for every refusal of the API.
    plain = office.post(
        "/api/import/tasks",
        params={"dry_run": "true"},
        files={"file": ("sheet.csv", SHEET.encode("utf-8"), "text/csv")},
    ).json()
    assert [e["message"] for e in plain["errors"]] == [DEADLINE_EN, UNIT_EN]


def test_a_registers_import_says_a_bad_cell_in_the_readers_language(
    world: World, login: Login
) -> None:
    sheet = "项目编号,项目名称,业主单位,计划开工日期\nP-9,新建一座桥,省发展改革委,明年三月\n"
    office = login("office")
    zh = _import(office, "/api/projects/import", sheet.encode("utf-8"), "zh-CN")
    en = _import(office, "/api/projects/import", sheet.encode("utf-8"), "en")
    assert [e["message"] for e in en["errors"]] == [
        "planned_start: '明年三月' is not a date (2023-03-05)"
    ]
    assert [e["message"] for e in zh["errors"]] == [
        "「计划开工日期」：“明年三月”不是有效日期（可写 2023-03-05、2023年3月5日）"
    ]


def test_the_task_import_page_says_a_bad_cell_in_the_readers_language(
    world: World, login: Login
) -> None:
    office = login("office")

    def check(language: str) -> str:
        office.get(f"/tasks?lang={language}")
        response = office.post(
            "/tasks/import",
            data={"mode": "check"},
            files={"file": ("sheet.csv", SHEET.encode("utf-8"), "text/csv")},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 422, response.text
        return re.sub(r"\s+", " ", response.text).replace("&#34;", '"').replace("&#39;", "'")

    zh, en = check("zh"), check("en")
    assert DEADLINE_ZH in zh and UNIT_ZH in zh, zh
    assert "<td>完成时限</td>" in zh and "<td>due</td>" in en  # the column by its header
    assert DEADLINE_EN in en and UNIT_EN in en, en
    assert "不是可识别的时限" not in en
