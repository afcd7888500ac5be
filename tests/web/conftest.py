"""The app on the test database, and logged-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from luoshi.settings import Settings
from luoshi.web.app import create_app
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
        return c

    yield _login
    for c in opened:
        c.close()


def commit(session: Session) -> None:
    session.commit()
    session.close()
