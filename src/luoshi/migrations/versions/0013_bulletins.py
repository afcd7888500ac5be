"""bulletins: supervision bulletins (督查通报) and the per-office, per-year number counter

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 10:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulletin",
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("organ", sa.String(length=200), nullable=False),
        sa.Column("number_prefix", sa.String(length=50), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("good_practices", sa.JSON(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_bulletin_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user_account.id"],
            name=op.f("fk_bulletin_issued_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_bulletin_office_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin")),
        sa.UniqueConstraint(
            "tenant_id", "office_unit_id", "year", "number", name=op.f("uq_bulletin_tenant_id")
        ),
    )
    with op.batch_alter_table("bulletin", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bulletin_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bulletin_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_bulletin_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_bulletin_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "bulletin_sequence",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_bulletin_sequence_office_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "office_unit_id", "year", name=op.f("pk_bulletin_sequence")
        ),
    )


def downgrade() -> None:
    op.drop_table("bulletin_sequence")
    with op.batch_alter_table("bulletin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bulletin_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_bulletin_state"))
        batch_op.drop_index(batch_op.f("ix_bulletin_period"))
        batch_op.drop_index(batch_op.f("ix_bulletin_office_unit_id"))
    op.drop_table("bulletin")
