"""The tenant in every key (docs/scale.md#distribution-by-tenant-citus).

A national deployment distributes every business table by ``tenant_id`` (Citus), which
then requires that column in every unique key and on both sides of every foreign key
between distributed tables. The surrogate ``id`` stays the primary key (SQLite numbers only
a one-column key, the ORM looks rows up by it, and a lookup by id alone stays one index
probe); every table built from a model goes through :func:`tenant_table`, which

- adds the table's *tenant key*, a unique constraint on the primary key's columns plus
  ``tenant_id`` (``uq_<table>_tenant_key``): what foreign keys point at, and the key Citus
  keeps when the surrogate primary key is dropped at distribution;
- widens each foreign key ``x_id → t.id`` to ``(x_id, tenant_id) → t(id, tenant_id)``, so
  that the database itself refuses a row pointing at another tenant's row.

The rule lives here, once, rather than in each model, so that a new table gets it too;
``tests/migrations/test_tenant_keys.py`` checks the result on every table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKeyConstraint, MetaData, Table, UniqueConstraint
from sqlalchemy.sql.elements import conv

TENANT = "tenant_id"

# Tables that belong to no tenant, replicated to every node as Citus reference tables
# (none yet: code lists such as the permission catalogue live in code).
REFERENCE_TABLES: frozenset[str] = frozenset()

# Tables partitioned on PostgreSQL, by their partition key (docs/scale.md#reports-partitioned-
# by-month-postgresql): PostgreSQL wants that column in every unique key of the table, so
# the tenant key holds it too, and foreign keys pointing at the table refer by it.
PARTITION_KEYS: dict[str, str] = {"report": "period_end"}


def tenant_key_name(table: str) -> str:
    return f"uq_{table}_tenant_key"


def tenant_table(name: str, metadata: MetaData, *args: Any, **kw: Any) -> Table:
    """A model's table with the tenant in its keys (``Base.__table_cls__``)."""
    table = Table(name, metadata, *args, **kw)
    if TENANT not in table.c or name in REFERENCE_TABLES:
        return table
    key = [column.name for column in table.primary_key.columns]
    if TENANT not in key:
        extra = [PARTITION_KEYS[name]] if name in PARTITION_KEYS else []
        table.append_constraint(
            UniqueConstraint(*key, TENANT, *extra, name=conv(tenant_key_name(name)))
        )
    for constraint in list(table.foreign_key_constraints):
        _widen(table, constraint)
    return table


def _widen(table: Table, constraint: ForeignKeyConstraint) -> None:
    if TENANT in constraint.column_keys:
        return
    referred = [element.target_fullname.rsplit(".", 1) for element in constraint.elements]
    if any(target in REFERENCE_TABLES for target, _ in referred):
        return
    target = referred[0][0]
    # Drop the constraint as declared (its ForeignKey objects hang on the table, the
    # columns, and the metadata's list of references still to resolve), then add the wide one.
    table.constraints.discard(constraint)
    for element in constraint.elements:
        table.foreign_keys.discard(element)
        element.parent.foreign_keys.discard(element)
        element._remove_from_metadata(table.metadata)
    table.append_constraint(
        ForeignKeyConstraint(
            [*constraint.column_keys, TENANT],
            [*(f"{target}.{column}" for _, column in referred), f"{target}.{TENANT}"],
            onupdate=constraint.onupdate,
            ondelete=constraint.ondelete,
            deferrable=constraint.deferrable,
            initially=constraint.initially,
            use_alter=constraint.use_alter,
        )
    )


def distribution_keys_ddl(metadata: MetaData) -> list[str]:
    """The PostgreSQL statements that leave every key of a business table including the
    tenant, to run before Citus distributes the tables (docs/scale.md): each surrogate
    primary key is dropped, and the tenant key takes its place as the row identity that
    logical replication (and so Citus' shard moves) needs."""
    statements = []
    for name, table in sorted(metadata.tables.items()):
        if TENANT not in table.c or name in REFERENCE_TABLES:
            continue
        if TENANT in table.primary_key.columns:
            continue
        statements += [
            f"ALTER TABLE {name} DROP CONSTRAINT pk_{name}",
            f"ALTER TABLE {name} REPLICA IDENTITY USING INDEX {tenant_key_name(name)}",
        ]
    return statements
