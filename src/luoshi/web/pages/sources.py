"""Source documents: upload, see the draft breakdown, publish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.domains.directives import service as directives
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import PublishOptions
from luoshi.errors import InvalidInput
from luoshi.kernel import units
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.pages.rendering import render

router = APIRouter()


@router.get("/sources", response_class=HTMLResponse)
def source_list(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return render(
        request,
        "sources.html",
        actor=actor,
        sources=sources.list_sources(session, actor=actor),
        error=None,
    )


@router.post("/sources", response_class=HTMLResponse)
async def source_upload(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    title: Annotated[str, Form()] = "",
) -> Response:
    content = await file.read(settings.max_upload_bytes + 1)
    try:
        if len(content) > settings.max_upload_bytes:
            raise InvalidInput(f"the file is larger than {settings.max_upload_bytes} bytes")
        source, _ = directives.ingest_source(
            session,
            actor=actor,
            content=content,
            data=SourceCreate(title=title, filename=file.filename or ""),
            max_bytes=settings.max_upload_bytes,
        )
    except InvalidInput as exc:
        session.rollback()
        return render(
            request,
            "sources.html",
            status_code=422,
            actor=actor,
            sources=sources.list_sources(session, actor=actor),
            error=exc.message,
        )
    return RedirectResponse(f"/sources/{source.id}", status_code=303)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_detail(
    request: Request, source_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    source = sources.get_source_for(session, actor=actor, source_id=source_id, action="source.view")
    unit_names = {u.id: u for u in units.list_units(session, actor=actor)}
    return render(
        request,
        "source.html",
        actor=actor,
        source=source,
        work_lines={
            w.id: w for w in directives.list_work_lines(session, actor=actor, source_id=source_id)
        },
        directives=directives.list_directives(session, actor=actor, source_id=source_id),
        unit_names=unit_names,
    )


@router.post("/sources/{source_id}/publish")
def source_publish(
    source_id: int, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> Response:
    tasks.publish_breakdown(
        session,
        actor=actor,
        source_id=source_id,
        options=PublishOptions(),
        report_day=settings.monthly_report_day,
    )
    return RedirectResponse(f"/tasks?q=S{source_id}-", status_code=303)
