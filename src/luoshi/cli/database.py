"""``luoshi init`` and ``luoshi db upgrade``."""

from __future__ import annotations

import typer

from luoshi.cli.context import DB_OPTION_HELP, console, database
from luoshi.migrations import runner

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.add_typer(db_app, name="db")


def init_command(db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP)) -> None:
    """Create the database (or bring it up to date) with every table."""
    with database(db) as engine:
        runner.upgrade(engine)
        console.print(f"database ready at revision {runner.current(engine)}")


@db_app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Apply migrations up to REVISION."""
    with database(db) as engine:
        runner.upgrade(engine, revision)
        console.print(f"database at revision {runner.current(engine)}")


@db_app.command("current")
def current_command(db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP)) -> None:
    """Print the database's revision."""
    with database(db) as engine:
        console.print(runner.current(engine) or "empty")
