"""The HTML and PDF forms of a bulletin."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from luoshi.errors import InvalidInput
from luoshi.interchange.bulletin_document import filename, render
from luoshi.interchange.bulletin_html import write_html
from luoshi.interchange.bulletin_pdf import docx_to_pdf, fontconfig_file
from luoshi.interchange.bulletin_word import write_docx
from tests.interchange.bulletin_sample import sample


def test_html_has_the_same_content_escaped() -> None:
    page = write_html(
        sample(summary="<script>alert(1)</script>", title="关于<b>通报</b>"),
        images={"lights": b"\x89PNG"},
    )
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "关于&lt;b&gt;通报&lt;/b&gt;" in page
    assert "示督通〔2023〕3号" in page and "一、总体情况" in page and "省商务厅" in page
    assert 'src="data:image/png;base64,iVBORw=="' in page
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in page


def test_file_names() -> None:
    assert filename(sample(), "pdf") == "bulletin-2023-05-2023-3.pdf"
    assert filename(sample(number=""), "docx") == "bulletin-2023-05.docx"


def test_pdf_through_libreoffice_is_a4_with_the_text_and_page_numbers() -> None:
    pdf = PdfReader(BytesIO(docx_to_pdf(write_docx(sample(), images={}))))
    first = pdf.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "\n".join(page.extract_text() for page in pdf.pages)
    compact = re.sub(r"\s+", "", text)
    assert "示范省人民政府督查室" in compact and "示督通〔2023〕3号" in compact
    assert "关于2023年5月全省重点工作落实情况的通报" in compact
    assert "—1—" in compact
    # 28 characters a line: the summary's second and third lines are whole.
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    assert "查" * 28 in lines and "通" * 28 in lines
    # The official faces fell back to free CJK fonts, embedded.
    fonts = {
        str(font["/BaseFont"])
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSerifCJK" in f for f in fonts), fonts


def test_fontconfig_maps_missing_official_faces() -> None:
    config = fontconfig_file()
    assert "<string>仿宋_GB2312</string>" in config and "/etc/fonts/fonts.conf" in config


def test_render_dispatches_formats() -> None:
    assert render(sample(), "docx").startswith(b"PK")
    with pytest.raises(InvalidInput):
        render(sample(), "odt")
