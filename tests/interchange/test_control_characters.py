"""Text carrying a control character that XML 1.0 cannot hold (a task title typed or
pasted with one, as schemathesis found) still goes out as a sheet or a Word document: the
character is left out, everything else is kept."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from openpyxl import load_workbook

from luoshi.interchange import tables
from luoshi.interchange.breakdown_xlsx import neutralise
from luoshi.interchange.bulletin_word import write_docx
from luoshi.interchange.sheets import Column, write_table
from luoshi.kernel.workbook import xml_safe
from tests.interchange.bulletin_sample import sample

DIRTY = "稳就业\x17保民生\x00 =SUM(A1)\x1f"


def _cells(content: bytes) -> list[object]:
    sheet = load_workbook(BytesIO(content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


def test_xml_safe_leaves_out_only_what_xml_cannot_hold() -> None:
    assert xml_safe(DIRTY) == "稳就业保民生 =SUM(A1)"
    assert xml_safe("tab\there\nnew line\r") == "tab\there\nnew line\r"


def test_the_sheet_writers_take_a_control_character() -> None:
    written = write_table([Column("title", "标题")], [[DIRTY]], fmt="xlsx")
    assert _cells(written) == ["标题", "稳就业保民生 =SUM(A1)"]
    assert _cells(tables.to_xlsx("t", ["标题"], [["=1+1\x17"]])) == ["标题", "'=1+1"]
    assert neutralise("=x") == "'=x"


def test_a_bulletin_takes_a_control_character_in_a_title() -> None:
    document = Document(BytesIO(write_docx(sample(title="关于\x17通报"), images={})))
    assert any(p.text == "关于通报" for p in document.paragraphs)
