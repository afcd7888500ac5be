"""register kit: the ladder's steps on register deadlines; a link on inbox items

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_chase",
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("days_overdue", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("message_zh", sa.Text(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_register_chase_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_chase")),
        sa.UniqueConstraint(
            "tenant_id",
            "object_type",
            "object_id",
            "unit_id",
            "step",
            "subject_key",
            name=op.f("uq_register_chase_tenant_id"),
        ),
    )
    with op.batch_alter_table("register_chase", schema=None) as batch_op:
        for column in ("object_type", "object_id", "unit_id", "issued_on", "tenant_id"):
            batch_op.create_index(batch_op.f(f"ix_register_chase_{column}"), [column])
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("link", sa.String(length=300), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_column("link")
    with op.batch_alter_table("register_chase", schema=None) as batch_op:
        for column in ("tenant_id", "issued_on", "unit_id", "object_id", "object_type"):
            batch_op.drop_index(batch_op.f(f"ix_register_chase_{column}"))
    op.drop_table("register_chase")
