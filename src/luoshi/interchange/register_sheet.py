"""A register as a sheet that comes back: what the proposals, livelihood and indicators
sheets share (the key projects' pattern, ``project_sheet``, made reusable).

The export writes each record the actor may read under the headers the register's own
importer reads, with its stable identifier and hidden version columns. The re-import reads
the sheet, compares each known record's row with the record as it is now, cell by cell over
the columns the importer reads (numbers as numbers, units by whatever name the cell uses,
codes or the Chinese words alike), and refuses the whole sheet when a row's version is not
the record's (a conflict). A blank cell in a row that carries its version (an exported row)
clears an optional value (``Layout.clears``) and is a bad cell in any other column that
holds a value; elsewhere (a table of the office's own) a blank leaves the value alone.
Otherwise only the new and changed rows go to the register's importer, which applies them
all or nothing through the register's services: the actor changes only what those let it
change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.interchange.sheet_import import (
    CellChange,
    Conflict,
    RowOutcome,
    SheetReport,
    record_import,
)
from luoshi.interchange.sheets import Cell, Column, Format, digest, write_table
from luoshi.kernel import workbook
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.kernel.tabular import (
    CLEARED,
    ImportReport,
    Row,
    RowError,
    RowProblem,
    UnitNames,
    rows_of,
)
from luoshi.settings import Settings


@dataclass(frozen=True)
class Record:
    """One exported row: the record's identifier and its cells by column key (the hidden
    version columns among them)."""

    code: str
    cells: Mapping[str, Cell]


@dataclass(frozen=True)
class Layout:
    kind: str
    sheet_name: str
    columns: tuple[Column, ...]  # as exported
    read: Mapping[str, Sequence[str]]  # the importer's columns and the version columns
    required: tuple[str, ...]
    versions: tuple[str, ...]  # the hidden version columns
    compared: tuple[str, ...]  # what the importer writes: compared cell by cell
    units: frozenset[str] = frozenset()  # columns that name units
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # word → code
    # True: a changed row goes to the importer whole, its blanks filled from the record
    # (an importer that rewrites every term). False: only its changed cells go (an
    # importer that writes each cell it is given, each with its own right).
    whole_rows: bool = True
    # Cells that go to the importer together: when one of a group changed, all of them go
    # (a blank filled from the record); when none did, none of them go.
    together: tuple[frozenset[str], ...] = ()
    # What a blank cell of an exported row clears (the importer writes the value empty);
    # a blank in another compared column that holds a value is a bad cell.
    clears: frozenset[str] = frozenset()


class RowsImporter(Protocol):
    def __call__(
        self,
        session: Session,
        *,
        actor: Actor,
        rows: Sequence[Row],
        settings: Settings,
        dry_run: bool,
    ) -> ImportReport: ...


def unit_labels(session: Session, actor: Actor) -> dict[int | str, str]:
    """Each unit, by id and by code, as a cell names it: by its Chinese name, or by its
    code where that name is not unique."""
    found = list(session.scalars(select(Unit).where(Unit.tenant_id == actor.tenant_id)))
    seen: dict[str, int] = {}
    for unit in found:
        seen[unit.name_zh] = seen.get(unit.name_zh, 0) + 1
    labels: dict[int | str, str] = {}
    for u in found:
        labels[u.id] = labels[u.code] = u.name_zh if seen[u.name_zh] == 1 else u.code
    return labels


def _plain(value: Cell) -> Cell:
    # 1200.0 stored as a float reads 1200 in the sheet, as the office wrote it.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def export(layout: Layout, records: Sequence[Record], *, fmt: Format) -> bytes:
    lines = [[_plain(r.cells.get(c.key)) for c in layout.columns] for r in records]
    return write_table(layout.columns, lines, fmt=fmt, sheet_name=layout.sheet_name)


def shown(value: Cell) -> str:
    """A cell as the sheet shows it (what a blank is filled with, what a diff shows)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(text: str) -> str:
    candidate = text.replace(",", "")
    if re.fullmatch(r"-?\d+(\.\d+)?", candidate):
        try:
            return str(Decimal(candidate).normalize())
        except InvalidOperation:
            return text
    return text


class _Compare:
    def __init__(self, layout: Layout, names: UnitNames) -> None:
        self.layout = layout
        self.names = names

    def _units(self, text: str, column: str) -> frozenset[int] | None:
        try:
            return frozenset(u.id for u, _ in self.names.named(text, column))
        except RowProblem:
            return None  # the importer names the bad cell

    def same(self, column: str, old: str, new: str) -> bool:
        old, new = old.strip(), new.strip()
        if column in self.layout.units:
            found = self._units(new, column)
            return found is not None and found == self._units(old, column)
        words = self.layout.choices.get(column)
        if words:
            old, new = words.get(old, old), words.get(new, new)
        return _number(old) == _number(new)


def _version(text: str) -> int | None:
    try:
        return int(float(text)) if text.strip() else None
    except ValueError:
        return None


def _stale(row: Row, record: Record, layout: Layout) -> Conflict | None:
    for key in layout.versions:
        given = _version(row.values.get(key, ""))
        current = record.cells.get(key)
        if given is not None and isinstance(current, int) and given != current:
            return Conflict(row.sheet, row.number, record.code, given, current)
    return None


def _exported(row: Row, layout: Layout) -> bool:
    """A row that carries its record's version: a row of an export, where a blank clears."""
    return any(row.values.get(key, "").strip() for key in layout.versions)


def _blanked(row: Row, record: Record, layout: Layout, column: str) -> bool:
    """An exported row's cell left blank where the record holds a value."""
    return (
        _exported(row, layout)
        and column in row.values
        and not row.values[column].strip()
        and shown(record.cells.get(column)) != ""
    )


def _for_importer(row: Row, record: Record, layout: Layout, changed: set[str]) -> Row:
    values = dict(row.values)
    cleared = {key for key in changed if _blanked(row, record, layout, key)}
    if cleared:
        values[CLEARED] = ",".join(sorted(cleared))
    sent = set(changed)
    for group in layout.together:
        if group & changed:
            sent |= group
    for key in layout.compared:
        left_out = any(key in group and not group & changed for group in layout.together)
        if left_out or not (layout.whole_rows or key in sent):
            values[key] = ""
        elif key not in cleared and not values.get(key, "").strip():
            values[key] = shown(record.cells.get(key))
    return Row(row.number, values, row.sheet, row.section)


def _not_clearable(column: str, old: str, layout: Layout) -> RowProblem:
    if column in layout.required:
        return RowProblem.of("err_row_required", column=column)
    return RowProblem.of("err_row_blank_does_not_clear", column=column, value=old)


def reimport(
    session: Session,
    *,
    actor: Actor,
    layout: Layout,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
    records: Mapping[str, Record],
    key: Callable[[Row], str],
    apply_rows: RowsImporter,
    check_row: Callable[[Record, Sequence[CellChange]], RowProblem | None] | None = None,
) -> SheetReport:
    """Compare the sheet with ``records`` (the actor's, by identifier); refuse it whole on a
    conflict, else hand its new and changed rows to ``apply_rows`` (all or nothing) and
    write the one ``import.<kind>`` audit event when they were kept."""
    [sheet] = workbook.open_sheets(content, filename, max_bytes=settings.max_upload_bytes)
    rows = rows_of(sheet, filename, columns=layout.read, required=layout.required)
    compare = _Compare(layout, UnitNames(session, tenant_id=actor.tenant_id))
    outcomes: list[RowOutcome] = []
    conflicts: list[Conflict] = []
    errors: list[RowError] = []
    to_apply: list[Row] = []
    for row in rows:
        record = records.get(key(row))
        if record is None:  # new, or not the actor's: the importer decides
            cells = tuple(
                CellChange(k, "", row.values[k]) for k in layout.compared if row.values.get(k)
            )
            outcomes.append(RowOutcome(row.sheet, row.number, key(row), "created", cells))
            to_apply.append(row)
            continue
        conflict = _stale(row, record, layout)
        if conflict is not None:
            conflicts.append(conflict)
            continue
        changes = []
        blanks: list[RowProblem] = []
        for column in layout.compared:
            new = row.values.get(column, "")
            old = shown(record.cells.get(column))
            if _blanked(row, record, layout, column):
                if column in layout.clears:
                    changes.append(CellChange(column, old, ""))
                else:
                    blanks.append(_not_clearable(column, old, layout))
            elif column in row.values and new.strip() and not compare.same(column, old, new):
                changes.append(CellChange(column, old, new))
        if blanks:
            errors.extend(problem.as_error(row) for problem in blanks)
            continue
        outcome = "changed" if changes else "unchanged"
        outcomes.append(RowOutcome(row.sheet, row.number, record.code, outcome, tuple(changes)))
        if not changes:
            continue
        problem = check_row(record, changes) if check_row else None
        if problem is not None:
            errors.append(problem.as_error(row))
            continue
        to_apply.append(_for_importer(row, record, layout, {c.column for c in changes}))
    report = SheetReport(
        kind=layout.kind, filename=filename, sha256=digest(content), dry_run=dry_run,
        applied=False, rows=len(rows), outcomes=tuple(outcomes), conflicts=tuple(conflicts),
        errors=tuple(errors),
    )  # fmt: skip
    if conflicts or errors:
        return report
    result = apply_rows(session, actor=actor, rows=to_apply, settings=settings, dry_run=dry_run)
    report = SheetReport(
        kind=layout.kind, filename=filename, sha256=report.sha256, dry_run=dry_run,
        applied=result.applied, rows=len(rows), outcomes=report.outcomes,
        errors=result.errors,
    )  # fmt: skip
    if result.applied:
        record_import(session, actor=actor, report=report, size=len(content))
    return report
