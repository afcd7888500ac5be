"""Progress reports and projects' monthly reports as sheets over the API: an export holds
what the user may read; the import answers with the diff on a dry run, applies it, refuses
a stale sheet with 409 and a co-unit's or another unit's rows with 422; a role that files
no reports is refused outright (403)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings, publish_task

pytestmark = pytest.mark.pg


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, database_url=db.url, secret_key="s" * 40)


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database, settings: Settings, time_machine: time_machine.TimeMachineFixture) -> World:
    """A task the DRC leads (Commerce a co-unit) with April's report filed by both, and a
    project the DRC builds in Chengdu with January to March reported."""
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
    return world


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def exported(client: TestClient, kind: str) -> list[list[str]]:
    response = client.get(f"/api/export/{kind}", params={"format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def as_csv(grid: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    return out.getvalue().encode("utf-8")


def upload(client: TestClient, kind: str, content: bytes, dry_run: bool = False) -> Response:
    return client.post(
        f"/api/import/{kind}",
        params={"dry_run": str(dry_run).lower()},
        files={"file": (f"{kind}.csv", content, "text/csv")},
    )


def test_reports_over_the_api(world: World, login: Any) -> None:
    fgw = login("fgw")
    grid = exported(fgw, "reports")
    assert grid[0][:4] == ["任务编号", "任务内容", "报告期", "报告编号"]
    assert sorted(row[5] for row in grid[1:]) == ["省发展改革委", "省商务厅"]
    assert len(exported(login("swt"), "reports")) == 3  # a co-unit reads the lead's report
    assert len(exported(login("jxt"), "reports")) == 1  # the header only
    [lead] = [row for row in grid[1:] if row[5] == "省发展改革委"]
    lead[grid[0].index("进度%")] = "40"
    edited = as_csv(grid)
    assert upload(login("leader"), "reports", edited).status_code == 403
    for other in ("swt", "jxt"):
        refused = upload(login(other), "reports", edited)
        assert refused.status_code == 422, other
        assert grid.index(lead) + 1 in [e["row"] for e in refused.json()["errors"]]
    dry = ok(upload(fgw, "reports", edited, dry_run=True))
    assert (dry["changed"], dry["unchanged"], dry["applied"]) == (1, 1, False)
    [item] = [i for i in dry["items"] if i["outcome"] == "changed"]
    assert item["cells"] == [{"column": "progress", "old": "30", "new": "40"}]
    done = ok(upload(fgw, "reports", edited))
    assert (done["changed"], done["applied"], len(done["sha256"])) == (1, True, 64)
    stale = upload(fgw, "reports", edited)  # the sheet's version is now old
    assert stale.status_code == 409 and len(stale.json()["conflicts"]) == 1


def test_project_reports_over_the_api(world: World, login: Any, app: FastAPI) -> None:
    fgw = login("fgw")
    grid = exported(fgw, "project-reports")
    assert grid[0][:4] == ["项目编号", "项目名称", "报告期", "报告编号"]
    assert [row[2] for row in grid[1:]] == ["2023-01", "2023-02", "2023-03"]
    assert len(exported(login("cd"), "project-reports")) == 4  # the region reads them
    assert len(exported(login("jxt"), "project-reports")) == 1
    grid[2][grid[0].index("形象进度")] = "主体完成40%"
    edited = as_csv(grid)
    assert upload(login("leader"), "project-reports", edited).status_code == 403
    for other in ("cd", "jxt"):
        assert upload(login(other), "project-reports", edited).status_code == 422, other
    dry = ok(upload(fgw, "project-reports", edited, dry_run=True))
    assert (dry["changed"], dry["unchanged"], dry["applied"]) == (1, 2, False)
    assert ok(upload(fgw, "project-reports", edited))["changed"] == 1
    assert upload(fgw, "project-reports", edited).status_code == 409
    paths = app.openapi()["paths"]
    for kind in ("reports", "project-reports"):
        content = paths[f"/api/export/{kind}"]["get"]["responses"]["200"]["content"]
        assert set(content) == {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/csv",
        }
        assert "dry_run" in str(paths[f"/api/import/{kind}"]["post"])
