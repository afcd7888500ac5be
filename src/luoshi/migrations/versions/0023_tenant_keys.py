"""tenant keys: the tenant in every unique key and both sides of every foreign key

Citus distributes a table by ``tenant_id`` only when every unique key of the table includes
it, and links two distributed tables only by foreign keys that include it on both sides
(docs/scale.md#distribution-by-tenant-citus). Every table keeps its surrogate primary key
and gains a *tenant key*, unique ``(id, tenant_id)`` (or its primary key's columns plus the
tenant), which the widened foreign keys ``(x_id, tenant_id) -> x(id, tenant_id)`` point at;
unique constraints that lacked the tenant gain it as their last column, under the same
names. ``password_history`` gets a tenant column of its own, filled from its user.

On SQLite each step rebuilds the table (batch mode): the tenant keys first, everywhere, so
that every parent has its key before any child's widened foreign key is checked.

Revision ID: 0023
Revises: 0016
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0024"
branch_labels = None
depends_on = None

TENANT = "tenant_id"

# (table, primary key columns) of every table whose primary key lacks the tenant.
TENANT_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("api_token", ("id",)),
    ("audit_event", ("id",)),
    ("bulletin", ("id",)),
    ("calendar_day", ("id",)),
    ("delivery_log", ("id",)),
    ("directive", ("id",)),
    ("docking_measure", ("id",)),
    ("extension_request", ("id",)),
    ("inbox_item", ("id",)),
    ("indicator", ("id",)),
    ("indicator_value", ("id",)),
    ("instruction", ("id",)),
    ("instruction_response", ("id",)),
    ("light_change", ("id",)),
    ("link", ("id",)),
    ("livelihood_matter", ("id",)),
    ("livelihood_target", ("id",)),
    ("livelihood_value", ("id",)),
    ("notification", ("id",)),
    ("outbox_message", ("id",)),
    ("password_history", ("id",)),
    ("project", ("id",)),
    ("project_photo", ("id",)),
    ("project_report", ("id",)),
    ("project_stage_change", ("id",)),
    ("project_year_plan", ("id",)),
    ("proposal", ("id",)),
    ("proposal_co_unit", ("proposal_id", "unit_id")),
    ("proposal_reply", ("id",)),
    ("register_chase", ("id",)),
    ("report", ("id",)),
    ("report_evidence", ("id",)),
    ("source", ("id",)),
    ("supervision_action", ("id",)),
    ("support_item", ("id",)),
    ("support_item_event", ("id",)),
    ("task", ("id",)),
    ("task_co_unit", ("task_id", "unit_id")),
    ("task_search", ("task_id",)),
    ("task_view", ("id",)),
    ("unit", ("id",)),
    ("unit_example", ("id",)),
    ("user_account", ("id",)),
    ("user_session", ("id",)),
    ("work_line", ("id",)),
)

# (table, column, referred table): every foreign key, each to the referred table's ``id``.
FOREIGN_KEYS: tuple[tuple[str, str, str], ...] = (
    ("api_token", "user_id", "user_account"),
    ("bulletin", "created_by_id", "user_account"),
    ("bulletin", "issued_by_id", "user_account"),
    ("bulletin", "office_unit_id", "unit"),
    ("bulletin_sequence", "office_unit_id", "unit"),
    ("delivery_log", "message_id", "outbox_message"),
    ("directive", "lead_unit_id", "unit"),
    ("directive", "merged_into_id", "directive"),
    ("directive", "source_id", "source"),
    ("directive", "work_line_id", "work_line"),
    ("docking_measure", "created_by_id", "user_account"),
    ("docking_measure", "directive_id", "directive"),
    ("docking_measure", "office_unit_id", "unit"),
    ("docking_measure", "owner_unit_id", "unit"),
    ("docking_measure", "source_id", "source"),
    ("docking_measure", "task_id", "task"),
    ("extension_request", "decided_by_id", "user_account"),
    ("extension_request", "first_approved_by_id", "user_account"),
    ("extension_request", "requested_by_id", "user_account"),
    ("extension_request", "task_id", "task"),
    ("extension_request", "unit_id", "unit"),
    ("inbox_item", "action_id", "supervision_action"),
    ("inbox_item", "task_id", "task"),
    ("inbox_item", "user_id", "user_account"),
    ("indicator", "created_by_id", "user_account"),
    ("indicator", "office_unit_id", "unit"),
    ("indicator", "owner_unit_id", "unit"),
    ("indicator_value", "actual_by_id", "user_account"),
    ("indicator_value", "indicator_id", "indicator"),
    ("indicator_value", "region_unit_id", "unit"),
    ("instruction", "author_id", "user_account"),
    ("instruction", "task_id", "task"),
    ("instruction_response", "instruction_id", "instruction"),
    ("instruction_response", "report_id", "report"),
    ("instruction_response", "unit_id", "unit"),
    ("light_change", "task_id", "task"),
    ("livelihood_matter", "created_by_id", "user_account"),
    ("livelihood_matter", "lead_unit_id", "unit"),
    ("livelihood_matter", "office_unit_id", "unit"),
    ("livelihood_target", "lead_unit_id", "unit"),
    ("livelihood_target", "matter_id", "livelihood_matter"),
    ("livelihood_value", "reported_by_id", "user_account"),
    ("livelihood_value", "target_id", "livelihood_target"),
    ("livelihood_value", "unit_id", "unit"),
    ("notification", "task_id", "task"),
    ("notification", "unit_id", "unit"),
    ("outbox_message", "action_id", "supervision_action"),
    ("password_history", "user_id", "user_account"),
    ("project", "created_by_id", "user_account"),
    ("project", "office_unit_id", "unit"),
    ("project", "owner_unit_id", "unit"),
    ("project", "region_unit_id", "unit"),
    ("project_photo", "report_id", "project_report"),
    ("project_photo", "uploaded_by_id", "user_account"),
    ("project_report", "project_id", "project"),
    ("project_report", "submitted_by_id", "user_account"),
    ("project_report", "unit_id", "unit"),
    ("project_stage_change", "project_id", "project"),
    ("project_year_plan", "project_id", "project"),
    ("proposal", "created_by_id", "user_account"),
    ("proposal", "lead_unit_id", "unit"),
    ("proposal", "office_unit_id", "unit"),
    ("proposal", "returned_by_id", "user_account"),
    ("proposal", "split_from_id", "proposal"),
    ("proposal_co_unit", "proposal_id", "proposal"),
    ("proposal_co_unit", "signed_by_id", "user_account"),
    ("proposal_co_unit", "unit_id", "unit"),
    ("proposal_reply", "drafted_by_id", "user_account"),
    ("proposal_reply", "proposal_id", "proposal"),
    ("proposal_reply", "sent_by_id", "user_account"),
    ("register_chase", "unit_id", "unit"),
    ("report", "reviewed_by_id", "user_account"),
    ("report", "submitted_by_id", "user_account"),
    ("report", "task_id", "task"),
    ("report", "unit_id", "unit"),
    ("report_evidence", "report_id", "report"),
    ("report_evidence", "uploaded_by_id", "user_account"),
    ("source", "created_by_id", "user_account"),
    ("source", "owner_unit_id", "unit"),
    ("supervision_action", "task_id", "task"),
    ("supervision_action", "unit_id", "unit"),
    ("support_item", "created_by_id", "user_account"),
    ("support_item", "lead_unit_id", "unit"),
    ("support_item", "office_unit_id", "unit"),
    ("support_item_event", "item_id", "support_item"),
    ("task", "completed_by_id", "user_account"),
    ("task", "created_by_id", "user_account"),
    ("task", "directive_id", "directive"),
    ("task", "lead_unit_id", "unit"),
    ("task", "office_unit_id", "unit"),
    ("task", "parent_id", "task"),
    ("task", "returned_by_id", "user_account"),
    ("task", "source_id", "source"),
    ("task_co_unit", "task_id", "task"),
    ("task_co_unit", "unit_id", "unit"),
    ("task_search", "task_id", "task"),
    ("task_view", "created_by_id", "user_account"),
    ("task_view", "unit_id", "unit"),
    ("unit", "parent_id", "unit"),
    ("unit_example", "unit_id", "unit"),
    ("user_account", "unit_id", "unit"),
    ("user_session", "user_id", "user_account"),
    ("work_line", "source_id", "source"),
)

# (table, name, columns before): unique constraints that gain the tenant as last column.
UNIQUES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("api_token", "uq_api_token_token_hash", ("token_hash",)),
    ("user_session", "uq_user_session_token_hash", ("token_hash",)),
    (
        "indicator_value",
        "uq_indicator_value_indicator_id",
        ("indicator_id", "period", "region_unit_id"),
    ),
    ("instruction_response", "uq_instruction_response_report_id", ("report_id", "instruction_id")),
    ("livelihood_target", "uq_livelihood_target_matter_id", ("matter_id", "name")),
    ("livelihood_value", "uq_livelihood_value_target_id", ("target_id", "period")),
    ("project_year_plan", "uq_project_year_plan_project_id", ("project_id", "year")),
    ("proposal_reply", "uq_proposal_reply_proposal_id", ("proposal_id", "round")),
)


def _by_table(rows: tuple[tuple[Any, ...], ...]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for table, *rest in rows:
        grouped[table].append(tuple(rest))
    return grouped


def _fk_name(table: str, column: str, referred: str) -> str:
    return f"fk_{table}_{column}_{referred}"


def upgrade() -> None:
    with op.batch_alter_table("password_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column(TENANT, sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE password_history SET tenant_id = (SELECT user_account.tenant_id "
        "FROM user_account WHERE user_account.id = password_history.user_id)"
    )
    with op.batch_alter_table("password_history", schema=None) as batch_op:
        batch_op.alter_column(TENANT, existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_password_history_tenant_id"), [TENANT])

    uniques = _by_table(UNIQUES)
    for table, key in TENANT_KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(f"uq_{table}_tenant_key", [*key, TENANT])
            for name, columns in uniques.get(table, []):
                batch_op.drop_constraint(name, type_="unique")
                batch_op.create_unique_constraint(name, [*columns, TENANT])

    for table, links in _by_table(FOREIGN_KEYS).items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in links:
                name = _fk_name(table, column, referred)
                batch_op.drop_constraint(name, type_="foreignkey")
                batch_op.create_foreign_key(name, referred, [column, TENANT], ["id", TENANT])


def downgrade() -> None:
    for table, links in _by_table(FOREIGN_KEYS).items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in links:
                name = _fk_name(table, column, referred)
                batch_op.drop_constraint(name, type_="foreignkey")
                batch_op.create_foreign_key(name, referred, [column], ["id"])

    uniques = _by_table(UNIQUES)
    for table, _key in TENANT_KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_tenant_key", type_="unique")
            for name, columns in uniques.get(table, []):
                batch_op.drop_constraint(name, type_="unique")
                batch_op.create_unique_constraint(name, list(columns))

    with op.batch_alter_table("password_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_history_tenant_id"))
        batch_op.drop_column(TENANT)
