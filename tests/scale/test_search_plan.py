"""The task search is served by an index on both databases: SQLite's FTS5 table, and on
PostgreSQL the GIN index on ``to_tsvector('simple', words)`` (migration 0024)."""

from __future__ import annotations

from sqlalchemy import select

from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from tests.conftest import Database
from tests.scale.test_queries import plan, seeded  # noqa: F401  (the fixture, by name)


def test_the_search_uses_the_full_text_index(seeded: Database) -> None:  # noqa: F811
    with seeded.session() as session:
        found = plan(session, select(Task.id).where(tasks._matches(session, "推进 项目")))
        if session.get_bind().dialect.name == "postgresql":
            assert "ix_task_search_words_tsv" in found, found
            assert "Seq Scan on task_search" not in found, found
        else:
            assert "task_fts VIRTUAL TABLE INDEX" in found, found
