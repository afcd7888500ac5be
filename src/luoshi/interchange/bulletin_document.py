"""A bulletin in one of its three forms: Word (.docx), HTML, PDF (through LibreOffice)."""

from __future__ import annotations

import re

from luoshi.domains.bulletins.schemas import BulletinContent
from luoshi.errors import InvalidInput
from luoshi.interchange.bulletin_charts import charts
from luoshi.interchange.bulletin_html import write_html
from luoshi.interchange.bulletin_pdf import docx_to_pdf
from luoshi.interchange.bulletin_word import write_docx

_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")

FORMATS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def render(content: BulletinContent, fmt: str) -> bytes:
    """The bulletin as ``fmt`` (docx, html or pdf)."""
    if fmt not in FORMATS:
        raise InvalidInput.of("err_format_one_formats_not_fmt", formats=", ".join(FORMATS), fmt=fmt)
    images = charts(content)
    if fmt == "html":
        return write_html(content, images=images).encode("utf-8")
    docx = write_docx(content, images=images)
    return docx if fmt == "docx" else docx_to_pdf(docx)


def filename(content: BulletinContent, fmt: str) -> str:
    """bulletin-2023-05.docx, or bulletin-2023-05-2023-3.docx once issued as 〔2023〕3号."""
    found = _NUMBER.search(content.number)
    issued = f"-{found[1]}-{found[2]}" if found else ""
    return f"bulletin-{content.period}{issued}.{fmt}"
