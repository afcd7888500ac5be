"""Imports from CSV and Excel: headers in either language, every bad row named, nothing kept
unless every row is good, bad files refused whole."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotFound
from luoshi.kernel import links
from luoshi.kernel.models import Link
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.tabular import (
    Row,
    RowProblem,
    cell_choice,
    cell_date,
    cell_decimal,
    cell_int,
    parse_due,
    read_table,
    run_import,
)

COLUMNS = {
    "code": ("项目编号",),
    "amount": ("投资", "amount (10k yuan)"),
    "start": ("开工日期",),
    "level": ("级别",),
}


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_in_gb18030_with_chinese_headers_reads_as_canonical_columns() -> None:
    content = '项目编号,投资,开工日期,备注\nXM-01,"1,200.5",2023年3月5日,忽略\n,,,\nXM-02,7,,\n'
    rows = read_table(content.encode("gb18030"), "p.csv", columns=COLUMNS, required=["code"])
    assert [r.number for r in rows] == [2, 4]  # the empty row 3 is skipped, not renumbered
    assert rows[0].values == {"code": "XM-01", "amount": "1,200.5", "start": "2023年3月5日"}
    assert cell_decimal(rows[0], "amount") == Decimal("1200.5")
    assert cell_date(rows[0], "start") == date(2023, 3, 5)
    assert cell_date(rows[1], "start") is None
    assert rows[1].optional("start") is None


def test_xlsx_cells_become_the_text_a_csv_would_hold() -> None:
    content = xlsx([["Code", "Amount (10k yuan)", "开工日期"], ["XM-01", 12.0, date(2023, 4, 1)]])
    [row] = read_table(content, "p.xlsx", columns=COLUMNS, required=["code", "amount"])
    assert row.values == {"code": "XM-01", "amount": "12", "start": "2023-04-01"}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\xff\xfe\x00\x00garbage\x81", "p.csv", "neither UTF-8 nor GB18030"),
        (b"PK\x03\x04 not really a zip", "p.xlsx", "is a broken workbook"),
        (b"", "p.csv", "is empty"),
        ("级别\nA\n".encode(), "p.csv", "lacks the column(s) code"),
        (b"code\nA\n", "p.pdf", ".csv or .xlsx"),
    ],
)
def test_a_bad_file_is_one_clear_error(content: bytes, name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_table(content, name, columns=COLUMNS, required=["code"])


def test_too_many_rows_is_refused() -> None:
    content = ("code\n" + "A\n" * 11).encode()
    with pytest.raises(InvalidInput, match="more than 10 rows"):
        read_table(content, "p.csv", columns=COLUMNS, required=["code"], max_rows=10)


def test_cell_parsers_name_the_column_and_the_value() -> None:
    row = Row(5, {"amount": "12万", "start": "2023-02-30", "level": "Provincial", "n": "1.5"})
    with pytest.raises(RowProblem, match="amount: '12万' is not a number"):
        cell_decimal(row, "amount")
    with pytest.raises(RowProblem, match="not a date"):
        cell_date(row, "start")
    with pytest.raises(RowProblem, match="code is required"):
        cell_date(row, "code", required=True)
    with pytest.raises(RowProblem, match="not a whole number"):
        cell_int(row, "n")
    levels = {"provincial": "provincial_key", "省重点": "provincial_key", "city": "city"}
    assert cell_choice(row, "level", levels) == "provincial_key"
    assert cell_choice(Row(2, {"level": "CITY"}), "level", levels) == "city"
    with pytest.raises(RowProblem, match="is not one of city, provincial_key"):
        cell_choice(Row(2, {"level": "county"}), "level", levels)
    assert cell_date(Row(2, {"d": "45000"}), "d") == date(2023, 3, 15)  # an Excel serial


def _link_rows(session: Session, rows: list[Row], *, dry_run: bool) -> object:
    system = system_actor()

    def apply(row: Row) -> str:
        if row.text("code") == "bad":
            raise NotFound("no such unit")
        to_id = cell_int(row, "amount", required=True)
        assert to_id is not None
        links.create_link(
            session,
            actor=system,
            kind="relates",
            from_type="t",
            from_id=1,
            to_type="x",
            to_id=to_id,
        )
        return "created"

    return run_import(session, rows, apply, dry_run=dry_run)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Link)) or 0)


def test_one_bad_row_keeps_every_row_out_and_every_bad_row_is_named(session: Session) -> None:
    rows = [
        Row(2, {"code": "a", "amount": "1"}),
        Row(3, {"code": "bad", "amount": "2"}),
        Row(4, {"code": "c", "amount": "x"}),
        Row(5, {"code": "d", "amount": "4"}),
    ]
    report = _link_rows(session, rows, dry_run=False)
    assert report.as_dict()["errors"] == [  # type: ignore[attr-defined]
        {"sheet": "", "row": 3, "column": None, "message": "no such unit"},
        {"sheet": "", "row": 4, "column": "amount", "message": "amount: 'x' is not a number"},
    ]
    assert not report.applied  # type: ignore[attr-defined]
    assert _count(session) == 0


def test_a_dry_run_counts_and_keeps_nothing_and_a_real_run_keeps_all(session: Session) -> None:
    rows = [Row(2, {"code": "a", "amount": "1"}), Row(3, {"code": "b", "amount": "2"})]
    dry = _link_rows(session, rows, dry_run=True)
    assert (dry.created, dry.applied, _count(session)) == (2, False, 0)  # type: ignore[attr-defined]
    real = _link_rows(session, rows, dry_run=False)
    assert (real.created, real.applied, _count(session)) == (2, True, 2)  # type: ignore[attr-defined]


def test_a_unit_cell_names_one_unit_by_code_name_or_short_name(session: Session) -> None:
    from luoshi.kernel import units
    from luoshi.kernel.schemas import UnitCreate
    from luoshi.kernel.tabular import cell_unit

    system = system_actor()
    for code, name in (("p", "示范省"), ("p.a", "甲市商务局"), ("p.b", "乙市商务局")):
        units.create_unit(
            session,
            actor=system,
            data=UnitCreate(
                code=code,
                parent=code.rpartition(".")[0] or None,
                kind="department",
                name_zh=name,
                short_zh="商务局" if code != "p" else "",
            ),
        )

    def unit(text: str) -> str | None:
        found = cell_unit(session, Row(2, {"lead": text}), "lead", tenant_id="default")
        return found.code if found is not None else None

    assert (unit("p.a"), unit("乙市商务局"), unit("")) == ("p.a", "p.b", None)
    with pytest.raises(RowProblem, match="'商务局' names several units"):
        unit("商务局")
    with pytest.raises(RowProblem, match="'丙市' is not a unit of the tree"):
        unit("丙市")


def test_a_value_the_registers_schema_refuses_is_a_bad_row_naming_its_column(
    session: Session,
) -> None:
    from pydantic import BaseModel, Field

    class Shape(BaseModel):
        title: str = Field(min_length=1)

    rows = [Row(2, {"title": "ok"}), Row(3, {"title": ""})]
    report = run_import(
        session, rows, lambda row: Shape(title=row.text("title")) and "created", dry_run=False
    )
    assert not report.applied and report.created == 1
    [error] = report.errors
    assert (error.row, error.column) == (3, "title") and error.message.startswith("title: ")


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2023年6月底前", date(2023, 6, 30)),
        ("6月底前", date(2023, 6, 30)),
        ("六月底", date(2023, 6, 30)),
        ("2023.6.30", date(2023, 6, 30)),
        ("2023/6/30", date(2023, 6, 30)),
        ("2023-06-30", date(2023, 6, 30)),
        ("2023年12月31日前完成", date(2023, 12, 31)),
        ("6月30日前", date(2023, 6, 30)),
        ("9月中旬", date(2023, 9, 20)),
        ("第二季度", date(2023, 6, 30)),
        ("三季度末", date(2023, 9, 30)),
        ("2024年第一季度", date(2024, 3, 31)),
        ("Q4", date(2023, 12, 31)),
        ("上半年", date(2023, 6, 30)),
        ("年底前", date(2023, 12, 31)),
        ("2024年底", date(2024, 12, 31)),
        ("45107", date(2023, 6, 30)),
        ("6月底前启动，12月底前完成", date(2023, 12, 31)),
        ("长期坚持", None),
        ("持续推进", None),
        ("常态化开展", None),
    ],
)
def test_a_deadline_reads_as_offices_write_it(text: str, due: date | None) -> None:
    assert parse_due(text, year=2023) == due


@pytest.mark.parametrize("text", ["尽快", "2023年13月", "2023-02-30", "明年"])
def test_an_unreadable_deadline_is_refused_not_guessed(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_due(text, year=2023)


def test_title_rows_a_two_row_header_merges_headings_and_notes_are_read_as_offices_mean() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2023年重点项目表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["项目", None, "投资", "开工日期"])
    sheet.append(["项目编号", "级别", None, None])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D3")
    sheet.append(["一、交通"])
    sheet.append(["XM-01", "省重点", 5, "2023-03-01"])
    sheet.append([None, "省重点", 6, None])
    sheet.merge_cells("A5:A6")  # one code over two rows: both rows carry it
    sheet.append(["注：投资单位为万元"])
    out = io.BytesIO()
    book.save(out)
    rows = read_table(out.getvalue(), "p.xlsx", columns=COLUMNS, required=["code", "amount"])
    assert [(r.number, r.values["code"], r.values["amount"], r.section) for r in rows] == [
        (5, "XM-01", "5", "一、交通"),
        (6, "XM-01", "6", "一、交通"),
    ]
    assert rows[0].sheet == "Sheet"
