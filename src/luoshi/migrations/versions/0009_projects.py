"""projects: the key projects register, annual plans, stage history, monthly reports, photos

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 20:15:07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_unit_id", sa.Integer(), nullable=False),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("region_unit_id", sa.Integer(), nullable=True),
        sa.Column("industry", sa.String(length=30), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("national_plan", sa.String(length=20), nullable=False),
        sa.Column("national_plan_name", sa.String(length=300), nullable=False),
        sa.Column("national_plan_date", sa.Date(), nullable=True),
        sa.Column("total_investment", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("investment_before", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("planned_completion", sa.Date(), nullable=True),
        sa.Column("actual_completion", sa.Date(), nullable=True),
        sa.Column("operation_date", sa.Date(), nullable=True),
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
            name=op.f("fk_project_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_project_office_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["owner_unit_id"], ["unit.id"], name=op.f("fk_project_owner_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["region_unit_id"], ["unit.id"], name=op.f("fk_project_region_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_project_tenant_id")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_industry"), ["industry"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_light"), ["light"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_national_plan"), ["national_plan"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_owner_unit_id"), ["owner_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_region_unit_id"), ["region_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_stage"), ["stage"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "project_report",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("investment_month", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("investment_cumulative", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_report_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["user_account.id"],
            name=op.f("fk_project_report_submitted_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_project_report_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_report")),
        sa.UniqueConstraint(
            "tenant_id", "project_id", "period", name=op.f("uq_project_report_tenant_id")
        ),
    )
    with op.batch_alter_table("project_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_report_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_report_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_report_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "project_stage_change",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=30), nullable=True),
        sa.Column("to_stage", sa.String(length=30), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_stage_change_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_stage_change")),
    )
    with op.batch_alter_table("project_stage_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_stage_change_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_stage_change_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "project_year_plan",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned_investment", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_year_plan_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_year_plan")),
        sa.UniqueConstraint("project_id", "year", name=op.f("uq_project_year_plan_project_id")),
    )
    with op.batch_alter_table("project_year_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_year_plan_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_year_plan_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "project_photo",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["project_report.id"],
            name=op.f("fk_project_photo_report_id_project_report"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_project_photo_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_photo")),
    )
    with op.batch_alter_table("project_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_photo_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_photo_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_photo_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_photo_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_project_photo_sha256"))
        batch_op.drop_index(batch_op.f("ix_project_photo_report_id"))

    op.drop_table("project_photo")
    with op.batch_alter_table("project_year_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_year_plan_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_project_year_plan_project_id"))

    op.drop_table("project_year_plan")
    with op.batch_alter_table("project_stage_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_stage_change_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_project_stage_change_project_id"))

    op.drop_table("project_stage_change")
    with op.batch_alter_table("project_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_report_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_report_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_project_report_project_id"))

    op.drop_table("project_report")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_project_stage"))
        batch_op.drop_index(batch_op.f("ix_project_region_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_office_unit_id"))
        batch_op.drop_index(batch_op.f("ix_project_national_plan"))
        batch_op.drop_index(batch_op.f("ix_project_light"))
        batch_op.drop_index(batch_op.f("ix_project_level"))
        batch_op.drop_index(batch_op.f("ix_project_industry"))

    op.drop_table("project")
