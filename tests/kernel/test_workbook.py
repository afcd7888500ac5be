"""Opening an uploaded spreadsheet: every hostile or wrong file is one clear refusal, made
before a cell is parsed. Every file here is built by the test itself."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from luoshi.errors import InvalidInput, TooLarge
from luoshi.kernel import workbook
from luoshi.kernel.workbook import open_sheets, read_limited


def xlsx(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务"
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(
    content: bytes, *, change: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """``content`` (a zip) with some members replaced and some added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (change or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


GOOD = xlsx([["序号", "重点任务"], [1, "抓好项目建设"]])


def test_a_good_workbook_opens_with_its_sheet_name_and_cells() -> None:
    [sheet] = open_sheets(GOOD, "a.xlsx")
    assert sheet.name == "任务"
    assert sheet.cells == [["序号", "重点任务"], ["1", "抓好项目建设"]]


def test_cells_keep_their_place_when_the_sheet_starts_below_a1_and_merges_are_given() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "标题"
    sheet["C5"] = "x"
    sheet.merge_cells("C3:E3")
    out = io.BytesIO()
    book.save(out)
    [opened] = open_sheets(out.getvalue(), "a.xlsx")
    assert opened.cells[2][2] == "标题" and opened.cells[4][2] == "x"
    assert opened.merged == ((2, 2, 2, 4),)


def test_a_zip_bomb_is_refused_by_its_expansion_ratio_before_it_is_inflated() -> None:
    bomb = rezip(GOOD, add={"xl/media/big.xml": b"\x00" * (40 * 1024 * 1024)})
    assert len(bomb) < 200_000  # 40 MB of zeros deflates ~1000:1
    with pytest.raises(InvalidInput, match=r"inflates .* times: refused as a zip bomb"):
        open_sheets(bomb, "bomb.xlsx")


def test_a_zip_whose_directory_declares_a_huge_total_is_refused() -> None:
    """The directory's sizes are checked before inflating: a member declared at 600 MB
    (the directory lies, as in a crafted bomb) is refused on the total alone."""
    content = bytearray(rezip(GOOD, add={"xl/pad.xml": b"<a/>"}))
    # Patch the uncompressed size of every central-directory entry to 300 MB.
    offset = 0
    while (offset := content.find(b"PK\x01\x02", offset)) >= 0:
        content[offset + 24 : offset + 28] = struct.pack("<I", 300 * 1024 * 1024)
        offset += 4
    with pytest.raises(InvalidInput, match="inflates to more than 512 MB"):
        open_sheets(bytes(content), "lying.xlsx")


def test_too_many_parts_is_refused() -> None:
    many = rezip(GOOD, add={f"xl/junk/{i}.txt": b"" for i in range(workbook.MAX_MEMBERS)})
    with pytest.raises(InvalidInput, match="parts: not a workbook"):
        open_sheets(many, "many.xlsx")


def test_an_xxe_laden_workbook_is_refused_and_says_why() -> None:
    source = zipfile.ZipFile(io.BytesIO(GOOD))
    sheet_xml = source.read("xl/worksheets/sheet1.xml").decode()
    body = re.sub(r"<t>[^<]*</t>", "<t>&xxe;</t>", sheet_xml, count=1)
    assert body != sheet_xml
    evil = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body
    )
    content = rezip(GOOD, change={"xl/worksheets/sheet1.xml": evil.encode()})
    with pytest.raises(InvalidInput, match="declares a DTD or entities"):
        open_sheets(content, "xxe.xlsx")


def test_an_entity_in_shared_strings_is_refused_too() -> None:
    strings = (
        b'<?xml version="1.0"?>\n<!-- a comment first -->\n<!DOCTYPE sst [<!ENTITY a "aaaa">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    content = rezip(GOOD, add={"xl/sharedStrings2.xml": strings})
    with pytest.raises(InvalidInput, match=r"sharedStrings2\.xml declares a DTD"):
        open_sheets(content, "xxe.xlsx")


def test_a_macro_workbook_is_refused_by_its_vba_part_or_its_name() -> None:
    macro = rezip(GOOD, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"})
    with pytest.raises(InvalidInput, match="contains macros"):
        open_sheets(macro, "plain-looking.xlsx")
    with pytest.raises(InvalidInput, match="macro-enabled workbook"):
        open_sheets(GOOD, "table.XLSM")
    typed = rezip(
        GOOD,
        change={
            "[Content_Types].xml": zipfile.ZipFile(io.BytesIO(GOOD))
            .read("[Content_Types].xml")
            .replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
        },
    )
    with pytest.raises(InvalidInput, match="contains macros"):
        open_sheets(typed, "typed.xlsx")


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (_docx(), "report.xlsx", "is a Word document"),
        ("序号,重点任务\n1,抓好项目建设\n".encode("gbk"), "gbk.xlsx", "is text, not a workbook"),
        (bytes(range(256)) * 8, "junk.xlsx", "is not an Excel workbook"),
        (GOOD[: len(GOOD) // 2], "cut.xlsx", "is a broken workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "old.xls", "old binary .xls"),
        (b"%PDF-1.7 ...", "scan.xlsx", "is a PDF"),
        (b"", "empty.xlsx", "is empty"),
        (GOOD, "table.csv", "named .csv but is a binary file"),
        (b"a,b\n", "table.numbers", "is .csv or .xlsx"),
    ],
)
def test_a_wrong_or_broken_file_is_one_clear_message(
    content: bytes, name: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        open_sheets(content, name)


def test_a_gbk_csv_named_csv_reads() -> None:
    [sheet] = open_sheets("序号,重点任务\n1,抓好项目建设\n".encode("gbk"), "任务.csv")
    assert sheet.cells[1] == ["1", "抓好项目建设"]


def test_size_is_checked_before_the_file_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    big.write_bytes(GOOD + b"\x00" * 4096)
    with pytest.raises(TooLarge, match="the limit is 1024"):
        read_limited(big, max_bytes=1024)
    assert read_limited(big, max_bytes=10**7) == big.read_bytes()
    with pytest.raises(TooLarge):
        open_sheets(GOOD, "a.xlsx", max_bytes=100)
