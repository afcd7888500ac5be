"""The registers' sheets through the export and import commands and routes: each register
exported with its identifiers and hidden versions, and re-imported compared with what it
holds (stale rows refuse the sheet) before its own importer
(``domains/<register>/importing.py``: all or nothing, rows by code) applies the new and
changed rows; one ``import.<kind>`` audit event names the file's digest."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from luoshi.interchange import indicator_sheet, livelihood_sheet, proposal_sheet
from luoshi.interchange.sheet_import import SheetReport
from luoshi.interchange.sheets import Format
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

Importer = Callable[..., SheetReport]
IMPORTERS: dict[str, Importer] = {
    "proposals": proposal_sheet.import_proposals,
    "livelihood": livelihood_sheet.import_livelihood,
    "indicators": indicator_sheet.import_indicators,
}
# What each register's sheet is called when downloaded.
TITLES = {"proposals": "建议提案", "livelihood": "民生实事", "indicators": "指标"}


def export_register(
    session: Session, *, kind: str, actor: Actor, settings: Settings, fmt: Format
) -> bytes:
    """Every record of ``kind`` the actor may read, as a sheet that can come back."""
    if kind == "proposals":
        return proposal_sheet.export_proposals(session, actor=actor, fmt=fmt)
    if kind == "livelihood":
        return livelihood_sheet.export_livelihood(session, actor=actor, settings=settings, fmt=fmt)
    return indicator_sheet.export_indicators(session, actor=actor, settings=settings, fmt=fmt)


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
    """Re-import a sheet of ``kind`` (an edited export, or any table the register's
    importer reads): its report, in the shape every sheet import answers with."""
    return IMPORTERS[kind](
        session,
        actor=actor,
        content=content,
        filename=filename,
        settings=settings,
        dry_run=dry_run,
    )
