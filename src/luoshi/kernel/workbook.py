"""Opening an uploaded spreadsheet safely: the one place a file becomes cells.

Every import (the registers' ``tabular.read_table``, the task-breakdown sheets of
``interchange``) opens its file here, and every check runs before any cell is parsed:

- size: ``read_limited`` looks at a file's size before reading it whole; ``open_grid``
  refuses content over ``max_bytes``;
- type by content, not by name: a zip holding ``xl/workbook.xml`` is a workbook, a Word or
  PowerPoint file, an old binary ``.xls`` (or a password-protected workbook, which is the
  same OLE container), a PDF or other binary junk each get their own message, and text
  named ``.xlsx`` is told to be saved as a workbook or named ``.csv``;
- zip bombs: the member count, the total uncompressed size and each member's expansion
  ratio are read from the zip's directory and checked before anything is inflated;
- XXE: a DTD (``<!DOCTYPE``) or entity declaration in any XML part is refused. calamine's
  XML reader (quick-xml) expands no external entities and fetches nothing, so this is a
  second wall, and it gives the sender a clear answer instead of a silently odd import;
- macros: ``.xlsm`` / ``.xlsb`` / ``.xltm`` and any workbook with a ``vbaProject`` part or
  a macro-enabled content type are refused: nothing from a macro workbook is read;
- CSV is UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312).

Nothing here writes anything, so a refused file changes nothing.
"""

from __future__ import annotations

import csv
import functools
import gc
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from luoshi.errors import InvalidInput, TooLarge

# Limits. A real government workbook of 100,000 rows is ~10 MB zipped, ~100 MB inflated, a
# few dozen members, and its XML inflates ~5-30 times; a zip bomb inflates thousands of times.
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
# A member smaller than this may have any ratio (a tiny part of spaces zips ~1000:1).
RATIO_FLOOR = 1024 * 1024
# The XML prolog (where a DTD must stand) is read up to this many bytes per part.
PROLOG_BYTES = 64 * 1024
MAX_SHEETS = 50

MACRO_SUFFIXES = (".xlsm", ".xlsb", ".xltm", ".xlam")
_MACRO_TYPES = (b"macroEnabled", b"vbaProject")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# What may stand before the root element besides a DTD: declarations, PIs, comments.
_PROLOG = re.compile(rb"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!--.*)*", re.DOTALL)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# A cell that starts with one of these is a formula to Excel, WPS or LibreOffice. Exports
# write such text with a leading apostrophe (``neutralise``); reading takes exactly that
# apostrophe off again (``restore``), so the text makes the round trip unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """``value`` as a cell that can only be text (formula injection, CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# XML 1.0 has no place for these control characters, so no .xlsx can hold them (openpyxl
# refuses the whole workbook): a text carrying one loses it on the way into a sheet, and a
# re-import shows that as a change of the cell, never as a silent one.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value: str) -> str:
    """``value`` without the control characters an XML document cannot carry."""
    return XML_ILLEGAL.sub("", value)


def restore(value: str) -> str:
    """A cell as it was before ``neutralise`` (only that apostrophe is removed)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass(frozen=True)
class Sheet:
    """One worksheet, numbered as in the file (``grid[0]`` is row 1).

    ``grid`` holds the cells as the reader gave them (text, numbers, dates; ``""`` for an
    empty cell): a large sheet's cells are turned into text only where a reader looks
    (``cell_text``), not all up front. ``cells`` is the whole sheet as text."""

    name: str
    grid: list[list[Any]]
    # Merged ranges as (first_row, first_col, last_row, last_col), 0-based and inclusive.
    merged: tuple[tuple[int, int, int, int], ...] = field(default_factory=tuple)

    @functools.cached_property
    def cells(self) -> list[list[str]]:
        """Every cell as the text a CSV would hold (see ``cell_text``)."""
        return [[cell_text(value) for value in row] for row in self.grid]


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while a sheet's cells become rows: reading makes only
    acyclic lists, dicts and strings, and the collector's passes over a growing heap cost
    more than the read itself on a 100,000-row sheet. Collection resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_limited(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, refused before reading when it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput.of(
            "err_name_cannot_be_read_strerror", name=path.name, strerror=exc.strerror
        ) from exc
    if size > max_bytes:
        raise TooLarge.of(
            "err_name_size_bytes_limit_max_bytes", name=path.name, size=size, max_bytes=max_bytes
        )
    with path.open("rb") as handle:
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise TooLarge.of(
            "err_name_larger_than_max_bytes_bytes", name=path.name, max_bytes=max_bytes
        )
    return content


def open_sheets(
    content: bytes, filename: str, *, max_bytes: int | None = None, all_sheets: bool = False
) -> list[Sheet]:
    """The sheets of a ``.csv`` or ``.xlsx`` file (the first only unless ``all_sheets``).

    Raises one ``InvalidInput`` (``TooLarge`` for size) naming what is wrong with the file.
    """
    if max_bytes is not None and len(content) > max_bytes:
        raise TooLarge.of(
            "err_filename_count_bytes_limit_max_bytes",
            filename=filename,
            count=len(content),
            max_bytes=max_bytes,
        )
    name = filename.lower()
    if name.endswith(MACRO_SUFFIXES):
        raise InvalidInput.of(
            "err_filename_macro_enabled_workbook_macros_are_never", filename=filename
        )
    if name.endswith(".csv"):
        if content.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise InvalidInput.of("err_filename_named_csv_but_binary_file_save", filename=filename)
        return [Sheet(name=Path(filename).stem or "csv", grid=csv_cells(content))]
    if not name.endswith((".xlsx", ".xls", ".xltx")):
        raise InvalidInput.of("err_filename_import_file_csv_or_xlsx", filename=filename)
    _check_kind(content, filename)
    _check_zip(content, filename)
    with bulk():
        return _calamine_sheets(content, filename, all_sheets=all_sheets)


def _check_kind(content: bytes, filename: str) -> None:
    if not content:
        raise InvalidInput.of("err_filename_empty", filename=filename)
    if content.startswith(OLE_MAGIC):
        raise InvalidInput.of("err_filename_old_binary_xls_file_or_password", filename=filename)
    if content.startswith(b"%PDF"):
        raise InvalidInput.of("err_filename_pdf_not_workbook", filename=filename)
    if content.startswith(ZIP_MAGIC):
        return
    head = content[:4096]
    if b"\x00" not in head and _is_text(head):
        raise InvalidInput.of("err_filename_text_not_workbook_if_csv_name", filename=filename)
    raise InvalidInput.of("err_filename_not_excel_workbook_xlsx_file_not", filename=filename)


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the 4 KB window still counts as text.
            if exc.start >= len(head) - 4:
                return True
    return False


def _check_zip(content: bytes, filename: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InvalidInput.of(
            "err_filename_broken_workbook_exc_open_in_excel", filename=filename, exc=exc
        ) from exc
    with archive:
        if len(members) > MAX_MEMBERS:
            raise InvalidInput.of(
                "err_filename_has_count_parts_not_workbook_we",
                filename=filename,
                count=len(members),
            )
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise _not_a_workbook(filename, names)
        if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
            raise InvalidInput.of(
                "err_filename_inflates_to_more_than_value_mb",
                filename=filename,
                value=MAX_UNCOMPRESSED // 2**20,
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise InvalidInput.of(
                    "err_filename_part_filename2_inflates_ratio_times_refused",
                    filename=filename,
                    filename2=member.filename,
                    ratio=ratio,
                )
            if "vbaproject" in member.filename.lower():
                raise _macro_message(filename)
        if "xl/workbook.bin" in names:
            raise InvalidInput.of(
                "err_filename_binary_workbook_xlsb_save_as_xlsx", filename=filename
            )
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_xml_part(archive, member, filename)


def _not_a_workbook(filename: str, names: set[str]) -> InvalidInput:
    if "word/document.xml" in names:
        return InvalidInput.of("err_filename_word_document_not_workbook", filename=filename)
    if "ppt/presentation.xml" in names:
        return InvalidInput.of("err_filename_powerpoint_not_workbook", filename=filename)
    if "content.xml" in names and "mimetype" in names:
        return InvalidInput.of("err_filename_opendocument_save_as_xlsx", filename=filename)
    return InvalidInput.of("err_filename_zip_not_workbook", filename=filename)


def _macro_message(filename: str) -> InvalidInput:
    return InvalidInput.of("err_filename_contains_macros", filename=filename)


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, filename: str) -> None:
    """Refuse a DTD or entity declaration in the part's prolog (where XML allows them)."""
    try:
        with archive.open(member) as stream:
            head = stream.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InvalidInput.of(
            "err_filename_broken_workbook_part_filename2_exc_save",
            filename=filename,
            filename2=member.filename,
            exc=exc,
        ) from exc
    if member.filename == "[Content_Types].xml" and any(t in head for t in _MACRO_TYPES):
        raise _macro_message(filename)
    # In an XML part a raw "<!DOCTYPE" or "<!ENTITY" is markup (text would be escaped).
    if _DTD.search(head):
        raise InvalidInput.of(
            "err_filename_part_filename2_declares_dtd_or_entities",
            filename=filename,
            filename2=member.filename,
        )
    prolog = _PROLOG.match(head)
    if len(head) == PROLOG_BYTES and prolog is not None and prolog.end() == len(head):
        raise InvalidInput.of(
            "err_filename_part_filename2_starts_with_prolog_bytes",
            filename=filename,
            filename2=member.filename,
            prolog_bytes=PROLOG_BYTES,
        )


def csv_cells(content: bytes) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 or GB18030 (GBK), as text."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput.of("err_csv_file_neither_utf_8_nor_gb18030")
    if "\x00" in text:
        raise InvalidInput.of("err_csv_file_holds_binary_data_save_as")
    try:
        return [
            [restore(v) if v.startswith("'") else v for v in r]
            for r in csv.reader(io.StringIO(text, newline=""))
        ]
    except csv.Error as exc:
        raise InvalidInput.of("err_csv_file_cannot_be_read_exc", exc=exc) from exc


def _calamine_sheets(content: bytes, filename: str, *, all_sheets: bool) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(book.sheet_names)
        if not names:
            raise InvalidInput.of("err_filename_workbook_has_no_sheet", filename=filename)
        wanted = names[:MAX_SHEETS] if all_sheets else names[:1]
        sheets = []
        for name in wanted:
            sheet = book.get_sheet_by_name(name)
            grid = sheet.to_python()
            top, left = sheet.start or (0, 0)
            merged = tuple(
                (r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
            )
            sheets.append(Sheet(name=name, grid=_placed(grid, top, left), merged=merged))
    except CalamineError as exc:
        raise _broken(filename, exc) from exc
    except (ValueError, OSError, KeyError, IndexError) as exc:
        raise _broken(filename, exc) from exc
    return sheets


def _broken(filename: str, exc: Exception) -> InvalidInput:
    return InvalidInput.of("err_filename_workbook_cannot_be_read", filename=filename, exc=exc)


def _placed(grid: list[list[Any]], top: int, left: int) -> list[list[Any]]:
    """calamine's grid starts at the first used cell; put it back where the file has it."""
    if not top and not left:
        return grid
    pad = [""] * left
    rows: list[list[Any]] = [[] for _ in range(top)]
    rows.extend([*pad, *row] for row in grid)
    return rows


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV would hold (dates ISO, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return restore(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
