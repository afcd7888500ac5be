"""``luoshi seed``: generated data at scale for benchmarks (interchange/seed.py)."""

from __future__ import annotations

import time
from datetime import date

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine, text

from luoshi import clock
from luoshi.cli.context import console, err_console, settings_for
from luoshi.db import make_engine, make_sessionmaker
from luoshi.interchange import seed as seeding
from luoshi.kernel import audit
from luoshi.migrations import runner


def _analyse(engine: Engine) -> float | None:
    """On PostgreSQL, gather the planner's statistics and the visibility map for the rows
    just loaded; the seconds it took. Until autovacuum comes by, a freshly seeded database
    has none: the planner then takes every table for a page of rows (a small seed's lights
    by unit chose a nested loop that grouped the tasks once per unit, 107 ms; 5.5 ms after),
    and an index-only scan of a covering index still reads the heap."""
    if engine.dialect.name != "postgresql":
        return None
    began = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE)"))
    return time.perf_counter() - began


def seed_command(
    scale: str = typer.Option("small", "--scale", help="small, province or nation."),
    db: str = typer.Option(..., "--db", help="A SQLite path or SQLAlchemy URL (empty database)."),
    seed_value: int = typer.Option(1, "--seed", help="The random seed: same seed, same rows."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="The day the data lives at, YYYY-MM-DD (default: today)."
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Processes seeding tenants at once (PostgreSQL, nation)."
    ),
) -> None:
    """Fill an empty database with generated data at a scale (for benchmarks)."""
    chosen = seeding.SCALES.get(scale)
    if chosen is None:
        err_console.print(f"[red]error:[/red] --scale is one of {', '.join(seeding.SCALES)}")
        raise typer.Exit(2)
    day = date.fromisoformat(as_of) if as_of else clock.today()
    settings = settings_for(db)
    engine = make_engine(settings.database_url)
    try:
        runner.upgrade(engine)
        with engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM unit")).scalar_one():
                err_console.print(
                    "[red]error:[/red] the database already holds units: seed an empty one"
                )
                raise typer.Exit(1)
        tenants = len(seeding.tenants_of(chosen, settings.tenant))
        expected = {
            "tasks": chosen.tasks * tenants,
            "reports": chosen.reports * tenants,
            "lights": chosen.tasks * tenants,
            "project reports": chosen.project_reports * tenants,
        }
        began = time.perf_counter()
        with Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            bars: dict[str, object] = {}

            def told(step: str, rows: int) -> None:
                if step not in bars:
                    bars[step] = bar.add_task(step, total=expected.get(step))
                bar.advance(bars[step], rows)  # type: ignore[arg-type]

            counts = seeding.seed(
                audit.use_hash(make_sessionmaker(engine), settings.audit_hash),
                scale=chosen,
                settings=settings,
                seed_value=seed_value,
                as_of=day,
                progress=told,
                workers=workers,
            )
        took = time.perf_counter() - began
        analysed = _analyse(engine)
    finally:
        engine.dispose()
    summary = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.as_dict().items())
    console.print(f"seeded {scale} as of {day.isoformat()} in {took:.1f} s: {summary}")
    if analysed is not None:
        console.print(f"VACUUM (ANALYZE) in {analysed:.1f} s")
    console.print("log in as " + ", ".join(seeding.PEOPLE) + f" (password {seeding.SEED_PASSWORD})")
