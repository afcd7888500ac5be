"""A bulletin as a Word document in the layout of GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a type area of 156 × 225 mm);
the document grid holds 22 lines of 28 characters (line pitch 579 twips, character pitch
15.8 pt); body in 3号 (16 pt) 仿宋, title in 2号 (22 pt) 小标宋, headings in 黑体 (level 1)
and 楷体 (level 2); the issuing organ (发文机关标志) in red above the document number and a
red separator line; page numbers "— 1 —" in 4号 (14 pt) 宋体 at the outside bottom (odd
pages right, even pages left). Fonts name the official faces with fallbacks (see
``bulletin_fonts``).
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from luoshi.domains.bulletins.schemas import BulletinContent
from luoshi.interchange import bulletin_text
from luoshi.interchange.bulletin_charts import charts
from luoshi.interchange.bulletin_fonts import (
    FANGSONG,
    HEITI,
    KAITI,
    LATIN,
    OFFICIAL,
    SONGTI,
    XIAOBIAOSONG,
    OfficialFont,
)
from luoshi.kernel.workbook import xml_safe

RED = RGBColor(0xFF, 0x00, 0x00)
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 12  # 小4号
LINE_PITCH = 579  # twips: 225 mm / 22 lines
CHAR_SPACE = -849  # (15.79 pt − 16 pt) × 4096: 28 characters of 3号 over 156 mm
# The character pitch is kept by condensing the body's characters by a quarter point
# (16 − 0.25 = 15.75 pt; 28 × 15.75 = 441 pt ≤ 156 mm = 442.2 pt < 29 × 15.75): a grid of
# type "linesAndChars" with a pitch narrower than the font makes LibreOffice spread every
# character over two cells (14 a line), so the grid is of type "lines" and names the
# character pitch (charSpace) only for Word's dialog.
CONDENSE = -5  # twentieths of a point
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def _fonts(run: Any, font: OfficialFont, size: float, *, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.name = LATIN
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:eastAsia"), font.name)
    rfonts.set(qn("w:hint"), "eastAsia")


def _paragraph(
    doc: Any,
    text: str = "",
    *,
    font: OfficialFont = FANGSONG,
    size: float = BODY_PT,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    color: RGBColor | None = None,
    bold: bool = False,
) -> Any:
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    if text:
        run = paragraph.add_run(xml_safe(text))
        _fonts(run, font, size, bold=bold)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _grid(section: Any) -> None:
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    sect.append(grid)


def _page_number(paragraph: Any, *, odd: bool) -> None:
    """ "— N —" with a PAGE field, one character in from the outside edge."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    if odd:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _fonts(r, SONGTI, PAGE_NUMBER_PT)
        return r

    run("— ")
    for kind, instr in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        r = run()
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._element.append(fld)
        elif instr == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            r._element.append(it)
        else:
            r.text = instr
    run(" —")


def _font_table(doc: Any) -> None:
    """Name an alternative for each official face (w:altName) and its family, so Word
    substitutes a close face where the official one is not installed."""
    part = doc.part
    font_part = next(
        (rel.target_part for rel in part.rels.values() if rel.reltype.endswith("/fontTable")), None
    )
    if font_part is None:  # pragma: no cover - python-docx's template has one
        return
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    for font in OFFICIAL:
        node = etree.SubElement(root, qn("w:font"))
        node.set(qn("w:name"), font.name)
        alt = etree.SubElement(node, qn("w:altName"))
        alt.set(qn("w:val"), font.alt)
        charset = etree.SubElement(node, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(node, qn("w:family"))
        family.set(qn("w:val"), font.family)
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _setup(doc: Any) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    # The page number's line sits 7 mm below the type area.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 5)
    section.header_distance = Mm(15)
    _grid(section)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = LATIN
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), FANGSONG.name)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE))
    rpr.append(spacing)
    _defaults(doc)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = True
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    _font_table(doc)


def _defaults(doc: Any) -> None:
    """The document defaults: 3号, Chinese (the grid measures from the default size)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        node = rpr.find(qn(tag))
        if node is not None:
            node.set(qn("w:val"), str(2 * BODY_PT))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _heading(doc: Any, text: str, level: int) -> Any:
    font = HEITI if level == 1 else KAITI
    return _paragraph(doc, text, font=font)


def _table(doc: Any, headers: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = 156 / sum(widths_mm)  # as wide as the type area
    widths_mm = [w * scale for w in widths_mm]
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for i, header in enumerate(headers):
        _cell(table.rows[0].cells[i], header, font=HEITI)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            _cell(cells[i], value, align_left=i == 1 and len(value) > 8)
    for row in table.rows:
        for i, width in enumerate(widths_mm):
            row.cells[i].width = Mm(width)
    # Repeat the header row on every page.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)
    _paragraph(doc, "", indent=False)


def _cell(cell: Any, text: str, *, font: OfficialFont = FANGSONG, align_left: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if align_left else WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    fmt.space_before = Pt(2)
    fmt.space_after = Pt(2)
    _no_snap(paragraph)
    run = paragraph.add_run(xml_safe(text))
    _fonts(run, font, TABLE_PT)
    run._element.get_or_add_rPr().append(_spacing(0))


def _no_snap(paragraph: Any) -> None:
    """Lines of this paragraph keep their own height instead of snapping to the grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)


def _spacing(twentieths: int) -> Any:
    node = OxmlElement("w:spacing")
    node.set(qn("w:val"), str(twentieths))
    return node


def _exact(paragraph: Any, points: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    _no_snap(paragraph)


# Words a title line should not be broken inside (the titles luoshi writes, and common
# ones an office writes instead); digits and Latin letters stay together too.
_TITLE_WORDS = (
    "关于",
    "重点",
    "工作",
    "落实",
    "情况",
    "通报",
    "全省",
    "全市",
    "全县",
    "全镇",
    "全辖区",
    "季度",
    "第一",
    "第二",
    "第三",
    "第四",
    "项目",
    "重大",
    "推进",
    "督查",
    "民生",
    "实事",
    "建议",
    "提案",
    "政策",
    "部署",
    "决策",
    "任务",
    "进展",
    "专项",
    "整改",
    "问题",
)
_ALNUM = re.compile(r"[0-9A-Za-z.]+")


def _title_tokens(title: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(title):
        if m := _ALNUM.match(title, i):
            tokens.append(m.group())
            i = m.end()
            continue
        word = next(
            (w for w in sorted(_TITLE_WORDS, key=len, reverse=True) if title.startswith(w, i)), None
        )
        tokens.append(word or title[i])
        i += len(tokens[-1])
    return tokens


def _width(text: str) -> float:
    """Width in ems: CJK characters one, digits and Latin letters half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def title_lines(title: str, *, size: float = TITLE_PT) -> list[str]:
    """The title in lines that fit the type area, as even as the words allow (a line never
    ends inside a word or a number, and no character is left alone on a line)."""
    # Less one and a half ems for the spaces put between Chinese and digits (autoSpaceDN).
    per_line = 156 / 25.4 * 72 / size - 1.5
    if _width(title) <= per_line:
        return [title]
    tokens = _title_tokens(title)
    lines: list[str] = []
    while tokens:
        rest = "".join(tokens)
        if _width(rest) <= per_line:
            lines.append(rest)
            break
        needed = int(_width(rest) // per_line) + 1
        target = _width(rest) / needed
        best, best_cost = 1, float("inf")
        for cut in range(1, len(tokens)):
            head = _width("".join(tokens[:cut]))
            if head > per_line:
                break
            cost = abs(head - target)
            if cost < best_cost:
                best, best_cost = cut, cost
        lines.append("".join(tokens[:best]))
        tokens = tokens[best:]
    return lines


def _image(doc: Any, png: bytes) -> None:
    paragraph = _paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.add_run().add_picture(BytesIO(png), width=Mm(150))


def _red_line(paragraph: Any) -> None:
    """The red separator line under the document number: a bottom border as wide as the
    type area, 4 mm below the number."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")  # eighths of a point: 1.5 pt
    bottom.set(qn("w:space"), "11")  # points: about 4 mm
    bottom.set(qn("w:color"), "FF0000")
    border.append(bottom)
    ppr.append(border)


def write_docx(content: BulletinContent, *, images: dict[str, bytes] | None = None) -> bytes:
    """The bulletin as a .docx file's bytes."""
    images = charts(content) if images is None else images
    doc = Document()
    _setup(doc)
    # The head (版头): the issuing organ in red 35 mm below the type area's top, the number
    # two lines below it, the red line 4 mm under the number.
    organ_pt = min(36.0, 156 / 25.4 * 72 * 0.92 / max(len(content.organ), 1))
    head = _paragraph(
        doc,
        content.organ,
        font=XIAOBIAOSONG,
        size=organ_pt,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    )
    _exact(head, organ_pt * 1.3)
    head.paragraph_format.space_before = Mm(35) - Pt(organ_pt * 0.3)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "", indent=False)
    number = _paragraph(
        doc,
        content.number or "（草稿，未编号）",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _red_line(number)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "", indent=False)
    # The body (主体).
    title = _paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _exact(title, 35)
    lines = title_lines(content.title)
    for i, line in enumerate(lines):
        run = title.add_run(xml_safe(line))
        _fonts(run, XIAOBIAOSONG, TITLE_PT)
        if i < len(lines) - 1:
            run.add_break()
    _paragraph(doc, "", indent=False)
    for block in bulletin_text.blocks(content):
        kind = block.kind
        if kind == "addressee":
            _paragraph(doc, block.text, indent=False)
        elif kind == "h1":
            _heading(doc, block.text, 1)
        elif kind == "h2":
            _heading(doc, block.text, 2)
        elif kind == "p":
            _paragraph(doc, block.text)
        elif kind == "table":
            _table(doc, block.headers, block.rows, block.widths_mm)
        elif kind == "chart" and block.text in images:
            _image(doc, images[block.text])
    # The signature (发文机关署名) and date (成文日期), right, four characters in.
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "", indent=False)
    for text in (content.organ, bulletin_text.date_text(content)):
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(4 * BODY_PT)
    # The end note (版记): who printed it and when, between two lines.
    _paragraph(doc, "", indent=False)
    note = _paragraph(
        doc,
        f"{content.organ}　　　　　　{bulletin_text.date_text(content)}印发",
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    ppr = note._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "8")
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), "000000")
        border.append(edge)
    ppr.append(border)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
