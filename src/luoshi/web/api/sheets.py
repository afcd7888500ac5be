"""Lists out as sheets and back: ``GET /api/export/KIND`` and ``POST /api/import/KIND``
for tasks, key projects, progress reports and projects' monthly reports.

Authorized like the lists: an export holds what the user may read; an import needs the
right to create tasks, and every unit it names must lie under the importer's unit (a
report sheet: the right to file reports, and each row is filed as the unit's own page
files it).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse, Response

from luoshi.clock import now
from luoshi.interchange import (
    project_report_sheet,
    project_sheet,
    registers,
    report_sheet,
    task_sheet,
)
from luoshi.interchange.sheet_import import SheetReport
from luoshi.web.api.imports import ReaderLanguage, read_upload
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import error_responses
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["sheets"])

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
SHEET_IMPORT_DESCRIPTION = (
    "A task-breakdown table or an exported task sheet (.xlsx, or .csv in UTF-8 or GB18030). "
    "All or nothing: with dry_run nothing is kept and the answer lists what would be "
    "created, changed (cell by cell) and left alone. A bad cell keeps every row out (422, "
    "each error naming sheet, row and column); a row whose task changed since the export "
    "is a conflict (409, nothing applied)."
)

# What a report sheet's import shares with the task sheet's: all or nothing, dry run, codes.
REPORT_IMPORT_RULES = SHEET_IMPORT_DESCRIPTION[SHEET_IMPORT_DESCRIPTION.index("All or") :].replace(
    "task", "report"
)

# The sheet downloads' 200 as the OpenAPI document declares it: a file, not JSON.
SHEET_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            "text/csv": {},
        },
        "description": "the sheet (format=xlsx or csv)",
    }
}


def attachment(content: bytes, filename: str, fmt: str) -> Response:
    """A file download (the name in UTF-8 for Chinese names)."""
    return Response(
        content,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/export/tasks",
    responses={**SHEET_FILE, **error_responses(429)},
    response_class=Response,
    dependencies=[Depends(rate_limit("search"))],
)
def export_tasks(
    actor: CurrentActor,
    session: DbSession,
    fmt: Annotated[str, Query(alias="format", pattern="^(xlsx|csv)$")] = "xlsx",
) -> Response:
    """Every task the user may read as a sheet: code, hidden version, terms and units."""
    content = task_sheet.export_tasks(session, actor=actor, fmt=fmt)  # type: ignore[arg-type]
    return attachment(content, f"任务-{now().date().isoformat()}.{fmt}", fmt)


@router.get(
    "/export/projects",
    responses={**SHEET_FILE, **error_responses(429)},
    response_class=Response,
    dependencies=[Depends(rate_limit("search"))],
)
def export_projects(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    fmt: Annotated[str, Query(alias="format", pattern="^(xlsx|csv)$")] = "xlsx",
) -> Response:
    """Every key project the user is related to as a sheet: code, hidden version, terms."""
    content = project_sheet.export_projects(session, actor=actor, settings=settings, fmt=fmt)  # type: ignore[arg-type]
    return attachment(content, f"重点项目-{now().date().isoformat()}.{fmt}", fmt)


@router.post(
    "/import/projects",
    responses=error_responses(400, 404, 409, 413, 429),
    dependencies=[Depends(rate_limit("upload"))],
    description=SHEET_IMPORT_DESCRIPTION.replace("task", "project"),
)
async def import_projects(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="the projects sheet")],
    dry_run: bool = False,
) -> JSONResponse:
    content, name = await read_upload(file, settings)
    report = project_sheet.import_projects(
        session, actor=actor, content=content, filename=name, settings=settings,
        dry_run=dry_run,
    )  # fmt: skip
    return sheet_response(report, language)


@router.post(
    "/import/tasks",
    responses=error_responses(400, 404, 409, 413, 429),
    dependencies=[Depends(rate_limit("upload"))],
    description=SHEET_IMPORT_DESCRIPTION,
)
async def import_tasks(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="the task sheet")],
    dry_run: bool = False,
) -> JSONResponse:
    content, name = await read_upload(file, settings)
    report = task_sheet.import_tasks(
        session,
        actor=actor,
        content=content,
        filename=name,
        settings=settings,
        dry_run=dry_run,
    )
    return sheet_response(report, language)


def _register_export(kind: str) -> None:
    """``GET /api/export/<kind>`` for a register: what the user may read, as a sheet."""

    def export(
        actor: CurrentActor,
        session: DbSession,
        settings: AppSettings,
        fmt: Annotated[str, Query(alias="format", pattern="^(xlsx|csv)$")] = "xlsx",
    ) -> Response:
        content = registers.export_register(
            session, kind=kind, actor=actor, settings=settings, fmt=fmt,  # type: ignore[arg-type]
        )  # fmt: skip
        title = registers.TITLES[kind]
        return attachment(content, f"{title}-{now().date().isoformat()}.{fmt}", fmt)

    router.get(
        f"/export/{kind}",
        responses={**SHEET_FILE, **error_responses(429)},
        response_class=Response,
        dependencies=[Depends(rate_limit("search"))],
        name=f"export_{kind}",
        summary=f"Export {kind}",
        description=f"Every record of {kind} the user may read as a sheet: its identifiers, "
        "a hidden version column and the columns the register's importer reads.",
    )(export)


for _kind in registers.IMPORTERS:
    _register_export(_kind)


@router.get(
    "/export/reports",
    responses={**SHEET_FILE, **error_responses(429)},
    response_class=Response,
    dependencies=[Depends(rate_limit("search"))],
)
def export_reports(
    actor: CurrentActor,
    session: DbSession,
    fmt: Annotated[str, Query(alias="format", pattern="^(xlsx|csv)$")] = "xlsx",
) -> Response:
    """Every progress report on a task the user may see: task, period, report id, hidden
    version, progress, texts, review."""
    content = report_sheet.export_reports(session, actor=actor, fmt=fmt)  # type: ignore[arg-type]
    return attachment(content, f"进展报告-{now().date().isoformat()}.{fmt}", fmt)


@router.post(
    "/import/reports",
    responses=error_responses(400, 404, 409, 413, 429),
    dependencies=[Depends(rate_limit("upload"))],
    description=(
        "A progress-report sheet (as exported, .xlsx or .csv): a row without a report id "
        "files the lead unit's report for its task and period; a row with one changes a "
        "report not yet reviewed. Only the task's lead unit files here. "
    )
    + REPORT_IMPORT_RULES,
)
async def import_reports(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="the progress-report sheet")],
    dry_run: bool = False,
) -> JSONResponse:
    content, name = await read_upload(file, settings)
    report = report_sheet.import_reports(
        session, actor=actor, content=content, filename=name, settings=settings,
        dry_run=dry_run,
    )  # fmt: skip
    return sheet_response(report, language)


@router.get(
    "/export/project-reports",
    responses={**SHEET_FILE, **error_responses(429)},
    response_class=Response,
    dependencies=[Depends(rate_limit("search"))],
)
def export_project_reports(
    actor: CurrentActor,
    session: DbSession,
    fmt: Annotated[str, Query(alias="format", pattern="^(xlsx|csv)$")] = "xlsx",
) -> Response:
    """Every monthly report of a key project the user is related to: project, month,
    report id, hidden version, investment of the month and cumulative, texts."""
    content = project_report_sheet.export_project_reports(session, actor=actor, fmt=fmt)  # type: ignore[arg-type]
    return attachment(content, f"项目月报-{now().date().isoformat()}.{fmt}", fmt)


@router.post(
    "/import/project-reports",
    responses=error_responses(400, 404, 409, 413, 429),
    dependencies=[Depends(rate_limit("upload"))],
    description=(
        "A key projects' monthly-report sheet (as exported, .xlsx or .csv): a row without a "
        "report id files the project's month; a row with one replaces that month's report. "
        "Only the project's owner unit files. "
    )
    + REPORT_IMPORT_RULES,
)
async def import_project_reports(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="the monthly-report sheet")],
    dry_run: bool = False,
) -> JSONResponse:
    content, name = await read_upload(file, settings)
    report = project_report_sheet.import_project_reports(
        session, actor=actor, content=content, filename=name, settings=settings,
        dry_run=dry_run,
    )  # fmt: skip
    return sheet_response(report, language)


def sheet_response(report: SheetReport, language: str) -> JSONResponse:
    """200 with the report; 422 when a bad cell kept it out, 409 when only conflicts did.
    Each bad cell's ``message`` is in the reader's language (``reader_language``)."""
    status = 422 if report.errors else 409 if report.conflicts else 200
    return JSONResponse(report.as_dict(language), status_code=status)
