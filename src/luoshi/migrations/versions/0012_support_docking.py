"""support and docking: support items with their dated history, docking of national measures

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-04 20:15:16.592208
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "support_item",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("ministry", sa.String(length=200), nullable=False),
        sa.Column("ministry_code", sa.String(length=64), nullable=True),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=True),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("landed_on", sa.Date(), nullable=True),
        sa.Column("dropped_on", sa.Date(), nullable=True),
        sa.Column("drop_reason", sa.Text(), nullable=False),
        sa.Column("landed_as", sa.String(length=20), nullable=True),
        sa.Column("fund_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("policy_document", sa.String(length=500), nullable=False),
        sa.Column("project_name", sa.String(length=500), nullable=False),
        sa.Column("landed_detail", sa.Text(), nullable=False),
        sa.Column("light", sa.String(length=20), nullable=False),
        sa.Column("light_reasons", sa.JSON(), nullable=False),
        sa.Column("light_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_support_item_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"], ["unit.id"], name=op.f("fk_support_item_lead_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_support_item_office_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_item")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_support_item_tenant_id")),
    )
    with op.batch_alter_table("support_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_item_lead_unit_id"), ["lead_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_support_item_light"), ["light"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_support_item_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_support_item_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_item_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "support_item_event",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["support_item.id"],
            name=op.f("fk_support_item_event_item_id_support_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_item_event")),
    )
    with op.batch_alter_table("support_item_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_item_event_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_support_item_event_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "docking_measure",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("national_measure", sa.Text(), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("local_measure", sa.String(length=500), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("status_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_docking_measure_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directive.id"],
            name=op.f("fk_docking_measure_directive_id_directive"),
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_docking_measure_office_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["unit.id"], name=op.f("fk_docking_measure_owner_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_docking_measure_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_docking_measure_task_id_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_docking_measure")),
        sa.UniqueConstraint("tenant_id", "directive_id", name=op.f("uq_docking_measure_tenant_id")),
    )
    with op.batch_alter_table("docking_measure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_docking_measure_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_docking_measure_owner_unit_id"), ["owner_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_docking_measure_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_docking_measure_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_docking_measure_task_id"), ["task_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_docking_measure_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("docking_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_docking_measure_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_docking_measure_task_id"))
        batch_op.drop_index(batch_op.f("ix_docking_measure_status"))
        batch_op.drop_index(batch_op.f("ix_docking_measure_source_id"))
        batch_op.drop_index(batch_op.f("ix_docking_measure_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_docking_measure_office_unit_id"))

    op.drop_table("docking_measure")
    with op.batch_alter_table("support_item_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_item_event_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_support_item_event_item_id"))

    op.drop_table("support_item_event")
    with op.batch_alter_table("support_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_item_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_support_item_status"))
        batch_op.drop_index(batch_op.f("ix_support_item_office_unit_id"))
        batch_op.drop_index(batch_op.f("ix_support_item_light"))
        batch_op.drop_index(batch_op.f("ix_support_item_lead_unit_id"))

    op.drop_table("support_item")
