"""``luoshi units``: import the unit tree, list it, learn from task-division plans."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from luoshi.cli.context import (
    DB_OPTION_HELP,
    console,
    err_console,
    session_for,
    settings_for,
    system_for,
)
from luoshi.extract import ExtractInputError, read_document
from luoshi.i18n import text
from luoshi.kernel import sample, unit_learning, units


class Lang(StrEnum):
    en = "en"
    zh = "zh"


units_app = typer.Typer(help="The unit tree.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(units_app, name="units")


@units_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .yaml file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row, write nothing."),
    lang: Lang | None = typer.Option(
        None, "--lang", help="Language of the messages (default: LUOSHI_LANGUAGE)."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Create or update units from FILE, all or nothing, with row-level errors."""
    language = lang.value if lang else settings_for(db).language
    with session_for(db) as session:
        rows = units.parse_units_file(file.read_bytes(), file.name)
        result = units.import_units(session, actor=system_for(db), rows=rows, dry_run=dry_run)
    for error in result.errors:
        said = text(
            "cli_units_row_error", language, row=error.row, message=error.message_in(language)
        )
        err_console.print(said, markup=False, highlight=False)
    if result.errors:
        bad = text("cli_units_bad_rows", language, n=len(result.errors))
        err_console.print(f"[red]{escape(bad)}[/red]")
        raise typer.Exit(1)
    done = "cli_units_would_import" if dry_run else "cli_units_imported"
    console.print(text(done, language, created=result.created, updated=result.updated))


@units_app.command("sample")
def sample_command(db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP)) -> None:
    """Load the sample province (Sichuan) shipped with luoshi."""
    with session_for(db) as session:
        result = sample.load_sample_province(session, actor=system_for(db))
    console.print(f"created {result.created}, updated {result.updated} units")


@units_app.command("list")
def list_command(
    under: str | None = typer.Option(None, "--under", help="Only this unit's subtree."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Print the unit tree."""
    with session_for(db) as session:
        rows = units.list_units(session, actor=system_for(db), under=under)
        table = Table("code", "name", "kind")
        for unit in rows:
            indent = "  " * (unit.path.count("/") - 2)
            table.add_row(unit.code, indent + unit.name_zh, unit.kind)
    console.print(table)


@units_app.command("learn")
def learn_command(
    plan_file: Path = typer.Argument(..., exists=True, dir_okay=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Parse and match, write nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Learn lead and co-units from a task-division plan (clause followed by its units)."""
    try:
        text = read_document(plan_file.read_bytes(), filename=plan_file.name).text
    except ExtractInputError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    with session_for(db) as session:
        result = unit_learning.learn_from_plan(
            session, actor=system_for(db), text=text, origin_ref=plan_file.name, dry_run=dry_run
        )
    verb = "would learn" if dry_run else "learned"
    console.print(f"{result.items} clauses; {verb} {result.examples} examples")
    if result.unresolved:
        console.print("unmatched unit names: " + "、".join(result.unresolved))
