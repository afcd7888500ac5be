"""Every object route of the proposals API (and two of its page forms), tried by every
relation: the keeping office, a leader of the province, the lead unit (主办), the co-unit
(协办), and two unrelated units. Whoever the route is for succeeds; whoever is related but
not entitled gets 403; whoever has no relation gets 404 (existence does not leak)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from tests.scenario.proposals import stage
from tests.scenario.world import World, build_world, local, make_settings

RELATED = {"office": "the keeping office", "leader": "a leader", "fgw": "lead", "swt": "co-unit"}
UNRELATED = {"jxt": "an unrelated department", "cd": "an unrelated city"}
EVERYONE = set(RELATED)


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    allowed: set[str]
    state: str
    body: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    ok: int = 200

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.state})"


CASES = [
    Case("GET", "/api/proposals/{p}", EVERYONE, "countersigning"),
    Case("GET", "/api/proposals/{p}/history", EVERYONE, "countersigning"),
    Case(
        "POST",
        "/api/proposals/{p}/assign",
        {"office"},
        "assigned",
        body={"lead_unit": "prov.fgw", "co_units": ["prov.swt", "prov.jxt"]},
    ),
    Case(
        "POST",
        "/api/proposals/{p}/split",
        {"office"},
        "returned",
        body={"units": ["prov.jxt", "prov.cd"]},
        ok=201,
    ),
    Case("POST", "/api/proposals/{p}/accept", {"fgw"}, "assigned", body={}),
    Case("POST", "/api/proposals/{p}/return", {"fgw"}, "assigned", body={"reason": "不归我们"}),
    Case(
        "PUT",
        "/api/proposals/{p}/reply",
        {"fgw"},
        "accepted",
        body={"outcome": "A", "text": "已解决。"},
    ),
    Case("POST", "/api/proposals/{p}/submit", {"fgw"}, "replying", body={}),
    Case("POST", "/api/proposals/{p}/countersign", {"swt"}, "countersigning", body={}),
    Case(
        "POST", "/api/proposals/{p}/object", {"swt"}, "countersigning", body={"opinion": "数据有误"}
    ),
    Case("POST", "/api/proposals/{p}/send", {"office"}, "countersigned", body={}),
    Case(
        "POST", "/api/proposals/{p}/rate", {"office"}, "replied", body={"satisfaction": "basically"}
    ),
    Case("POST", "/api/proposals/{p}/close", {"office"}, "rated", body={}),
    Case("POST", "/proposals/{p}/accept", {"fgw"}, "assigned", form={}, ok=303),
    Case("POST", "/proposals/{p}/send", {"office"}, "countersigned", form={}, ok=303),
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
        session.commit()
    return world


def _try(client: TestClient, case: Case, proposal_id: int) -> int:
    url = case.path.format(p=proposal_id)
    if case.form is not None:
        return client.post(url, data=case.form, follow_redirects=False).status_code
    return client.request(case.method, url, json=case.body).status_code


def test_each_relation_gets_what_each_route_allows_and_no_more(
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    # One login each for every case (logins dominate the time), and one proposal per case:
    # the refused try it first (a refusal changes nothing), the entitled last.
    clients = {name: login(name) for name in (*RELATED, *UNRELATED)}
    wrong: dict[str, dict[str, tuple[int, int]]] = {}
    for case in CASES:
        with db.session() as session:
            proposal_id = stage(session, world, settings, case.state)
            session.commit()
        for name in sorted(clients, key=lambda n: n in case.allowed):
            expected = case.ok if name in case.allowed else 403 if name in RELATED else 404
            got = _try(clients[name], case, proposal_id)
            if got != expected:
                wrong.setdefault(str(case), {})[name] = (got, expected)
    assert not wrong, f"(got, expected) by route and user: {wrong}"


def test_lists_and_statistics_show_a_proposal_only_to_those_related_to_it(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        proposal_id = stage(session, world, settings, "replied")
        session.commit()
    for name in (*RELATED, *UNRELATED):
        client = login(name)
        listed = {p["id"] for p in client.get("/api/proposals").json()["items"]}
        stats = client.get("/api/proposals/stats").json()
        assert (proposal_id in listed) is (name in RELATED), name
        assert stats["overall"]["total"] == (1 if name in RELATED else 0), name
