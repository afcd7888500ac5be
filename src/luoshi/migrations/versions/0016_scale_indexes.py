"""scale: the index the task lists need to find a subtree's co-unit tasks

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-07 11:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task_co_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_co_unit_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_co_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_co_unit_unit_id"))
