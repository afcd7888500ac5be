"""The app on the test database, and logged-in clients."""

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


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def login(app: FastAPI, world: World) -> Iterator[Callable[[str], TestClient]]:
    """A fresh client logged in as the given demo username."""
    opened: list[TestClient] = []

    def _login(username: str) -> TestClient:
        c = TestClient(app)
        opened.append(c)
        response = c.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        if response.json()["stage"] == "totp":
            second_factor(c)
        return c

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
