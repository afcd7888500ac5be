"""Progress reports on tasks: draft, file, review, evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import FileResponse

from luoshi.domains.progress import evidence
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import (
    EvidenceRead,
    ReportCreate,
    ReportDetail,
    ReportDraft,
    ReportReview,
)
from luoshi.domains.supervision import service as supervision
from luoshi.errors import TooLarge
from luoshi.web.api.params import PathId, QueryCode
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, UPLOAD, WRITE
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["reports"])

UnitQuery = Annotated[
    QueryCode | None,
    Query(description="unit code: file as this co-unit (default: the lead unit)"),
]


@router.get("/tasks/{task_id}/reports", responses=READ)
def list_reports(task_id: PathId, actor: CurrentActor, session: DbSession) -> list[ReportDetail]:
    """The lead unit's reports, newest first, each with the co-units' parts for its period."""
    return progress.report_details(session, actor=actor, task_id=task_id)


@router.get("/tasks/{task_id}/reports/draft", responses=READ)
def draft_report(
    task_id: PathId,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    unit: UnitQuery = None,
) -> ReportDraft:
    """The next report, pre-filled from the unit's last one: change only what changed."""
    return progress.draft_report(
        session, actor=actor, task_id=task_id, unit_code=unit, settings=settings
    )


@router.post("/tasks/{task_id}/reports", status_code=201, responses=WRITE)
def submit_report(
    task_id: PathId,
    data: ReportCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    unit: UnitQuery = None,
) -> ReportDetail:
    report = progress.submit_report(
        session, actor=actor, task_id=task_id, data=data, unit_code=unit, settings=settings
    )
    return progress.get_report_detail(session, actor=actor, report_id=report.id)


@router.get("/reports/{report_id}", responses=READ)
def get_report(report_id: PathId, actor: CurrentActor, session: DbSession) -> ReportDetail:
    return progress.get_report_detail(session, actor=actor, report_id=report_id)


@router.post("/reports/{report_id}/accept", responses=WRITE)
def accept_report(
    report_id: PathId,
    data: ReportReview,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ReportDetail:
    supervision.review_report(
        session,
        actor=actor,
        report_id=report_id,
        accept=True,
        comment=data.comment,
        settings=settings,
    )
    return progress.get_report_detail(session, actor=actor, report_id=report_id)


@router.post("/reports/{report_id}/return", responses=WRITE)
def return_report(
    report_id: PathId,
    data: ReportReview,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ReportDetail:
    supervision.review_report(
        session,
        actor=actor,
        report_id=report_id,
        accept=False,
        comment=data.comment,
        settings=settings,
    )
    return progress.get_report_detail(session, actor=actor, report_id=report_id)


@router.post(
    "/reports/{report_id}/evidence",
    status_code=201,
    responses=UPLOAD,
    dependencies=[Depends(rate_limit("upload"))],
)
def upload_evidence(
    report_id: PathId,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    files: Annotated[list[UploadFile], File(description="one or more evidence files")],
) -> list[EvidenceRead]:
    """Attach files to a report (multipart/form-data, field ``files``)."""
    stored = []
    for upload in files:
        content = upload.file.read(settings.evidence_max_bytes + 1)
        if len(content) > settings.evidence_max_bytes:
            raise TooLarge.of(
                "err_filename_larger_than_evidence_max_bytes_bytes",
                filename=upload.filename,
                evidence_max_bytes=settings.evidence_max_bytes,
            )
        row = evidence.add_evidence(
            session,
            actor=actor,
            report_id=report_id,
            filename=upload.filename or "",
            content=content,
            settings=settings,
        )
        stored.append(EvidenceRead.model_validate(row))
    return stored


@router.get("/evidence/{evidence_id}", response_class=FileResponse, responses=READ)
def download_evidence(
    evidence_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> FileResponse:
    row, path = evidence.open_evidence(
        session, actor=actor, evidence_id=evidence_id, settings=settings
    )
    return FileResponse(path, media_type=row.content_type, filename=row.filename)
