"""``luoshi backup`` and ``luoshi restore``: SQLite's online backup, pg_dump/pg_restore.

Both are audited in the database they act on: the backup after it is written (so the trail
says it was taken, and the chain goes on), the restore in the restored database (whose
chain, restored with it, verifies and goes on from its head).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import typer
from sqlalchemy import Engine, inspect, select, table, text
from sqlalchemy.engine import make_url

from luoshi.cli.context import (
    DB_OPTION_HELP,
    cli_actor,
    console,
    database,
    err_console,
    settings_for,
    unit_of_work,
)
from luoshi.kernel import audit
from luoshi.kernel.audit import Result
from luoshi.settings import Settings

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URI for pg_dump/pg_restore, and the environment carrying the password (so it
    never shows in the process list)."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = make_url(str(url.set(drivername="postgresql", password=None)))
    return uri.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")


def backup_database(engine: Engine, path: Path) -> None:
    """Copy the database at ``engine`` to ``path`` while it keeps serving."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            target = sqlite3.connect(path)
            try:
                # The online backup API: a consistent copy, writers only briefly paused.
                source.backup(target)
            finally:
                target.close()
        return
    uri, env = _libpq(engine)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}", uri], env)


def is_empty(engine: Engine) -> bool:
    """Whether no table of the database holds a row (a new or only-initialised database)."""
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            if name == "alembic_version":
                continue
            if conn.execute(select(text("1")).select_from(table(name)).limit(1)).first():
                return False
    return True


def restore_database(engine: Engine, path: Path) -> None:
    """Replace the database at ``engine`` by the backup at ``path``."""
    head = path.read_bytes()[:16] if path.is_file() else b""
    if engine.dialect.name == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} is not a SQLite backup")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{path} fails SQLite's integrity check")
            with engine.connect() as conn:
                target = conn.connection.driver_connection
                assert isinstance(target, sqlite3.Connection)
                source.backup(target)
        finally:
            source.close()
        return
    if not head.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(f"{path} is not a pg_dump custom-format backup")
    uri, env = _libpq(engine)
    # Not `pg_restore --clean`: it drops each partition's copy of the report table's keys,
    # which PostgreSQL refuses (an inherited constraint goes only with its parent's). The
    # schema is emptied and the dump replayed by psql instead, in one transaction: a restore
    # that fails leaves the database as it was.
    restore = [
        _tool("pg_restore"),
        "--no-owner",
        # Grants name roles the target server may not have; grant-app-role is re-run.
        "--no-privileges",
        "--exit-on-error",
        "--file=-",
        str(path),
    ]
    replay = [
        _tool("psql"),
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        "--command=DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
        "--file=-",
        f"--dbname={uri}",
    ]
    with subprocess.Popen(restore, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as dump:
        done = subprocess.run(
            replay, env=env, stdin=dump.stdout, capture_output=True, text=True, check=False
        )
        _, dump_errors = dump.communicate()
    if dump.returncode != 0:
        raise BackupError(f"pg_restore failed: {dump_errors.decode(errors='replace').strip()}")
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def _audit(engine: Engine, settings: Settings, action: str, path: Path, result: Result) -> None:
    with unit_of_work(engine) as session:
        audit.record(
            session,
            actor=cli_actor(settings),
            action=action,
            object_type="database",
            object_id=None,
            new={"path": str(path.resolve()), "backend": engine.dialect.name},
            result=result,
        )


def backup_command(
    path: Path = typer.Argument(..., help="The backup file to write (must not exist)."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Back up the database to PATH (SQLite online backup, or pg_dump's custom format)."""
    settings = settings_for(db)
    if path.exists():
        err_console.print(f"[red]error:[/red] {path} exists; give a new file")
        raise typer.Exit(1)
    with database(db) as engine:
        try:
            backup_database(engine, path)
        except (BackupError, sqlite3.Error) as exc:
            path.unlink(missing_ok=True)
            _audit(engine, settings, "db.backup", path, "failed")
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        _audit(engine, settings, "db.backup", path, "success")
    console.print(f"backed up to {path} ({path.stat().st_size} bytes)")


def restore_command(
    path: Path = typer.Argument(..., help="A file written by luoshi backup."),
    force: bool = typer.Option(
        False, "--force", help="Overwrite a database that already holds data."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Restore the database from PATH; refuses a database holding data unless --force."""
    settings = settings_for(db)
    with database(db) as engine:
        if not force and not is_empty(engine):
            err_console.print(
                "[red]error:[/red] the database holds data; restoring would replace it "
                "(give --force to do so)"
            )
            raise typer.Exit(1)
        try:
            restore_database(engine, path)
        except (BackupError, sqlite3.Error) as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        engine.dispose()  # pooled connections may have cached the old schema
        _audit(engine, settings, "db.restore", path, "success")
    console.print(f"restored from {path}; check it with luoshi audit verify")
