"""``luoshi jobs run``: the supervision jobs once, for cron; prints what it did as JSON lines."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import typer

from luoshi import clock
from luoshi.cli.context import DB_OPTION_HELP, cli_actor, database, err_console, settings_for
from luoshi.db import make_sessionmaker, transaction
from luoshi.domains.progress import schedule
from luoshi.domains.proposals import jobs as proposal_jobs
from luoshi.domains.supervision.jobs import run_jobs
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
        factory = audit.use_hash(make_sessionmaker(engine), settings.audit_hash)
        try:
            results = run_jobs(factory, settings=settings, at=instant)
            on = schedule.local_date(instant or clock.now(), settings)
            with transaction(factory) as session:
                calendar = schedule.calendar_for(
                    session, settings=settings, tenant_id=settings.tenant
                )
                actor = cli_actor(settings)
                # Each register's job, after the task jobs (the next run delivers its mail).
                results += proposal_jobs.run(
                    session, actor=actor, settings=settings, calendar=calendar, on=on
                )
        except LuoshiError as exc:
            err_console.print(f"[red]error:[/red] {exc.message}")
            raise typer.Exit(1) from exc
    for line in results:
        typer.echo(json.dumps(line, ensure_ascii=False, default=str))
