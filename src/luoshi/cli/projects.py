"""``luoshi projects``: list the key projects with their lights, import them, their metrics."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from luoshi.cli.context import DB_OPTION_HELP, session_for, settings_for, system_for
from luoshi.cli.listing import FORMAT_HELP, check_format, emit, report_import
from luoshi.domains.progress import schedule
from luoshi.domains.projects import importing
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import ProjectRead

projects_app = typer.Typer(help="Key projects (重点项目).", no_args_is_help=True)

PAGE = 500
COLUMNS = (
    "code",
    "name",
    "stage",
    "national_plan",
    "investment_planned_year",
    "investment_actual_ytd",
    "light",
)


def register(app: typer.Typer) -> None:
    app.add_typer(projects_app, name="projects")


def item(read: ProjectRead) -> dict[str, Any]:
    """One project as ``list --format json`` prints it."""
    return {
        "code": read.code,
        "name": read.name,
        "stage": read.stage,
        "national_plan": read.national_plan,
        "national_plan_name": read.national_plan_name or None,
        "level": read.level,
        "industry": read.industry,
        "owner_unit": read.owner_unit.code,
        "region_unit": read.region_unit.code if read.region_unit else None,
        "year": read.year,
        "total_investment": read.total_investment,
        # Numbers for scripts: a year without a plan is 0 (and says so).
        "investment_planned_year": read.investment_planned_year or 0.0,
        "has_year_plan": read.investment_planned_year is not None,
        "investment_actual_ytd": read.investment_actual_ytd,
        "investment_cumulative": read.investment_cumulative,
        "light": read.light.model_dump(),
    }


@projects_app.command("list")
def list_command(
    stage: str | None = typer.Option(
        None, "--stage", help="reserve, new_start, under_construction, completed, in_operation."
    ),
    national_plan: str | None = typer.Option(
        None, "--national-plan", help="none, applied or included."
    ),
    light: str | None = typer.Option(None, "--light", help="green, yellow, red, ..."),
    region: str | None = typer.Option(None, "--region", help="Unit code of a region."),
    year: int | None = typer.Option(
        None, "--year", help="The year of the planned and actual investment (default: this year)."
    ),
    output: str = typer.Option("table", "--format", help=FORMAT_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """List key projects with the year's planned and actual investment and their light."""
    check_format(output)
    settings = settings_for(db)
    filters = projects.ProjectFilter(
        stage=stage, national_plan=national_plan, light=light, region=region
    )
    items: list[dict[str, Any]] = []
    with session_for(db) as session:
        today = schedule.today(settings)
        # A past year's figures are those at its end.
        on = min(today, date(year, 12, 31)) if year else today
        page = 1
        while True:
            reads, total = projects.list_project_reads(
                session,
                actor=system_for(db),
                on=on,
                language=settings.language,
                filters=filters,
                page=page,
                page_size=PAGE,
            )
            items += [item(read) for read in reads]
            if page * PAGE >= total:
                break
            page += 1
    emit(items, output=output, columns=COLUMNS)


@projects_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; keep nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Import projects (new codes are registered, known ones updated), all or nothing."""
    settings = settings_for(db)
    with session_for(db) as session:
        report = importing.import_projects(
            session,
            actor=system_for(db),
            content=file.read_bytes(),
            filename=file.name,
            settings=settings,
            dry_run=dry_run,
        )
    report_import(report)


@projects_app.command("metrics")
def metrics_command(
    by: str = typer.Option("region", "--by", help="region, industry, owner or level."),
    year: int | None = typer.Option(None, "--year", help="Default: this year."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """The year's plan completion against the year elapsed, new starts, completions (JSON)."""
    settings = settings_for(db)
    with session_for(db) as session:
        figures = projects.metrics(
            session, actor=system_for(db), settings=settings, by=by, year=year
        )
    typer.echo(json.dumps(figures.model_dump(mode="json"), ensure_ascii=False, indent=2))
