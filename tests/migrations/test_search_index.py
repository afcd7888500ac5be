"""Migration 0024 adds PostgreSQL's task-search index and takes it away again; on SQLite
(whose search is its FTS5 table) it changes nothing."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from luoshi.db import make_engine
from luoshi.migrations import runner

INDEX = "ix_task_search_words_tsv"


def _indexes(engine: Engine) -> set[str]:
    return {str(i["name"]) for i in inspect(engine).get_indexes("task_search")}


def test_0024_upgrades_and_downgrades(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        runner.upgrade(engine, "0016")
        before = _indexes(engine)
        runner.upgrade(engine, "0024")
        after = _indexes(engine)
        postgres = engine.dialect.name == "postgresql"
        assert after - before == ({INDEX} if postgres else set())
        with engine.begin() as connection:
            config = runner.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0016")
        assert runner.current(engine) == "0016" and _indexes(engine) == before
    finally:
        engine.dispose()
