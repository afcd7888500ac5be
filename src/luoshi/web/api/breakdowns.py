"""Sources: upload a text, get its draft breakdown, review it, publish it as tasks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Form, UploadFile
from pydantic import BaseModel, Field, ValidationError

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import (
    Breakdown,
    DirectiveRead,
    DirectiveUpdate,
    WorkLineRead,
)
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import KIND_PATTERN, SourceCreate, SourceDetail, SourceRead
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import PublishOptions, TaskRead
from luoshi.errors import InvalidInput, TooLarge
from luoshi.kernel.fields import LIST_MAX, Day, Id, Name, Title
from luoshi.kernel.permissions import Actor
from luoshi.web.api.params import PathId
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, UPLOAD, WRITE
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["sources"])


def _breakdown(session: DbSession, actor: Actor, source_id: int, created: bool) -> Breakdown:
    return Breakdown(
        source_id=source_id,
        created=created,
        work_lines=[
            WorkLineRead.model_validate(w)
            for w in directives.list_work_lines(session, actor=actor, source_id=source_id)
        ],
        directives=[
            DirectiveRead.model_validate(d)
            for d in directives.list_directives(session, actor=actor, source_id=source_id)
        ],
    )


@router.get("/sources")
def list_sources(actor: CurrentActor, session: DbSession) -> list[SourceRead]:
    return [SourceRead.model_validate(s) for s in sources.list_sources(session, actor=actor)]


@router.post(
    "/sources", status_code=201, responses=UPLOAD, dependencies=[Depends(rate_limit("upload"))]
)
async def upload_source(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description=".txt (UTF-8/GBK), .docx or .html")],
    title: Annotated[Title, Form()] = "",
    kind: Annotated[str, Form(pattern=KIND_PATTERN)] = "readout",
    language: Annotated[str | None, Form(pattern="^(en|zh)?$")] = None,
    doc_date: Annotated[Day | None, Form()] = None,
    issuer: Annotated[Name, Form()] = "",
) -> Breakdown:
    """Store the text verbatim and draft its breakdown (a duplicate returns the first)."""
    content = await file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise TooLarge.of(
            "err_file_larger_than_max_upload_bytes_bytes",
            max_upload_bytes=settings.max_upload_bytes,
        )
    try:
        data = SourceCreate(
            title=title,
            kind=kind,
            language=language or None,
            doc_date=doc_date,
            issuer=issuer,
            filename=file.filename or "",
        )
    except ValidationError as exc:
        # Only the file's name is not checked by the form's own fields.
        raise InvalidInput.of(
            "err_file_s_name_refused_value", value=exc.errors()[0]["msg"]
        ) from exc
    source, created = directives.ingest_source(
        session,
        actor=actor,
        content=content,
        data=data,
        max_bytes=settings.max_upload_bytes,
        calendar_file=settings.calendar_file,
    )
    return _breakdown(session, actor, source.id, created)


@router.get("/sources/{source_id}", responses=READ)
def get_source(source_id: PathId, actor: CurrentActor, session: DbSession) -> SourceDetail:
    return SourceDetail.model_validate(
        sources.get_source_for(session, actor=actor, source_id=source_id, action="source.view")
    )


@router.get("/sources/{source_id}/breakdown", responses=READ)
def get_breakdown(source_id: PathId, actor: CurrentActor, session: DbSession) -> Breakdown:
    return _breakdown(session, actor, source_id, created=False)


@router.patch("/directives/{directive_id}", responses=WRITE)
def update_directive(
    directive_id: PathId, data: DirectiveUpdate, actor: CurrentActor, session: DbSession
) -> DirectiveRead:
    return DirectiveRead.model_validate(
        directives.update_directive(session, actor=actor, directive_id=directive_id, data=data)
    )


class Merge(BaseModel):
    keep: Id
    merge: list[Id] = Field(min_length=1, max_length=LIST_MAX)


@router.post("/directives/merge", responses=WRITE)
def merge_directives(data: Merge, actor: CurrentActor, session: DbSession) -> DirectiveRead:
    return DirectiveRead.model_validate(
        directives.merge_directives(session, actor=actor, keep_id=data.keep, merge_ids=data.merge)
    )


@router.post("/sources/{source_id}/publish", status_code=201, responses=WRITE)
def publish(
    source_id: PathId,
    options: PublishOptions,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> list[TaskRead]:
    created = supervision.publish_breakdown(
        session, actor=actor, source_id=source_id, options=options, settings=settings
    )
    return tasks.to_reads(session, created)
