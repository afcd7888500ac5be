"""CSRF: every state-changing request needs the session's token, the login form too; every
form carries it and htmx sends it; no GET changes the database.

The routes are walked from the app itself, so a new route is covered without a new test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from luoshi import clock
from luoshi.kernel.models import AuditEvent
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_HEADER
from tests.conftest import Database
from tests.factories import PASSWORD, World

Login = Callable[[str], TestClient]
TEMPLATES = Path(__file__).parents[2] / "src" / "luoshi" / "web" / "templates"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
READOUT = (
    "省政府常务会议纪要\n一要抓好项目投资。省发展改革委要加快重点项目建设，一季度新开工项目30个。\n"
)
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def app(db: Database, tmp_path: Path) -> FastAPI:
    settings = Settings(
        environment="test",
        database_url=db.url,
        secret_key="c" * 40,
        language="en",
        evidence_dir=tmp_path / "evidence",
    )
    return create_app(settings, session_factory=db.factory)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: equal snapshots mean nothing was written."""
    with db.session() as session:
        return {
            table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
            for table in target_metadata().sorted_tables
        }


def audit_rows(db: Database) -> int:
    return len(snapshot(db)["audit_event"])


def populate(login: Login) -> dict[str, int | str]:
    """One of each object a route can name: source, directive, task and subtask, report,
    evidence, extension, inbox item, API token; made through the API as the users would."""
    office, fgw, leader = login("office"), login("fgw"), login("leader")
    source = ok(
        office.post("/api/sources", files={"file": ("r.txt", READOUT.encode(), "text/plain")}),
        201,
    )
    due = (clock.today() + timedelta(days=120)).isoformat()
    task = ok(
        office.post(
            "/api/tasks", json={"title": "扩大有效投资", "lead_unit": "p.fgw", "due_date": due}
        ),
        201,
    )
    task_id = int(task["id"])
    ok(office.post(f"/api/tasks/{task_id}/assign", json={"lead_unit": "p.fgw"}))
    ok(fgw.post(f"/api/tasks/{task_id}/accept", json={}))
    report = ok(fgw.post(f"/api/tasks/{task_id}/reports", json={"progress": 10, "done": "x"}), 201)
    [evidence] = ok(
        fgw.post(
            f"/api/reports/{report['id']}/evidence",
            files=[("files", ("scan.pdf", PDF, "application/pdf"))],
        ),
        201,
    )
    later = (clock.today() + timedelta(days=200)).isoformat()
    extension = ok(
        fgw.post(
            f"/api/tasks/{task_id}/extensions", json={"requested_due": later, "reason": "winter"}
        ),
        201,
    )
    ok(leader.post(f"/api/tasks/{task_id}/instructions", json={"text": "Report the land"}), 201)
    items = ok(fgw.get("/api/inbox"))["items"]
    units = ok(office.get("/api/units"))
    token = ok(office.post("/api/auth/tokens", json={"name": "ci", "scope": "read"}), 201)
    return {
        "source_id": int(source["source_id"]),
        "directive_id": int(source["directives"][0]["id"]),
        "task_id": task_id,
        "report_id": int(report["id"]),
        "evidence_id": int(evidence["id"]),
        "extension_id": int(extension["id"]),
        "item_id": int(items[0]["id"]),
        # No register record exists here: refused before it is looked up, or answered 404.
        "docking_id": 1,
        "project_id": 1,
        "photo_id": 1,
        "year": 2023,
        "matter_id": 1,
        "indicator_id": 1,
        "target_id": 1,
        "proposal_id": 1,
        "bulletin_id": 1,
        "step": "accept",
        "unit_id": int(units[0]["id"]),
        "user_id": int(ok(office.get("/api/me"))["id"]),
        "token_id": int(token["id"]),
        "role": "leader",
        "day": "2023-10-01",
    }


def routes(app: FastAPI, methods: tuple[str, ...]) -> list[tuple[str, str]]:
    # Included routers are walked through, as the app resolves them.
    found = [
        (method, str(route.path))
        for route in iter_route_contexts(app.routes)
        for method in sorted(route.methods or ())
        if method in methods
    ]
    assert found
    return found


def fill(path: str, ids: dict[str, int | str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


def test_no_state_changing_request_passes_without_the_token(
    app: FastAPI, db: Database, login: Login
) -> None:
    ids = populate(login)
    office = login("office")
    token = office.headers.pop(CSRF_HEADER)
    before = snapshot(db)
    checked = 0
    for method, path in routes(app, UNSAFE):
        url = fill(path, ids)
        for headers in ({}, {CSRF_HEADER: "forged"}, {CSRF_HEADER: token[:-1]}):
            response = office.request(method, url, json={}, headers=headers, follow_redirects=False)
            assert response.status_code == 403, f"{method} {path} {headers}: {response.text}"
        # The form field is refused as well when it is wrong.
        response = office.request(method, url, data={"csrf_token": "forged"})
        assert response.status_code == 403, f"{method} {path} (form)"
        checked += 1
    assert checked >= 30
    assert snapshot(db) == before
    # The same client with its token is let through (the token was the only thing missing).
    office.headers[CSRF_HEADER] = token
    ok(office.post("/api/inbox/read-all"))


def test_a_page_form_passes_with_the_field_and_is_refused_without(
    db: Database, login: Login
) -> None:
    office, fgw = login("office"), login("fgw")
    due = (clock.today() + timedelta(days=120)).isoformat()
    task = ok(
        office.post("/api/tasks", json={"title": "T", "lead_unit": "p.fgw", "due_date": due}), 201
    )
    ok(office.post(f"/api/tasks/{task['id']}/assign", json={"lead_unit": "p.fgw"}))
    page = fgw.get(f"/tasks/{task['id']}").text
    token = fgw.headers.pop(CSRF_HEADER)
    # The page's forms carry this session's token.
    assert f'<input type="hidden" name="csrf_token" value="{token}">' in page
    audited = audit_rows(db)
    refused = fgw.post(f"/tasks/{task['id']}/accept", data={}, follow_redirects=False)
    assert refused.status_code == 403 and "<html" in refused.text
    assert audit_rows(db) == audited
    assert ok(fgw.get(f"/api/tasks/{task['id']}"))["status"] == "assigned"
    accepted = fgw.post(
        f"/tasks/{task['id']}/accept", data={"csrf_token": token}, follow_redirects=False
    )
    assert accepted.status_code == 303, accepted.text
    assert ok(fgw.get(f"/api/tasks/{task['id']}"))["status"] == "accepted"
    assert audit_rows(db) > audited


def test_the_login_form_needs_its_pre_login_token(app: FastAPI, world: World) -> None:
    with TestClient(app) as browser:
        form = {"username": "office", "password": PASSWORD}
        # A page on another site posting the login form (login CSRF) is refused.
        refused = browser.post("/login", data=form, follow_redirects=False)
        assert refused.status_code == 403
        assert browser.get("/api/me").status_code == 401
        page = browser.get("/login").text
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match
        before = match.group(1)
        logged_in = browser.post(
            "/login", data={**form, "csrf_token": before}, follow_redirects=False
        )
        assert logged_in.status_code == 303
        assert browser.get("/api/me").status_code == 200
        # The login starts a new token: the one seen before logging in no longer works.
        after = browser.get("/api/auth/csrf").json()["csrf_token"]
        assert after != before
        assert browser.post("/logout", data={"csrf_token": before}).status_code == 403
        assert browser.get("/api/me").status_code == 200


def test_the_api_login_needs_the_token_and_the_token_is_stable(app: FastAPI, world: World) -> None:
    with TestClient(app) as api:
        credentials = {"username": "office", "password": PASSWORD}
        assert api.post("/api/auth/login", json=credentials).status_code == 403
        first = api.get("/api/auth/csrf").json()["csrf_token"]
        assert api.get("/api/auth/csrf").json()["csrf_token"] == first
        ok(api.post("/api/auth/login", json=credentials, headers={CSRF_HEADER: first}))


def test_every_template_form_that_posts_carries_the_field() -> None:
    forms = 0
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<form\b[^>]*>", text):
            if 'method="post"' not in match.group(0).lower():
                continue
            forms += 1
            after = text[match.end() : match.end() + 40]
            assert after.startswith("{{ csrf_field() }}"), f"{template.name}: {match.group(0)}"
    assert forms >= 15


def test_htmx_sends_the_token_as_a_header(login: Login) -> None:
    office = login("office")
    token = office.headers[CSRF_HEADER]
    page = office.get("/tasks").text
    assert f'<body hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'>' in page


def test_no_get_route_changes_the_database(app: FastAPI, db: Database, login: Login) -> None:
    ids = populate(login)
    clients = {name: login(name) for name in ("office", "fgw", "leader", "auditor")}
    before = snapshot(db)
    with db.session() as session:
        last_audit_id = session.scalar(select(func.max(AuditEvent.id)))
    assert last_audit_id
    walked = 0
    for method, path in routes(app, ("GET",)):
        url = fill(path, ids)
        for name, c in clients.items():
            response = c.request(method, url, follow_redirects=False)
            assert response.status_code < 500, f"{name} GET {path}: {response.status_code}"
        walked += 1
    assert walked >= 25
    after = snapshot(db)
    # Reading writes only to the trail: the refusals it met and the exports it made.
    with db.session() as session:
        new = session.execute(
            select(AuditEvent.action, AuditEvent.result).where(AuditEvent.id > last_audit_id)
        ).all()
    assert new and all(result == "denied" or action.startswith("audit.") for action, result in new)
    # A login's last-seen time is refreshed by any request, at most once a minute
    # (sessions.touch): a long walk on a busy machine may cross that minute.
    for table in ("audit_event", "audit_chain", "user_session"):
        after.pop(table), before.pop(table)
    assert after == before
