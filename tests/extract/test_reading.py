"""read_document: encodings, Word, HTML, and clear refusals of what is not a readout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from luoshi.extract import ExtractInputError, read_document

ZH = "会议强调，各地各部门要抓好一季度重点工作。\n要尽快出台配套措施。"
EN = "The meeting stressed that all departments must act before the end of June."


def test_utf8_text() -> None:
    doc = read_document(EN.encode("utf-8"), filename="a.txt")
    assert (doc.text, doc.encoding, doc.format) == (EN, "utf-8", "txt")


def test_utf8_with_bom_is_stripped() -> None:
    doc = read_document(b"\xef\xbb\xbf" + ZH.encode("utf-8"))
    assert doc.text == ZH
    assert doc.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_and_gb18030_are_detected(codec: str) -> None:
    doc = read_document(ZH.encode(codec), filename="readout.txt")
    assert doc.text == ZH
    assert doc.encoding == "gb18030"


def test_utf16_with_bom() -> None:
    doc = read_document(ZH.encode("utf-16"))
    assert doc.text == ZH


def test_path_input(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(ZH.encode("gbk"))
    assert read_document(path).text == ZH


def test_docx_paragraphs_become_lines(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一要抓好项目投资")
    document.add_paragraph("各地要加快重点项目建设。")
    path = tmp_path / "r.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.text.splitlines() == ["一要抓好项目投资", "各地要加快重点项目建设。"]
    # bytes without a name are recognised by content
    assert read_document(path.read_bytes()).format == "docx"


def test_html_text_without_markup() -> None:
    page = (
        "<html><head><title>Readout</title><style>p{color:red}</style>"
        "<script>var x = 1;</script></head><body><h1>Meeting held</h1>"
        "<p>The meeting stressed that cities <b>must</b> act.</p><p>Second&nbsp;line</p>"
        "</body></html>"
    )
    doc = read_document(page.encode("utf-8"), filename="page.html")
    assert doc.format == "html"
    assert doc.text.splitlines() == [
        "Readout", "Meeting held", "The meeting stressed that cities must act.", "Second line",
    ]
    assert "var x" not in doc.text and "color" not in doc.text


def test_html_detected_without_a_name() -> None:
    doc = read_document(b"<!DOCTYPE html><html><body><p>\xe8\xa6\x81</p></body></html>")
    assert (doc.format, doc.text) == ("html", "要")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x00\x01\x02binary\x00junk" * 10, "binary"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"),
    ],
)
def test_refuses_what_is_not_text(data: bytes, message: str) -> None:
    with pytest.raises(ExtractInputError, match=message):
        read_document(data)


def test_refuses_a_zip_that_is_not_word() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(ExtractInputError, match="zip"):
        read_document(buffer.getvalue(), filename="a.zip")
    with pytest.raises(ExtractInputError, match="not a readable Word"):
        read_document(buffer.getvalue(), filename="a.docx")


def test_refuses_oversize_bytes_and_files(tmp_path: Path) -> None:
    with pytest.raises(ExtractInputError, match="too large"):
        read_document(b"a" * 2049, max_bytes=2048)
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(ExtractInputError, match="limit is 4,096 bytes"):
        read_document(path, max_bytes=4096)
    assert read_document(path, max_bytes=5000).text == "a" * 5000


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractInputError, match="cannot read"):
        read_document(tmp_path / "nope.txt")
