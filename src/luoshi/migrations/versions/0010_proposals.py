"""proposals: suggestions and proposals (人大建议 / 政协提案), their co-units and reply rounds

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal",
        sa.Column("session", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("proposer", sa.String(length=200), nullable=False),
        sa.Column("co_signers", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("office_unit_id", sa.Integer(), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=True),
        sa.Column("split_from_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("returned_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=1), nullable=True),
        sa.Column("satisfaction", sa.String(length=20), nullable=True),
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
            name=op.f("fk_proposal_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"], ["unit.id"], name=op.f("fk_proposal_lead_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["office_unit_id"], ["unit.id"], name=op.f("fk_proposal_office_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["returned_by_id"],
            ["user_account.id"],
            name=op.f("fk_proposal_returned_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["split_from_id"], ["proposal.id"], name=op.f("fk_proposal_split_from_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
        sa.UniqueConstraint("tenant_id", "session", "number", name=op.f("uq_proposal_tenant_id")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_proposal_lead_unit_id"), ["lead_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_proposal_light"), ["light"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_proposal_office_unit_id"), ["office_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposal_split_from_id"), ["split_from_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_proposal_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "proposal_co_unit",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("signed_round", sa.Integer(), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_co_unit_proposal_id_proposal")
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"],
            ["user_account.id"],
            name=op.f("fk_proposal_co_unit_signed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_proposal_co_unit_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("proposal_id", "unit_id", name=op.f("pk_proposal_co_unit")),
    )
    with op.batch_alter_table("proposal_co_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_co_unit_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "proposal_reply",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=1), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("commitment", sa.Text(), nullable=False),
        sa.Column("commitment_due", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("drafted_by_id", sa.Integer(), nullable=True),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("satisfaction", sa.String(length=20), nullable=True),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.Column("rating_note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["drafted_by_id"],
            ["user_account.id"],
            name=op.f("fk_proposal_reply_drafted_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_reply_proposal_id_proposal")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["user_account.id"],
            name=op.f("fk_proposal_reply_sent_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_reply")),
        sa.UniqueConstraint("proposal_id", "round", name=op.f("uq_proposal_reply_proposal_id")),
    )
    with op.batch_alter_table("proposal_reply", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_reply_proposal_id"), ["proposal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposal_reply_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_reply_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_reply_proposal_id"))

    op.drop_table("proposal_reply")
    with op.batch_alter_table("proposal_co_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_co_unit_tenant_id"))

    op.drop_table("proposal_co_unit")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_state"))
        batch_op.drop_index(batch_op.f("ix_proposal_split_from_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_office_unit_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_light"))
        batch_op.drop_index(batch_op.f("ix_proposal_lead_unit_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_kind"))

    op.drop_table("proposal")
