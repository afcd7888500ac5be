"""reports partitioned by month on PostgreSQL; rows refer to a report by its period end too

PostgreSQL: ``report`` becomes a table partitioned by RANGE (period_end), one partition
per month that holds reports and a default partition for a month not made yet (the daily
``luoshi db partitions`` makes the months ahead and moves rows out of the default one).
Every unique key of a partitioned table must hold the partition key, so the primary key
becomes ``(id, period_end)``, the tenant key ``(id, tenant_id, period_end)`` and the unique
report per task, unit and period gains ``period_end``. The table is rebuilt (a new
partitioned table, the rows copied, the old one dropped, the new one renamed), keeping its
id sequence, its indexes and its foreign keys as the catalogue holds them.

Both databases: ``report_evidence`` and ``instruction_response`` carry the report's period
end (``report_period_end``, filled from the report) and refer to it by
``(report_id, tenant_id, report_period_end)``, following a change of the period end
(ON UPDATE CASCADE: a re-filed one-off report moves to another month).
SQLite keeps one plain table with the same keys.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

REFERRERS = ("report_evidence", "instruction_response")
TENANT_KEY = "uq_report_tenant_key"
UNIQUE = "uq_report_tenant_id"
UNIQUE_COLUMNS = ["tenant_id", "task_id", "unit_id", "period"]


def _fk(table: str) -> str:
    return f"fk_{table}_report_id_report"


def upgrade() -> None:
    bind = op.get_bind()
    for table in REFERRERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("report_period_end", sa.Date(), nullable=True))
        op.execute(
            f"UPDATE {table} SET report_period_end = (SELECT report.period_end FROM report "
            f"WHERE report.id = {table}.report_id)"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("report_period_end", existing_type=sa.Date(), nullable=False)
    if bind.dialect.name == "postgresql":
        for table in REFERRERS:
            op.drop_constraint(_fk(table), table, type_="foreignkey")
        _rebuild_report(bind, partitioned=True)
    else:
        with op.batch_alter_table("report", schema=None) as batch_op:
            batch_op.drop_constraint(TENANT_KEY, type_="unique")
            batch_op.create_unique_constraint(TENANT_KEY, ["id", "tenant_id", "period_end"])
            batch_op.drop_constraint(UNIQUE, type_="unique")
            batch_op.create_unique_constraint(UNIQUE, [*UNIQUE_COLUMNS, "period_end"])
    for table in REFERRERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if bind.dialect.name != "postgresql":
                batch_op.drop_constraint(_fk(table), type_="foreignkey")
            batch_op.create_foreign_key(
                _fk(table),
                "report",
                ["report_id", "tenant_id", "report_period_end"],
                ["id", "tenant_id", "period_end"],
                onupdate="CASCADE",
            )


def downgrade() -> None:
    bind = op.get_bind()
    for table in REFERRERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(_fk(table), type_="foreignkey")
    if bind.dialect.name == "postgresql":
        _rebuild_report(bind, partitioned=False)
    else:
        with op.batch_alter_table("report", schema=None) as batch_op:
            batch_op.drop_constraint(TENANT_KEY, type_="unique")
            batch_op.create_unique_constraint(TENANT_KEY, ["id", "tenant_id"])
            batch_op.drop_constraint(UNIQUE, type_="unique")
            batch_op.create_unique_constraint(UNIQUE, UNIQUE_COLUMNS)
    for table in REFERRERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                _fk(table), "report", ["report_id", "tenant_id"], ["id", "tenant_id"]
            )
            batch_op.drop_column("report_period_end")


def _rebuild_report(bind: sa.Connection, *, partitioned: bool) -> None:
    """Copy ``report`` into a new table (partitioned by month, or plain again) under the
    same name, with its keys for the new shape and its own foreign keys and indexes as
    before. Nothing may refer to it meanwhile (the caller dropped those keys)."""

    def rows(sql: str) -> list[tuple[str, str]]:
        return [(str(name), str(definition)) for name, definition in bind.execute(sa.text(sql))]

    keys = {"pk_report", TENANT_KEY, UNIQUE}
    foreign = rows(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'report'::regclass AND contype = 'f' ORDER BY conname"
    )
    # Indexes of the parent only (a partition's own copies go with it), none behind a key.
    indexes = rows(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'report'::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
        "ORDER BY 1"
    )
    (sequence,) = bind.execute(sa.text("SELECT pg_get_serial_sequence('report', 'id')")).one()
    by = " PARTITION BY RANGE (period_end)" if partitioned else ""
    op.execute(
        f"CREATE TABLE report_new (LIKE report INCLUDING DEFAULTS INCLUDING CONSTRAINTS){by}"
    )
    if partitioned:
        months = (
            bind.execute(
                sa.text(
                    "SELECT DISTINCT date_trunc('month', period_end)::date FROM report ORDER BY 1"
                )
            )
            .scalars()
            .all()
        )
        for first in months:
            after = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
            op.execute(
                f"CREATE TABLE report_{first:%Y_%m} PARTITION OF report_new "
                f"FOR VALUES FROM ('{first.isoformat()}') TO ('{after.isoformat()}')"
            )
        op.execute("CREATE TABLE report_default PARTITION OF report_new DEFAULT")
    if sequence is not None:
        op.execute(f"ALTER SEQUENCE {sequence} OWNED BY report_new.id")
    op.execute("INSERT INTO report_new SELECT * FROM report")
    op.execute("DROP TABLE report")
    op.execute("ALTER TABLE report_new RENAME TO report")
    tail = ", period_end" if partitioned else ""
    op.execute(f"ALTER TABLE report ADD CONSTRAINT pk_report PRIMARY KEY (id{tail})")
    op.execute(f"ALTER TABLE report ADD CONSTRAINT {TENANT_KEY} UNIQUE (id, tenant_id{tail})")
    op.execute(
        f"ALTER TABLE report ADD CONSTRAINT {UNIQUE} UNIQUE ({', '.join(UNIQUE_COLUMNS)}{tail})"
    )
    for name, definition in foreign:
        if name not in keys:
            op.execute(f"ALTER TABLE report ADD CONSTRAINT {name} {definition}")
    for _name, definition in indexes:
        op.execute(definition)
    op.execute("ANALYZE report")
