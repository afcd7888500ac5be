"""``luoshi bulletin``: a supervision bulletin (督查通报) for a month or a quarter."""

from __future__ import annotations

from pathlib import Path

import typer

from luoshi.cli.context import DB_OPTION_HELP, console, session_for, settings_for, system_for
from luoshi.domains.bulletins import service
from luoshi.interchange.bulletin_document import FORMATS, filename, render
from luoshi.kernel import units


def bulletin_command(
    period: str = typer.Option(..., "--period", help="A month (2023-05) or a quarter (2023Q1)."),
    fmt: str = typer.Option("docx", "--format", help="docx, html or pdf (PDF needs LibreOffice)."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (default: bulletin-PERIOD[-YEAR-N].FORMAT)."
    ),
    issue: bool = typer.Option(
        False, "--issue", help="Issue it: store it frozen with the office's next number."
    ),
    office: str | None = typer.Option(
        None, "--office", help="Code of the office's unit (default: the root of the tree)."
    ),
) -> None:
    """Draft or issue a supervision bulletin (督查通报) as Word, HTML or PDF.

    Without --issue nothing is stored: the file is the draft as the data stand now. With it
    the bulletin is stored frozen and numbered (the office's next number of the year).
    """
    if fmt not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    settings = settings_for(db)
    actor = system_for(db)
    with session_for(db) as session:
        office_id = (
            units.get_unit_by_code(session, tenant_id=actor.tenant_id, code=office).id
            if office is not None
            else None
        )
        if issue:
            draft = service.create_draft(
                session, actor=actor, period=period, settings=settings, office_unit_id=office_id
            )
            bulletin = service.issue_bulletin(
                session, actor=actor, bulletin_id=draft.id, settings=settings
            )
            _, content = service.content_of(
                session, actor=actor, bulletin_id=bulletin.id, settings=settings
            )
        else:
            content = service.preview(
                session, actor=actor, period=period, settings=settings, office_unit_id=office_id
            )
    data = render(content, fmt)
    target = output or Path(filename(content, fmt))
    target.write_bytes(data)
    what = f"issued {content.number}" if content.number else "draft"
    console.print(f"{target}: {content.title} ({what}, {len(data):,} bytes)")
