"""``luoshi export KIND`` and ``luoshi import KIND FILE``: lists out as sheets and back.

The import prints ``{"created": n, "changed": n, "unchanged": n, "conflicts": [...],
"errors": [{"sheet", "row", "column", "message"}]}`` (JSON) or a short text summary, and
exits 1 when anything was refused (a bad cell or a conflict: then nothing was applied).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from luoshi.cli.context import DB_OPTION_HELP, err_console, session_for, settings_for, system_for
from luoshi.interchange import (
    project_report_sheet,
    project_sheet,
    registers,
    report_sheet,
    task_sheet,
)
from luoshi.interchange.sheet_import import SheetReport
from luoshi.interchange.sheets import FORMATS
from luoshi.kernel.workbook import read_limited

# What a sheet can hold: each exports with versions and re-imports with a cell-by-cell diff.
EXPORT_KINDS = ("tasks", "projects", "reports", "project-reports", *registers.IMPORTERS)
IMPORT_KINDS = EXPORT_KINDS
# Reports are filed through their domains' own services, row by row.
SERVICE_IMPORTS = {
    "reports": report_sheet.import_reports,
    "project-reports": project_report_sheet.import_project_reports,
}
KIND_HELP = f"What the sheet holds: {', '.join(EXPORT_KINDS)}."


def _check_kind(kind: str, kinds: tuple[str, ...]) -> None:
    if kind not in kinds:
        raise typer.BadParameter(f"KIND is one of {', '.join(kinds)}", param_hint="KIND")


def export_command(
    kind: str = typer.Argument(..., help=KIND_HELP),
    output: Path = typer.Option(..., "-o", "--output", help="The file to write."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx or csv."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Write every record of KIND as a sheet that can be edited offline and re-imported."""
    _check_kind(kind, EXPORT_KINDS)
    if fmt not in FORMATS:
        raise typer.BadParameter("--format is xlsx or csv")
    settings = settings_for(db)
    with session_for(db) as session:
        if kind in registers.IMPORTERS:
            content = registers.export_register(
                session, kind=kind, actor=system_for(db), settings=settings, fmt=fmt,  # type: ignore[arg-type]
            )  # fmt: skip
        elif kind == "reports":
            content = report_sheet.export_reports(session, actor=system_for(db), fmt=fmt)  # type: ignore[arg-type]
        elif kind == "project-reports":
            content = project_report_sheet.export_project_reports(
                session,
                actor=system_for(db),
                fmt=fmt,  # type: ignore[arg-type]
            )
        elif kind == "projects":
            content = project_sheet.export_projects(
                session,
                actor=system_for(db),
                settings=settings,
                fmt=fmt,  # type: ignore[arg-type]
            )
        else:
            content = task_sheet.export_tasks(session, actor=system_for(db), fmt=fmt)  # type: ignore[arg-type]
    output.write_bytes(content)
    err_console.print(f"wrote {output} ({len(content)} bytes)")


def import_command(
    kind: str = typer.Argument(..., help=KIND_HELP),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .xlsx or .csv file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; keep nothing."),
    output: str = typer.Option("json", "--format", help="json or text."),
    year: int | None = typer.Option(
        None, "--year", help="The year of deadlines written without one (default: this year)."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Import a sheet of KIND: new rows are created, changed cells applied, all or nothing."""
    _check_kind(kind, IMPORT_KINDS)
    if output not in ("json", "text"):
        raise typer.BadParameter("--format is json or text")
    settings = settings_for(db)
    with session_for(db) as session:
        content = read_limited(file, max_bytes=settings.max_upload_bytes)
        if kind == "tasks":
            report = task_sheet.import_tasks(
                session,
                actor=system_for(db),
                content=content,
                filename=file.name,
                settings=settings,
                dry_run=dry_run,
                year=year,
            )
        elif kind in SERVICE_IMPORTS:
            report = SERVICE_IMPORTS[kind](
                session,
                actor=system_for(db),
                content=content,
                filename=file.name,
                settings=settings,
                dry_run=dry_run,
            )
        elif kind == "projects":
            report = project_sheet.import_projects(
                session,
                actor=system_for(db),
                content=content,
                filename=file.name,
                settings=settings,
                dry_run=dry_run,
            )
        else:
            report = registers.import_register(
                session,
                kind=kind,
                actor=system_for(db),
                content=content,
                filename=file.name,
                settings=settings,
                dry_run=dry_run,
            )
    _print(report, output)
    if report.refused:
        raise typer.Exit(1)


def _print(report: SheetReport, output: str) -> None:
    data: dict[str, Any] = report.as_dict()
    if output == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    verb = "would be" if report.dry_run or report.refused else "were"
    typer.echo(
        f"{report.filename} (sha256 {report.sha256[:12]}…): {data['created']} {verb} created, "
        f"{data['changed']} changed, {data['unchanged']} unchanged"
    )
    for item in data["items"]:
        for cell in item["cells"] if item["outcome"] == "changed" else []:
            new = repr(cell["new"]) if cell["new"] != "" else "(empty)"  # a cleared cell
            typer.echo(
                f"  {item['sheet']}!{item['row']} {item['code']} {cell['column']}: "
                f"{cell['old']!r} → {new}"
            )
    for conflict in data["conflicts"]:
        typer.echo(f"  conflict {conflict['sheet']}!{conflict['row']}: {conflict['message']}")
    for error in data["errors"]:
        column = f" {error['column']}" if error["column"] else ""
        typer.echo(f"  error {error['sheet']}!{error['row']}{column}: {error['message']}")
    if report.refused:
        typer.echo("nothing was applied")
