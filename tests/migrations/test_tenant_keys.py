"""Distribution by tenant (docs/scale.md#distribution-by-tenant-citus): every business table
carries ``tenant_id``, and every key that Citus needs to include it does.

Citus co-locates a tenant's rows on one node when every distributed table is distributed
by ``tenant_id``; it then requires that column in every unique key and on both sides of
every foreign key between distributed tables. Each table keeps its surrogate primary key
(``luoshi.tenant_keys`` says why) beside its *tenant key*, unique on the primary key's
columns plus ``tenant_id``, which the foreign keys point at and which replaces the
surrogate key at distribution. These tests hold the models, the migrated databases (SQLite
and PostgreSQL), and the database's own refusal of a cross-tenant reference.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, Table, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luoshi.cli.context import settings_for
from luoshi.cli.demo import build_demo
from luoshi.clock import now
from luoshi.db import make_engine
from luoshi.domains.progress.models import Report
from luoshi.domains.progress.partitions import is_partition_name
from luoshi.domains.tasks.models import Task
from luoshi.kernel.models import Unit, User
from luoshi.migrations import runner
from luoshi.migrations.metadata import target_metadata
from luoshi.tenant_keys import (
    PARTITION_KEYS,
    REFERENCE_TABLES,
    TENANT,
    distribution_keys_ddl,
    tenant_key_name,
)

DOCS = Path(__file__).parents[2] / "docs" / "scale.md"


def _business(metadata: MetaData) -> dict[str, Table]:
    return {n: t for n, t in metadata.tables.items() if n not in REFERENCE_TABLES}


def test_every_business_table_carries_the_tenant() -> None:
    missing = {
        name for name, table in _business(target_metadata()).items() if TENANT not in table.c
    }
    assert not missing, (
        f"a table without tenant_id: add the column, or make it a reference table "
        f"(luoshi.tenant_keys and docs/scale.md): {sorted(missing)}"
    )


def _lacking_keys(
    table: str,
    pk: list[str],
    uniques: list[list[str]],
    foreign: list[tuple[list[str], str, list[str]]],
) -> list[str]:
    """What is wrong with one table's keys, by Citus' rules and the tenant-key scheme (a
    table partitioned on PostgreSQL has its partition key in its tenant key too)."""
    wrong = []
    key = sorted({*pk, TENANT, *([PARTITION_KEYS[table]] if table in PARTITION_KEYS else [])})
    if TENANT not in pk and key not in [sorted(u) for u in uniques]:
        wrong.append(f"no tenant key: unique ({', '.join(key)})")
    wrong += [f"unique ({', '.join(u)}) lacks the tenant" for u in uniques if TENANT not in u]
    for columns, referred, referred_columns in foreign:
        if referred in REFERENCE_TABLES:
            continue
        pairs = dict(zip(columns, referred_columns, strict=True))
        if pairs.get(TENANT) != TENANT:
            wrong.append(f"foreign key ({', '.join(columns)}) -> {referred} lacks the tenant")
    return wrong


def test_every_key_of_the_models_includes_the_tenant() -> None:
    wrong = {}
    for name, table in _business(target_metadata()).items():
        uniques = [
            [c.name for c in constraint.columns]
            for constraint in table.constraints
            if constraint.__class__.__name__ == "UniqueConstraint"
        ] + [[c.name for c in index.columns] for index in table.indexes if index.unique]
        foreign = [
            (
                [e.parent.name for e in fk.elements],
                fk.referred_table.name,
                [e.column.name for e in fk.elements],
            )
            for fk in table.foreign_key_constraints
        ]
        problems = _lacking_keys(
            name, [c.name for c in table.primary_key.columns], uniques, foreign
        )
        if problems:
            wrong[name] = problems
    assert not wrong, f"keys without the tenant (see docs/scale.md): {wrong}"


@pytest.fixture
def migrated(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    runner.upgrade(engine)
    yield engine
    engine.dispose()


def test_every_key_of_a_migrated_database_includes_the_tenant(migrated: Engine) -> None:
    reflected = inspect(migrated)
    wrong = {}
    names = set(reflected.get_table_names()) - {"alembic_version"} - REFERENCE_TABLES
    names = {n for n in names if not n.startswith("task_fts")}  # SQLite's FTS5 tables
    names = {n for n in names if not is_partition_name(n)}  # PostgreSQL's report months
    assert names == set(_business(target_metadata()))
    for name in sorted(names):
        uniques = [u["column_names"] for u in reflected.get_unique_constraints(name)] + [
            i["column_names"] for i in reflected.get_indexes(name) if i["unique"]
        ]
        foreign = [
            (fk["constrained_columns"], fk["referred_table"], fk["referred_columns"])
            for fk in reflected.get_foreign_keys(name)
        ]
        pk = reflected.get_pk_constraint(name)["constrained_columns"]
        problems = _lacking_keys(name, pk, uniques, foreign)  # type: ignore[arg-type]
        if problems:
            wrong[name] = problems
    assert not wrong, f"keys without the tenant in the migrated database: {wrong}"


@pytest.mark.pg
def test_distribution_leaves_only_keys_with_the_tenant(empty_db_url: str) -> None:
    """The statements run before Citus distributes the tables (docs/scale.md): afterwards
    PostgreSQL's own catalogue holds no primary, unique or foreign key without the tenant,
    and the app still writes and reads rows by id."""
    if empty_db_url.startswith("sqlite"):
        pytest.skip("the distribution statements are PostgreSQL's")
    migrated = make_engine(empty_db_url)
    try:
        runner.upgrade(migrated)
        with migrated.begin() as conn:
            for statement in distribution_keys_ddl(target_metadata()):
                conn.execute(text(statement))
            lacking = conn.execute(
                text(
                    "SELECT conrelid::regclass::text, conname FROM pg_constraint c "
                    "JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = 'public' "
                    "WHERE contype IN ('p', 'u', 'f') AND conrelid::regclass::text <> "
                    "'alembic_version' AND NOT EXISTS (SELECT 1 FROM pg_attribute a "
                    "WHERE a.attrelid = c.conrelid AND a.attname = 'tenant_id' "
                    "AND a.attnum = ANY (c.conkey)) ORDER BY 1"
                )
            ).all()
            identity = conn.execute(
                text(
                    "SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p') "
                    "AND relreplident = 'i' "
                    "AND relnamespace = 'public'::regnamespace"
                )
            ).scalar_one()
        assert lacking == []
        assert identity == len(distribution_keys_ddl(target_metadata())) // 2
        with Session(migrated) as session:
            unit = Unit(tenant_id="t1", code="p", name_zh="省", kind="province")
            session.add(unit)
            session.commit()
            unit_id = unit.id
            session.expunge_all()
            assert session.get(Unit, unit_id) is not None
    finally:
        migrated.dispose()


def test_the_tenant_key_names_are_the_convention() -> None:
    table = target_metadata().tables["task"]
    names = {c.name for c in table.constraints}
    assert tenant_key_name("task") in names and "fk_task_lead_unit_id_unit" in names


def _unit(session: Session, tenant: str, code: str) -> Unit:
    unit = Unit(tenant_id=tenant, code=code, name_zh=code, kind="province")
    session.add(unit)
    session.flush()
    return unit


def test_a_row_pointing_at_another_tenants_row_is_refused(session: Session) -> None:
    """The database itself refuses it (the wide foreign key), whatever the code above it
    forgets to check; the same row pointing within its tenant is taken."""
    ours, theirs = _unit(session, "t1", "p"), _unit(session, "t2", "p")

    def user(tenant: str, unit: Unit) -> User:
        return User(tenant_id=tenant, username=uuid.uuid4().hex, password_hash="x", unit_id=unit.id)

    task = Task(tenant_id="t1", code="T-1", title="t", lead_unit_id=ours.id)

    def report(tenant: str, unit: Unit) -> Report:
        return Report(
            tenant_id=tenant, task_id=task.id, unit_id=unit.id, period=uuid.uuid4().hex[:8],
            period_end=date(2023, 5, 31), progress=10, submitted_at=now(),
        )  # fmt: skip

    session.add_all([user("t1", ours), task])
    session.flush()
    session.add(report("t1", ours))
    session.flush()
    for wrong in (
        lambda: user("t1", theirs),
        lambda: user("t2", ours),
        lambda: report("t2", theirs),
    ):
        with session.begin_nested(), pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            session.add(wrong())
            session.flush()
    with session.begin_nested(), pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        _unit(session, "t2", "p.a").parent_id = ours.id
        session.flush()


@pytest.mark.slow
def test_the_migration_goes_down_and_up_on_the_demo(empty_db_url: str) -> None:
    """On a populated database (the demo: tasks, reports, urging, audit trail) 0023 goes
    down and up again on both databases, every row kept and every reference whole."""
    engine = make_engine(empty_db_url)
    try:
        runner.upgrade(engine)
        build_demo(settings_for(empty_db_url), as_of=date(2023, 6, 30))
        before = _counts(engine)
        assert before["report"] and before["supervision_action"] and before["audit_event"]
        runner.downgrade(engine, "0016")
        assert runner.current(engine) == "0016"
        # The rollup (0027) goes with its migration; going up fills it as the app kept it.
        kept = {table: n for table, n in before.items() if table != "task_rollup"}
        assert _counts(engine) == {**kept, "alembic_version": 1}
        runner.upgrade(engine)
        assert runner.current(engine) == runner.head()
        assert _counts(engine) == before
        with engine.connect() as conn:
            orphans = conn.execute(
                text(
                    "SELECT count(*) FROM password_history p JOIN user_account u "
                    "ON u.id = p.user_id WHERE p.tenant_id <> u.tenant_id"
                )
            ).scalar_one()
        assert orphans == 0
    finally:
        engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = [
            n
            for n in inspect(conn).get_table_names()
            if not n.startswith("task_fts") and not is_partition_name(n)
        ]
        return {n: conn.execute(text(f"SELECT count(*) FROM {n}")).scalar_one() for n in names}


def test_the_plan_is_documented() -> None:
    text_ = DOCS.read_text(encoding="utf-8")
    assert "## Scale-out" in text_ and "Distribution by tenant (Citus)" in text_
    assert "uq_<table>_tenant_key" in text_ and "REPLICA IDENTITY USING INDEX" in text_
