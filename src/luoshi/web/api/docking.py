"""National policy docking (政策对接): each national measure and the province's answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from luoshi.domains.docking import importing
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import (
    DockingAssign,
    DockingPage,
    DockingRead,
    DockingStatus,
    DockSource,
)
from luoshi.web.api.imports import (
    IMPORT_DESCRIPTION,
    ReaderLanguage,
    import_response,
    read_upload,
)
from luoshi.web.api.params import PathId, QueryCode, QueryId, QueryText
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, UPLOAD, WRITE, error_responses
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["docking"])


@router.get(
    "/docking",
    responses=error_responses(404, 429),
    dependencies=[Depends(rate_limit("search"))],
)
def list_docking(
    actor: CurrentActor,
    session: DbSession,
    source_id: QueryId | None = None,
    unanswered: Annotated[
        bool, Query(description="only the measures with no local answer yet")
    ] = False,
    status: QueryCode | None = None,
    unit: Annotated[QueryCode | None, Query(description="unit code: owner in its subtree")] = None,
    q: QueryText | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 100,
) -> DockingPage:
    """Every national measure with its local answer; ``unanswered`` keeps those without."""
    filters = docking.DockingFilter(
        source_id=source_id, status=status, unanswered=unanswered, unit=unit, q=q
    )
    rows, total, open_ = docking.list_measures(
        session, actor=actor, filters=filters, page=page, page_size=page_size
    )
    return DockingPage(
        items=docking.to_reads(session, rows),
        total=total,
        unanswered=open_,
        page=page,
        page_size=page_size,
    )


@router.post("/docking", status_code=201, responses=WRITE)
def dock_source(data: DockSource, actor: CurrentActor, session: DbSession) -> list[DockingRead]:
    """Open the docking of a national document: an entry for each measure not yet docked."""
    made = docking.dock_source(session, actor=actor, data=data)
    return docking.to_reads(session, made)


@router.post(
    "/docking/import",
    responses=UPLOAD,
    dependencies=[Depends(rate_limit("upload"))],
    description=IMPORT_DESCRIPTION,
)
async def import_docking(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    source_id: QueryId,
    file: Annotated[UploadFile, File(description="a .csv or .xlsx docking ledger")],
    dry_run: bool = False,
) -> JSONResponse:
    """Bring one national document's docking up to date from a sheet, measure by number."""
    content, name = await read_upload(file, settings)
    report = importing.import_docking(
        session,
        actor=actor,
        source_id=source_id,
        content=content,
        filename=name,
        settings=settings,
        dry_run=dry_run,
    )
    return import_response(report, language)


@router.get("/docking/{docking_id}", responses=READ)
def get_docking(docking_id: PathId, actor: CurrentActor, session: DbSession) -> DockingRead:
    measure = docking.get_docking_for(
        session, actor=actor, docking_id=docking_id, action="docking.view"
    )
    return docking.to_reads(session, [measure])[0]


@router.patch("/docking/{docking_id}", responses=WRITE)
def assign_docking(
    docking_id: PathId, data: DockingAssign, actor: CurrentActor, session: DbSession
) -> DockingRead:
    """The office names the owner unit, the answering task and the provincial measure."""
    measure = docking.assign_measure(session, actor=actor, docking_id=docking_id, data=data)
    return docking.to_reads(session, [measure])[0]


@router.post("/docking/{docking_id}/status", responses=WRITE)
def set_docking_status(
    docking_id: PathId,
    data: DockingStatus,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> DockingRead:
    """The owner unit reports its answer's status (not applicable needs a reason)."""
    measure = docking.set_status(
        session, actor=actor, docking_id=docking_id, data=data, settings=settings
    )
    return docking.to_reads(session, [measure])[0]


@router.get("/docking/{docking_id}/history", responses=READ)
def docking_history(
    docking_id: PathId, actor: CurrentActor, session: DbSession
) -> list[dict[str, Any]]:
    measure = docking.get_docking_for(
        session, actor=actor, docking_id=docking_id, action="docking.view"
    )
    return docking.history_of(session, measure)
