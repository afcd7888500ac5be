"""The request's transaction ends before its response: a commit that fails is a 409 or a
500 the client sees, never the 201 or 303 of a write that was not stored.

The commits here really fail: a listener on the app's session factory makes the database
refuse them (a unique constraint broken inside the commit) or raises in the middle of
them (what a full disk or a lost connection looks like).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import World
from tests.web.conftest import log_in

Client = Callable[[str], TestClient]


@pytest.fixture
def app(db: Database) -> FastAPI:
    settings = Settings(environment="test", database_url=db.url, secret_key="t" * 40, language="en")
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def as_user(app: FastAPI, world: World) -> Iterator[Client]:
    """Logged-in clients that report a server error as the 500 the browser would get."""
    opened: list[TestClient] = []

    def _login(username: str) -> TestClient:
        c = TestClient(app, raise_server_exceptions=False)
        opened.append(c)
        return log_in(c, username)

    yield _login
    for c in opened:
        c.close()


def _break_a_constraint(session: Session) -> None:
    # Two units may not share a code: the commit's last statement breaks that rule.
    session.execute(text("UPDATE unit SET code = 'p' WHERE code = 'p.fgw'"))


def _crash(session: Session) -> None:
    raise RuntimeError("the disk is full")


FAILURES = {"constraint": (_break_a_constraint, 409), "crash": (_crash, 500)}


@contextmanager
def failing_commits(db: Database, fail: Callable[[Session], None]) -> Iterator[None]:
    event.listen(db.factory, "before_commit", fail)
    try:
        yield
    finally:
        event.remove(db.factory, "before_commit", fail)


def _new_task(office: TestClient) -> dict[str, object]:
    due = (clock.today() + timedelta(days=120)).isoformat()
    answer = office.post(
        "/api/tasks", json={"title": "扩大有效投资", "lead_unit": "p.fgw", "due_date": due}
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_an_api_write_whose_commit_fails_is_not_acknowledged(
    db: Database, as_user: Client, failure: str
) -> None:
    office = as_user("office")
    fail, status = FAILURES[failure]
    with failing_commits(db, fail):
        answer = office.post(
            "/api/tasks", json={"title": "未能保存", "lead_unit": "p.fgw", "due_date": "2023-12-31"}
        )
    assert answer.status_code == status, answer.text
    if status == 409:
        assert answer.json()["error"] == "conflict" and "reload" in answer.json()["message"]
    listed = office.get("/api/tasks").json()
    assert listed["total"] == 0
    # and the same request, with a commit that works, is acknowledged and kept
    assert _new_task(office)["title"] == "扩大有效投资"


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_page_form_whose_commit_fails_does_not_redirect(
    db: Database, as_user: Client, failure: str
) -> None:
    office, fgw = as_user("office"), as_user("fgw")
    task = _new_task(office)
    assigned = office.post(
        f"/api/tasks/{task['id']}/assign", json={"lead_unit": "p.fgw", "co_units": ["p.swt"]}
    )
    assert assigned.status_code == 200, assigned.text
    fail, status = FAILURES[failure]
    with failing_commits(db, fail):
        answer = fgw.post(f"/tasks/{task['id']}/accept", data={}, follow_redirects=False)
    assert answer.status_code == status, answer.text
    if status == 409:
        assert "<html" in answer.text and "reload" in answer.text
    assert office.get(f"/api/tasks/{task['id']}").json()["status"] == "assigned"
    accepted = fgw.post(f"/tasks/{task['id']}/accept", data={}, follow_redirects=False)
    assert accepted.status_code == 303
    assert office.get(f"/api/tasks/{task['id']}").json()["status"] == "accepted"
