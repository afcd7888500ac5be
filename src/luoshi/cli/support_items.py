"""``luoshi support-items list|import``: support items asked of national ministries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from luoshi.cli.context import DB_OPTION_HELP, session_for, settings_for, system_for
from luoshi.cli.listing import FORMAT_HELP, check_format, emit, report_import
from luoshi.domains.support import importing
from luoshi.domains.support import service as support

support_app = typer.Typer(help="Support items (争取支持事项).", no_args_is_help=True)

PAGE = 500
COLUMNS = ("code", "status", "light", "ministry", "landed_as", "lead_unit", "title")


def register(app: typer.Typer) -> None:
    app.add_typer(support_app, name="support-items")


@support_app.command("list")
def list_command(
    status: str | None = typer.Option(None, "--status", help="asked, agreed, landed or dropped."),
    light: str | None = typer.Option(None, "--light", help="green, yellow, red or completed."),
    ministry: str | None = typer.Option(None, "--ministry", help="A ministry's name or part."),
    unit: str | None = typer.Option(None, "--unit", help="Unit code: lead unit in its subtree."),
    output: str = typer.Option("table", "--format", help=FORMAT_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """List support items with their status, what they landed as and their light."""
    check_format(output)
    settings = settings_for(db)
    filters = support.SupportFilter(status=status, light=light, ministry=ministry, unit=unit)
    items: list[dict[str, Any]] = []
    with session_for(db) as session:
        page = 1
        while True:
            rows, total = support.list_items(
                session, actor=system_for(db), filters=filters, page=page, page_size=PAGE
            )
            for read in support.to_reads(session, rows, language=settings.language):
                items.append(
                    {
                        "code": read.code,
                        "title": read.title,
                        "ministry": read.ministry,
                        "ministry_code": read.ministry_code,
                        "status": read.status,
                        "landed_as": read.landed_as,
                        "fund_amount": (
                            str(read.fund_amount) if read.fund_amount is not None else None
                        ),
                        "expected_on": read.expected_on,
                        "lead_unit": read.lead_unit.code,
                        "light": read.light.model_dump(),
                    }
                )
            if page * PAGE >= total:
                break
            page += 1
    emit(items, output=output, columns=COLUMNS)


@support_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; keep nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Import support items (all or nothing): new codes are entered, known ones updated."""
    settings = settings_for(db)
    with session_for(db) as session:
        report = importing.import_items(
            session,
            actor=system_for(db),
            content=file.read_bytes(),
            filename=file.name,
            settings=settings,
            dry_run=dry_run,
        )
    report_import(report)
