"""``luoshi dashboards rebuild``: count the dashboards' task rollup again from the tasks."""

from __future__ import annotations

import typer

from luoshi.cli.context import (
    DB_OPTION_HELP,
    cli_actor,
    console,
    database,
    settings_for,
    unit_of_work,
)
from luoshi.domains.tasks import rollup

dashboards_app = typer.Typer(help="The dashboards' rollup.", no_args_is_help=True)


@dashboards_app.command("rebuild")
def rebuild_command(
    tenant: str | None = typer.Option(
        None, "--tenant", help="Only this tenant (default: every tenant with tasks)."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Count the dashboards' task rollup again from the tasks (after writing tasks outside
    the app, or to check it), in one transaction, audited."""
    with database(db) as engine, unit_of_work(engine) as session:
        written = rollup.rebuild_recorded(session, actor=cli_actor(settings_for(db)), tenant=tenant)
    console.print(f"task rollup rebuilt: {written} rows")
