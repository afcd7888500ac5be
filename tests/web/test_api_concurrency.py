"""100 concurrent conflicting edits of one task through the HTTP app, on SQLite and
PostgreSQL: each edit is stored or refused with 409, and none is lost.

Each thread has its own client, so each request its own session and connection. The
first wave reads the task, waits until all have read it, then writes: all name the same
version, so exactly one may win — the database's version check decides among those that
passed the explicit one. The second wave reads and writes at once, interleaving with the
others: several win, one after another. Every win must raise the version by exactly one
(two wins with the same resulting version would be a lost update), and the task must end
as the last win left it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from luoshi.db import make_engine, make_sessionmaker
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.factories import build_world
from tests.web.conftest import log_in

WAVE = 50


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    # Fewer connections than threads: requests also queue for the pool, as in production.
    engine = make_engine(empty_db_url, pool_size=10, max_overflow=5, pool_timeout=60)
    target_metadata().create_all(engine)
    session = make_sessionmaker(engine)()
    build_world(session)
    session.commit()
    session.close()
    yield engine
    engine.dispose()


@pytest.fixture
def app(engine: Engine, empty_db_url: str) -> FastAPI:
    settings = Settings(environment="test", database_url=empty_db_url, secret_key="t" * 40)
    return create_app(settings, session_factory=make_sessionmaker(engine))


@dataclass
class Edit:
    title: str
    read_version: int
    status: int
    body: dict[str, Any]


def _wave(
    app: FastAPI, office: TestClient, task_id: int, name: str, *, read_together: bool
) -> list[Edit]:
    start = threading.Barrier(WAVE)
    have_read = threading.Barrier(WAVE)
    edits: list[Edit] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def edit(i: int) -> None:
        title = f"{name} {i}"
        try:
            # One login shared by every thread: its cookie and its CSRF token.
            with TestClient(
                app, cookies=office.cookies, headers=office.headers, raise_server_exceptions=False
            ) as client:
                start.wait()
                seen = client.get(f"/api/tasks/{task_id}").json()["version"]
                if read_together:
                    have_read.wait()
                answer = client.patch(
                    f"/api/tasks/{task_id}", json={"version": seen, "title": title}
                )
            with lock:
                edits.append(Edit(title, seen, answer.status_code, answer.json()))
        except BaseException as exc:  # a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(WAVE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert len(edits) == WAVE
    return edits


def test_concurrent_conflicting_edits_lose_no_update(app: FastAPI) -> None:
    with TestClient(app) as office:
        log_in(office, "office")
        created = office.post("/api/tasks", json={"title": "原题", "lead_unit": "p.fgw"})
        assert created.status_code == 201, created.text
        task_id, first_version = created.json()["id"], created.json()["version"]
        together = _wave(app, office, task_id, "together", read_together=True)
        apart = _wave(app, office, task_id, "apart", read_together=False)
        final = office.get(f"/api/tasks/{task_id}").json()

    edits = together + apart
    assert {e.status for e in edits} <= {200, 409}, [e.body for e in edits if e.status >= 500]
    refused = [e for e in edits if e.status == 409]
    assert refused and all(e.body["error"] == "stale_edit" for e in refused)
    assert all("reload" in e.body["message"] for e in refused)

    # All of the first wave read the same version: one edit only could be stored.
    assert {e.read_version for e in together} == {first_version}
    assert [e.status for e in together].count(200) == 1
    stored = sorted((e for e in edits if e.status == 200), key=lambda e: e.body["version"])
    assert len(stored) >= 2
    # Each stored edit moved the version by one from the version it read: no two share one.
    assert [e.body["version"] for e in stored] == list(
        range(first_version + 1, first_version + 1 + len(stored))
    )
    assert all(e.body["version"] == e.read_version + 1 for e in stored)
    # and the task is as the last stored edit left it
    assert final["version"] == first_version + len(stored)
    assert final["title"] == stored[-1].title
