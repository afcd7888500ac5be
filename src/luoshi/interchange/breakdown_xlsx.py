"""A task-breakdown table (任务分解表) as an Excel workbook, from an extraction's JSON dict.

One row per directive: number, key task, lead unit, co-units, deadline. The lead unit is the
top suggested lead unit, else the first actor the text names; co-units are the suggested
co-units, else the other named actors. Headers follow the document's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from luoshi.interchange.sheets import neutralise
from luoshi.kernel.workbook import xml_safe

HEADERS = {
    "zh": ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
    "en": ("No.", "Key task", "Lead unit", "Co-units", "Deadline"),
}
_WIDTHS = (8, 80, 24, 30, 18)


def breakdown_rows(extraction: Mapping[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The table's rows (without headers), for writing or for showing on a page."""
    rows = []
    for number, directive in enumerate(extraction.get("directives", []), start=1):
        lead, co = _units(directive)
        rows.append(
            (
                str(number),
                " ".join(str(directive.get("text", "")).split()),
                lead,
                co,
                _deadline(directive),
            )
        )
    return rows


def _units(directive: Mapping[str, Any]) -> tuple[str, str]:
    suggested: Sequence[Mapping[str, Any]] = directive.get("suggested_units") or []
    actors: list[str] = list(directive.get("actors") or [])
    leads = [s["unit"] for s in suggested if s.get("role") == "lead"]
    cos = [s["unit"] for s in suggested if s.get("role") == "co"]
    if leads:
        return leads[0], "、".join(cos)
    if actors:
        return actors[0], "、".join(actors[1:])
    return "", "、".join(cos)


def _deadline(directive: Mapping[str, Any]) -> str:
    deadlines = directive.get("deadlines") or (
        [directive["deadline"]] if directive.get("deadline") else []
    )
    parts = []
    for deadline in deadlines:
        due = deadline.get("due")
        parts.append(f"{due} ({deadline['text']})" if due else str(deadline["text"]))
    return "; ".join(parts)


def write_breakdown_xlsx(extraction: Mapping[str, Any], target: str | Path | BinaryIO) -> None:
    """Write the table for ``extraction`` (an ``Extraction.to_dict()``) to a path or stream."""
    language = str(extraction.get("source", {}).get("language") or "zh")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务分解" if language == "zh" else "Task breakdown"
    sheet.append(list(HEADERS.get(language, HEADERS["en"])))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in breakdown_rows(extraction):
        sheet.append([xml_safe(neutralise(value)) for value in row])
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    workbook.save(target)


def breakdown_xlsx_bytes(extraction: Mapping[str, Any]) -> bytes:
    """The workbook as bytes, for a download."""
    buffer = BytesIO()
    write_breakdown_xlsx(extraction, buffer)
    return buffer.getvalue()
