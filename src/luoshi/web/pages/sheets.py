"""The sheet tools of the task list, of the registers' lists (projects, proposals,
livelihood, indicators) and of the pages where reports are filed (progress reports on a
task's page, monthly reports on a project's page): export links and an import form whose
dry run is shown before anything is applied (the apply button appears only after a clean
dry run of the same file: the form carries that file's sha256)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from luoshi.errors import InvalidInput
from luoshi.interchange import (
    project_report_sheet,
    project_sheet,
    registers,
    report_sheet,
    task_sheet,
)
from luoshi.interchange.sheet_import import SheetReport
from luoshi.interchange.sheets import digest
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.pages.rendering import page_language, render, said
from luoshi.web.security import rate_limit

router = APIRouter()


@router.post(
    "/tasks/import", response_class=HTMLResponse, dependencies=[Depends(rate_limit("upload"))]
)
async def task_import(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    mode: Annotated[str, Form(pattern="^(check|apply)$", max_length=5)] = "check",
    checked: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Check (dry run) or apply a task sheet; the answer is the result fragment."""
    return await _check_or_apply(
        request, actor, file, settings, mode=mode, checked=checked, kind="tasks",
        run=lambda content, name, dry_run: task_sheet.import_tasks(
            session, actor=actor, content=content, filename=name, settings=settings,
            dry_run=dry_run,
        ),
    )  # fmt: skip


async def _check_or_apply(
    request: Request,
    actor: CurrentActor,
    file: UploadFile,
    settings: AppSettings,
    *,
    mode: str,
    checked: str,
    kind: str,
    run: Callable[[bytes, str, bool], SheetReport],
) -> Response:
    content = await file.read(settings.max_upload_bytes + 1)
    name = file.filename or ""
    apply = mode == "apply"
    try:
        if len(content) > settings.max_upload_bytes:
            raise InvalidInput.of(
                "err_file_larger_than_max_upload_bytes_bytes",
                max_upload_bytes=settings.max_upload_bytes,
            )
        if apply and checked != digest(content):
            raise InvalidInput.of("err_check_file_first_dry_run_shown_before")
        report = run(content, name, not apply)
    except InvalidInput as exc:
        return render(
            request, _template(request), status_code=422, actor=actor, error=said(request, exc),
            report=None, sheet_kind=kind,
        )  # fmt: skip
    status = 422 if report.errors else 409 if report.conflicts else 200
    return render(
        request, _template(request), status_code=status, actor=actor, error="",
        report=report.as_dict(page_language(request)), sha256=report.sha256, sheet_kind=kind,
    )  # fmt: skip


# The registers whose list pages import a sheet, each through its re-import.
REGISTER_IMPORTS: dict[str, Callable[..., SheetReport]] = {
    "projects": project_sheet.import_projects,
    **registers.IMPORTERS,
}
# The report sheets, imported from the task's and the project's pages: each row is filed
# through the progress or projects service with the page's checks (the lead unit files a
# task's report, the owner unit a project's month; any other row is refused).
REPORT_IMPORTS: dict[str, Callable[..., SheetReport]] = {
    "reports": report_sheet.import_reports,
    "project-reports": project_report_sheet.import_project_reports,
}
SHEET_IMPORTS = {**REGISTER_IMPORTS, **REPORT_IMPORTS}


def _register_import(kind: str) -> None:
    async def register_import(
        request: Request,
        actor: CurrentActor,
        session: DbSession,
        settings: AppSettings,
        file: Annotated[UploadFile, File()],
        mode: Annotated[str, Form(pattern="^(check|apply)$", max_length=5)] = "check",
        checked: Annotated[str, Form(max_length=64)] = "",
    ) -> Response:
        return await _check_or_apply(
            request, actor, file, settings, mode=mode, checked=checked, kind=kind,
            run=lambda content, name, dry_run: SHEET_IMPORTS[kind](
                session, actor=actor, content=content, filename=name, settings=settings,
                dry_run=dry_run,
            ),
        )  # fmt: skip

    router.post(
        f"/{kind}/import",
        response_class=HTMLResponse,
        dependencies=[Depends(rate_limit("upload"))],
        name=f"{kind.replace('-', '_')}_import",
    )(register_import)


for _kind in SHEET_IMPORTS:
    _register_import(_kind)


def _template(request: Request) -> str:
    """The result fragment for htmx; a whole page (with the apply form) without it."""
    if request.headers.get("HX-Request"):
        return "partials/sheet_import.html"
    return "task_import.html"
