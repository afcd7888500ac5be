"""supervision: evidence, instructions and answers, light history, extensions, the ladder's
actions, inbox, outbox and delivery log; the day a report was due

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:30:13.603097
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extension_request",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=False),
        sa.Column("requested_due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_extension_request_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_extension_request_requested_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_extension_request_task_id_task")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_extension_request_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extension_request")),
    )
    with op.batch_alter_table("extension_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extension_request_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_extension_request_task_id"), ["task_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_extension_request_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "instruction",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_instruction_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_instruction_task_id_task")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruction")),
    )
    with op.batch_alter_table("instruction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instruction_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_instruction_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "light_change",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("previous", sa.String(length=20), nullable=True),
        sa.Column("light", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_light_change_task_id_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_light_change")),
    )
    with op.batch_alter_table("light_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_light_change_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_light_change_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "supervision_action",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("days_overdue", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("message_zh", sa.Text(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_supervision_action_task_id_task")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_supervision_action_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_action")),
        sa.UniqueConstraint(
            "tenant_id",
            "task_id",
            "unit_id",
            "step",
            "subject_key",
            name=op.f("uq_supervision_action_tenant_id"),
        ),
    )
    with op.batch_alter_table("supervision_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_action_issued_on"), ["issued_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supervision_action_step"), ["step"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supervision_action_task_id"), ["task_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_action_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_action_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "inbox_item",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["supervision_action.id"],
            name=op.f("fk_inbox_item_action_id_supervision_action"),
        ),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_inbox_item_task_id_task")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_inbox_item_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_item")),
    )
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_item_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbox_item_user_id"), ["user_id"], unique=False)

    op.create_table(
        "instruction_response",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("instruction_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instruction_id"],
            ["instruction.id"],
            name=op.f("fk_instruction_response_instruction_id_instruction"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_instruction_response_report_id_report")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_instruction_response_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruction_response")),
        sa.UniqueConstraint(
            "report_id", "instruction_id", name=op.f("uq_instruction_response_report_id")
        ),
    )
    with op.batch_alter_table("instruction_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instruction_response_instruction_id"), ["instruction_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_instruction_response_report_id"), ["report_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_instruction_response_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "outbox_message",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["supervision_action.id"],
            name=op.f("fk_outbox_message_action_id_supervision_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_message_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_message_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outbox_message_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "report_evidence",
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
            ["report_id"], ["report.id"], name=op.f("fk_report_evidence_report_id_report")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_report_evidence_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_evidence")),
    )
    with op.batch_alter_table("report_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_evidence_report_id"), ["report_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_report_evidence_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_evidence_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "delivery_log",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox_message.id"],
            name=op.f("fk_delivery_log_message_id_outbox_message"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_log")),
    )
    with op.batch_alter_table("delivery_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delivery_log_message_id"), ["message_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_delivery_log_tenant_id"), ["tenant_id"], unique=False)

    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("due_on")

    with op.batch_alter_table("delivery_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_log_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_log_message_id"))

    op.drop_table("delivery_log")
    with op.batch_alter_table("report_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_evidence_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_report_evidence_sha256"))
        batch_op.drop_index(batch_op.f("ix_report_evidence_report_id"))

    op.drop_table("report_evidence")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_status"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_next_attempt_at"))

    op.drop_table("outbox_message")
    with op.batch_alter_table("instruction_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instruction_response_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_instruction_response_report_id"))
        batch_op.drop_index(batch_op.f("ix_instruction_response_instruction_id"))

    op.drop_table("instruction_response")
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_item_user_id"))
        batch_op.drop_index(batch_op.f("ix_inbox_item_tenant_id"))

    op.drop_table("inbox_item")
    with op.batch_alter_table("supervision_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_action_unit_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_action_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_action_task_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_action_step"))
        batch_op.drop_index(batch_op.f("ix_supervision_action_issued_on"))

    op.drop_table("supervision_action")
    with op.batch_alter_table("light_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_light_change_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_light_change_task_id"))

    op.drop_table("light_change")
    with op.batch_alter_table("instruction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instruction_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_instruction_task_id"))

    op.drop_table("instruction")
    with op.batch_alter_table("extension_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extension_request_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_extension_request_task_id"))
        batch_op.drop_index(batch_op.f("ix_extension_request_status"))

    op.drop_table("extension_request")
