"""Every object route of the key projects' API and every form of their pages, tried by the
office that keeps the project, a leader, the owner unit, the region (which reads, like a
co-unit), and units with no relation (a sibling city, a district elsewhere, another
department): the entitled succeed, the related but not entitled get 403, the unrelated 404.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from luoshi.domains.projects import service
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate, YearPlanIn
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

RELATED = {
    "office": "the office that keeps the project",
    "leader": "a leader of the province",
    "jxt": "the owner unit",
    "my": "the region the project is built in",
}
UNRELATED = {
    "cd": "another city",
    "wh": "a district elsewhere",
    "swt": "an unrelated department",
}
ALL = set(RELATED)
_codes = itertools.count(1)


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {project}, {report}, {photo}, {version}
    allowed: set[str]
    body: dict[str, Any] | None = None
    files: bool = False
    form: dict[str, str] | None = None
    ok: int = 200
    label: str = field(default="")

    def __str__(self) -> str:
        return self.label or f"{self.method} {self.path}"


CASES = [
    Case("GET", "/api/projects/{project}", ALL),
    Case(
        "PATCH", "/api/projects/{project}", {"office"}, body={"version": "{version}", "name": "X"}
    ),
    Case(
        "POST",
        "/api/projects/{project}/stage",
        {"office"},
        body={"to_stage": "completed", "version": "{version}"},
    ),
    Case(
        "POST",
        "/api/projects/{project}/national-plan",
        {"office"},
        body={"status": "applied", "plan_name": "国家规划", "version": "{version}"},
    ),
    Case(
        "PUT",
        "/api/projects/{project}/year-plans/2023",
        {"office"},
        body={"planned_investment": "900", "version": "{version}"},
    ),
    Case("GET", "/api/projects/{project}/reports", ALL),
    Case(
        "POST",
        "/api/projects/{project}/reports",
        {"jxt"},
        body={"period": "2023-03", "investment_month": "80", "progress": "桩基施工"},
        ok=201,
    ),
    Case("POST", "/api/projects/{project}/reports/{report}/photos", {"jxt"}, files=True, ok=201),
    Case("GET", "/api/projects/{project}/photos/{photo}", ALL),
    Case("PUT", "/api/projects/{project}/public", {"office"}, body={"public": True}),
    Case("GET", "/api/projects/{project}/history", ALL),
]
PAGE_CASES = [
    Case("GET", "/projects/{project}", ALL),
    Case(
        "POST",
        "/projects/{project}/stage",
        {"office"},
        form={"to_stage": "completed", "version": "{version}"},
        ok=303,
    ),
    Case("POST", "/projects/{project}/public", {"office"}, form={"public": "true"}, ok=303),
    Case(
        "POST",
        "/projects/{project}/national-plan",
        {"office"},
        form={"status": "applied", "plan_name": "国家规划", "version": "{version}"},
        ok=303,
    ),
    Case(
        "POST",
        "/projects/{project}/year-plan",
        {"office"},
        form={"year": "2023", "planned_investment": "900", "version": "{version}"},
        ok=303,
    ),
    Case(
        "POST",
        "/projects/{project}/reports",
        {"jxt"},
        form={"period": "2023-03", "investment_month": "80", "progress": "桩基施工"},
        ok=303,
    ),
]


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
    time_machine.move_to(local(date(2023, 3, 27), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def stage_project(session: Session, settings: Settings) -> dict[str, Any]:
    """A project under construction since January with February's report and a photo."""
    system = system_actor()
    project = service.create_project(
        session,
        actor=system,
        settings=settings,
        data=ProjectCreate(
            code=f"XM-{next(_codes):03d}",
            name="绵阳科技城集成电路产业园",
            owner_unit="prov.jxt",
            region_unit="prov.my",
            industry="industry",
            stage="under_construction",
            actual_start=date(2023, 1, 10),
            planned_completion=date(2024, 6, 30),
            total_investment=Decimal(5000),
            year_plans=[YearPlanIn(year=2023, planned_investment=Decimal(1200))],
        ),
    )
    report = service.submit_report(
        session,
        actor=system,
        project_id=project.id,
        settings=settings,
        data=ProjectReportCreate(period="2023-02", investment_month=Decimal(90)),
    )
    photo = service.add_photo(
        session,
        actor=system,
        project_id=project.id,
        report_id=report.id,
        filename="site.png",
        content=PNG,
        settings=settings,
    )
    return {
        "project": project.id,
        "report": report.id,
        "photo": photo.id,
        "version": project.version,
    }


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return ids["version"] if value == "{version}" else value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _try(client: TestClient, case: Case, ids: dict[str, Any]) -> int:
    url = _fill(case.path, ids)
    if case.form is not None:
        form = {k: str(v) for k, v in _fill(case.form, ids).items()}
        response = client.post(url, data=form, follow_redirects=False)
    elif case.files:
        response = client.post(url, files=[("files", ("site.png", PNG, "image/png"))])
    elif case.body is None:
        response = client.request(case.method, url)
    else:
        response = client.request(case.method, url, json=_fill(case.body, ids))
    return response.status_code


def test_each_relation_gets_what_each_route_allows_and_no_more(
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    # One login per person for every case (logins are the slow part); each write starts
    # from a project of its own.
    clients = {name: login(name) for name in (*RELATED, *UNRELATED)}
    wrong: dict[str, dict[str, tuple[int, int]]] = {}
    with db.session() as session:
        shared = stage_project(session, settings)  # reads change nothing: one will do
        session.commit()
    for case in CASES + PAGE_CASES:
        for name, client in clients.items():
            ids = shared
            if case.method != "GET":
                with db.session() as session:
                    ids = stage_project(session, settings)
                    session.commit()
            expected = case.ok if name in case.allowed else 403 if name in RELATED else 404
            got = _try(client, case, ids)
            if got != expected:
                who = f"{name} ({RELATED.get(name) or UNRELATED[name]})"
                wrong.setdefault(str(case), {})[who] = (got, expected)
    assert not wrong, f"unexpected (got, expected) statuses: {wrong}"


def test_lists_and_metrics_count_a_project_only_for_those_related_to_it(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        ids = stage_project(session, settings)
        session.commit()
    for name in (*RELATED, *UNRELATED):
        client = login(name)
        listed = {p["id"] for p in client.get("/api/projects").json()["items"]}
        counted = client.get("/api/projects/metrics").json()["total"]["projects"]
        related = name in RELATED
        assert (ids["project"] in listed) is related, name
        assert counted == (1 if related else 0), name


def test_only_an_office_registers_and_within_its_subtree(
    world: World, login: Callable[[str], TestClient]
) -> None:
    body = {"code": "XM-NEW", "name": "新项目", "owner_unit": "prov.jxt"}
    assert login("jxt").post("/api/projects", json=body).status_code == 403
    assert login("leader").post("/api/projects", json=body).status_code == 403
    assert login("office").post("/api/projects", json=body).status_code == 201
