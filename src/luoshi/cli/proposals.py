"""``luoshi proposals list|import|stats``: suggestions and proposals, for people and scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from luoshi.cli.context import DB_OPTION_HELP, session_for, settings_for, system_for
from luoshi.cli.listing import FORMAT_HELP, check_format, emit, report_import
from luoshi.domains.proposals import importing, queries
from luoshi.kernel.pace import stored_light_json

proposals_app = typer.Typer(
    help="Suggestions (建议) and proposals (提案): list, import, statistics.",
    no_args_is_help=True,
)

PAGE = 500
COLUMNS = ("number", "kind", "light", "state", "lead_unit", "reply_due", "outcome", "satisfaction")


def register(app: typer.Typer) -> None:
    app.add_typer(proposals_app, name="proposals")


@proposals_app.command("list")
def list_command(
    session_name: str | None = typer.Option(
        None, "--session", help="e.g. 2023 省十四届人大一次会议"
    ),
    kind: str | None = typer.Option(None, "--kind", help="suggestion or proposal."),
    state: str | None = typer.Option(None, "--state", help="A state, e.g. countersigning."),
    outcome: str | None = typer.Option(None, "--outcome", help="A, B, C or D."),
    light: str | None = typer.Option(None, "--light", help="green, yellow, red, completed…"),
    unit: str | None = typer.Option(None, "--unit", help="Unit code: lead or co-unit below it."),
    output: str = typer.Option("table", "--format", help=FORMAT_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """List suggestions and proposals with their state, outcome, rating, tasks and light."""
    check_format(output)
    language = settings_for(db).language
    filters = queries.ProposalFilter(
        session=session_name, kind=kind, state=state, outcome=outcome, light=light, unit=unit
    )
    items: list[dict[str, Any]] = []
    with session_for(db) as session:
        page = 1
        while True:
            found, total = queries.list_proposals(
                session, actor=system_for(db), filters=filters, page=page, page_size=PAGE
            )
            for read in queries.to_reads(session, found):
                items.append(
                    {
                        "id": read.id,
                        "session": read.session,
                        "kind": read.kind,
                        "number": read.number,
                        "title": read.title,
                        "proposer": read.proposer,
                        "state": read.state,
                        "round": read.round,
                        "lead_unit": read.lead_unit.code if read.lead_unit else None,
                        "co_units": [u.code for u in read.co_units],
                        "reply_due": read.reply_due.isoformat() if read.reply_due else None,
                        "outcome": read.outcome,
                        "satisfaction": read.satisfaction,
                        "task_ids": read.task_ids,
                        "light": stored_light_json(read.light, read.light_reasons, language),
                    }
                )
            if page * PAGE >= total:
                break
            page += 1
    emit(items, output=output, columns=COLUMNS)


@proposals_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; keep nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Register (and assign) suggestions and proposals from a spreadsheet, all or nothing."""
    settings = settings_for(db)
    with session_for(db) as session:
        report = importing.import_proposals(
            session,
            actor=system_for(db),
            content=file.read_bytes(),
            filename=file.name,
            settings=settings,
            dry_run=dry_run,
        )
    report_import(report)


@proposals_app.command("stats")
def stats_command(
    session_name: str | None = typer.Option(None, "--session", help="Only this session."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """On-time reply rate, outcome shares and satisfaction as JSON, overall and by unit."""
    settings = settings_for(db)
    with session_for(db) as session:
        stats = queries.statistics(
            session, actor=system_for(db), settings=settings, session_name=session_name
        )
    typer.echo(json.dumps(stats.model_dump(mode="json"), ensure_ascii=False, indent=2))
