"""Shared fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL.

Every test that asks for ``db`` runs twice: on a new SQLite file, and on the PostgreSQL
database named by ``LUOSHI_TEST_PG_URL`` inside a transaction rolled back at the end. Under
pytest-xdist each worker has a PostgreSQL database of its own (``NAME_gw0``…), made here,
since every worker drops and creates the tables of the one it uses.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from luoshi.db import make_engine
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.migrations.metadata import target_metadata

BACKENDS = ["sqlite", "postgresql"]


def _worker_database(url: str | None) -> str | None:
    """The worker's own database beside ``url`` (created if missing), or ``url`` itself
    outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    own = base.set(database=name).render_as_string(hide_password=False)
    # Tests and the code under test that read the variable see the worker's database too.
    os.environ["LUOSHI_TEST_PG_URL"] = own
    return own


PG_URL = _worker_database(os.environ.get("LUOSHI_TEST_PG_URL"))


@dataclass
class Database:
    backend: str
    url: str
    engine: Engine
    factory: sessionmaker[Session]

    def session(self) -> Session:
        return self.factory()


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    if not PG_URL:
        pytest.skip("LUOSHI_TEST_PG_URL is not set")
    engine = make_engine(PG_URL)
    metadata = target_metadata()
    metadata.drop_all(engine)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        engine = make_engine(url)
        target_metadata().create_all(engine)
        yield Database("sqlite", url, engine, sessionmaker(bind=engine, expire_on_commit=False))
        engine.dispose()
        return
    engine = request.getfixturevalue("pg_engine")
    connection = engine.connect()
    outer = connection.begin()
    factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    yield Database("postgresql", PG_URL or "", engine, factory)
    outer.rollback()
    connection.close()


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file, or a PostgreSQL database of its own
    (the shared test database holds tables made by create_all)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    if not PG_URL:
        pytest.skip("LUOSHI_TEST_PG_URL is not set")
    name = f"luoshi_t_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    s = db.session()
    yield s
    s.close()


@pytest.fixture
def system() -> Actor:
    return system_actor()
