"""versions: an optimistic-lock counter on the edited aggregates besides the task (sources,
directives, reports, extension requests); rows already stored start at version 1

Revision ID: 0004
Revises: 0007 (chained after the audit chain, already merged when this was rebased)
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("source", "directive", "report", "extension_request")


def upgrade() -> None:
    for table in TABLES:
        # A plain ADD COLUMN on both databases: NOT NULL is safe with the default.
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
