"""Imports from CSV and Excel, all or nothing, with an error for every bad row.

Every register imports the same way: ``read_table`` turns the file into numbered rows of
text under canonical column names (headers in English or Chinese), the register's
``apply_row`` creates or updates one record through its service, and ``run_import`` runs
every row inside a savepoint that is rolled back if any row failed, or on a dry run. A bad
file (wrong encoding, broken workbook, missing column, too many rows) is one clear
``InvalidInput`` and nothing is read; a bad row is named with its number and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from python_calamine import CalamineError, CalamineWorkbook
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, LuoshiError
from luoshi.kernel import units
from luoshi.kernel.models import Unit

OUTCOMES = ("created", "updated", "unchanged")
# Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
_EXCEL_EPOCH = date(1899, 12, 30)
_CN_DATE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


class RowProblem(ValueError):
    """One cell (or the whole row, ``column=None``) is wrong."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Row:
    number: int  # the row in the file; the header is row 1
    values: dict[str, str]

    def text(self, column: str) -> str:
        return self.values.get(column, "")

    def optional(self, column: str) -> str | None:
        return self.values.get(column) or None


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    applied: bool
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.errors
            ],
        }


def read_table(
    content: bytes,
    filename: str,
    *,
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
    max_rows: int = 5000,
) -> list[Row]:
    """The data rows of a ``.csv`` or ``.xlsx`` file under canonical column names.

    ``columns`` maps each canonical name to the headers that mean it (any case, English or
    Chinese); unknown headers are ignored, a missing required one is an error. Entirely
    empty rows are skipped but keep their numbers counted.
    """
    name = filename.lower()
    if name.endswith(".csv"):
        grid = _csv_grid(content)
    elif name.endswith((".xlsx", ".xlsm", ".xls")):
        grid = _workbook_grid(content)
    else:
        raise InvalidInput(f"{filename!r}: an import file is .csv or .xlsx")
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise InvalidInput(f"{filename!r} is empty: the first row must name the columns")
    index = _header_index(grid[0], columns, required, filename)
    rows: list[Row] = []
    for number, cells in enumerate(grid[1:], 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= max_rows:
            raise InvalidInput(f"{filename!r} has more than {max_rows} rows: split it")
        values = {col: (cells[i].strip() if i < len(cells) else "") for col, i in index.items()}
        rows.append(Row(number, values))
    return rows


def _csv_grid(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput("the CSV file is neither UTF-8 nor GB18030 text")
    if "\x00" in text:
        raise InvalidInput("the CSV file holds binary data: save it as CSV text")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise InvalidInput(f"the CSV file cannot be read: {exc}") from exc


def _workbook_grid(content: bytes) -> list[list[str]]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not book.sheet_names:
            raise InvalidInput("the workbook has no sheet")
        cells = book.get_sheet_by_index(0).to_python()
    except CalamineError as exc:
        raise InvalidInput(f"the workbook cannot be read ({exc}): save it as .xlsx") from exc
    except (ValueError, OSError, KeyError) as exc:
        raise InvalidInput(f"the workbook cannot be read ({exc}): save it as .xlsx") from exc
    return [[_cell_text(v) for v in row] for row in cells]


def _cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV would hold (dates ISO, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _header_index(
    header: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
    filename: str,
) -> dict[str, int]:
    spelled = {
        _key(spelling): canonical
        for canonical, spellings in columns.items()
        for spelling in (canonical, *spellings)
    }
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        canonical = spelled.get(_key(cell))
        if canonical is not None and canonical not in index:
            index[canonical] = i
    missing = [c for c in required if c not in index]
    if missing:
        raise InvalidInput(
            f"{filename!r} lacks the column(s) {', '.join(missing)}",
            details={"missing_columns": missing},
        )
    return index


def _key(header: str) -> str:
    return re.sub(r"[\s_（）()*]+", "", header.strip().lower())


def _blank(row: Row, column: str, required: bool) -> bool:
    if row.text(column):
        return False
    if required:
        raise RowProblem(column, f"{column} is required")
    return True


def cell_date(row: Row, column: str, *, required: bool = False) -> date | None:
    """A date written 2023-03-05, 2023/3/5, 2023.3.5, 2023年3月5日 or as an Excel serial."""
    if _blank(row, column, required):
        return None
    text = row.text(column)
    found = _CN_DATE.match(text)
    try:
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
        if text.isdigit() and 20000 <= int(text) <= 80000:
            return _EXCEL_EPOCH + timedelta(days=int(text))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RowProblem(column, f"{column}: {text!r} is not a date (2023-03-05)") from None


def cell_decimal(row: Row, column: str, *, required: bool = False) -> Decimal | None:
    """A number, thousands separators allowed (units such as 万 are the column's, not here)."""
    if _blank(row, column, required):
        return None
    text = row.text(column).replace(",", "").replace("，", "").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowProblem(column, f"{column}: {row.text(column)!r} is not a number") from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 15:
        raise RowProblem(column, f"{column}: {row.text(column)!r} is out of range")
    return value


def cell_int(row: Row, column: str, *, required: bool = False) -> int | None:
    value = cell_decimal(row, column, required=required)
    if value is None:
        return None
    if value != value.to_integral_value() or abs(value) > 2**31 - 1:
        raise RowProblem(column, f"{column}: {row.text(column)!r} is not a whole number")
    return int(value)


def cell_choice(
    row: Row, column: str, choices: Mapping[str, str], *, required: bool = False
) -> str | None:
    """One of ``choices`` (an accepted spelling, any case → the stored code)."""
    if _blank(row, column, required):
        return None
    text = row.text(column)
    by_key = {k.lower(): v for k, v in choices.items()} | {v.lower(): v for v in choices.values()}
    found = by_key.get(text.lower())
    if found is None:
        allowed = ", ".join(sorted(set(choices.values())))
        raise RowProblem(column, f"{column}: {text!r} is not one of {allowed}")
    return found


def cell_unit(
    session: Session, row: Row, column: str, *, tenant_id: str, required: bool = False
) -> Unit | None:
    """The unit a cell names by its code, Chinese name or short name; none or several is a
    bad cell."""
    if _blank(row, column, required):
        return None
    found = units.find_units(session, tenant_id=tenant_id, code_or_name=row.text(column))
    if len(found) != 1:
        problem = "is not a unit of the tree" if not found else "names several units"
        raise RowProblem(column, f"{column}: {row.text(column)!r} {problem}")
    return found[0]


def run_import(
    session: Session,
    rows: Sequence[Row],
    apply_row: Callable[[Row], str],
    *,
    dry_run: bool,
) -> ImportReport:
    """Apply every row inside a savepoint; keep them only if all succeeded and not dry_run.

    ``apply_row`` returns ``created``, ``updated`` or ``unchanged`` and raises RowProblem, a
    LuoshiError or a pydantic ValidationError (from the register's schemas) for a bad row.
    Every row is tried, so the report names every bad one.
    """
    counts = dict.fromkeys(OUTCOMES, 0)
    errors: list[RowError] = []
    savepoint = session.begin_nested()
    try:
        for row in rows:
            try:
                with session.begin_nested():
                    outcome = apply_row(row)
            except RowProblem as exc:
                errors.append(RowError(row.number, exc.column, exc.message))
                continue
            except ValidationError as exc:
                # The register's request schema refused a value: name its field's column.
                first = exc.errors()[0]
                column = str(first["loc"][0]) if first["loc"] else None
                errors.append(RowError(row.number, column, f"{column}: {first['msg']}"))
                continue
            except LuoshiError as exc:
                errors.append(RowError(row.number, None, exc.message))
                continue
            if outcome not in counts:
                raise ValueError(f"apply_row returned {outcome!r}, not one of {OUTCOMES}")
            counts[outcome] += 1
    except BaseException:
        savepoint.rollback()
        raise
    applied = not errors and not dry_run
    if applied:
        savepoint.commit()
    else:
        savepoint.rollback()
    return ImportReport(
        dry_run=dry_run,
        applied=applied,
        rows=len(rows),
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        errors=tuple(errors),
    )
