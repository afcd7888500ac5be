"""``luoshi serve``: the web app, with the jobs running in process on a schedule."""

from __future__ import annotations

import os
import threading
import time

import typer
import uvicorn

from luoshi import clock
from luoshi.cli.context import DB_OPTION_HELP, console, err_console, settings_for
from luoshi.cli.registers import run_all_jobs
from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.supervision.delivery import deliver_outbox
from luoshi.kernel import audit
from luoshi.settings import Settings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    jobs: bool = typer.Option(
        True, "--jobs/--no-jobs", help="Run reminders and lights in process."
    ),
) -> None:
    """Serve the web app on HOST:PORT."""
    serve(settings_for(db), host=host, port=port, jobs=jobs)


DELIVERY_TICK_SECONDS = 60


def _job_loop(settings: Settings, stop: threading.Event) -> None:
    """Run the jobs every ``jobs_interval_seconds``; send queued mail and webhooks each
    minute in between, so a notification does not wait for the next job run."""
    factory = audit.use_hash(
        make_sessionmaker(make_engine(settings.database_url)), settings.audit_hash
    )
    next_jobs = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_jobs:
                run_all_jobs(factory, settings=settings, at=clock.now())
                next_jobs = time.monotonic() + settings.jobs_interval_seconds
            deliver_outbox(factory, settings=settings, at=clock.now())
        except Exception as exc:  # a failing job run must not take the web app down
            err_console.print(f"[red]jobs failed:[/red] {exc!r}")
        stop.wait(min(DELIVERY_TICK_SECONDS, settings.jobs_interval_seconds))


def serve(settings: Settings, *, host: str, port: int, jobs: bool) -> None:
    # The app factory builds its own Settings; hand it the database this command chose.
    os.environ["LUOSHI_DATABASE_URL"] = settings.database_url
    stop = threading.Event()
    if jobs:
        threading.Thread(target=_job_loop, args=(settings, stop), daemon=True).start()
    # The first search (or Chinese task) would otherwise wait for jieba's dictionary.
    from luoshi.extract import search  # deferred: the CLI's other commands need not load it

    threading.Thread(target=search.warm, daemon=True).start()
    console.print(f"luoshi serving on http://{host}:{port}")
    try:
        uvicorn.run("luoshi.web.app:app_factory", factory=True, host=host, port=port)
    finally:
        stop.set()
