"""Key projects: list, metrics, import, detail, edit, stage, national plan, year plans,
monthly reports and their photos, history, the public switch."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Path, Query, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from luoshi.domains.progress import schedule
from luoshi.domains.projects import importing
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import (
    MetricsRead,
    NationalPlanSet,
    PhotoRead,
    ProjectCreate,
    ProjectDetail,
    ProjectPage,
    ProjectRead,
    ProjectReportCreate,
    ProjectReportRead,
    ProjectUpdate,
    StageChange,
    YearPlanSet,
)
from luoshi.errors import TooLarge
from luoshi.kernel import audit
from luoshi.kernel.schemas import PublicSwitch
from luoshi.web.api.imports import (
    IMPORT_DESCRIPTION,
    ReaderLanguage,
    import_response,
    read_upload,
)
from luoshi.web.api.params import PathId, QueryCode, QueryText
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, UPLOAD, WRITE, error_responses
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["projects"])


def _filters(
    stage: QueryCode | None = None,
    national_plan: QueryCode | None = None,
    level: QueryCode | None = None,
    industry: QueryCode | None = None,
    light: QueryCode | None = None,
    region: Annotated[
        QueryCode | None, Query(description="unit code: the region or a unit above it")
    ] = None,
    owner: Annotated[
        QueryCode | None, Query(description="unit code: the owner or a unit above it")
    ] = None,
    q: QueryText | None = None,
) -> projects.ProjectFilter:
    return projects.ProjectFilter(
        stage=stage,
        national_plan=national_plan,
        level=level,
        industry=industry,
        light=light,
        region=region,
        owner=owner,
        q=q,
    )


Filters = Annotated[projects.ProjectFilter, Depends(_filters)]


def _detail(
    session: DbSession, project_id: int, actor: CurrentActor, settings: AppSettings
) -> ProjectDetail:
    project = projects.get_project_for(
        session, actor=actor, project_id=project_id, action="project.view"
    )
    return projects.to_detail(
        session,
        project,
        settings=settings,
        on=schedule.today(settings),
        language=settings.language,
    )


@router.get(
    "/projects",
    responses=error_responses(404, 429),
    dependencies=[Depends(rate_limit("search"))],
)
def list_projects(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    filters: Filters,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ProjectPage:
    """The projects the actor is related to, with this year's plan, investment and light."""
    items, total = projects.list_project_reads(
        session,
        actor=actor,
        on=schedule.today(settings),
        language=settings.language,
        filters=filters,
        page=page,
        page_size=page_size,
    )
    return ProjectPage(
        items=items,
        total=total,
        page=page,
        page_size=page_size,
    )


@router.post("/projects", status_code=201, responses=WRITE)
def create_project(
    data: ProjectCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> ProjectRead:
    project = projects.create_project(session, actor=actor, data=data, settings=settings)
    return projects.to_reads(
        session, [project], on=schedule.today(settings), language=settings.language
    )[0]


@router.get("/projects/metrics", responses=error_responses(404))
def project_metrics(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    filters: Filters,
    by: Annotated[str, Query(pattern="^(region|industry|owner|level)$")] = "region",
    year: Annotated[int | None, Query(ge=1900, le=2199)] = None,
) -> MetricsRead:
    """Plan completion against the year elapsed (序时进度), new-start rate against plan,
    completions and start-of-production counts, in all and by group."""
    return projects.metrics(
        session, actor=actor, settings=settings, by=by, year=year, filters=filters
    )


@router.post(
    "/projects/import",
    responses=error_responses(400, 404, 409, 413, 429),
    dependencies=[Depends(rate_limit("upload"))],
    description=IMPORT_DESCRIPTION,
)
async def import_projects(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="the projects table")],
    dry_run: bool = False,
) -> JSONResponse:
    content, name = await read_upload(file, settings)
    report = importing.import_projects(
        session,
        actor=actor,
        content=content,
        filename=name,
        settings=settings,
        dry_run=dry_run,
    )
    return import_response(report, language)


@router.get("/projects/{project_id}", responses=READ)
def get_project(
    project_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> ProjectDetail:
    return _detail(session, project_id, actor, settings)


@router.patch("/projects/{project_id}", responses=WRITE)
def update_project(
    project_id: PathId,
    data: ProjectUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProjectDetail:
    projects.update_project(
        session, actor=actor, project_id=project_id, data=data, settings=settings
    )
    return _detail(session, project_id, actor, settings)


@router.post("/projects/{project_id}/stage", responses=WRITE)
def change_stage(
    project_id: PathId,
    data: StageChange,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProjectDetail:
    """Move the project one stage on, dated (default: today)."""
    projects.change_stage(session, actor=actor, project_id=project_id, data=data, settings=settings)
    return _detail(session, project_id, actor, settings)


@router.put("/projects/{project_id}/public", responses=WRITE)
def set_public(
    project_id: PathId,
    data: PublicSwitch,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProjectDetail:
    """Show the project on the public accountability page (/public), or stop: the office's
    choice, as the switch on the project's page; audited when it changes."""
    projects.set_public(session, actor=actor, project_id=project_id, public=data.public)
    return _detail(session, project_id, actor, settings)


@router.post("/projects/{project_id}/national-plan", responses=WRITE)
def set_national_plan(
    project_id: PathId,
    data: NationalPlanSet,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProjectDetail:
    projects.set_national_plan(
        session, actor=actor, project_id=project_id, data=data, settings=settings
    )
    return _detail(session, project_id, actor, settings)


@router.put("/projects/{project_id}/year-plans/{year}", responses=WRITE)
def set_year_plan(
    project_id: PathId,
    year: Annotated[int, Path(ge=1900, le=2199)],
    data: YearPlanSet,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProjectDetail:
    projects.set_year_plan(
        session, actor=actor, project_id=project_id, year=year, data=data, settings=settings
    )
    return _detail(session, project_id, actor, settings)


@router.get("/projects/{project_id}/reports", responses=READ)
def list_reports(
    project_id: PathId, actor: CurrentActor, session: DbSession
) -> list[ProjectReportRead]:
    project = projects.get_project_for(
        session, actor=actor, project_id=project_id, action="project.view"
    )
    return projects.report_reads(session, project)


@router.post("/projects/{project_id}/reports", status_code=201, responses=WRITE)
def submit_report(
    project_id: PathId,
    data: ProjectReportCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProjectReportRead:
    """The owner unit's report for a month; the cumulative is derived from the months."""
    report = projects.submit_report(
        session, actor=actor, project_id=project_id, data=data, settings=settings
    )
    project = projects.get_project_for(
        session, actor=actor, project_id=project_id, action="project.view"
    )
    return next(r for r in projects.report_reads(session, project) if r.id == report.id)


@router.post(
    "/projects/{project_id}/reports/{report_id}/photos",
    status_code=201,
    responses=UPLOAD,
    dependencies=[Depends(rate_limit("upload"))],
)
def upload_photos(
    project_id: PathId,
    report_id: PathId,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    files: Annotated[list[UploadFile], File(description="one or more photos")],
) -> list[PhotoRead]:
    """Attach photos to a monthly report (multipart/form-data, field ``files``)."""
    stored = []
    for upload in files:
        content = upload.file.read(settings.evidence_max_bytes + 1)
        if len(content) > settings.evidence_max_bytes:
            raise TooLarge.of(
                "err_filename_larger_than_evidence_max_bytes_bytes",
                filename=upload.filename,
                evidence_max_bytes=settings.evidence_max_bytes,
            )
        photo = projects.add_photo(
            session,
            actor=actor,
            project_id=project_id,
            report_id=report_id,
            filename=upload.filename or "",
            content=content,
            settings=settings,
        )
        stored.append(
            PhotoRead(
                id=photo.id,
                filename=photo.filename,
                content_type=photo.content_type,
                size=photo.size,
            )
        )
    return stored


@router.get("/projects/{project_id}/photos/{photo_id}", response_class=FileResponse, responses=READ)
def download_photo(
    project_id: PathId,
    photo_id: PathId,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> FileResponse:
    photo, path = projects.open_photo(
        session, actor=actor, project_id=project_id, photo_id=photo_id, settings=settings
    )
    return FileResponse(path, media_type=photo.content_type, filename=photo.filename)


@router.get("/projects/{project_id}/history", responses=READ)
def project_history(
    project_id: PathId, actor: CurrentActor, session: DbSession
) -> list[dict[str, Any]]:
    """The project's audit trail, newest first."""
    project = projects.get_project_for(
        session, actor=actor, project_id=project_id, action="project.view"
    )
    events = audit.history_of(
        session, tenant_id=actor.tenant_id, object_type="project", object_id=project.id
    )
    return [
        {
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "old": e.old,
            "new": e.new,
            "note": e.note,
        }
        for e in events
    ]
