"""What every register's commands share: ``list`` prints ``{"items": [...], "total": N}``
as JSON or a table, and ``import`` prints the import's report (exit 1 on bad rows)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import typer
from rich.table import Table

from luoshi.cli.context import console, err_console
from luoshi.kernel.tabular import ImportReport

FORMAT_HELP = 'table or json ({"items": [...], "total": N}).'
FORMATS = ("table", "json")


def check_format(output: str) -> None:
    if output not in FORMATS:
        raise typer.BadParameter("--format is table or json")


def emit(items: list[dict[str, Any]], *, output: str, columns: Sequence[str]) -> None:
    """Print ``items`` as the JSON page scripts read, or as a table of ``columns``."""
    check_format(output)
    if output == "json":
        page = {"items": items, "total": len(items)}
        typer.echo(json.dumps(page, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(*columns)
    for item in items:
        table.add_row(*(_cell(item.get(c)) for c in columns))
    console.print(table)
    console.print(f"{len(items)} in all")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "color" in value:
        reasons = "; ".join(str(r) for r in value.get("reasons", []))
        return f"{value['color']}: {reasons}" if reasons else str(value["color"])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def report_import(report: ImportReport) -> None:
    """Print what an import did or would do; bad rows exit with status 1."""
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    if report.errors:
        err_console.print(f"[red]{len(report.errors)} bad row(s): nothing was imported[/red]")
        raise typer.Exit(1)
