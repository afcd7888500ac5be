"""A plain table (headers and rows) as CSV or as an Excel workbook, for downloads.

Text cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are
written as text with a leading quote; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from io import BytesIO, StringIO

from openpyxl import Workbook
from openpyxl.styles import Font

from luoshi.kernel.workbook import neutralise, xml_safe

Cell = str | int | float | None


def _safe(value: Cell) -> Cell:
    return neutralise(value) if isinstance(value, str) else value


def _xlsx(value: Cell) -> Cell:
    safe = _safe(value)
    return xml_safe(safe) if isinstance(safe, str) else safe


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads Chinese text right."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # A sheet title is at most 31 characters and has none of []:*?/\ in it.
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "data"
    sheet.append([_xlsx(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx(v) for v in row])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
