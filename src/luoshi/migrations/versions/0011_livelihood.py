"""livelihood: matters with targets and period values; indicators with values by period and region

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04 20:15:26.729804
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "indicator",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("measure", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_indicator_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_indicator_office_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["unit.id"], name=op.f("fk_indicator_owner_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_indicator_tenant_id")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_owner_unit_id"), ["owner_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "livelihood_matter",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("report_cycle", sa.String(length=20), nullable=False),
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
            name=op.f("fk_livelihood_matter_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"], ["unit.id"], name=op.f("fk_livelihood_matter_lead_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_livelihood_matter_office_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_livelihood_matter")),
        sa.UniqueConstraint(
            "tenant_id", "year", "number", name=op.f("uq_livelihood_matter_tenant_id")
        ),
    )
    with op.batch_alter_table("livelihood_matter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_livelihood_matter_lead_unit_id"), ["lead_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_livelihood_matter_light"), ["light"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_livelihood_matter_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_livelihood_matter_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_livelihood_matter_year"), ["year"], unique=False)

    op.create_table(
        "indicator_value",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("region_unit_id", sa.Integer(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("actual_value", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actual_by_id", sa.Integer(), nullable=True),
        sa.Column("actual_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("light", sa.String(length=20), nullable=False),
        sa.Column("light_reasons", sa.JSON(), nullable=False),
        sa.Column("light_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actual_by_id"],
            ["user_account.id"],
            name=op.f("fk_indicator_value_actual_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["region_unit_id"], ["unit.id"], name=op.f("fk_indicator_value_region_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint(
            "indicator_id", "period", "region_unit_id", name=op.f("uq_indicator_value_indicator_id")
        ),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_value_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_value_period"), ["period"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicator_value_region_unit_id"), ["region_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_value_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "livelihood_target",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("measure", sa.String(length=50), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("light", sa.String(length=20), nullable=False),
        sa.Column("light_reasons", sa.JSON(), nullable=False),
        sa.Column("light_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"], ["unit.id"], name=op.f("fk_livelihood_target_lead_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["livelihood_matter.id"],
            name=op.f("fk_livelihood_target_matter_id_livelihood_matter"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_livelihood_target")),
        sa.UniqueConstraint("matter_id", "name", name=op.f("uq_livelihood_target_matter_id")),
    )
    with op.batch_alter_table("livelihood_target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_livelihood_target_lead_unit_id"), ["lead_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_livelihood_target_matter_id"), ["matter_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_livelihood_target_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "livelihood_value",
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["user_account.id"],
            name=op.f("fk_livelihood_value_reported_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["livelihood_target.id"],
            name=op.f("fk_livelihood_value_target_id_livelihood_target"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_livelihood_value_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_livelihood_value")),
        sa.UniqueConstraint("target_id", "period", name=op.f("uq_livelihood_value_target_id")),
    )
    with op.batch_alter_table("livelihood_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_livelihood_value_target_id"), ["target_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_livelihood_value_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("livelihood_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_livelihood_value_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_livelihood_value_target_id"))

    op.drop_table("livelihood_value")
    with op.batch_alter_table("livelihood_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_livelihood_target_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_livelihood_target_matter_id"))
        batch_op.drop_index(batch_op.f("ix_livelihood_target_lead_unit_id"))

    op.drop_table("livelihood_target")
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_value_region_unit_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_value_period"))
        batch_op.drop_index(batch_op.f("ix_indicator_value_indicator_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("livelihood_matter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_livelihood_matter_year"))
        batch_op.drop_index(batch_op.f("ix_livelihood_matter_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_livelihood_matter_office_unit_id"))
        batch_op.drop_index(batch_op.f("ix_livelihood_matter_light"))
        batch_op.drop_index(batch_op.f("ix_livelihood_matter_lead_unit_id"))

    op.drop_table("livelihood_matter")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_office_unit_id"))

    op.drop_table("indicator")
