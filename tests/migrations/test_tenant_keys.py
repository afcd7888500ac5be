"""Distribution by tenant (docs/scale.md#distribution-by-tenant-citus): every business table
carries ``tenant_id``, and the keys that Citus would need to include it are listed.

Citus co-locates a tenant's rows on one node when every distributed table is distributed
by ``tenant_id``; it then requires that column in every primary key, unique constraint and
foreign key between distributed tables. Today the keys are surrogate ids alone (SQLite can
only number a single-column primary key), so the tables whose keys still lack the tenant
are listed here by name. The list may only shrink: a new table must carry ``tenant_id``,
and its keys must include it unless it is added below with a reason in docs/scale.md.
"""

from __future__ import annotations

from pathlib import Path

from luoshi.migrations.metadata import target_metadata

DOCS = Path(__file__).parents[2] / "docs" / "scale.md"

# Tables that belong to no tenant, replicated to every node as Citus reference tables.
REFERENCE_TABLES: frozenset[str] = frozenset()

# Rows owned through their parent, whose tenant they share (to get a column of their own
# with the key change below).
WITHOUT_TENANT_COLUMN = frozenset({"password_history"})

# Tables whose primary key is a surrogate id without the tenant (the key change of
# docs/scale.md, planned as one migration for the Citus deployment).
KEYS_WITHOUT_TENANT = frozenset(
    {
        "api_token", "audit_event", "bulletin", "bulletin_sequence", "calendar_day",
        "delivery_log", "directive",
        "docking_measure", "extension_request", "inbox_item", "indicator", "indicator_value",
        "instruction", "instruction_response", "light_change", "link", "livelihood_matter",
        "livelihood_target", "livelihood_value", "notification", "outbox_message",
        "password_history", "project", "project_photo", "project_report",
        "project_stage_change", "project_year_plan", "proposal", "proposal_co_unit",
        "proposal_reply", "register_chase", "report", "report_evidence", "source",
        "supervision_action", "support_item", "support_item_event", "task", "task_co_unit",
        "unit", "unit_example", "user_account", "user_session", "work_line",
    }
)  # fmt: skip


def test_every_business_table_carries_the_tenant() -> None:
    missing = {
        name
        for name, table in target_metadata().tables.items()
        if "tenant_id" not in table.c and name not in REFERENCE_TABLES
    }
    assert missing == WITHOUT_TENANT_COLUMN, (
        "a table without tenant_id: add the column (or list it as a reference table in "
        f"docs/scale.md and here): {sorted(missing - WITHOUT_TENANT_COLUMN)}"
    )


def test_keys_without_the_tenant_are_only_the_listed_ones() -> None:
    lacking = set()
    for name, table in target_metadata().tables.items():
        if name in REFERENCE_TABLES:
            continue
        pk = {c.name for c in table.primary_key.columns}
        foreign = [
            {element.parent.name for element in fk.elements}
            for fk in table.foreign_key_constraints
            if fk.referred_table.name not in REFERENCE_TABLES
        ]
        if "tenant_id" not in pk or any("tenant_id" not in cols for cols in foreign):
            lacking.add(name)
    new = lacking - KEYS_WITHOUT_TENANT
    assert not new, f"a new table whose keys lack tenant_id (see docs/scale.md): {sorted(new)}"
    fixed = KEYS_WITHOUT_TENANT - lacking
    assert not fixed, f"these tables' keys now include tenant_id: drop them from the list {fixed}"


def test_the_plan_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "## Scale-out" in text and "Distribution by tenant (Citus)" in text
    for name in WITHOUT_TENANT_COLUMN:
        assert f"`{name}`" in text
