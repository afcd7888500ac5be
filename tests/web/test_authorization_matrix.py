"""The authorization matrix: every object route of the API and every task form of the pages,
tried by every relation.

One provincial task is led by a district (锦江区, ``jj``) with the Department of Commerce
(``swt``) and a city (绵阳市) as co-units. Each route is tried by the supervising office, a
leader, the lead unit, the city above the lead (a liaison, and the city's own office, which
both speak for the lead), the co-units (one of them a city office, which holds the office
role but is only a co-unit here), the subdistrict below the lead, the lead's sibling
district and an unrelated department. Whoever the route is
for must succeed; whoever is related to the task but not entitled gets 403; whoever has no
relation gets 404, so existence does not leak. Every case starts from a task of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from luoshi.domains.progress import evidence
from luoshi.domains.progress import service as progress_service
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks.models import Task
from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import PASSWORD, quick_hashing
from tests.scenario.world import World, build_world, local, make_settings, publish_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# username → how it relates to the task
RELATED = {
    "office": "the supervising office",
    "leader": "a leader of the province",
    "jj": "the lead unit",
    "cd": "the city above the lead",
    "cdo": "the office of the city above the lead",
    "swt": "a co-unit",
    "myo": "a city office that is a co-unit",
}
UNRELATED = {
    "cs": "the subdistrict below the lead",
    "wh": "the lead's sibling district",
    "jxt": "an unrelated department",
}
LEAD = {"jj", "cd", "cdo"}
CO = {"swt", "myo"}
ALL_RELATED = set(RELATED)


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {task}, {report}, {extension}, {evidence}, {version}
    allowed: set[str]
    state: str = "assigned"  # assigned, accepted, reported, extension
    body: dict[str, Any] | None = None
    files: bool = False
    form: dict[str, str] | None = None  # a page's form, answered by a redirect
    ok: int = 200
    label: str = field(default="")

    def __str__(self) -> str:
        return self.label or f"{self.method} {self.path}"


CASES = [
    Case("GET", "/api/tasks/{task}", ALL_RELATED),
    Case("PATCH", "/api/tasks/{task}", {"office"}, body={"version": "{version}", "title": "X"}),
    Case("POST", "/api/tasks/{task}/assign", {"office"}, body={"lead_unit": "prov.jxt"}),
    Case(
        "POST",
        "/api/tasks/{task}/transitions",
        LEAD,
        state="accepted",
        body={"transition": "start"},
    ),
    Case(
        "POST",
        "/api/tasks/{task}/transitions",
        {"office"},
        body={"transition": "suspend", "reason": "on hold"},
        label="suspend",
    ),
    Case(
        "POST",
        "/api/tasks/{task}/split",
        {"office", *LEAD},
        state="accepted",
        body={"parts": [{"title": "Part", "lead_unit": "prov.cd.jj.cs"}]},
        ok=201,
    ),
    Case("GET", "/api/tasks/{task}/subtasks", ALL_RELATED),
    Case("GET", "/api/tasks/{task}/history", ALL_RELATED),
    Case("GET", "/api/tasks/{task}/reports", ALL_RELATED, state="reported"),
    Case("GET", "/api/tasks/{task}/reports/draft", {*LEAD, *CO}, state="accepted"),
    Case(
        "POST",
        "/api/tasks/{task}/reports",
        {*LEAD, *CO},
        state="accepted",
        body={"progress": 10, "done": "begun"},
        ok=201,
    ),
    Case("POST", "/api/tasks/{task}/accept", LEAD, body={}),
    Case("POST", "/api/tasks/{task}/return", LEAD, body={"reason": "not ours"}),
    Case("GET", "/api/tasks/{task}/extensions", ALL_RELATED, state="extension"),
    Case(
        "POST",
        "/api/tasks/{task}/extensions",
        LEAD,
        state="accepted",
        body={"requested_due": "2024-03-31", "reason": "land approval"},
        ok=201,
    ),
    Case("GET", "/api/tasks/{task}/instructions", ALL_RELATED),
    Case("POST", "/api/tasks/{task}/instructions", {"leader"}, body={"text": "Faster"}, ok=201),
    Case("GET", "/api/tasks/{task}/supervision-actions", ALL_RELATED),
    Case("POST", "/api/tasks/{task}/urge", {"office"}, body={"comment": "Hurry"}, ok=201),
    Case("GET", "/api/tasks/{task}/lights", ALL_RELATED),
    Case("GET", "/api/reports/{report}", ALL_RELATED, state="reported"),
    Case("POST", "/api/reports/{report}/accept", {"office"}, state="reported", body={}),
    Case(
        "POST",
        "/api/reports/{report}/return",
        {"office"},
        state="reported",
        body={"comment": "numbers missing"},
    ),
    Case("POST", "/api/reports/{report}/evidence", LEAD, state="reported", files=True, ok=201),
    Case("GET", "/api/evidence/{evidence}", ALL_RELATED, state="reported"),
    Case("POST", "/api/extensions/{extension}/approve", {"office"}, state="extension", body={}),
    Case(
        "POST",
        "/api/extensions/{extension}/refuse",
        {"office"},
        state="extension",
        body={"comment": "no"},
    ),
]

# The pages' forms call the same services: the same relations, answered by a redirect.
PAGE_CASES = [
    Case("GET", "/tasks/{task}", ALL_RELATED),
    Case("POST", "/tasks/{task}/accept", LEAD, form={}, ok=303),
    Case("POST", "/tasks/{task}/return", LEAD, form={"reason": "not ours"}, ok=303),
    Case(
        "POST",
        "/tasks/{task}/reports",
        {*LEAD, *CO},
        state="accepted",
        form={"progress": "10", "done": "begun"},
        ok=303,
    ),
    Case(
        "POST",
        "/tasks/{task}/reports/{report}/review",
        {"office"},
        state="reported",
        form={"decision": "accept"},
        ok=303,
    ),
    Case(
        "POST",
        "/tasks/{task}/extensions",
        LEAD,
        state="accepted",
        form={"requested_due": "2024-03-31", "reason": "land approval"},
        ok=303,
    ),
    Case(
        "POST",
        "/tasks/{task}/extensions/{extension}/decide",
        {"office"},
        state="extension",
        form={"decision": "approve"},
        ok=303,
    ),
    Case("POST", "/tasks/{task}/instructions", {"leader"}, form={"text": "Faster"}, ok=303),
    Case("POST", "/tasks/{task}/urge", {"office"}, form={"comment": "Hurry"}, ok=303),
    Case(
        "POST",
        "/tasks/{task}/reassign",
        {"office"},
        state="returned",
        form={"lead_unit": "prov.jxt", "version": "{version}"},
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
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        with quick_hashing():
            for username, unit in (("cdo", "prov.cd"), ("myo", "prov.my")):
                user = users.create_user(
                    session,
                    actor=system_actor(),
                    username=username,
                    password=PASSWORD,
                    unit_code=unit,
                    roles=["office", "unit"],
                )
                world.actors[username] = users.actor_for(session, user)
        session.commit()
    return world


def _stage(session: Session, world: World, settings: Settings, state: str) -> dict[str, Any]:
    """A fresh task in ``state``, and the ids of its report, evidence and extension."""
    task_id = publish_task(
        session,
        title="Build the district's elderly-care centres",
        lead="prov.cd.jj",
        co_units=("prov.swt", "prov.my"),
        due=date(2023, 12, 31),
    )
    ids: dict[str, Any] = {"task": task_id}
    lead = world.actors["jj"]
    if state == "returned":
        supervision.return_task(
            session, actor=lead, task_id=task_id, reason="not ours", settings=settings
        )
    elif state != "assigned":
        supervision.accept_task(session, actor=lead, task_id=task_id, settings=settings)
    if state == "reported":
        report = progress_service.submit_report(
            session,
            actor=lead,
            task_id=task_id,
            data=ReportCreate(progress=20, done="sites chosen"),
            settings=settings,
        )
        ids["report"] = report.id
        ids["evidence"] = evidence.add_evidence(
            session,
            actor=lead,
            report_id=report.id,
            filename="minutes.pdf",
            content=PDF,
            settings=settings,
        ).id
    if state == "extension":
        ids["extension"] = supervision.request_extension(
            session,
            actor=lead,
            task_id=task_id,
            requested_due=date(2024, 3, 31),
            reason="land approval",
            settings=settings,
        ).id
    task = session.get(Task, task_id)
    assert task is not None
    ids["version"] = task.version
    return ids


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        if value == "{version}":
            return ids["version"]
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _try(client: TestClient, case: Case, ids: dict[str, Any]) -> int:
    url = _fill(case.path, ids)
    if case.form is not None:
        response = client.post(url, data=_fill(case.form, ids), follow_redirects=False)
    elif case.files:
        response = client.post(url, files=[("files", ("photo.pdf", PDF, "application/pdf"))])
    elif case.body is None:
        response = client.request(case.method, url)
    else:
        response = client.request(case.method, url, json=_fill(case.body, ids))
    return response.status_code


@pytest.mark.parametrize("case", CASES + PAGE_CASES, ids=str)
def test_each_relation_gets_what_the_route_allows_and_no_more(
    case: Case,
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    clients = {name: login(name) for name in (*RELATED, *UNRELATED)}
    outcomes: dict[str, tuple[int, int]] = {}
    for name, client in clients.items():
        with db.session() as session:
            ids = _stage(session, world, settings, case.state)
            session.commit()
        if name in case.allowed:
            expected = case.ok
        elif name in RELATED:
            expected = 403
        else:
            expected = 404
        outcomes[name] = (_try(client, case, ids), expected)
    wrong = {
        f"{name} ({RELATED.get(name) or UNRELATED[name]})": got
        for name, (got, expected) in outcomes.items()
        if got != expected
    }
    assert not wrong, f"{case}: unexpected statuses {wrong}; expected {outcomes}"


def test_lists_show_a_task_only_to_those_related_to_it(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        ids = _stage(session, world, settings, "extension")
        session.commit()
    for name in (*RELATED, *UNRELATED):
        client = login(name)
        listed = {t["id"] for t in client.get("/api/tasks").json()["items"]}
        extensions = {e["id"] for e in client.get("/api/extensions").json()}
        related = name in RELATED
        assert (ids["task"] in listed) is related, name
        assert (ids["extension"] in extensions) is related, name


def test_a_missing_object_and_a_hidden_one_answer_alike(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        ids = _stage(session, world, settings, "reported")
        session.commit()
    sibling = login("wh")
    for path in ("/api/tasks/{}", "/api/reports/{}", "/api/evidence/{}"):
        kind = {"tasks": "task", "reports": "report", "evidence": "evidence"}[path.split("/")[2]]
        hidden = sibling.get(path.format(ids[kind]))
        missing = sibling.get(path.format(ids[kind] + 10_000))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json()["error"] == missing.json()["error"]
