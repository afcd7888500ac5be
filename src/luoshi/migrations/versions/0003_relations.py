"""relations: the supervising office of a task, the owner of a source, who returned and who
completed a task, the first of two extension approvals

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(batch_op: object, table: str, column: str, target: str) -> None:
    batch_op.create_foreign_key(  # type: ignore[attr-defined]
        op.f(f"fk_{table}_{column}_{target}"), target, [column], ["id"]
    )


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office_unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("returned_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("completed_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_task_office_unit_id"), ["office_unit_id"])
        _fk(batch_op, "task", "office_unit_id", "unit")
        _fk(batch_op, "task", "returned_by_id", "user_account")
        _fk(batch_op, "task", "completed_by_id", "user_account")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_unit_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_source_owner_unit_id"), ["owner_unit_id"])
        _fk(batch_op, "source", "owner_unit_id", "unit")
    with op.batch_alter_table("extension_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_approved_by_id", sa.Integer(), nullable=True))
        _fk(batch_op, "extension_request", "first_approved_by_id", "user_account")

    # Existing rows: a source belongs to its uploader's unit, else to the top of the tree;
    # a sub-task is supervised by its parent's lead unit, any other task by its creator's
    # unit, else by the top unit above its lead.
    op.execute(
        "UPDATE source SET owner_unit_id = (SELECT u.unit_id FROM user_account u "
        "WHERE u.id = source.created_by_id)"
    )
    op.execute(
        "UPDATE source SET owner_unit_id = (SELECT MIN(t.id) FROM unit t "
        "WHERE t.tenant_id = source.tenant_id AND t.parent_id IS NULL) "
        "WHERE owner_unit_id IS NULL"
    )
    op.execute(
        "UPDATE task SET office_unit_id = (SELECT p.lead_unit_id FROM task p "
        "WHERE p.id = task.parent_id) WHERE parent_id IS NOT NULL"
    )
    op.execute(
        "UPDATE task SET office_unit_id = (SELECT u.unit_id FROM user_account u "
        "WHERE u.id = task.created_by_id) WHERE office_unit_id IS NULL"
    )
    op.execute(
        "UPDATE task SET office_unit_id = (SELECT MIN(t.id) FROM unit t "
        "WHERE t.tenant_id = task.tenant_id AND t.parent_id IS NULL) "
        "WHERE office_unit_id IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("extension_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("fk_extension_request_first_approved_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("first_approved_by_id")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_source_owner_unit_id_unit"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_source_owner_unit_id"))
        batch_op.drop_column("owner_unit_id")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_task_completed_by_id_user_account"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_task_returned_by_id_user_account"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_task_office_unit_id_unit"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_task_office_unit_id"))
        batch_op.drop_column("completed_by_id")
        batch_op.drop_column("returned_by_id")
        batch_op.drop_column("office_unit_id")
