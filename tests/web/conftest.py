"""The app on the test database, and logged-in clients.

Every client sends its session's CSRF token as a header, as htmx and API clients do; the
tests of the CSRF control itself (test_security.py) take it away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_HEADER
from tests.conftest import Database
from tests.factories import PASSWORD, TOTP_SECRET, World, build_world


@pytest.fixture
def app(db: Database) -> FastAPI:
    # Tests travel days and months in time after logging in: the server-side session
    # timeouts would end those logins, so they are long here and proven in test_api_auth.
    settings = Settings(
        environment="test",
        database_url=db.url,
        secret_key="t" * 40,
        session_idle_seconds=10**9,
        session_max_age_seconds=10**9,
    )
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
    if response.json()["stage"] == "totp":
        with_csrf(c)
        second_factor(c)
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


def second_factor(c: TestClient) -> None:
    """Give the administrators' code. Each code is good once, so a test's second and third
    login of the same administrator use the codes of the steps around this one."""
    totp = pyotp.TOTP(TOTP_SECRET)
    for offset in (-1, 0, 1):
        code = totp.at(datetime.now(UTC), counter_offset=offset)
        response = c.post("/api/auth/totp", json={"code": code})
        if response.status_code == 200:
            assert response.json()["stage"] == "active", response.text
            return
    raise AssertionError(f"no code accepted: {response.text}")


def commit(session: Session) -> None:
    session.commit()
    session.close()
