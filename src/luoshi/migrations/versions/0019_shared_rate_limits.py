"""shared rate limits: counts per bucket, key digest and window, for several app instances

Revision ID: 0019
Revises: 0013
Create Date: 2026-12-07 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hit",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("bucket", sa.String(length=32), nullable=False),
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "tenant_id", "bucket", "key_digest", "window_start", name=op.f("pk_rate_limit_hit")
        ),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_hit")
