"""luoshi.extract — from a readout's text to work lines, directives and their attributes.

A pure library: it reads no database and no settings and imports nothing else from luoshi.

    from luoshi.extract import extract, read_document
    doc = read_document("readout.docx")
    result = extract(doc.text)
    result.to_dict()  # the JSON contract of DESIGN.md §5
"""

from __future__ import annotations

from luoshi.extract.errors import ExtractInputError
from luoshi.extract.model import (
    Deadline,
    Directive,
    Extraction,
    Source,
    Span,
    Target,
    WorkLine,
)
from luoshi.extract.pipeline import extract
from luoshi.extract.reading import DecodedDocument, read_document
from luoshi.extract.scoring import evaluate

__all__ = [
    "Deadline",
    "DecodedDocument",
    "Directive",
    "ExtractInputError",
    "Extraction",
    "Source",
    "Span",
    "Target",
    "WorkLine",
    "evaluate",
    "extract",
    "read_document",
]
