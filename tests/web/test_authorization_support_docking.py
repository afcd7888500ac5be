"""Every object route of the support-item and docking API and pages, tried by every
relation: the office that keeps the record, a leader, the lead (owner) unit, the unit
below the lead and unrelated units. Whoever the route is for succeeds; whoever is related
but not entitled gets 403; whoever has no relation gets 404 (existence does not leak)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockSource
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import SupportItemCreate
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World
from tests.web.registers_world import registers_app, registers_settings, registers_world

RELATED = {"office": "the office keeping it", "leader": "a leader", "cd": "the lead unit"}
UNRELATED = {"jj": "the unit below the lead", "fgw": "an unrelated department"}
LEAD = {"cd"}
ALL_RELATED = set(RELATED)
COUNTER = itertools.count(1)
__all__ = ["registers_app", "registers_settings", "registers_world"]


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {item}, {docking}
    allowed: set[str]
    body: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    ok: int = 200
    label: str = ""

    def __str__(self) -> str:
        return self.label or f"{self.method} {self.path}"


CASES = [
    Case("GET", "/api/support-items/{item}", ALL_RELATED),
    Case("PATCH", "/api/support-items/{item}", {"office"}, body={"title": "改"}),
    Case(
        "POST",
        "/api/support-items/{item}/transitions",
        {"office", *LEAD},
        body={"transition": "agree", "expected_on": "2023-09-30"},
        label="agree",
    ),
    Case(
        "POST",
        "/api/support-items/{item}/transitions",
        {"office"},
        body={"transition": "drop", "reason": "国家政策调整"},
        label="drop",
    ),
    Case("GET", "/api/support-items/{item}/history", ALL_RELATED),
    Case("GET", "/api/docking/{docking}", ALL_RELATED),
    Case("PATCH", "/api/docking/{docking}", {"office"}, body={"local_measure": "实施方案"}),
    Case(
        "POST",
        "/api/docking/{docking}/status",
        {"office", *LEAD},
        body={"status": "drafting"},
    ),
    Case("GET", "/api/docking/{docking}/history", ALL_RELATED),
]
PAGE_CASES = [
    Case("GET", "/support-items/{item}", ALL_RELATED),
    Case(
        "POST",
        "/support-items/{item}/transitions",
        {"office", *LEAD},
        form={"transition": "agree"},
        ok=303,
        label="page agree",
    ),
    Case(
        "POST",
        "/support-items/{item}/transitions",
        {"office"},
        form={"transition": "drop", "reason": "不再需要"},
        ok=303,
        label="page drop",
    ),
    Case("GET", "/docking/{docking}", ALL_RELATED),
    Case("POST", "/docking/{docking}/status", {"office", *LEAD}, form={"status": "issued"}, ok=303),
    Case("POST", "/docking/{docking}/assign", {"office"}, form={"local_measure": "方案"}, ok=303),
]


def _stage(session: Session, settings: Settings) -> dict[str, Any]:
    """A fresh support item and a fresh docking entry, both led by the city 成都市."""
    system = system_actor()
    n = next(COUNTER)
    item = support.create_item(
        session,
        actor=system,
        data=SupportItemCreate(
            code=f"ZC-{n:03}", title="争取国家支持", ministry="财政部", lead_unit="prov.cd"
        ),
        settings=settings,
    )
    # A one-measure national document, drafted by hand (the extractor is tested elsewhere
    # and would cost most of this test's time).
    measure = f"各地要在年内完成第{n}项工作部署。"
    text = f"国务院关于第{n}项工作的通知\n\n{measure}\n"
    source = sources.store_source(
        session,
        actor=system,
        text=text,
        language="zh",
        data=SourceCreate(kind="central_document", filename="notice.txt"),
    ).source
    begin = text.index(measure)
    directives.draft_breakdown(
        session,
        actor=system,
        source=source,
        extraction={
            "source": {"language": "zh"},
            "directives": [
                {"id": "D1", "start": begin, "end": begin + len(measure), "text": measure}
            ],
        },
    )
    [entry] = docking.dock_source(session, actor=system, data=DockSource(source_id=source.id))
    docking.assign_measure(
        session,
        actor=system,
        docking_id=entry.id,
        data=DockingAssign(version=entry.version, owner_unit="prov.cd"),
    )
    session.flush()
    return {
        "item": item.id,
        "item_version": item.version,
        "docking": entry.id,
        "docking_version": entry.version,
    }


def _try(client: TestClient, case: Case, ids: dict[str, Any]) -> int:
    url = case.path.format(**ids)
    version = ids["item_version"] if "{item}" in case.path else ids["docking_version"]
    if case.form is not None:
        form = {**case.form, "version": str(version)}
        return client.post(url, data=form, follow_redirects=False).status_code
    if case.body is None:
        return client.request(case.method, url).status_code
    return client.request(case.method, url, json={**case.body, "version": version}).status_code


def test_each_relation_gets_what_each_route_allows_and_no_more(
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    # One login per user for every route (logging in is most of the cost); each try
    # starts from records of its own.
    clients = {name: login(name) for name in (*RELATED, *UNRELATED)}
    wrong: dict[str, dict[str, tuple[int, int]]] = {}
    with db.session() as session:
        shared = _stage(session, settings)  # reads change nothing: one record serves them
        session.commit()
    for case in CASES + PAGE_CASES:
        for name, client in clients.items():
            ids = shared
            if case.method != "GET":
                with db.session() as session:
                    ids = _stage(session, settings)
                    session.commit()
            if name in case.allowed:
                expected = case.ok
            elif name in RELATED:
                expected = 403
            else:
                expected = 404
            got = _try(client, case, ids)
            if got != expected:
                wrong.setdefault(str(case), {})[name] = (got, expected)
    assert not wrong, f"(got, expected) by route and user: {wrong}"


def test_lists_show_a_record_only_to_those_related_to_it(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        ids = _stage(session, settings)
        session.commit()
    for name in (*RELATED, *UNRELATED):
        client = login(name)
        items = {i["id"] for i in client.get("/api/support-items").json()["items"]}
        entries = {d["id"] for d in client.get("/api/docking").json()["items"]}
        related = name in RELATED
        assert (ids["item"] in items) is related, name
        assert (ids["docking"] in entries) is related, name


def test_only_an_office_enters_items_and_docks_documents(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        ids = _stage(session, settings)
        session.commit()
    body = {"code": "ZC-NEW", "title": "新事项", "ministry": "交通运输部", "lead_unit": "prov.cd"}
    assert login("cd").post("/api/support-items", json=body).status_code == 403
    assert login("leader").post("/api/support-items", json=body).status_code == 403
    created = login("office").post("/api/support-items", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["ministry_code"] == "cn.mot"
    with db.session() as session:
        source_id = docking.get_docking_for(
            session, actor=system_actor(), docking_id=ids["docking"], action="docking.view"
        ).source_id
    assert login("cd").post("/api/docking", json={"source_id": source_id}).status_code == 403
    again = login("office").post("/api/docking", json={"source_id": source_id})
    assert again.status_code == 201 and again.json() == []
