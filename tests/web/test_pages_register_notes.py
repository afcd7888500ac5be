"""The notes the register services write (a project's monthly report and registration, a
proposal's commitment linked to its task) and the system actor who wrote them read in the
page's language, as the task history's notes do."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.proposals import stage
from tests.scenario.world import World, build_world, local, make_settings

Login = Callable[[str], TestClient]


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="n" * 40, language="zh")


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


def _history(page: str) -> str:
    """The text of the page's history lists, tags dropped."""
    lists = re.findall(r'<ol class="history">(.*?)</ol>', page, re.S)
    return re.sub(r"<[^>]+>", " ", " ".join(lists))


def test_a_projects_history_says_its_notes_in_the_page_language(
    db: Database, world: World, settings: Settings, login: Login
) -> None:
    with db.session() as session:
        # Registered by the system actor, as the demo loader and the jobs act.
        project = projects.create_project(
            session, actor=system_actor(), settings=settings,
            data=ProjectCreate(code="XM-N1", name="锦江区污水处理厂", owner_unit="prov.fgw",
                               region_unit="prov.cd", industry="transport",
                               stage="under_construction", actual_start=date(2022, 12, 1)),
        )  # fmt: skip
        projects.submit_report(
            session, actor=world.actors["fgw"], project_id=project.id, settings=settings,
            data=ProjectReportCreate(period="2023-02", investment_month=Decimal(100)),
        )  # fmt: skip
        session.commit()
    office = login("office")
    chinese = _history(office.get(f"/projects/{project.id}", params={"lang": "zh"}).text)
    english = _history(office.get(f"/projects/{project.id}", params={"lang": "en"}).text)
    assert "2023-02月报" in chinese and "登记入库" in chinese and "系统" in chinese
    assert not re.search(r"[A-Za-z]{3,}", chinese.replace("fgw", "")), chinese  # a username
    assert "monthly report for 2023-02" in english and "registered" in english
    assert "System" in english and not re.search(r"[\u4e00-\u9fff]", english), english


def test_a_commitments_link_says_its_note_in_the_page_language(
    db: Database, world: World, settings: Settings, login: Login
) -> None:
    """A B reply's commitment becomes a task linked to the proposal; the task page lists the
    link with the note the proposals service wrote."""
    with db.session() as session:
        answered = stage(session, world, settings, "replied")
        session.commit()
    office = login("office")
    detail = office.get(f"/proposals/{answered}").text
    task_id = re.search(r'href="/tasks/(\d+)"', detail)
    assert task_id
    chinese = office.get(f"/tasks/{task_id[1]}", params={"lang": "zh"}).text
    english = office.get(f"/tasks/{task_id[1]}", params={"lang": "en"}).text

    def notes(page: str) -> list[str]:
        return re.findall(r'<span class="hint">— ([^<]*)</span>', page)

    assert notes(chinese) == ["第1轮答复的B类承诺"]
    assert notes(english) == ["class B commitment of round 1"]


def test_a_proposals_inbox_title_is_in_the_readers_language(
    db: Database, world: World, settings: Settings, login: Login
) -> None:
    """A proposal's message was titled in Chinese alone ("【建议0001】…") for every reader."""
    with db.session() as session:
        stage(session, world, settings, "assigned")
        session.commit()
    fgw = login("fgw")

    def titles(lang: str) -> list[str]:
        return re.findall(r"<strong>([^<]*)</strong>", fgw.get(f"/inbox?lang={lang}").text)

    [chinese], [english] = titles("zh"), titles("en")
    assert re.fullmatch(r"【建议\d+】关于加快县域商业体系建设的建议", chinese), chinese
    assert re.fullmatch(r"Suggestion \d+: 关于加快县域商业体系建设的建议", english), english


def test_a_proposals_co_signers_are_punctuated_for_the_page_language(
    db: Database, world: World, settings: Settings, login: Login
) -> None:
    """The English page wrote them, and the co-units' signatures, in Chinese brackets:
    "张代表（Co-signers：李代表）", "Department of Commerce（to countersign）"."""
    with db.session() as session:
        proposal = stage(session, world, settings, "assigned")
        session.commit()
    office = login("office")
    english = office.get(f"/proposals/{proposal}", params={"lang": "en"}).text
    chinese = office.get(f"/proposals/{proposal}", params={"lang": "zh"}).text
    assert "张代表 (Co-signers: 李代表)" in english and "（Co-signers" not in english
    assert "Department of Commerce (to countersign)" in english
    assert "张代表（附议人：李代表）" in chinese
