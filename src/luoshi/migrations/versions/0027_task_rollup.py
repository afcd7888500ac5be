"""task rollup: the dashboards' task counts by group, kept by the tasks' writes

``task_rollup`` holds how many tasks there are of each group the dashboards count: by lead
unit (status, light, report cycle), by co-unit (status, report cycle), by work line (status,
light) and by due month (status, light): 13,050 rows for a province's 20,000 tasks and
37,289 co-unit rows (docs/scale.md, "The rollup"). The application keeps it exact in every
transaction that writes tasks (``luoshi.domains.tasks.rollup``); it is filled here from the
tasks already there, so that an upgraded database is ready, as
``luoshi dashboards rebuild`` would fill it.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

COLUMNS = "tenant_id, kind, unit_id, work_line, due_month, status, light, report_cycle, n"


def _fill() -> None:
    month = (
        "coalesce(to_char(due_date, 'YYYY-MM'), '')"
        if op.get_bind().dialect.name == "postgresql"
        else "coalesce(substr(due_date, 1, 7), '')"
    )
    selects = [
        "SELECT tenant_id, 'lead', lead_unit_id, '', '', status, light, report_cycle, count(*)"
        " FROM task GROUP BY tenant_id, lead_unit_id, status, light, report_cycle",
        "SELECT t.tenant_id, 'co', c.unit_id, '', '', t.status, '', t.report_cycle, count(*)"
        " FROM task_co_unit c JOIN task t ON t.id = c.task_id"
        " GROUP BY t.tenant_id, c.unit_id, t.status, t.report_cycle",
        "SELECT tenant_id, 'line', NULL, coalesce(work_line, ''), '', status, light, '', count(*)"
        " FROM task GROUP BY tenant_id, coalesce(work_line, ''), status, light",
        f"SELECT tenant_id, 'due', NULL, '', {month}, status, light, '', count(*)"
        f" FROM task GROUP BY tenant_id, {month}, status, light",
    ]
    for select in selects:
        op.execute(f"INSERT INTO task_rollup ({COLUMNS}) {select}")


def upgrade() -> None:
    op.create_table(
        "task_rollup",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("work_line", sa.Text(), nullable=False),
        sa.Column("due_month", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("light", sa.String(length=20), nullable=False),
        sa.Column("report_cycle", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id", "tenant_id"],
            ["unit.id", "unit.tenant_id"],
            name=op.f("fk_task_rollup_unit_id_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_rollup")),
        sa.UniqueConstraint("id", "tenant_id", name=op.f("uq_task_rollup_tenant_key")),
    )
    op.create_index(
        "ix_task_rollup_group", "task_rollup", ["tenant_id", "kind", "unit_id"], unique=False
    )
    _fill()


def downgrade() -> None:
    op.drop_index("ix_task_rollup_group", table_name="task_rollup")
    op.drop_table("task_rollup")
