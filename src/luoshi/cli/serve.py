"""``luoshi serve``: the web app, with the jobs running in process on a schedule."""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable

import typer
import uvicorn

from luoshi import clock
from luoshi.cli.context import DB_OPTION_HELP, console, err_console, settings_for
from luoshi.db import make_engine, make_sessionmaker
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


def _jobs_runner() -> Callable[..., object] | None:
    # The supervision jobs are optional until that domain exists in this build.
    try:
        module = importlib.import_module("luoshi.domains.supervision.jobs")
    except ModuleNotFoundError:
        return None
    runner = getattr(module, "run_jobs", None)
    return runner if callable(runner) else None


def _job_loop(settings: Settings, stop: threading.Event) -> None:
    runner = _jobs_runner()
    if runner is None:
        return
    factory = make_sessionmaker(make_engine(settings.database_url))
    while not stop.is_set():
        try:
            runner(factory, settings=settings, at=clock.now())
        except Exception as exc:  # a failing job run must not take the web app down
            err_console.print(f"[red]jobs failed:[/red] {exc!r}")
        stop.wait(settings.jobs_interval_seconds)


def serve(settings: Settings, *, host: str, port: int, jobs: bool) -> None:
    # The app factory builds its own Settings; hand it the database this command chose.
    os.environ["LUOSHI_DATABASE_URL"] = settings.database_url
    stop = threading.Event()
    if jobs:
        threading.Thread(target=_job_loop, args=(settings, stop), daemon=True).start()
    console.print(f"luoshi serving on http://{host}:{port}")
    try:
        uvicorn.run("luoshi.web.app:app_factory", factory=True, host=host, port=port)
    finally:
        stop.set()
