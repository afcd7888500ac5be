"""Writing a list as a sheet (xlsx or csv) that can come back: the one place exported cells
are made safe, and the one place an imported cell is read back from that safe form.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel, WPS or LibreOffice ("=cmd|' /C calc'!A0" in a task's title would run on the
reader's machine; OWASP's CSV-injection advice): every exported text cell that starts so
gets a leading apostrophe (``kernel.workbook.neutralise``), and reading a sheet takes
exactly that apostrophe off again, so a title that begins with "-" survives the round trip
unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from luoshi.kernel.workbook import FORMULA_STARTS as FORMULA_STARTS
from luoshi.kernel.workbook import neutralise as neutralise
from luoshi.kernel.workbook import restore as restore
from luoshi.kernel.workbook import xml_safe

FORMATS = ("xlsx", "csv")
Format = Literal["xlsx", "csv"]
Cell = str | int | float | date | None


def digest(content: bytes) -> str:
    """The sha256 of a file, as the audit trail names an imported file."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # what the sheet shows (the import reads it back, with its variants)
    width: int = 16
    hidden: bool = False


def _safe(value: Cell) -> str | int | float | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def write_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    fmt: Format,
    sheet_name: str = "Sheet1",
) -> bytes:
    """The rows under ``columns`` as an xlsx workbook (hidden columns hidden, header bold
    and frozen) or as a UTF-8 CSV with a BOM (so Excel opens the Chinese right)."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow([c.header for c in columns])
        for row in rows:
            writer.writerow(["" if v is None else v for v in map(_safe, row)])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_name[:31])
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([xml_safe(v) if isinstance(v, str) else v for v in map(_safe, row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
