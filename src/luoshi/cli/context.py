"""What every command shares: settings, the database it points at, one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from luoshi.db import make_engine, make_sessionmaker, normalize_url, transaction
from luoshi.errors import LuoshiError
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings, get_settings

console = Console()
err_console = Console(stderr=True)

DB_OPTION_HELP = "A SQLite file path or any SQLAlchemy URL (default: LUOSHI_DATABASE_URL)."


def settings_for(db: str | None) -> Settings:
    settings = get_settings()
    if db is not None:
        settings = settings.model_copy(update={"database_url": normalize_url(db)})
    return settings


def cli_actor(settings: Settings) -> Actor:
    """The actor commands run as: the system, marked as coming from the command line."""
    return replace(system_actor(settings.tenant), client_address="cli")


def system_for(db: str | None) -> Actor:
    """The system actor in the deployment's tenant (``LUOSHI_TENANT``), marked as coming
    from the command line: commands act where the app and the jobs do."""
    return cli_actor(settings_for(db))


@contextmanager
def database(db: str | None) -> Iterator[Engine]:
    """The engine a command works on, disposed when it is done (no connection outlives it)."""
    engine = make_engine(settings_for(db).database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One committed transaction; a domain error, or a conflict with another writer, is
    printed and exits with code 1."""
    try:
        factory = audit.use_hash(make_sessionmaker(engine), get_settings().audit_hash)
        with transaction(factory) as session:
            yield session
    except LuoshiError as exc:
        err_console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    except (StaleDataError, IntegrityError) as exc:  # lost a race with another writer
        err_console.print(f"[red]error:[/red] nothing was saved, the data changed meanwhile: {exc}")
        raise typer.Exit(1) from exc


@contextmanager
def session_for(db: str | None) -> Iterator[Session]:
    """One committed transaction on the database a command was given."""
    with database(db) as engine, unit_of_work(engine) as session:
        yield session
