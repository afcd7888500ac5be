"""``luoshi docking list|import``: every national measure docked and the province's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from luoshi.cli.context import DB_OPTION_HELP, session_for, settings_for, system_for
from luoshi.cli.listing import FORMAT_HELP, check_format, emit, report_import
from luoshi.domains.docking import importing
from luoshi.domains.docking import service as docking

docking_app = typer.Typer(help="National policy docking (政策对接).", no_args_is_help=True)

PAGE = 500
COLUMNS = ("id", "status", "owner_unit", "task_id", "local_measure", "reason", "national_measure")


def register(app: typer.Typer) -> None:
    app.add_typer(docking_app, name="docking")


@docking_app.command("list")
def list_command(
    source_id: int | None = typer.Option(None, "--source-id", help="One national document."),
    unanswered: bool = typer.Option(False, "--unanswered", help="Only measures not answered."),
    status: str | None = typer.Option(
        None, "--status", help="not_started, drafting, issued, in_force or not_applicable."
    ),
    output: str = typer.Option("table", "--format", help=FORMAT_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """List national measures with their local answer, status and owner unit."""
    check_format(output)
    filters = docking.DockingFilter(source_id=source_id, unanswered=unanswered, status=status)
    items: list[dict[str, Any]] = []
    with session_for(db) as session:
        page = 1
        while True:
            rows, total, _ = docking.list_measures(
                session, actor=system_for(db), filters=filters, page=page, page_size=PAGE
            )
            for read in docking.to_reads(session, rows):
                items.append(
                    {
                        "id": read.id,
                        "source_id": read.source_id,
                        "heading": read.heading,
                        "national_measure": read.national_measure,
                        "status": read.status,
                        "task_id": read.task_id,
                        "local_measure": read.local_measure,
                        "reason": read.reason or None,
                        "owner_unit": read.owner_unit.code if read.owner_unit else None,
                        "answered": read.answered,
                    }
                )
            if page * PAGE >= total:
                break
            page += 1
    emit(items, output=output, columns=COLUMNS)


@docking_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file."),
    source_id: int = typer.Option(..., "--source-id", help="The national document docked."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; keep nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Update a document's docking from a sheet (all or nothing), measure by its number."""
    settings = settings_for(db)
    with session_for(db) as session:
        report = importing.import_docking(
            session,
            actor=system_for(db),
            source_id=source_id,
            content=file.read_bytes(),
            filename=file.name,
            settings=settings,
            dry_run=dry_run,
        )
    report_import(report)
