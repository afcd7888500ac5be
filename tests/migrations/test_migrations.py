"""Upgrade from empty gives exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from luoshi.db import make_engine
from luoshi.migrations import runner
from luoshi.migrations.metadata import target_metadata

PG_URL = os.environ.get("LUOSHI_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(str(tmp_path / "migrated.db"))
        yield engine
        engine.dispose()
        return
    if not PG_URL:
        pytest.skip("LUOSHI_TEST_PG_URL is not set")
    # A database of its own: the shared test database holds tables made by create_all.
    name = f"luoshi_mig_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def test_upgrade_from_empty_matches_models(empty_engine: Engine) -> None:
    runner.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, target_metadata())
    assert diff == [], f"migrations and models differ: {diff}"
    assert runner.current(empty_engine) is not None


def test_revisions_import_nothing_from_the_app() -> None:
    versions = Path(runner.HERE) / "versions"
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import luoshi" not in source and "from luoshi" not in source, path.name
