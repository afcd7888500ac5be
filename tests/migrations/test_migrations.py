"""Upgrade from empty gives exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, ForeignKeyConstraint

from luoshi.db import make_engine
from luoshi.domains.progress.partitions import is_partition_name
from luoshi.migrations import runner
from luoshi.migrations.metadata import target_metadata


@pytest.fixture
def empty_engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def _modelled(name: str | None, type_: str, parent_names: object) -> bool:
    # SQLite's FTS5 table for task search (and its shadow tables) is no model: see
    # luoshi.domains.tasks.models.FTS_TABLE.
    # PostgreSQL's search index is on an expression, declared beside the models (SEARCH_INDEX).
    if type_ == "index" and name == "ix_task_search_words_tsv":
        return False
    # PostgreSQL's monthly partitions of the reports are made by the migration and the
    # maintenance, not by a model (luoshi.domains.progress.partitions).
    if type_ == "table" and name is not None and is_partition_name(name):
        return False
    return not (type_ == "table" and name is not None and name.startswith("task_fts"))


def _modelled_object(
    item: object, name: str | None, type_: str, reflected: bool, _compare_to: object
) -> bool:
    # PostgreSQL clones a foreign key that points at a partitioned table once per partition
    # (internal constraints, gone with the partition): the model has the one on the parent.
    if type_ == "foreign_key_constraint" and reflected and isinstance(item, ForeignKeyConstraint):
        return not is_partition_name(item.referred_table.name)
    return True


def test_upgrade_from_empty_matches_models(empty_engine: Engine) -> None:
    runner.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": _modelled,
                "include_object": _modelled_object,
            },
        )
        diff = compare_metadata(context, target_metadata())
    assert diff == [], f"migrations and models differ: {diff}"
    assert runner.current(empty_engine) is not None


def test_revisions_import_nothing_from_the_app() -> None:
    versions = Path(runner.HERE) / "versions"
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import luoshi" not in source and "from luoshi" not in source, path.name
