"""task search words (SQLite FTS5 beside them) and the public-page switches

Revision ID: 0015
Revises: 0018
Create Date: 2026-12-07 10:50:00

task_search holds each task's search words (title, description and source sentence,
segmented by jieba and separated by spaces). On SQLite an FTS5 table task_fts (rowid = task
id) indexes the same words; PostgreSQL searches to_tsvector('simple', words). Existing
tasks are indexed here the way luoshi.extract.search.index_words does it (jieba's search
mode; letters and digits, lower-cased), repeated because a revision imports nothing from
the app; it lacks the app's policy lexicon, and a task edited later is indexed again.

task_view: named filter sets of the task list, saved for a unit's staff.

livelihood_matter.public and project.public: an item appears on the public accountability
page only when its office switches it on (off by default).
"""

from __future__ import annotations

import logging
import re

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0018"
branch_labels = None
depends_on = None

_WORD = re.compile(r"[^\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _index_words(text: str) -> str:
    if not text.strip():
        return ""
    if _HAN.search(text):
        import jieba

        jieba.setLogLevel(logging.WARNING)  # not its "building the prefix dict" chatter
        pieces = jieba.lcut_for_search(text)
    else:
        pieces = text.split()
    words = [w.casefold() for piece in pieces for w in _WORD.findall(piece)]
    return " ".join(dict.fromkeys(words))


def upgrade() -> None:
    op.create_table(
        "task_search",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"]),
        sa.PrimaryKeyConstraint("task_id"),
    )
    op.create_index(op.f("ix_task_search_tenant_id"), "task_search", ["tenant_id"])
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS task_fts USING fts5(words, tokenize='unicode61')"
        )
    rows = bind.execute(
        sa.text(
            "SELECT task.id, task.tenant_id, task.title, task.description, source.text,"
            " task.span_start, task.span_end FROM task"
            " LEFT JOIN source ON source.id = task.source_id"
        )
    ).all()
    for task_id, tenant_id, title, description, source_text, start, end in rows:
        sentence = source_text[start:end] if source_text and start is not None and end else ""
        words = _index_words("\n".join(p for p in (title, description, sentence) if p))
        bind.execute(
            sa.text("INSERT INTO task_search (task_id, tenant_id, words) VALUES (:i, :t, :w)"),
            {"i": task_id, "t": tenant_id, "w": words},
        )
        if sqlite:
            bind.execute(
                sa.text("INSERT INTO task_fts (rowid, words) VALUES (:i, :w)"),
                {"i": task_id, "w": words},
            )
    op.create_table(
        "task_view",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.String(length=1000), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "unit_id", "name"),
    )
    op.create_index(op.f("ix_task_view_tenant_id"), "task_view", ["tenant_id"])
    op.create_index(op.f("ix_task_view_unit_id"), "task_view", ["unit_id"])
    for table in ("livelihood_matter", "project"):
        # A plain ALTER on both engines: no table rebuild (SQLite's would trip the foreign
        # keys of the rows that point at these tables).
        op.add_column(
            table, sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    for table in ("project", "livelihood_matter"):
        op.drop_column(table, "public")  # SQLite 3.35+ drops a column in place
    op.drop_index(op.f("ix_task_view_unit_id"), table_name="task_view")
    op.drop_index(op.f("ix_task_view_tenant_id"), table_name="task_view")
    op.drop_table("task_view")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS task_fts")
    op.drop_index(op.f("ix_task_search_tenant_id"), table_name="task_search")
    op.drop_table("task_search")
