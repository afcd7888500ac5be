"""Livelihood matters: the year's list, detail, edits, targets, period values, import, the
public switch."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from luoshi.domains.livelihood import importing, matters
from luoshi.domains.livelihood.schemas import (
    MatterCreate,
    MatterPage,
    MatterRead,
    MatterUpdate,
    TargetCreate,
    TargetRead,
    TargetUpdate,
    ValueRead,
    ValueReport,
)
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

router = SectionRouter(tags=["livelihood"])


@router.get(
    "/livelihood", responses=error_responses(404, 429), dependencies=[Depends(rate_limit("search"))]
)
def list_matters(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    light: QueryCode | None = None,
    unit: Annotated[
        QueryCode | None, Query(description="unit code: lead of the matter or of a target")
    ] = None,
    q: QueryText | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> MatterPage:
    filters = matters.MatterFilter(year=year, light=light, unit=unit, q=q)
    rows, total = matters.list_matters(
        session, actor=actor, filters=filters, page=page, page_size=page_size
    )
    return MatterPage(
        items=matters.to_reads(session, rows, language=settings.language), total=total
    )


@router.post("/livelihood", status_code=201, responses=WRITE)
def create_matter(
    data: MatterCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> MatterRead:
    matter = matters.create_matter(session, actor=actor, data=data, settings=settings)
    return matters.to_read(session, matter, language=settings.language)


@router.post(
    "/livelihood/import",
    responses=UPLOAD,
    dependencies=[Depends(rate_limit("upload"))],
    description=IMPORT_DESCRIPTION,
)
async def import_matters(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    dry_run: bool = False,
) -> JSONResponse:
    """Import the list: one row per target, optionally with a period's value."""
    content, name = await read_upload(file, settings)
    report = importing.import_matters(
        session, actor=actor, content=content, filename=name, settings=settings, dry_run=dry_run
    )
    return import_response(report, language)


@router.get("/livelihood/{matter_id}", responses=READ)
def get_matter(
    matter_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> MatterRead:
    matter = matters.get_matter_for(
        session, actor=actor, matter_id=matter_id, action="livelihood.view"
    )
    return matters.to_read(session, matter, language=settings.language)


@router.patch("/livelihood/{matter_id}", responses=WRITE)
def update_matter(
    matter_id: PathId,
    data: MatterUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> MatterRead:
    matter = matters.update_matter(
        session, actor=actor, matter_id=matter_id, data=data, settings=settings
    )
    return matters.to_read(session, matter, language=settings.language)


@router.put("/livelihood/{matter_id}/public", responses=WRITE)
def set_public(
    matter_id: PathId,
    data: PublicSwitch,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> MatterRead:
    """Show the matter on the public accountability page (/public), or stop: the office's
    choice, as the switch on the matter's page; audited when it changes."""
    matter = matters.set_public(session, actor=actor, matter_id=matter_id, public=data.public)
    return matters.to_read(session, matter, language=settings.language)


@router.post("/livelihood/{matter_id}/targets", status_code=201, responses=WRITE)
def add_target(
    matter_id: PathId,
    data: TargetCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TargetRead:
    target = matters.add_target(
        session, actor=actor, matter_id=matter_id, data=data, settings=settings
    )
    return _target(session, target.matter_id, target.id, settings.language)


@router.patch("/livelihood/targets/{target_id}", responses=WRITE)
def update_target(
    target_id: PathId,
    data: TargetUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TargetRead:
    target = matters.update_target(
        session, actor=actor, target_id=target_id, data=data, settings=settings
    )
    return _target(session, target.matter_id, target.id, settings.language)


@router.post("/livelihood/targets/{target_id}/values", responses=WRITE)
def report_value(
    target_id: PathId,
    data: ValueReport,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> JSONResponse:
    """File a period's cumulative value (201), or correct it naming its version (200)."""
    value, created = matters.report_value(
        session, actor=actor, target_id=target_id, data=data, settings=settings
    )
    body = ValueRead(
        id=value.id,
        period=value.period,
        value=value.value,
        note=value.note,
        unit_code=matters.unit_code(session, value.unit_id),
        reported_at=value.reported_at,
        version=value.version,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=201 if created else 200)


@router.get("/livelihood/{matter_id}/history", responses=READ)
def matter_history(
    matter_id: PathId, actor: CurrentActor, session: DbSession
) -> list[dict[str, Any]]:
    """The matter's audit trail (its targets and values included), newest first."""
    return [
        {
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "old": e.old,
            "new": e.new,
            "note": e.note,
        }
        for e in matters.history(session, actor=actor, matter_id=matter_id)
    ]


def _target(session: DbSession, matter_id: int, target_id: int, language: str) -> TargetRead:
    read = matters.to_read(session, matters.load_matter(session, matter_id), language=language)
    return next(t for t in read.targets if t.id == target_id)
