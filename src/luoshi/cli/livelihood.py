"""``luoshi livelihood list|import`` and ``luoshi indicators list|import``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from luoshi.cli.context import DB_OPTION_HELP, session_for, settings_for, system_for
from luoshi.cli.listing import FORMAT_HELP, check_format, emit, report_import
from luoshi.domains.livelihood import importing, indicators, matters

livelihood_app = typer.Typer(help="Livelihood matters (民生实事).", no_args_is_help=True)
indicators_app = typer.Typer(help="Indicators (指标).", no_args_is_help=True)

PAGE = 500


def register(app: typer.Typer) -> None:
    app.add_typer(livelihood_app, name="livelihood")
    app.add_typer(indicators_app, name="indicators")


@livelihood_app.command("list")
def list_livelihood(
    year: int | None = typer.Option(None, "--year", help="The list of this year."),
    light: str | None = typer.Option(
        None, "--light", help="green, yellow, red, completed or not_started (the matter's)."
    ),
    unit: str | None = typer.Option(None, "--unit", help="Unit code: a lead unit in its subtree."),
    output: str = typer.Option("table", "--format", help=FORMAT_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """One line per target of each matter: target, actual, light against the time elapsed."""
    check_format(output)
    language = settings_for(db).language
    items: list[dict[str, Any]] = []
    filters = matters.MatterFilter(year=year, light=light, unit=unit)
    with session_for(db) as session:
        page = 1
        while True:
            rows, total = matters.list_matters(
                session, actor=system_for(db), filters=filters, page=page, page_size=PAGE
            )
            for matter in matters.to_reads(session, rows, language=language):
                for target in matter.targets:
                    items.append(
                        {
                            "id": matter.id,
                            "year": matter.year,
                            "number": matter.number,
                            "name": matter.name,
                            "target": target.name,
                            "unit": target.measure,
                            "baseline": target.baseline,
                            "target_value": target.target_value,
                            "actual_value": target.actual_value,
                            "period": target.latest_period,
                            "lead_unit": target.lead_unit.code,
                            "light": target.light.model_dump(),
                        }
                    )
            if page * PAGE >= total:
                break
            page += 1
    emit(
        items,
        output=output,
        columns=("number", "name", "target", "unit", "target_value", "actual_value", "light"),
    )


@livelihood_app.command("import")
def import_livelihood(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help=".csv or .xlsx"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row, keep nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Import the list: one row per target (year, number, matter, lead unit, measure,
    target value…), optionally with a period's value."""
    with session_for(db) as session:
        report = importing.import_matters(
            session,
            actor=system_for(db),
            content=file.read_bytes(),
            filename=file.name,
            settings=settings_for(db),
            dry_run=dry_run,
        )
    report_import(report)


@indicators_app.command("list")
def list_indicators(
    period: str | None = typer.Option(
        None, "--period", help="2023Q1, 2023H1, 2023Q3 (first three quarters) or 2023."
    ),
    region: str | None = typer.Option(None, "--region", help="A region's unit code."),
    indicator: str | None = typer.Option(None, "--indicator", help="An indicator's code."),
    output: str = typer.Option("table", "--format", help=FORMAT_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """One line per indicator, period and region: target, actual and light."""
    check_format(output)
    language = settings_for(db).language
    filters = indicators.ValueFilter(period=period, region=region, indicator=indicator)
    with session_for(db) as session:
        rows = indicators.list_values(session, actor=system_for(db), filters=filters)
        items = [
            {
                "indicator": read.indicator_code,
                "name": read.name,
                "unit": read.measure,
                "period": read.period,
                "region": read.region.code,
                "target_value": read.target_value,
                "actual_value": read.actual_value,
                "light": read.light.model_dump(),
            }
            for read in indicators.value_reads(session, rows, language=language)
        ]
    emit(
        items,
        output=output,
        columns=("name", "period", "region", "target_value", "actual_value", "light"),
    )


@indicators_app.command("import")
def import_indicators(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help=".csv or .xlsx"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row, keep nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Import targets and actuals: one row per indicator, period and region."""
    with session_for(db) as session:
        report = importing.import_indicators(
            session,
            actor=system_for(db),
            content=file.read_bytes(),
            filename=file.name,
            settings=settings_for(db),
            dry_run=dry_run,
        )
    report_import(report)
