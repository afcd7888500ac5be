"""``luoshi audit``, ``luoshi backup`` / ``restore`` and ``luoshi db grant-app-role`` on real
databases: a SQLite file and PostgreSQL databases of their own."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine
from tests.conftest import PG_URL

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


@pytest.fixture
def another_db_url(empty_db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database of the same kind as ``empty_db_url``."""
    if empty_db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    assert PG_URL
    name = f"luoshi_t_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def luoshi(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    # Rich wraps long messages at the terminal's width; compare words, not line breaks.
    return result.exit_code, " ".join(result.output.split())


def _populated(url: str) -> None:
    assert luoshi("init", "--db", url)[0] == 0
    code, out = luoshi("units", "import", str(DATA / "units_small.yaml"), "--db", url)
    assert code == 0, out


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def test_verify_passes_then_names_the_first_bad_row(empty_db_url: str) -> None:
    _populated(empty_db_url)
    code, out = luoshi("audit", "verify", "--db", empty_db_url)
    assert code == 0 and "audit chain intact: 8 rows" in out and "head seq 8" in out
    ((row_id,),) = _sql(empty_db_url, "SELECT id FROM audit_event WHERE seq = 5")
    _sql(empty_db_url, "UPDATE audit_event SET actor_name = 'someone else' WHERE seq = 5")
    code, out = luoshi("audit", "verify", "--db", empty_db_url)
    assert code == 1 and f"row id {row_id} (seq 5)" in out and "changed" in out


def test_verify_finds_a_deleted_row(empty_db_url: str) -> None:
    _populated(empty_db_url)
    _sql(empty_db_url, "DELETE FROM audit_event WHERE seq = 3")
    code, out = luoshi("audit", "verify", "--db", empty_db_url)
    assert code == 1 and "seq 3 missing" in out


def test_prune_past_the_retention_then_verify(empty_db_url: str) -> None:
    _populated(empty_db_url)
    code, out = luoshi("audit", "prune", "--db", empty_db_url)
    assert code == 0 and "deleted 0 audit rows" in out
    with time_machine.travel(datetime.now(UTC) + timedelta(days=400), tick=False):
        code, out = luoshi("audit", "prune", "--dry-run", "--db", empty_db_url)
        assert code == 0 and "would delete 9 audit rows" in out
        code, out = luoshi("audit", "prune", "--db", empty_db_url)
        assert code == 0 and "deleted 9 audit rows" in out
    assert _sql(empty_db_url, "SELECT seq, action FROM audit_event") == [(10, "audit.prune")]
    code, out = luoshi("audit", "verify", "--db", empty_db_url)
    assert code == 0, out


def test_restore_drill(empty_db_url: str, another_db_url: str, tmp_path: Path) -> None:
    """Back up, restore into a new database: the data is back, the chain verifies, and
    both steps are in the trail; a database holding data is overwritten only by --force."""
    source, target, backup = empty_db_url, another_db_url, tmp_path / "luoshi.backup"
    _populated(source)
    code, out = luoshi("backup", str(backup), "--db", source)
    assert code == 0 and backup.stat().st_size > 0, out
    assert luoshi("backup", str(backup), "--db", source)[0] == 1  # never overwrites a file
    assert _sql(source, "SELECT action, result FROM audit_event ORDER BY seq DESC LIMIT 1") == [
        ("db.backup", "success")
    ]

    code, out = luoshi("restore", str(backup), "--db", target)
    assert code == 0, out
    code, out = luoshi("units", "list", "--under", "p.a", "--db", target)
    assert "甲市X县" in out
    code, out = luoshi("audit", "verify", "--db", target)
    assert code == 0 and "9 rows" in out, out
    assert _sql(target, "SELECT action FROM audit_event ORDER BY seq DESC LIMIT 1") == [
        ("db.restore",)
    ]

    code, out = luoshi("restore", str(backup), "--db", target)
    assert code == 1 and "--force" in out
    code, out = luoshi("restore", str(backup), "--force", "--db", target)
    assert code == 0, out
    assert luoshi("audit", "verify", "--db", target)[0] == 0


def test_restore_refuses_a_file_that_is_not_a_backup(empty_db_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all")
    code, out = luoshi("restore", str(junk), "--db", empty_db_url)
    assert code == 1 and "is not a" in out


@pytest.fixture
def pg_db_url(empty_db_url: str) -> str:
    if not empty_db_url.startswith("postgresql"):
        pytest.skip("application roles are PostgreSQL's")
    return empty_db_url


def test_the_app_role_may_only_insert_and_read_the_audit_trail(pg_db_url: str) -> None:
    _populated(pg_db_url)
    role = f"luoshi_app_{uuid.uuid4().hex[:8]}"
    code, out = luoshi("db", "grant-app-role", role, "--print-sql", "--db", pg_db_url)
    assert code == 0 and "REVOKE ALL ON" in out and "GRANT SELECT, INSERT ON" in out
    code, out = luoshi("db", "grant-app-role", role, "--db", pg_db_url)
    assert code == 0, out
    as_app = make_url(pg_db_url).set(username=role).render_as_string(hide_password=False)
    try:
        # The application, as that role, changes business data and adds audit rows ...
        _sql(as_app, "UPDATE unit SET name_en = 'renamed' WHERE code = 'p'")
        code, out = luoshi(
            "users",
            "create",
            "u1",
            "--unit",
            "p",
            "--role",
            "office",
            "--password",
            "long-enough-9",
            "--db",
            as_app,
        )
        assert code == 0, out
        assert luoshi("audit", "verify", "--db", as_app)[0] == 0
        # ... but cannot change or remove one.
        attempts: list[Callable[[], object]] = [
            lambda: _sql(as_app, "UPDATE audit_event SET note = 'x'"),
            lambda: _sql(as_app, "DELETE FROM audit_event"),
            lambda: _sql(as_app, "TRUNCATE audit_event"),
            lambda: _sql(as_app, "DELETE FROM audit_chain"),
        ]
        for attempt in attempts:
            with pytest.raises(ProgrammingError, match="permission denied"):
                attempt()
    finally:
        _sql(pg_db_url, f'DROP OWNED BY "{role}"')
        _sql(pg_db_url, f'DROP ROLE "{role}"')


def test_grant_app_role_is_for_postgresql(tmp_path: Path) -> None:
    code, out = luoshi("db", "grant-app-role", "app", "--db", str(tmp_path / "x.db"))
    assert code == 1 and "PostgreSQL" in out


def test_rows_from_before_the_chain_are_chained_on_upgrade(empty_db_url: str) -> None:
    assert luoshi("db", "upgrade", "0003", "--db", empty_db_url)[0] == 0
    _sql(
        empty_db_url,
        "INSERT INTO audit_event (tenant_id, at, actor_name, action, object_type, note) "
        "VALUES ('default', '2023-01-02 03:04:05', 'office', 'task.create', 'task', '')",
    )
    code, out = luoshi("db", "upgrade", "--db", empty_db_url)
    assert code == 0 and "1 earlier audit rows chained" in out, out
    code, out = luoshi("audit", "verify", "--db", empty_db_url)
    assert code == 0 and "1 rows" in out, out


def test_a_failed_backup_is_audited_as_failed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    _populated(url)
    code, out = luoshi("backup", str(tmp_path / "no" / "such" / "dir.backup"), "--db", url)
    assert code == 1 and "error" in out
    assert _sql(url, "SELECT action, result FROM audit_event ORDER BY seq DESC LIMIT 1") == [
        ("db.backup", "failed")
    ]
