"""The proposal pages: the list with its filters, a proposal's page with the forms its
viewer may use, and a form posted with its CSRF token."""

from __future__ import annotations

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
from tests.scenario.proposals import stage
from tests.scenario.world import World, build_world, local, make_settings


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="q" * 40, language="zh")


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


def test_list_detail_and_a_form_posted_with_its_token(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        answered = stage(session, world, settings, "replied")
        waiting = stage(session, world, settings, "assigned")
        session.commit()
    office, fgw = login("office"), login("fgw")
    page = office.get("/proposals")
    assert page.status_code == 200
    assert "关于加快县域商业体系建设的建议" in page.text and "按时答复率" in page.text
    filtered = office.get("/proposals", params={"state": "replied"})
    assert f'href="/proposals/{answered}"' in filtered.text
    assert f'href="/proposals/{waiting}"' not in filtered.text
    detail = office.get(f"/proposals/{answered}")
    assert detail.status_code == 200
    assert "记录满意度" in detail.text  # the office rates a sent reply
    assert "年内出台实施方案" in detail.text  # the B commitment
    assert 'href="/tasks/' in detail.text
    english = office.get(f"/proposals/{answered}", params={"lang": "en"})
    assert "Record satisfaction" in english.text and "B (being solved, in plan)" in english.text
    assert "On-time reply rate" in office.get("/proposals").text
    office.get("/proposals", params={"lang": "zh"})
    mine = fgw.get(f"/proposals/{waiting}")
    assert "签收" in mine.text and "记录满意度" not in mine.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', mine.text)
    version = re.search(r'name="version" value="(\d+)"', mine.text)
    assert token and version
    fgw.headers.pop("X-CSRF-Token", None)
    refused = fgw.post(
        f"/proposals/{waiting}/accept", data={"version": version[1]}, follow_redirects=False
    )
    assert refused.status_code == 403  # no token, no change
    accepted = fgw.post(
        f"/proposals/{waiting}/accept",
        data={"version": version[1], "csrf_token": token[1]},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    after = fgw.get(f"/proposals/{waiting}")
    assert "已签收" in after.text and "已办理" in after.text
    stale = fgw.post(
        f"/proposals/{waiting}/return",
        data={"version": version[1], "csrf_token": token[1], "reason": "x"},
        follow_redirects=False,
    )
    assert stale.status_code == 409 and "刷新后重试" in stale.text
    assert office.get("/proposals/999999").status_code == 404
