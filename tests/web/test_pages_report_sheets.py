"""The report sheets on the pages where reports are filed: a task's page carries the
progress reports' export links and import form, a project's page the monthly reports';
"Check" shows the dry run and "Apply" applies only the checked file. The form is shown to
a role that files reports; a co-unit, another unit, the region and a leader trying to
file through it are refused and nothing is written. Both languages label the tools."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.i18n import text
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import build_world, local, make_settings, publish_task

Login = Callable[[str], TestClient]

pytestmark = pytest.mark.pg


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="s" * 40)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def ids(
    db: Database, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> dict[str, int]:
    """A task the DRC leads (Commerce a co-unit), April's report filed by both; a project
    the DRC builds in Chengdu with January to March reported."""
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        task_id = publish_task(
            session, title="扩大有效投资", lead="prov.fgw", co_units=("prov.swt",),
            start=date(2023, 3, 16), due=date(2023, 12, 31),
        )  # fmt: skip
        project = projects.create_project(
            session, actor=world.actors["office"], settings=settings,
            data=ProjectCreate(code="XM-R1", name="锦江区污水处理厂", owner_unit="prov.fgw",
                               region_unit="prov.cd", industry="transport",
                               stage="under_construction", actual_start=date(2022, 12, 1)),
        )  # fmt: skip
        time_machine.move_to(local(date(2023, 3, 20)), tick=False)
        fgw = world.actors["fgw"]
        supervision.accept_task(session, actor=fgw, task_id=task_id, settings=settings)
        time_machine.move_to(local(date(2023, 4, 26)), tick=False)
        for who in ("fgw", "swt"):
            progress.submit_report(
                session, actor=world.actors[who], task_id=task_id, settings=settings,
                data=ReportCreate(period="2023-04", progress=30, done="开工10个"),
            )  # fmt: skip
        for period in ("2023-01", "2023-02", "2023-03"):
            projects.submit_report(
                session, actor=fgw, project_id=project.id, settings=settings,
                data=ProjectReportCreate(period=period, investment_month=Decimal(100)),
            )  # fmt: skip
        session.commit()
        return {"task": task_id, "project": project.id}


@pytest.fixture
def world(ids: dict[str, int]) -> None:
    """The conftest's ``login`` logs into this world."""


def _exported(client: TestClient, kind: str) -> list[list[str]]:
    response = client.get(f"/api/export/{kind}", params={"format": "csv"})
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _csv(grid: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    return out.getvalue().encode("utf-8")


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


def _digest(page: str) -> str:
    found = re.search(r'name="checked" value="([0-9a-f]{64})"', page)
    assert found is not None, page
    return found[1]


# kind → (the page that carries its tools, the column edited, its new value)
PAGES = {
    "reports": ("/tasks/{task}", "进度%", "45"),
    "project-reports": ("/projects/{project}", "形象进度", "主体完成40%"),
}


@pytest.mark.parametrize("kind", PAGES)
def test_the_filing_units_page_checks_then_applies_its_report_sheet(
    ids: dict[str, int], login: Login, kind: str
) -> None:
    path, header, value = PAGES[kind]
    fgw = login("fgw")
    page = fgw.get(path.format(**ids))
    assert page.status_code == 200, page.text
    assert f'href="/api/export/{kind}?format=xlsx"' in page.text
    assert f'id="{kind}-import"' in page.text
    leader = login("leader").get(path.format(**ids))
    assert leader.status_code == 200
    assert f'href="/api/export/{kind}?format=csv"' in leader.text  # a leader reads
    assert f'id="{kind}-import"' not in leader.text  # and files nothing
    grid = _exported(fgw, kind)
    row = next(r for r in grid[1:] if r[grid[0].index("填报单位")] == "省发展改革委"
               and r[grid[0].index(header)] != value)  # fmt: skip
    row[grid[0].index(header)] = value
    edited = _csv(grid)
    status, checked = _post(fgw, kind, edited, "check")
    assert status == 200 and 'value="apply"' in checked and value in checked, checked
    assert value not in [r[grid[0].index(header)] for r in _exported(fgw, kind)[1:]]
    status, done = _post(fgw, kind, edited, "apply", _digest(checked))
    assert status == 200, done
    assert value in [r[grid[0].index(header)] for r in _exported(fgw, kind)[1:]]


@pytest.mark.parametrize(
    ("kind", "intruder", "status"),
    [
        ("reports", "swt", 422),  # the co-unit: it files its part on the task's page
        ("reports", "jxt", 422),  # another unit: it does not see the task
        ("reports", "leader", 403),  # a role that files no reports
        ("project-reports", "cd", 422),  # the project's region
        ("project-reports", "jxt", 422),
        ("project-reports", "leader", 403),
    ],
)
def test_another_role_breaking_in_through_the_sheet_is_refused(
    ids: dict[str, int], login: Login, kind: str, intruder: str, status: int
) -> None:
    _path, header, value = PAGES[kind]
    fgw = login("fgw")
    grid = _exported(fgw, kind)
    for row in grid[1:]:
        if row[grid[0].index("填报单位")] == "省发展改革委":  # the rows the DRC may change
            row[grid[0].index(header)] = value
    edited = _csv(grid)
    other = login(intruder)
    got, page = _post(other, kind, edited, "check")
    assert got == status, page
    assert 'value="apply"' not in page
    # Nor may it apply the checked file of the unit that may: the rows are refused again.
    digest = _digest(_post(fgw, kind, edited, "check")[1])
    assert _post(other, kind, edited, "apply", digest)[0] == status
    assert value not in [r[grid[0].index(header)] for r in _exported(fgw, kind)[1:]]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_report_sheet_tools_speak_the_readers_language(
    ids: dict[str, int], login: Login, language: str
) -> None:
    fgw = login("fgw")
    fgw.post("/language", data={"lang": language, "next": "/"}, follow_redirects=False)
    task = fgw.get(f"/tasks/{ids['task']}").text
    project = fgw.get(f"/projects/{ids['project']}").text
    for key in ("sheet_reports", "sheet_reports_hint", "sheet_export", "sheet_check"):
        label = text(key, language)
        assert label and label != key
        assert str(label).replace("'", "&#39;") in task, key
    for key in ("sheet_project_reports", "sheet_project_reports_hint"):
        assert str(text(key, language)).replace("'", "&#39;") in project, key


def test_a_blanked_cell_shows_as_empty_in_the_check(ids: dict[str, int], login: Login) -> None:
    fgw = login("fgw")
    grid = _exported(fgw, "reports")
    row = next(r for r in grid[1:] if r[grid[0].index("填报单位")] == "省发展改革委")
    row[grid[0].index("已完成工作")] = ""
    status, checked = _post(fgw, "reports", _csv(grid), "check")
    assert status == 200, checked
    assert f"done: 开工10个 → {text('sheet_empty', 'en')}" in checked, checked
    # A Chinese reader reads the column by its header (it read "done: 开工10个 → （空）").
    fgw.get("/", params={"lang": "zh"})
    status, checked = _post(fgw, "reports", _csv(grid), "check")
    assert f"已完成工作: 开工10个 → {text('sheet_empty', 'zh')}" in checked, checked


def test_the_home_page_offers_the_sheet_beside_the_reports_due(
    ids: dict[str, int], login: Login, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(local(date(2023, 5, 26), 9), tick=False)
    assert 'id="reports-import"' in login("fgw").get("/").text  # May's report is owed
    assert 'id="reports-import"' not in login("leader").get("/").text
