"""What every register's import endpoint shares: read the upload under the size cap, and
answer with the import's report (422 when a bad row kept everything out)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, UploadFile
from fastapi.responses import JSONResponse

from luoshi.errors import TooLarge
from luoshi.kernel.tabular import ImportReport
from luoshi.settings import Settings
from luoshi.web.errors import reader_language

IMPORT_DESCRIPTION = (
    "A .csv (UTF-8 or GB18030) or .xlsx file, header in row 1. All or nothing: with "
    "dry_run nothing is kept; any bad row keeps every row out and answers 422 listing "
    "each bad row with its number and column."
)


async def read_upload(file: UploadFile, settings: Settings) -> tuple[bytes, str]:
    """The uploaded bytes and file name; larger than ``max_upload_bytes`` is 413."""
    content = await file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise TooLarge.of(
            "err_file_larger_than_max_upload_bytes_bytes",
            max_upload_bytes=settings.max_upload_bytes,
        )
    return content, file.filename or ""


# The language of a report's row errors: the reader's, as for a refusal (web/errors.py).
ReaderLanguage = Annotated[str, Depends(reader_language)]


def import_response(report: ImportReport, language: str) -> JSONResponse:
    return JSONResponse(report.as_dict(language), status_code=422 if report.errors else 200)
