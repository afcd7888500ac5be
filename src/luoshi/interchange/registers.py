"""The registers' sheets through the import commands: each register's own importer
(``domains/<register>/importing.py``: all or nothing, rows by code), its report in the
shape every sheet import answers with, and the one ``import.<kind>`` audit event naming
the file's digest."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from luoshi.domains.livelihood import importing as livelihood
from luoshi.domains.proposals import importing as proposals
from luoshi.interchange.sheet_import import SheetReport, record_import
from luoshi.interchange.sheets import digest
from luoshi.kernel.permissions import Actor
from luoshi.kernel.tabular import ImportReport
from luoshi.settings import Settings

Importer = Callable[..., ImportReport]
IMPORTERS: dict[str, Importer] = {
    "proposals": proposals.import_proposals,
    "livelihood": livelihood.import_matters,
    "indicators": livelihood.import_indicators,
}


def import_register(
    session: Session,
    *,
    kind: str,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """Run ``kind``'s importer on the file; its counts become created, changed and
    unchanged (a register's importer updates a known code in place)."""
    result = IMPORTERS[kind](
        session,
        actor=actor,
        content=content,
        filename=filename,
        settings=settings,
        dry_run=dry_run,
    )
    report = SheetReport(
        kind=kind,
        filename=filename,
        sha256=digest(content),
        dry_run=dry_run,
        applied=result.applied,
        rows=result.rows,
        errors=result.errors,
        totals=(
            ("created", result.created),
            ("changed", result.updated),
            ("unchanged", result.unchanged),
        ),
    )
    if result.applied:
        record_import(session, actor=actor, report=report, size=len(content))
    return report
