"""Every object route of the livelihood and indicator API and pages, tried by every relation.

A provincial matter is led by the Development and Reform Commission (``fgw``) with a second
target led by Chengdu (``cd``, a co-unit); an indicator is owned by ``fgw``. Each route is
tried by the supervising office, a leader, the lead unit, the co-unit, a district below the
co-unit and an unrelated department: whoever the route is for succeeds, whoever is related
but not entitled gets 403, whoever is unrelated gets 404. Every try starts from objects of
its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.schemas import (
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    TargetSet,
)
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings

RELATED = {
    "office": "the supervising office",
    "leader": "a leader of the province",
    "fgw": "the lead (owner) unit",
    "cd": "the co-unit (lead of the matter's second target)",
}
UNRELATED = {"jj": "a district below the co-unit", "jxt": "an unrelated department"}
ALL_RELATED = set(RELATED)
NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {matter}, {own}, {co}, {indicator}, {version}
    allowed: set[str]
    body: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    ok: int = 200
    # Who is related to what the route touches (the indicator has no co-unit).
    related: set[str] = field(default_factory=lambda: ALL_RELATED)
    label: str = ""

    def __str__(self) -> str:
        return self.label or f"{self.method} {self.path}"


IND = {"office", "leader", "fgw"}
CASES = [
    Case("GET", "/api/livelihood/{matter}", ALL_RELATED),
    Case(
        "PATCH", "/api/livelihood/{matter}", {"office"}, body={"version": "{version}", "name": "X"}
    ),
    Case(
        "POST",
        "/api/livelihood/{matter}/targets",
        {"office"},
        body={"name": "新增", "measure": "个", "target_value": 5},
        ok=201,
    ),
    Case(
        "PATCH",
        "/api/livelihood/targets/{own}",
        {"office"},
        body={"version": 1, "target_value": 9000},
    ),
    Case(
        "POST",
        "/api/livelihood/targets/{own}/values",
        {"fgw"},
        body={"period": "2023-04", "value": 100},
        ok=201,
        label="the lead's own target",
    ),
    Case(
        "POST",
        "/api/livelihood/targets/{co}/values",
        {"fgw", "cd"},
        body={"period": "2023-04", "value": 3},
        ok=201,
        label="the co-unit's target",
    ),
    Case("PUT", "/api/livelihood/{matter}/public", {"office"}, body={"public": True}),
    Case("GET", "/api/livelihood/{matter}/history", ALL_RELATED),
    Case("GET", "/api/indicators/{indicator}", IND, related=IND),
    Case(
        "PATCH",
        "/api/indicators/{indicator}",
        {"office"},
        body={"version": 1, "name": "GDP"},
        related=IND,
    ),
    Case(
        "PUT",
        "/api/indicators/{indicator}/targets",
        {"office"},
        body={"period": "2023", "region": "prov.cd", "target_value": 6},
        related=IND,
    ),
    Case(
        "PUT",
        "/api/indicators/{indicator}/actuals",
        {"office", "fgw"},
        body={"period": "2023Q1", "region": "prov", "actual_value": 5.1},
        related=IND,
    ),
    Case("GET", "/api/indicators/{indicator}/history", IND, related=IND),
    # The pages' forms call the same services.
    Case("GET", "/livelihood/{matter}", ALL_RELATED),
    Case(
        "POST",
        "/livelihood/{matter}/values",
        {"fgw", "cd"},
        form={"target_id": "{co}", "period": "2023-04", "value": "3"},
        ok=303,
    ),
    Case("POST", "/livelihood/{matter}/public", {"office"}, form={"public": "true"}, ok=303),
    Case(
        "POST",
        "/livelihood/{matter}/edit",
        {"office"},
        form={"version": "{version}", "name": "改名"},
        ok=303,
    ),
    Case("GET", "/indicators/{indicator}", IND, related=IND),
    Case(
        "POST",
        "/indicators/{indicator}/actuals",
        {"office", "fgw"},
        form={"period": "2023Q1", "region": "prov", "value": "5.2"},
        ok=303,
        related=IND,
    ),
    Case(
        "POST",
        "/indicators/{indicator}/targets",
        {"office"},
        form={"period": "2023", "region": "prov.my", "value": "6"},
        ok=303,
        related=IND,
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
    time_machine.move_to(local(date(2023, 5, 15), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def _stage(db: Database, settings: Settings, *, matter: bool = True) -> dict[str, Any]:
    """A fresh matter (two targets), or a fresh indicator with a first-quarter target."""
    system = system_actor()
    n = next(NUMBERS)
    with db.session() as session:
        if not matter:
            indicator = indicators.create_indicator(
                session,
                actor=system,
                data=IndicatorCreate(
                    code=f"gdp{n}", name="地区生产总值增速", owner_unit="prov.fgw"
                ),
            )
            indicators.set_target(
                session,
                actor=system,
                indicator_id=indicator.id,
                settings=settings,
                data=TargetSet(period="2023Q1", region="prov", target_value=5.5),
            )
            session.commit()
            return {"indicator": indicator.id}
        made = matters.create_matter(
            session,
            actor=system,
            settings=settings,
            data=MatterCreate(
                year=2023,
                number=n,
                name=f"民生实事{n}",
                lead_unit="prov.fgw",
                targets=[
                    TargetCreate(name="学位", measure="个", target_value=1000),
                    TargetCreate(name="幼儿园", measure="所", target_value=10, lead_unit="prov.cd"),
                ],
            ),
        )
        own, co = matters.targets_of(session, [made.id])[made.id]
        ids = {"matter": made.id, "own": own.id, "co": co.id, "version": made.version}
        session.commit()
    return ids


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return ids["version"] if value == "{version}" else value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def test_each_relation_gets_what_each_route_allows_and_lists_show_no_more(
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    # One login per relation for every route (logins are what is slow here).
    clients = {name: login(name) for name in (*RELATED, *UNRELATED)}
    wrong: dict[str, dict[str, tuple[int, int]]] = {}
    for case in CASES:
        # A read needs no fresh record per relation; a write does.
        of_matter = "indicator" not in case.path
        shared = _stage(db, settings, matter=of_matter) if case.method == "GET" else None
        for name, client in clients.items():
            ids = shared or _stage(db, settings, matter=of_matter)
            url = _fill(case.path, ids)
            if case.form is not None:
                form = {k: str(v) for k, v in _fill(case.form, ids).items()}
                response = client.post(url, data=form, follow_redirects=False)
            elif case.body is None:
                response = client.request(case.method, url)
            else:
                response = client.request(case.method, url, json=_fill(case.body, ids))
            if name in case.allowed:
                expected = case.ok
            elif name in case.related:
                expected = 403
            else:
                expected = 404
            if response.status_code != expected:
                wrong.setdefault(str(case), {})[name] = (response.status_code, expected)
    assert not wrong, f"(got, expected) by route and relation: {wrong}"

    # Lists show only what the viewer is related to.
    ids = _stage(db, settings) | _stage(db, settings, matter=False)
    for name, client in clients.items():
        page = client.get("/api/livelihood", params={"page_size": 500}).json()
        listed = {m["id"] for m in page["items"]}
        assert (ids["matter"] in listed) is (name in ALL_RELATED), name
        shown = {i["id"] for i in client.get("/api/indicators").json()}
        assert (ids["indicator"] in shown) is (name in IND), name
        values = client.get("/api/indicators/values", params={"period": "2023Q1"}).json()
        assert bool(values) is (name in IND), name
