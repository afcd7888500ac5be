"""``luoshi tasks list``: tasks with their lights, for people and scripts."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from luoshi.cli.context import DB_OPTION_HELP, console, session_for, system_for
from luoshi.domains.tasks import service as tasks

tasks_app = typer.Typer(help="Tasks.", no_args_is_help=True)

PAGE = 500


def register(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")


@tasks_app.command("list")
def list_command(
    light: str | None = typer.Option(
        None, "--light", help="green, yellow, red, completed or not_started."
    ),
    unit: str | None = typer.Option(
        None, "--unit", help="Unit code: lead or co-unit in its subtree."
    ),
    status: str | None = typer.Option(None, "--status", help="A task status, e.g. in_progress."),
    output: str = typer.Option("table", "--format", help="table or json (one array)."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """List tasks with their light, progress, due date and lead unit."""
    if output not in ("table", "json"):
        raise typer.BadParameter("--format is table or json")
    filters = tasks.TaskFilter(light=light, unit=unit, status=status)
    rows: list[dict[str, Any]] = []
    with session_for(db) as session:
        page = 1
        while True:
            found, total = tasks.list_tasks(
                session, actor=system_for(db), filters=filters, page=page, page_size=PAGE
            )
            for read in tasks.to_reads(session, found):
                rows.append(
                    {
                        "code": read.code,
                        "title": read.title,
                        "status": read.status,
                        "light": read.light,
                        "light_reasons": read.light_reasons,
                        "progress": read.progress,
                        "due_date": read.due_date.isoformat() if read.due_date else None,
                        "lead_unit": read.lead_unit.code if read.lead_unit else None,
                        "co_units": [u.code for u in read.co_units],
                    }
                )
            if page * PAGE >= total:
                break
            page += 1
    if output == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("code", "light", "status", "progress", "due", "lead", "title", "why")
    for row in rows:
        table.add_row(
            row["code"],
            row["light"],
            row["status"],
            f"{row['progress']}%",
            row["due_date"] or "",
            row["lead_unit"] or "",
            row["title"][:40],
            "; ".join(row["light_reasons"]),
        )
    console.print(table)
