"""The app on the test database, and logged-in clients.

Every client sends its session's CSRF token as a header, as htmx and API clients do; the
tests of the CSRF control itself (test_security.py) take it away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_HEADER
from tests.conftest import Database
from tests.factories import PASSWORD, World, build_world


@pytest.fixture
def app(db: Database) -> FastAPI:
    settings = Settings(environment="test", database_url=db.url, secret_key="t" * 40)
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database) -> World:
    session = db.session()
    world = build_world(session)
    session.commit()
    session.close()
    return world


def with_csrf(c: TestClient) -> TestClient:
    """Ask for the session's CSRF token and send it on every later request."""
    response = c.get("/api/auth/csrf")
    assert response.status_code == 200, response.text
    c.headers[CSRF_HEADER] = response.json()["csrf_token"]
    return c


def log_in(c: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    """Log ``c`` in through the API with a pre-login token; logging in changes the token."""
    with_csrf(c)
    response = c.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return with_csrf(c)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An anonymous client (with the token of its logged-out session)."""
    with TestClient(app) as c:
        yield with_csrf(c)


@pytest.fixture
def login(app: FastAPI, world: World) -> Iterator[Callable[[str], TestClient]]:
    """A fresh client logged in as the given demo username."""
    opened: list[TestClient] = []

    def _login(username: str) -> TestClient:
        c = TestClient(app)
        opened.append(c)
        return log_in(c, username)

    yield _login
    for c in opened:
        c.close()


def commit(session: Session) -> None:
    session.commit()
    session.close()
