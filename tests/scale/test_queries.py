"""What keeps the reads fast at scale: a fixed number of statements per page (no N+1),
keyset pages, and query plans that use the indexes chosen for them — on both databases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Select, event, select, text
from sqlalchemy.orm import Session

from luoshi.db import transaction
from luoshi.domains.progress.models import Report
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import TaskCoUnit
from luoshi.interchange import seed as seeding
from luoshi.kernel import ownership, tokens, users
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database

SMALL_WORLD = seeding.Scale("counted", 1, 3, 2, 4, 8, 60, 1000, 55, 200, 5, 1, 1)
AS_OF = date(2026, 6, 30)


@pytest.fixture
def seeded(db: Database) -> Database:
    settings = Settings(environment="test", database_url=db.url)
    seeding.seed(db.factory, scale=SMALL_WORLD, settings=settings, seed_value=3, as_of=AS_OF)
    return db


def _client(db: Database, username: str) -> TestClient:
    settings = Settings(environment="test", database_url=db.url, secret_key="q" * 40)
    with transaction(db.factory) as session:
        user = users.get_user_by_username(session, tenant_id="default", username=username)
        assert user is not None
        plain, _ = tokens.create_token(
            session, actor=users.actor_for(session, user), name="t", scope="read", days=1
        )
    client = TestClient(create_app(settings, session_factory=db.factory))
    client.headers["Authorization"] = f"Bearer {plain}"
    return client


class Statements:
    """Counts the SQL statements the database is sent (an engine event listener)."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine
        self.seen: list[str] = []

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement)

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


# Transaction control is not a query (the PostgreSQL test fixture wraps each session in a
# savepoint, and a read-only session rolls back its own).
_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def statements_for(db: Database, client: TestClient, path: str) -> int:
    client.get(path).raise_for_status()  # warm: the token's use is stamped once a minute
    with Statements(db) as counted:
        client.get(path).raise_for_status()
    return len([s for s in counted.seen if not s.lstrip().upper().startswith(_CONTROL)])


# The most statements a page may take, whatever its size: the actor (its token with its
# user and unit, one statement), the count, the page (tasks: with their lead units), and
# one query per other kind of thing shown on every row (tasks: the co-units).
LIMITS = {"/api/tasks": 4, "/api/projects": 6, "detail": 3}  # detail: actor, task, units


def test_pages_take_a_fixed_few_statements_whatever_their_size(seeded: Database) -> None:
    client = _client(seeded, "seed-office")
    for path in ("/api/tasks", "/api/projects"):
        few = statements_for(seeded, client, f"{path}?page_size=5")
        many = statements_for(seeded, client, f"{path}?page_size=50")
        assert few == many <= LIMITS[path], (path, few, many)
    with seeded.session() as session:
        some = session.scalars(select(TaskCoUnit.task_id).limit(3)).all()
    counts = {statements_for(seeded, client, f"/api/tasks/{task_id}") for task_id in some}
    assert max(counts) <= LIMITS["detail"], counts


def test_keyset_pages_walk_the_whole_list_once(seeded: Database) -> None:
    client = _client(seeded, "seed-county")
    offset = client.get("/api/tasks?page_size=500").json()
    seen: list[str] = []
    after: str | None = None
    while True:
        query = f"/api/tasks?page_size=2{'&after=' + after if after else ''}"
        page = client.get(query).json()
        assert (page["total"] is None) == (after is not None)  # keyset pages skip the count
        seen += [item["code"] for item in page["items"]]
        after = page["next_after"]
        if after is None:
            break
    assert seen == [item["code"] for item in offset["items"]]
    assert 2 < len(seen) == offset["total"]


# ---------------------------------------------------------------- query plans


def plan(session: Session, stmt: Select[Any]) -> str:
    """The database's plan for ``stmt``. On PostgreSQL sequential scans are discouraged:
    the tables of a test are tiny, and the question is whether the index can serve."""
    dialect = session.get_bind().dialect
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    conn = session.connection()
    if dialect.name == "sqlite":
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)
        return "\n".join(str(r[-1]) for r in rows)
    conn.execute(text("SET LOCAL enable_seqscan = off"))
    return "\n".join(
        str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
    )


def _actor(session: Session, username: str) -> Any:
    user = users.get_user_by_username(session, tenant_id="default", username=username)
    assert user is not None
    return users.actor_for(session, user)


# (tenant_id, code) is unique: SQLite names the index a unique constraint makes itself.
TENANT_CODE = ("uq_task_tenant_id", "sqlite_autoindex_task_1 (tenant_id=? AND code>?)")


def test_the_plans_use_the_indexes_chosen_for_them(seeded: Database) -> None:
    with seeded.session() as session:
        # A keyset page of the task list walks the (tenant, code) index: no sort.
        office = _actor(session, "seed-office")
        page = tasks._listed(session, office, tasks.TaskFilter()).where(
            text("task.code > 'T000010'")
        )
        found = plan(session, page.order_by(text("task.code")).limit(20))
        assert any(name in found for name in TENANT_CODE), found
        assert "TEMP B-TREE FOR ORDER BY" not in found and "Sort" not in found, found
        # The tasks a subtree's units are co-units of: by the co-unit table's unit index.
        county = _actor(session, "seed-county")
        co = select(TaskCoUnit.task_id).where(TaskCoUnit.unit_id.in_(ownership.subtree_ids(county)))
        found = plan(session, co)
        assert "ix_task_co_unit_unit_id" in found, found
        # The lights job reads a batch's reports by the task index (on PostgreSQL each
        # month's partition by its copy of it, report_YYYY_MM_task_id_idx).
        batch = select(Report.task_id, Report.period).where(Report.task_id.in_([1, 2, 3]))
        found = plan(session, batch)
        assert "ix_report_task_id" in found or "_task_id_idx" in found, found
        assert "Seq Scan" not in found, found
