"""Turn an uploaded file into text: plain text in any common Chinese or Unicode encoding,
Word .docx, or HTML. Offsets of the extraction index the text returned here.

Memory stays bounded: a file larger than ``max_bytes`` is refused before it is read, and a
.docx whose unpacked body is implausibly large (a zip bomb) is refused before it is parsed.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from luoshi.extract.errors import ExtractInputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An unpacked Word body may be many times the packed size (XML is verbose), but not 50 times
# the upload limit: that is a zip bomb, not a readout.
_DOCX_EXPANSION_LIMIT = 50

_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_DOCX_SUFFIXES = {".docx"}

# Signatures of formats people upload by mistake, so the message can say what it was.
_MAGIC = (
    (b"%PDF", "err_extract_is_pdf"),
    (b"\xd0\xcf\x11\xe0", "err_extract_is_old_office"),
    (b"\x89PNG", "err_extract_is_png"),
    (b"\xff\xd8\xff", "err_extract_is_jpeg"),
    (b"GIF8", "err_extract_is_gif"),
    (b"Rar!", "err_extract_is_rar"),
    (b"\x1f\x8b", "err_extract_is_gzip"),
)


@dataclass(frozen=True)
class DecodedDocument:
    text: str
    encoding: str  # e.g. "utf-8", "utf-8-sig", "gb18030"; "docx" for Word files
    format: str  # "txt" | "docx" | "html"


def read_document(
    path_or_bytes: str | os.PathLike[str] | bytes,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> DecodedDocument:
    """Decode a file (a path or its bytes) into text.

    ``filename`` (or the path) tells the format by its suffix; without one the content
    decides. Raises :class:`ExtractInputError` for empty, binary or over-size input.
    """
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes)
    else:
        path = Path(path_or_bytes)
        filename = filename or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ExtractInputError(
                "err_extract_cannot_read", path=path, reason=exc.strerror or exc
            ) from exc
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        with path.open("rb") as handle:
            # Read one byte more than allowed: a file that grew since stat() is still caught.
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes)
    if not data.strip():
        raise ExtractInputError("err_extract_file_empty")
    kind = _format_of(data, filename)
    if kind == "docx":
        text = _docx_text(data, max_bytes)
        encoding = "docx"
    elif kind == "html":
        raw, encoding = _decode(data)
        text = html_text(raw)
    else:
        text, encoding = _decode(data)
    if not text.strip():
        raise ExtractInputError("err_extract_no_text")
    return DecodedDocument(text=text, encoding=encoding, format=kind)


def _too_large(size: int, max_bytes: int) -> ExtractInputError:
    return ExtractInputError("err_extract_too_large", size=size, max_bytes=max_bytes)


def _format_of(data: bytes, filename: str | None) -> str:
    suffix = Path(filename).suffix.lower() if filename else ""
    if data.startswith(b"PK\x03\x04"):
        if suffix in _DOCX_SUFFIXES or not suffix or _is_docx(data):
            return "docx"
        raise ExtractInputError("err_extract_zip_not_docx")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ExtractInputError(what)
    if suffix in _DOCX_SUFFIXES:
        raise ExtractInputError("err_extract_named_docx_not_word")
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _TEXT_SUFFIXES:
        return "txt"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "txt"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="replace")), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16", errors="replace")), "utf-16"
    if b"\x00" in data[:4096]:
        raise ExtractInputError("err_extract_binary_not_text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Chinese offices still save GBK; GB18030 is its superset. Accept it when the result is
    # mostly common Chinese characters, which a wrong guess (Big5, Latin-1) would not give.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_cjk(text):
        return _checked(text), "gb18030"
    from charset_normalizer import from_bytes  # only for the rare file that is neither

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ExtractInputError("err_extract_unknown_encoding")
    return _checked(data.decode(best.encoding, errors="replace")), best.encoding


def _mostly_cjk(text: str) -> bool:
    non_ascii = [c for c in text[:20_000] if ord(c) > 127]
    if not non_ascii:
        return True
    common = sum(
        1
        for c in non_ascii
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
    )
    return common / len(non_ascii) >= 0.8


def _checked(text: str) -> str:
    sample = text[:20_000]
    if not sample:
        return text
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls / len(sample) > 0.01 or sample.count("\ufffd") / len(sample) > 0.05:
        raise ExtractInputError("err_extract_binary_not_text")
    return text


def _docx_text(data: bytes, max_bytes: int) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ExtractInputError("err_extract_not_readable_docx") from exc
    if info.file_size > _DOCX_EXPANSION_LIMIT * max_bytes:
        raise ExtractInputError("err_extract_docx_too_large_unpacked")
    import docx  # python-docx is slow to import; only Word uploads pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise ExtractInputError("err_extract_not_readable_docx") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "title",
    "hr",
}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _TextCollector(HTMLParser):
    """Keeps the visible text; block elements become line breaks so paragraphs survive."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIPPED_TAGS:
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one block element per line."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).split("\n")]
    body = "\n".join(line for line in lines if line)
    title = " ".join("".join(collector.title).split())
    if title and not body.startswith(title):
        return f"{title}\n{body}"
    return body
