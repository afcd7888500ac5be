"""The Word form of a bulletin, read back: GB/T 9704-2012 page, grid, fonts, head, page
numbers."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from luoshi.interchange.bulletin_charts import charts
from luoshi.interchange.bulletin_word import title_lines, write_docx
from tests.interchange.bulletin_sample import sample

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@pytest.fixture(scope="module")
def doc() -> Any:
    return Document(BytesIO(write_docx(sample(), images={})))


def _east_asia(run: Any) -> str:
    return str(run._element.rPr.rFonts.get(qn("w:eastAsia")))


def _paragraph(doc: Any, text: str) -> Any:
    return next(p for p in doc.paragraphs if p.text == text)


def _near(length: int, expected: int) -> bool:
    return abs(length - expected) <= Mm(0.1)


def test_a4_with_the_official_margins(doc: Any) -> None:
    section = doc.sections[0]
    assert _near(section.page_width, Mm(210)) and _near(section.page_height, Mm(297))
    assert _near(section.top_margin, Mm(37)) and _near(section.bottom_margin, Mm(35))
    assert _near(section.left_margin, Mm(28)) and _near(section.right_margin, Mm(26))
    # The type area (版心): 156 × 225 mm.
    assert _near(section.page_width - section.left_margin - section.right_margin, Mm(156))
    assert _near(section.page_height - section.top_margin - section.bottom_margin, Mm(225))


def test_22_lines_of_28_characters(doc: Any) -> None:
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines, in twips
    assert grid.get(qn("w:charSpace")) == "-849"  # 156 mm / 28 characters of 3号
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing.twips == 579
    condense = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    pitch = 16 + condense
    type_area = 156 / 25.4 * 72
    assert 28 * pitch <= type_area < 29 * pitch


def test_fonts_title_body_headings(doc: Any) -> None:
    title = next(p for p in doc.paragraphs if p.text.startswith("关于2023年5月"))
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(_east_asia(r), r.font.size) for r in title.runs} == {("方正小标宋简体", Pt(22))}
    body = _paragraph(doc, "为推动各项重点工作落地见效，现将有关情况通报如下。")
    assert [(_east_asia(r), r.font.size) for r in body.runs] == [("仿宋_GB2312", Pt(16))]
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    assert _east_asia(_paragraph(doc, "一、总体情况").runs[0]) == "黑体"
    assert _east_asia(_paragraph(doc, "（一）重点项目").runs[0]) == "楷体_GB2312"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    # Word's fallback for each official face where it is not installed.
    fonts = next(
        rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    table = fonts.blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
    assert 'w:name="黑体"><w:altName w:val="SimHei"/>' in table


def test_head_red_organ_number_and_red_line(doc: Any) -> None:
    organ = _paragraph(doc, "示范省人民政府督查室")
    assert str(organ.runs[0].font.color.rgb) == "FF0000"
    assert _east_asia(organ.runs[0]) == "方正小标宋简体"
    number = _paragraph(doc, "示督通〔2023〕3号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (bottom.get(qn("w:val")), bottom.get(qn("w:color"))) == ("single", "FF0000")
    # The number comes after the organ and before the title.
    texts = [p.text for p in doc.paragraphs]
    title = next(i for i, t in enumerate(texts) if t.startswith("关于"))
    assert texts.index(organ.text) < texts.index(number.text) < title
    # Signed by the organ, dated in Arabic numerals.
    assert "2023年6月30日" in texts


def test_page_numbers_outside_bottom(doc: Any) -> None:
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._p
        assert xml.xpath(".//w:instrText")[0].text.strip() == "PAGE"
        kinds = [f.get(qn("w:fldCharType")) for f in xml.xpath(".//w:fldChar")]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert {(_east_asia(r), r.font.size) for r in paragraph.runs} == {("宋体", Pt(14))}


def test_a_draft_says_so_and_long_titles_break_evenly() -> None:
    draft = Document(BytesIO(write_docx(sample(number="", issued_on=None, draft=True), images={})))
    assert "（草稿，未编号）" in [p.text for p in draft.paragraphs]
    lines = title_lines("关于2023年第一季度全省重点工作和重大项目落实情况的通报")
    assert len(lines) == 2 and "".join(lines).startswith("关于2023年第一季度")
    assert min(len(line) for line in lines) >= 10  # no orphan on a line of its own
    assert title_lines("关于督查工作的通报") == ["关于督查工作的通报"]


def test_charts_are_png_images_in_the_document() -> None:
    images = charts(sample())
    assert set(images) == {"lights", "league"}
    assert all(png.startswith(b"\x89PNG") for png in images.values())
    doc = Document(BytesIO(write_docx(sample(), images=images)))
    assert len(doc.inline_shapes) == 2
