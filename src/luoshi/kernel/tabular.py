"""Imports from CSV and Excel, all or nothing, with an error for every bad row.

Every register imports the same way: ``read_table`` turns the file into numbered rows of
text under canonical column names (headers in English or Chinese), the register's
``apply_row`` creates or updates one record through its service, and ``run_import`` runs
every row inside a savepoint that is rolled back if any row failed, or on a dry run. A bad
file (wrong encoding, broken workbook, missing column, too many rows) is one clear
``InvalidInput`` and nothing is read; a bad row is named with its number and column.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, Self, TypeVar

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi import i18n
from luoshi.errors import InvalidInput, LuoshiError, worded
from luoshi.i18n import language_of
from luoshi.kernel import units, workbook
from luoshi.kernel.models import Unit

OUTCOMES = ("created", "updated", "unchanged")
# Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
_EXCEL_EPOCH = date(1899, 12, 30)
_CN_DATE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


class RowProblem(ValueError):
    """One cell (or the whole row, ``column=None``) is wrong.

    Raised as ``RowProblem.of("err_row_…", column=…, **params)``: a catalogue message, its
    ``message`` the English (the CLI and logs), and the web says it in the reader's language
    with the column by its header (``col_<column>``: 完成时限)."""

    def __init__(
        self,
        column: str | None,
        message: str,
        *,
        key: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.column = column
        self.message = message
        self.key = key
        self.params = dict(params or {})

    @classmethod
    def of(cls, key: str, *, column: str | None, **params: Any) -> Self:
        """The bad cell catalogue message ``key`` describes; ``{column}`` names the column."""
        params = {"column": column or "", **params}
        return cls(column, i18n.text(key, "en", **row_worded(params, "en")), key=key, params=params)

    def as_error(self, row: Row) -> RowError:
        return RowError(row.number, self.column, self.message, row.sheet, self.key, self.params)


class Row(NamedTuple):
    """One data row under canonical column names (a tuple: a sheet makes 100,000 of them)."""

    number: int  # the row in the file, counted from 1 (as Excel shows it)
    values: dict[str, str]
    sheet: str = ""
    section: str = ""  # the heading row ("一、…") above it, if the sheet has one

    def text(self, column: str) -> str:
        return self.values.get(column, "")

    def optional(self, column: str) -> str | None:
        return self.values.get(column) or None

    def cleared(self, column: str) -> bool:
        """Whether the row clears ``column``: a re-imported export whose cell was blanked
        (``CLEARED`` lists them); elsewhere a blank cell leaves a value alone."""
        return column in self.values.get(CLEARED, "").split(",")


# The reserved key under which a re-import names the columns a row clears.
CLEARED = "__cleared__"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str  # the English, for the CLI and logs
    sheet: str = ""
    # The catalogue message (or, for a domain error caught in a row, messages) it says.
    key: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)
    parts: tuple[tuple[str, Mapping[str, Any]], ...] = field(default=(), compare=False)

    @classmethod
    def caught(cls, row: Row, exc: LuoshiError) -> RowError:
        """A domain error a row raised, its catalogue message kept."""
        parts = tuple((k, dict(p)) for k, p in exc.parts)
        return cls(row.number, None, exc.message, row.sheet, exc.key, dict(exc.params), parts)

    @classmethod
    def refused(cls, row: Row, exc: ValidationError) -> RowError:
        """The register's request schema refused a value: its field's column named."""
        first = exc.errors()[0]
        column = str(first["loc"][0]) if first["loc"] else None
        ctx = first.get("ctx") or {}
        limit = ctx.get("max_length", ctx.get("min_length", ctx.get("limit_value", "")))
        # The English says pydantic's words; another reader the catalogue's for its type.
        params = {"column": column, "msg": first["msg"], "type": first["type"], "limit": limit}
        return cls(
            row.number, column, i18n.text("err_row_field_refused", "en", **params), row.sheet,
            "err_row_field_refused", params,
        )  # fmt: skip

    def message_in(self, language: str) -> str:
        """The error in ``language`` (a column by its header); as raised when it has no key."""
        if self.key is None or language_of(language) == "en":
            return self.message
        if self.key == "err_row_field_refused":
            kind = i18n.FIELD_MESSAGES.get(str(self.params.get("type")), "field_invalid")
            what = i18n.text(kind, language, limit=self.params.get("limit", ""))
            return i18n.text(
                self.key, language, **row_worded({**self.params, "msg": what}, language)
            )
        said = [
            i18n.text(key, language, **worded(row_worded(params, language), language))
            for key, params in (self.parts or ((self.key, self.params),))
        ]
        return "；".join(said)  # only a non-English reader gets here

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message_in(language),
        }


# How a reader says "this or that" (the units a misspelt cell may have meant).
_OR = {"en": " or ", "zh": "或"}


def row_worded(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """``params`` as a reader of ``language`` reads them: the ``column`` blank as the sheet's
    header says it (牵头单位, in English the column's name) and a list as "a or b"."""
    lang = language_of(language)
    said = dict(params)
    for name, value in params.items():
        if isinstance(value, tuple | list):
            said[name] = _OR[lang].join(str(v) for v in value)
    column = said.get("column")
    if lang != "en" and isinstance(column, str) and column and i18n.has(f"col_{column}"):
        said["column"] = i18n.text(f"col_{column}", lang)
    return said


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    applied: bool
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = field(default_factory=tuple)

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The report; each error's ``message`` in ``language`` (the CLI's is English)."""
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict(language) for e in self.errors],
        }


def read_table(
    content: bytes,
    filename: str,
    *,
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
    max_rows: int = 5000,
    max_bytes: int | None = None,
) -> list[Row]:
    """The data rows of a ``.csv`` or ``.xlsx`` file under canonical column names.

    The file is opened by ``workbook.open_sheets`` (size, type, zip-bomb, XXE and macro
    checks). Sheets as offices keep them read as they are: title rows and notes above the
    header are passed over (the header is the row, or pair of rows under a merged group
    heading, that names the most known columns among the first 20), merged cells count in
    every row and column they cover (one work line or lead unit over many rows), a heading
    row (merged across the table, or a lone "一、…" / "（二）…") becomes the ``section`` of
    the rows under it, and notes under the table ("注：…", "填表人：…") are left out.

    ``columns`` maps each canonical name to the headers that mean it (any case, English or
    Chinese); unknown headers are ignored, a missing required one is an error. Entirely
    empty rows are skipped but keep their numbers counted.
    """
    [sheet] = workbook.open_sheets(content, filename, max_bytes=max_bytes)
    with workbook.bulk():
        return rows_of(sheet, filename, columns=columns, required=required, max_rows=max_rows)


def rows_of(
    sheet: workbook.Sheet,
    filename: str,
    *,
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
    max_rows: int = 5000,
) -> list[Row]:
    """The data rows of one opened sheet (see ``read_table``)."""
    table = table_of(sheet, filename, columns=columns, required=required)
    get = _getter(table.columns)
    name = sheet.name

    def make(number: int, cells: list[Any], section: str) -> Row | None:
        values = get(cells)
        if not any(values.values()):  # blanks, or text only in columns we do not read
            return None
        return Row(number, values, name, section)

    return scan(table, make, filename=filename, max_rows=max_rows)


class Table(NamedTuple):
    """A sheet with its header found: where its data starts and which column is which."""

    grid: list[list[Any]]  # the cells as read (``workbook.Sheet.grid``), merges filled in
    first: int  # the first row under the header, 0-based
    columns: dict[str, int]  # canonical name → column
    across: dict[int, tuple[int, int]]  # the rows a merged range crosses columns of
    span: tuple[int, int]  # the first and the last column the header names


def table_of(
    sheet: workbook.Sheet,
    filename: str,
    *,
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
) -> Table:
    """The sheet with its merged cells filled in and its header found (see ``read_table``)."""
    grid = sheet.grid
    across = _fill_merged(grid, sheet.merged)
    text = workbook.cell_text
    head = [[text(value) for value in row] for row in grid[: HEADER_SEARCH + 1]]
    if not any(any(cell.strip() for cell in row) for row in head[:HEADER_SEARCH]):
        raise InvalidInput.of("err_filename_empty_first_row_must_name_columns", filename=filename)
    _first, last, index = _find_header(head, columns, required, filename)
    span = (min(index.values()), max(index.values()))
    return Table(grid, last + 1, index, across, span)


_Made = TypeVar("_Made")


def scan(
    table: Table,
    make: Callable[[int, list[Any], str], _Made | None],
    *,
    filename: str,
    max_rows: int,
) -> list[_Made]:
    """What ``make(number, cells, section)`` makes of each data row under the header.

    A heading row becomes the ``section`` of the rows under it and a note under the table
    is passed over; ``make`` gets every other row (its number counted from 1, its cells as
    read) and answers ``None`` for a row it finds blank. Over ``max_rows`` is an error.
    """
    made: list[_Made] = []
    for number, cells, section in data_rows(table):
        row = make(number, cells, section)
        if row is None:
            continue
        if len(made) >= max_rows:
            raise too_many_rows(filename, max_rows)
        made.append(row)
    return made


def data_rows(table: Table) -> Iterator[tuple[int, list[Any], str]]:
    """Each data row under the header: its number counted from 1, its cells as read, and
    the section (the heading row above it) it falls under. Headings and notes under the
    table are not data rows."""
    section = ""
    grid, across = table.grid, table.across
    for number in range(table.first, len(grid)):
        cells = grid[number]
        if len(cells) - cells.count("") <= 1 or number in across:
            said = passed_over(table, number, cells)
            if said is not None:
                section = said or section
                continue
        yield number + 1, cells, section


def passed_over(table: Table, number: int, cells: Sequence[Any]) -> str | None:
    """For a row with one filled cell at most or under a merge across columns (the only
    ones that can be): ``None`` when it is a data row, its text when it heads the rows
    under it, ``""`` when it is blank or a note under the table ("注：…")."""
    filled = [cell for cell in map(workbook.cell_text, cells) if cell and not cell.isspace()]
    if not filled:
        return ""
    heading = _heading(filled, table.across.get(number), table.span)
    if heading is not None:
        return heading
    if len(filled) == 1 and _NOTE.match(filled[0].strip()):
        return ""
    return None


def too_many_rows(filename: str, max_rows: int) -> InvalidInput:
    return InvalidInput.of(
        "err_filename_has_more_than_max_rows_rows", filename=filename, max_rows=max_rows
    )


def stripped(value: Any) -> str:
    """A cell as read (``workbook.Sheet.grid``) as stripped text; text cells, the most, fast."""
    if type(value) is str and not value.startswith("'"):
        return value.strip()
    return workbook.cell_text(value).strip()


HEADER_SEARCH = 20
# A lone cell "一、扩大有效投资", "（二）促进消费", "第三部分 …" heads the rows under it.
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分章节])"
)
_NOTE = re.compile(
    r"^(?:注|备注|说明|填表人|填报人|制表|审核|联系人|联系电话|填报单位|填报日期)\s*[:：]"
)


def _getter(index: Mapping[str, int]) -> Callable[[Sequence[Any]], dict[str, str]]:
    pairs = tuple(index.items())

    def get(cells: Sequence[Any]) -> dict[str, str]:
        n = len(cells)
        return {
            col: (
                (v.strip() if type(v := cells[i]) is str and not v.startswith("'") else
                 stripped(v)) if i < n else ""
            )
            for col, i in pairs
        }  # fmt: skip

    return get


def _fill_merged(
    grid: list[list[Any]], merged: Sequence[tuple[int, int, int, int]]
) -> dict[int, tuple[int, int]]:
    """Copy each merged range's value into every cell it covers; answer, for each row a
    range crosses two or more columns of, that range's columns (for telling headings)."""
    across: dict[int, tuple[int, int]] = {}
    for r0, c0, r1, c1 in merged:
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        wide = c1 > c0
        for r, row in enumerate(grid[r0 : r1 + 1], start=r0):
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            if wide:
                row[c0 : c1 + 1] = [value] * (c1 + 1 - c0)
                across[r] = (c0, c1)
            else:  # most ranges: one column down over many rows (a work line)
                row[c0] = value
    return across


def _heading(
    filled: Sequence[str], merge: tuple[int, int] | None, span: tuple[int, int]
) -> str | None:
    """The row's section heading, when it is one and not a data row."""
    if merge is not None and merge[0] <= span[0] and merge[1] >= span[1]:
        return filled[0].strip()
    if len(filled) == 1 and _SECTION.match(filled[0].strip()):
        return filled[0].strip()
    return None


def _find_header(
    grid: Sequence[Sequence[str]],
    columns: Mapping[str, Sequence[str]],
    required: Collection[str],
    filename: str,
) -> tuple[int, int, dict[str, int]]:
    """The header's first and last row (0-based) and the column of each canonical name."""
    spelled = {
        _key(spelling): canonical
        for canonical, spellings in columns.items()
        for spelling in (canonical, *spellings)
    }
    best: tuple[int, int, int, dict[str, int]] | None = None  # score, first, last, index
    for first in range(min(HEADER_SEARCH, len(grid))):
        candidates = [(first, _index(grid[first], None, spelled))]
        if first + 1 < len(grid):
            candidates.append((first + 1, _index(grid[first + 1], grid[first], spelled)))
        for last, index in candidates:
            score = len(index) + (len(required) * 10 if all(c in index for c in required) else 0)
            if index and (best is None or score > best[0]):
                best = (score, first, last, index)
    if best is None or not all(c in best[3] for c in required):
        found = best[3] if best else {}
        missing = [c for c in required if c not in found]
        raise InvalidInput.of(
            "err_filename_lacks_column_s_missing",
            filename=filename,
            missing=", ".join(missing),
            details={"missing_columns": missing},
        )
    return best[1], best[2], best[3]


def _index(
    header: Sequence[str], above: Sequence[str] | None, spelled: Mapping[str, str]
) -> dict[str, int]:
    """Canonical name → column for a header row (under a group heading row ``above``: the
    lower cell names the column, else the two read together, else the upper one)."""
    index: dict[str, int] = {}
    width = max(len(header), len(above) if above is not None else 0)
    for i in range(width):
        lower = header[i] if i < len(header) else ""
        tries = [lower]
        if above is not None:
            upper = above[i] if i < len(above) else ""
            tries += [upper + lower, upper]
        for text in tries:
            canonical = spelled.get(_key(text)) if text.strip() else None
            if canonical is not None:
                if canonical not in index:
                    index[canonical] = i
                break
    return index


def _key(header: str) -> str:
    return re.sub(r"[\s_（）()*:：]+", "", header.strip().lower())


def _blank(row: Row, column: str, required: bool) -> bool:
    if row.text(column):
        return False
    if required:
        raise RowProblem.of("err_row_required", column=column)
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
        raise RowProblem.of("err_row_not_a_date", column=column, value=text) from None


# ------------------------------------------------------------- deadlines as offices write them

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "长期坚持", "持续推进", "常态化": a standing duty, no due date.
_NO_DATE = re.compile(
    r"^(?:长期|持续|常态|经常性|按(?:计划|进度|要求|年度)|逐年|每年|每季|每月|ongoing|"
    r"long[- ]?term|continuous|standing)",
    re.IGNORECASE,
)
_TAIL = re.compile(r"(?:之前|以前|前|止|为止|完成|内|截止|底前|末前)+$")
_YMD = re.compile(r"^(?:(\d{4})\s*[年./-]\s*)?(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?$")
_YM = re.compile(r"^(?:(\d{4})\s*[年./-]\s*)?(\d{1,2})\s*月?\s*(底|末|份|上旬|中旬|下旬)?$")
_QUARTER = re.compile(
    r"^(?:(\d{4})\s*年?\s*)?(?:第?([一二三四1-4])\s*季度?|q([1-4]))(?:末|底)?$", re.I
)
_HALF = re.compile(
    r"^(?:(\d{4})\s*年?\s*)?(上半年|年中|下半年|年底|年末|年内|全年|当年|年)(?:底|末)?$"
)
_SPLIT_DATES = re.compile(r"[，,；;、\n]+")


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def parse_due(text: str, *, year: int) -> date | None:
    """The due date a deadline cell means (see ``_parse_due``); cached, since a sheet
    writes the same few deadlines over and over. Raises ValueError when unreadable."""
    found = _parse_due_cached(text, year)
    if found is _UNREADABLE:
        raise ValueError(text)
    return found  # type: ignore[return-value]


_UNREADABLE = object()


@functools.lru_cache(maxsize=4096)
def _parse_due_cached(text: str, year: int) -> date | object | None:
    try:
        return _parse_due(text, year=year)
    except ValueError:
        return _UNREADABLE


def _parse_due(text: str, *, year: int) -> date | None:
    """The due date a deadline cell means; ``year`` stands for a date written without one.

    Reads 2023-06-30, 2023/6/30, 2023.6.30, 2023年6月30日(前), 2023年6月底前, 6月底前,
    6月中旬, 第二季度 / 二季度末 / Q2, 上半年, 年底前 / 2023年底, an Excel serial (45107);
    "长期坚持", "持续推进", "常态化" are a standing duty: ``None``. Several deadlines in one
    cell ("6月底前启动，年底前完成") give the last. Raises ValueError when unreadable.
    """
    text = text.strip()
    if not text or _NO_DATE.match(text):
        return None
    pieces = [p for p in _SPLIT_DATES.split(text) if p.strip()]
    if len(pieces) > 1:
        found = [d for d in (_one_due(p, year) for p in pieces) if d is not None]
        if not found:
            raise ValueError(text)
        return max(found)
    result = _one_due(text, year)
    if result is None:
        raise ValueError(text)
    return result


def _one_due(text: str, year: int) -> date | None:
    text = text.strip().replace("（", "(").split("(")[0].strip()
    if re.fullmatch(r"\d{5}(?:\.0+)?", text) and 20000 <= float(text) <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T].*)?", text):
            return date.fromisoformat(text[:10])
    except ValueError:
        return None
    text = _TAIL.sub("", text.lower().replace(" ", "")) or text
    for numeral, digit in _CN_DIGITS.items():
        text = re.sub(rf"(?<![\d年]){numeral}(?=月)", str(digit), text)
    text = text.replace("十二月", "12月").replace("十一月", "11月").replace("十月", "10月")
    try:
        if found := _YMD.match(text):
            return date(int(found[1] or year), int(found[2]), int(found[3]))
        if (found := _YM.match(text)) and (found[1] or "月" in text or found[3]):
            y, m = int(found[1] or year), int(found[2])
            if not 1 <= m <= 12:
                return None
            part = found[3] or ""
            if part == "上旬":
                return date(y, m, 10)
            if part == "中旬":
                return date(y, m, 20)
            return _month_end(y, m)
        if found := _QUARTER.match(text):
            q = found[2] or found[3]
            quarter = _CN_DIGITS.get(q) or int(q)
            return _month_end(int(found[1] or year), quarter * 3)
        if found := _HALF.match(text):
            y = int(found[1] or year)
            return date(y, 6, 30) if found[2] in ("上半年", "年中") else date(y, 12, 31)
    except ValueError:
        return None
    return None


def cell_due(row: Row, column: str, *, year: int, required: bool = False) -> date | None:
    """A deadline cell (see ``parse_due``); an unreadable one is a bad cell."""
    if _blank(row, column, required):
        return None
    try:
        return parse_due(row.text(column), year=year)
    except ValueError:
        raise RowProblem.of(
            "err_row_not_a_deadline", column=column, value=row.text(column)
        ) from None


# ------------------------------------------------------------- units named in a cell

_UNIT_SPLIT = re.compile(r"[、，,；;\n\r/]+")
_UNIT_NOTE = re.compile(r"[（(]\s*(牵头|配合|协办|参与|lead|co)\s*[)）]", re.IGNORECASE)


class UnitNames:
    """Every unit of a tenant by code, name, short name and alias, loaded once per import
    (a 100,000-row sheet asks for units a million times), with near-miss suggestions."""

    def __init__(self, session: Session, *, tenant_id: str) -> None:
        self.by_name: dict[str, list[Unit]] = {}
        # A sheet names the same few units in the same cells over and over.
        self._cells: dict[tuple[str, str], tuple[tuple[Unit, str], ...] | RowProblem] = {}
        found = session.scalars(
            select(Unit)
            .where(Unit.tenant_id == tenant_id, Unit.active.is_(True))
            .order_by(Unit.path)
        )
        for unit in found:
            names = {unit.code, unit.name_zh, unit.short_zh, unit.name_en, *(unit.aliases or [])}
            for name in names:
                key = _unit_key(name)
                if key and unit not in self.by_name.setdefault(key, []):
                    self.by_name[key].append(unit)

    def find(self, name: str, column: str) -> Unit:
        """The one unit ``name`` means; none or several is a bad cell, with suggestions."""
        found = self.by_name.get(_unit_key(name), [])
        if len(found) == 1:
            return found[0]
        if found:
            codes = ", ".join(u.code for u in found)
            raise RowProblem.of("err_row_several_units", column=column, value=name, codes=codes)
        near = difflib.get_close_matches(_unit_key(name), list(self.by_name), n=3, cutoff=0.6)
        if near:
            names = tuple(dict.fromkeys(self.by_name[k][0].name_zh for k in near))
            raise RowProblem.of("err_row_not_a_unit_near", column=column, value=name, names=names)
        raise RowProblem.of("err_row_not_a_unit", column=column, value=name)

    def cell(self, row: Row, column: str) -> list[tuple[Unit, str]]:
        """The units a cell names, in order, each with its marked role ("lead", "co" or "")."""
        return list(self.named(row.values.get(column, ""), column))

    def named(self, text: str, column: str) -> tuple[tuple[Unit, str], ...]:
        """``cell`` for the cell's text, cached (do not change what it returns)."""
        key = (text, column)
        cached = self._cells.get(key)
        if cached is None:
            try:
                cached = tuple(self._parse_cell(text, column))
            except RowProblem as exc:
                cached = exc
            self._cells[key] = cached
        if isinstance(cached, RowProblem):
            raise RowProblem(cached.column, cached.message, key=cached.key, params=cached.params)
        return cached

    def _parse_cell(self, text: str, column: str) -> list[tuple[Unit, str]]:
        named: list[tuple[Unit, str]] = []
        for part in _UNIT_SPLIT.split(text):
            part = part.strip()
            role = ""
            if note := _UNIT_NOTE.search(part):
                role = "lead" if note[1].lower() in ("牵头", "lead") else "co"
                part = _UNIT_NOTE.sub("", part).strip()
            part = re.sub(r"(等|等单位|等部门)$", "", part).strip()
            if part:
                unit = self.find(part, column)
                if all(unit is not u for u, _ in named):
                    named.append((unit, role))
        return named


def _unit_key(name: str) -> str:
    return re.sub(r"[\s·•]+", "", name).lower()


def cell_decimal(row: Row, column: str, *, required: bool = False) -> Decimal | None:
    """A number, thousands separators allowed (units such as 万 are the column's, not here)."""
    if _blank(row, column, required):
        return None
    text = row.text(column).replace(",", "").replace("，", "").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowProblem.of("err_row_not_a_number", column=column, value=row.text(column)) from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 15:
        raise RowProblem.of("err_row_out_of_range", column=column, value=row.text(column))
    return value


def cell_int(row: Row, column: str, *, required: bool = False) -> int | None:
    value = cell_decimal(row, column, required=required)
    if value is None:
        return None
    if value != value.to_integral_value() or abs(value) > 2**31 - 1:
        raise RowProblem.of("err_row_not_a_whole_number", column=column, value=row.text(column))
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
        raise RowProblem.of("err_row_not_one_of", column=column, value=text, allowed=allowed)
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
        key = "err_row_not_a_unit" if not found else "err_row_names_several_units"
        raise RowProblem.of(key, column=column, value=row.text(column))
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
                errors.append(exc.as_error(row))
                continue
            except ValidationError as exc:
                errors.append(RowError.refused(row, exc))
                continue
            except LuoshiError as exc:
                errors.append(RowError.caught(row, exc))
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
