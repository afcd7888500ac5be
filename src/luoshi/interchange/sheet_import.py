"""What every sheet import of interchange shares: the report of a dry run or an apply
(created, changed cell by cell, unchanged, conflicts, bad cells), the all-or-nothing run,
and the one audit event that names the file by its sha256 digest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.errors import LuoshiError
from luoshi.i18n import text
from luoshi.interchange.sheets import digest
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor
from luoshi.kernel.tabular import Row, RowError, RowProblem

OUTCOMES = ("created", "changed", "unchanged")


class RowConflict(Exception):
    """The row's record changed since the sheet was exported (its version is older)."""

    def __init__(self, code: str, sheet_version: int, current_version: int) -> None:
        super().__init__(code)
        self.code = code
        self.sheet_version = sheet_version
        self.current_version = current_version


@dataclass(frozen=True)
class CellChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RowOutcome:
    sheet: str
    row: int
    code: str  # the record's stable identifier (empty for a record still to be created)
    outcome: str  # created, changed or unchanged
    cells: tuple[CellChange, ...] = ()


@dataclass(frozen=True)
class Conflict:
    sheet: str
    row: int
    code: str
    sheet_version: int
    current_version: int

    @property
    def message(self) -> str:
        return self.message_in("en")

    def message_in(self, language: str) -> str:
        return text(
            "err_row_changed_after_export", language, code=self.code,
            current_version=self.current_version, sheet_version=self.sheet_version,
        )  # fmt: skip


@dataclass(frozen=True)
class SheetReport:
    kind: str
    filename: str
    sha256: str
    dry_run: bool
    applied: bool
    rows: int
    outcomes: tuple[RowOutcome, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    errors: tuple[RowError, ...] = ()
    # Counts from an importer that reports no rows one by one (the registers' own).
    totals: tuple[tuple[str, int], ...] = ()

    def count(self, outcome: str) -> int:
        if self.totals:
            return dict(self.totals).get(outcome, 0)
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def refused(self) -> bool:
        return bool(self.errors or self.conflicts)

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The report; each conflict's and error's ``message`` in ``language`` (the CLI's is
        English, the web's the reader's)."""
        return {
            "kind": self.kind,
            "file": self.filename,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": self.rows,
            **{name: self.count(name) for name in OUTCOMES},
            "conflicts": [
                {
                    "sheet": c.sheet,
                    "row": c.row,
                    "code": c.code,
                    "sheet_version": c.sheet_version,
                    "current_version": c.current_version,
                    "message": c.message_in(language),
                }
                for c in self.conflicts
            ],
            "errors": [e.as_dict(language) for e in self.errors],
            "items": [
                {
                    "sheet": o.sheet,
                    "row": o.row,
                    "code": o.code,
                    "outcome": o.outcome,
                    "cells": [{"column": c.column, "old": c.old, "new": c.new} for c in o.cells],
                }
                for o in self.outcomes
            ],
        }


@dataclass
class _Run:
    outcomes: list[RowOutcome] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def run_sheet(
    session: Session,
    *,
    actor: Actor,
    kind: str,
    content: bytes,
    filename: str,
    rows: Sequence[Row],
    apply_row: Callable[[Row], RowOutcome],
    dry_run: bool,
) -> SheetReport:
    """Apply every row inside one savepoint; keep them only when no row was bad or in
    conflict and this is not a dry run, and then write one ``import.<kind>`` audit event
    naming the file's digest and what it did. Every row is tried, so the report lists every
    bad cell and every conflict."""
    run = _Run()
    savepoint = session.begin_nested()
    try:
        for row in rows:
            try:
                with session.begin_nested():
                    run.outcomes.append(apply_row(row))
            except RowConflict as exc:
                run.conflicts.append(
                    Conflict(
                        row.sheet, row.number, exc.code, exc.sheet_version, exc.current_version
                    )
                )
            except RowProblem as exc:
                run.errors.append(exc.as_error(row))
            except ValidationError as exc:
                run.errors.append(RowError.refused(row, exc))
            except LuoshiError as exc:
                run.errors.append(RowError.caught(row, exc))
    except BaseException:
        savepoint.rollback()
        raise
    applied = not (run.errors or run.conflicts or dry_run)
    report = SheetReport(
        kind=kind,
        filename=filename,
        sha256=digest(content),
        dry_run=dry_run,
        applied=applied,
        rows=len(rows),
        outcomes=tuple(run.outcomes),
        conflicts=tuple(run.conflicts),
        errors=tuple(run.errors),
    )
    if not applied:
        savepoint.rollback()
        return report
    savepoint.commit()
    record_import(session, actor=actor, report=report, size=len(content))
    return report


def record_import(session: Session, *, actor: Actor, report: SheetReport, size: int) -> None:
    """The one audit event of an applied import: the file, its digest and what it did."""
    audit.record(
        session,
        actor=actor,
        action=f"import.{report.kind}",
        object_type="import",
        object_id=None,
        new={
            "file": report.filename,
            "sha256": report.sha256,
            "bytes": size,
            "rows": report.rows,
            **{name: report.count(name) for name in OUTCOMES},
        },
    )
