"""Every bulletin route of the API and pages, tried by the office, a leader at the same
unit, a city's office and a department: only the office keeping the bulletin succeeds; the
leader (related, not entitled) gets 403; everyone else 404. Then the office's whole round:
draft, edit, issue, download; an issued bulletin refuses edits."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient

from luoshi import clock
from luoshi.domains.bulletins import service as bulletins
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.factories import PASSWORD, quick_hashing
from tests.scenario.world import World, publish_task
from tests.web.registers_world import registers_app, registers_settings, registers_world

pytestmark = pytest.mark.pg
__all__ = ["registers_app", "registers_settings", "registers_world"]
COUNTER = itertools.count(1)
USERS = {"office": 200, "leader": 403, "cdoffice": 404, "fgw": 404}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    body: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    ok: int = 200

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


CASES = [
    Case("GET", "/api/bulletins/{b}"),
    Case("PATCH", "/api/bulletins/{b}", body={"summary": "总体平稳。"}),
    Case("POST", "/api/bulletins/{b}/issue", body={}),
    Case("GET", "/api/bulletins/{b}/candidates"),
    Case("GET", "/api/bulletins/{b}/document?format=html"),
    Case("GET", "/bulletins/{b}"),
    Case("POST", "/bulletins/{b}", form={"title": "关于通报", "organ": "示范省督查室"}, ok=303),
    Case("POST", "/bulletins/{b}/issue", form={}, ok=303),
]


@pytest.fixture
def city_office(db: Database, world: World) -> None:
    with db.session() as session, quick_hashing():
        users.create_user(
            session,
            actor=system_actor(),
            username="cdoffice",
            password=PASSWORD,
            unit_code="prov.cd",
            roles=["office"],
        )
        session.commit()


def _stage(db: Database, world: World, settings: Settings) -> tuple[int, int]:
    with db.session() as session:
        draft = bulletins.create_draft(
            session,
            actor=world.actors["office"],
            period=f"2023-{next(COUNTER) % 12 + 1:02d}",
            settings=settings,
        )
        session.commit()
        return draft.id, draft.version


def test_only_the_office_keeping_it_reaches_a_bulletin(
    db: Database,
    world: World,
    settings: Settings,
    city_office: None,
    login: Callable[[str], TestClient],
) -> None:
    clients = {name: login(name) for name in USERS}
    shared = _stage(db, world, settings)
    wrong: dict[str, dict[str, tuple[int, int]]] = {}
    for case in CASES:
        for name, client in clients.items():
            bulletin_id, version = shared if case.method == "GET" else _stage(db, world, settings)
            url = case.path.format(b=bulletin_id)
            if case.form is not None:
                got = client.post(
                    url, data={**case.form, "version": str(version)}, follow_redirects=False
                ).status_code
            elif case.body is not None:
                got = client.request(
                    case.method, url, json={**case.body, "version": version}
                ).status_code
            else:
                got = client.get(url).status_code
            expected = case.ok if USERS[name] == 200 else USERS[name]
            if got != expected:
                wrong.setdefault(str(case), {})[name] = (got, expected)
    assert not wrong, f"(got, expected) by route and user: {wrong}"
    # Lists: the office sees its bulletins, nobody else sees any.
    for name, client in clients.items():
        listed = client.get("/api/bulletins").json()
        assert bool(listed) is (name == "office"), name
        assert (shared[0] in {b["id"] for b in listed}) is (name == "office")
    # Drafting: only an office, for its own unit.
    assert clients["fgw"].post("/api/bulletins", json={"period": "2023-05"}).status_code == 403
    assert clients["leader"].post("/api/bulletins", json={"period": "2023-05"}).status_code == 403
    assert clients["cdoffice"].post("/api/bulletins", json={"period": "2023-05"}).status_code == 201


def _chart_data(page: str, key: str) -> dict[str, Any]:
    found = re.search(
        rf'<script type="application/json" id="chart-data-{key}">(.*?)</script>', page, re.S
    )
    assert found, f"no chart {key} on the page"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_office_drafts_edits_issues_and_downloads(
    world: World, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    assert office.post("/api/bulletins", json={"period": "2023-13"}).status_code == 422
    created = office.post("/api/bulletins", json={"period": "2023Q1"})
    assert created.status_code == 201, created.text
    draft = created.json()
    assert (draft["period"], draft["kind"], draft["state"]) == ("2023Q1", "quarterly", "draft")
    patched = office.patch(
        f"/api/bulletins/{draft['id']}",
        json={
            "version": draft["version"],
            "summary": "一季度<开局良好>。",
            "number_prefix": "示督通",
        },
    )
    assert patched.status_code == 200, patched.text
    stale = office.patch(
        f"/api/bulletins/{draft['id']}", json={"version": draft["version"], "intro": "x"}
    )
    assert stale.status_code == 409
    page = office.get(f"/bulletins/{draft['id']}")
    assert (
        page.status_code == 200
        and "一季度&lt;开局良好&gt;。" in page.text
        and 'id="issue"' in page.text
    )
    issued = office.post(f"/api/bulletins/{draft['id']}/issue", json={})
    assert issued.status_code == 200, issued.text
    assert (issued.json()["state"], issued.json()["number"]) == ("issued", 1)
    detail = office.get(f"/api/bulletins/{draft['id']}").json()
    assert (
        detail["content"]["number"] == "示督通〔2023〕1号" and detail["content"]["draft"] is False
    )
    word = office.get(f"/api/bulletins/{draft['id']}/document?format=docx")
    assert word.status_code == 200
    assert (
        word.headers["content-disposition"] == 'attachment; filename="bulletin-2023Q1-2023-1.docx"'
    )
    assert "示督通〔2023〕1号" in [p.text for p in Document(BytesIO(word.content)).paragraphs]
    assert office.get(f"/api/bulletins/{draft['id']}/document?format=odt").status_code == 422
    again = office.patch(f"/api/bulletins/{draft['id']}", json={"summary": "改"})
    assert again.status_code == 409
    page = office.get(f"/bulletins/{draft['id']}")
    assert 'id="issue"' not in page.text and 'id="edit"' not in page.text
    listing = office.get("/bulletins")
    assert listing.status_code == 200 and "示督通〔2023〕1号" in listing.text
    made = office.post("/bulletins", data={"period": "2023-06"}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/bulletins/")
    refused = office.post("/bulletins", data={"period": "June"})
    assert refused.status_code == 422 and "2023-05" in refused.text


def test_the_page_draws_the_documents_two_charts(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    with db.session() as session:
        for title, lead in (("扩大有效投资", "prov.fgw"), ("促进消费恢复", "prov.swt")):
            publish_task(session, title=title, lead=lead, due=date(2023, 12, 31))
        session.commit()
    run_jobs(db.factory, settings=settings)  # the lights the bulletin reads
    office = login("office")
    made = office.post("/api/bulletins", json={"period": f"{clock.today():%Y-%m}"})
    assert made.status_code == 201, made.text
    draft = made.json()
    page = office.get(f"/bulletins/{draft['id']}")
    assert page.status_code == 200 and "/static/dashboard.js" in page.text
    figures = office.get(f"/api/bulletins/{draft['id']}").json()["content"]
    lights = _chart_data(page.text, "bulletin_lights")
    assert [row[0] for row in lights["rows"]] == [line["name"] for line in figures["lines"]]
    assert sum(sum(row[1:]) for row in lights["rows"]) == figures["overview"]["tasks"] > 0
    league = _chart_data(page.text, "bulletin_league")
    assert league["rows"] == [[u["unit"], u["score"]] for u in figures["units"][:15]]
