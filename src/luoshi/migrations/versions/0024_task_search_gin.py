"""task search: PostgreSQL's full-text index on task_search.words

Revision ID: 0024
Revises: 0016
Create Date: 2026-12-07 15:00:00

The task list's search asks ``to_tsvector('simple', words) @@ to_tsquery(...)``; without
an index on that expression PostgreSQL reads and parses every row's words on each search.
A GIN index on the same expression serves it (SQLite searches its FTS5 table task_fts).
"""

from __future__ import annotations

from alembic import op

revision = "0024"
down_revision = "0016"
branch_labels = None
depends_on = None

INDEX = "ix_task_search_words_tsv"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON task_search"
            " USING gin (to_tsvector('simple'::regconfig, words))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
