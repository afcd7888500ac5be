"""audit chain: role, unit, client address and result of each audit event; the hash chain
(seq, prev_hash, hash, hash_alg) and each tenant's chain head and anchor

Rows written before this revision have no place in the chain; ``luoshi db upgrade`` and
``luoshi init`` chain them (in id order) right after migrating.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("actor_roles", sa.String(200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("actor_unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("client_address", sa.String(64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("result", sa.String(16), nullable=False, server_default="success")
        )
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("hash_alg", sa.String(16), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_audit_event_tenant_id"), ["tenant_id", "seq"]
        )
    op.create_table(
        "audit_chain",
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("head_seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("anchor_seq", sa.Integer(), nullable=False),
        sa.Column("anchor_prev_hash", sa.String(64), nullable=False),
        sa.Column("pruned_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_audit_chain")),
    )


def downgrade() -> None:
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_tenant_id"), type_="unique")
        for column in (
            "hash_alg",
            "hash",
            "prev_hash",
            "seq",
            "result",
            "client_address",
            "actor_unit_id",
            "actor_roles",
        ):
            batch_op.drop_column(column)
