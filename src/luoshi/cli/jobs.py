"""``luoshi jobs run``: the supervision jobs once, for cron; prints what it did as JSON lines."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import typer

from luoshi.cli.context import DB_OPTION_HELP, database, err_console, settings_for
from luoshi.cli.registers import run_all_jobs
from luoshi.db import make_sessionmaker
from luoshi.errors import LuoshiError
from luoshi.kernel import audit

jobs_app = typer.Typer(
    help="Reminders, urging, notices, lights, message delivery.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(jobs_app, name="jobs")


def parse_at(value: str, timezone: str) -> datetime:
    """An ISO date or date-time; without a zone it is the deployment's local time."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO date-time") from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=ZoneInfo(timezone))


@jobs_app.command("run")
def run_command(
    at: str | None = typer.Option(
        None, "--at", help="Run as of this ISO date-time (local time unless it has a zone)."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Run every supervision job once and print one JSON line per thing done."""
    settings = settings_for(db)
    instant = parse_at(at, settings.timezone) if at is not None else None
    with database(db) as engine:
        try:
            results = run_all_jobs(
                audit.use_hash(make_sessionmaker(engine), settings.audit_hash),
                settings=settings,
                at=instant,
            )
        except LuoshiError as exc:
            err_console.print(f"[red]error:[/red] {exc.message}")
            raise typer.Exit(1) from exc
    for line in results:
        typer.echo(json.dumps(line, ensure_ascii=False, default=str))
