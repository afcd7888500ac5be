"""Support items (争取支持事项): list, enter, edit, agree / land / drop, history, import."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from luoshi.domains.support import importing
from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import (
    SupportEventRead,
    SupportItemCreate,
    SupportItemDetail,
    SupportItemPage,
    SupportItemRead,
    SupportItemUpdate,
    SupportTransition,
)
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

router = SectionRouter(tags=["support items"])


@router.get(
    "/support-items",
    responses=error_responses(404, 429),
    dependencies=[Depends(rate_limit("search"))],
)
def list_support_items(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    status: QueryCode | None = None,
    light: QueryCode | None = None,
    landed_as: QueryCode | None = None,
    ministry: QueryText | None = None,
    unit: Annotated[QueryCode | None, Query(description="unit code: lead in its subtree")] = None,
    q: QueryText | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> SupportItemPage:
    filters = support.SupportFilter(
        status=status, light=light, landed_as=landed_as, ministry=ministry, unit=unit, q=q
    )
    rows, total = support.list_items(
        session, actor=actor, filters=filters, page=page, page_size=page_size
    )
    return SupportItemPage(
        items=support.to_reads(session, rows, language=settings.language),
        total=total,
        page=page,
        page_size=page_size,
    )


@router.post("/support-items", status_code=201, responses=WRITE)
def create_support_item(
    data: SupportItemCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> SupportItemRead:
    item = support.create_item(session, actor=actor, data=data, settings=settings)
    return support.to_reads(session, [item], language=settings.language)[0]


@router.post(
    "/support-items/import",
    responses=UPLOAD,
    dependencies=[Depends(rate_limit("upload"))],
    description=IMPORT_DESCRIPTION,
)
async def import_support_items(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="a .csv or .xlsx file of support items")],
    dry_run: bool = False,
) -> JSONResponse:
    """Import support items by code: new ones entered, known ones brought up to date."""
    content, name = await read_upload(file, settings)
    report = importing.import_items(
        session,
        actor=actor,
        content=content,
        filename=name,
        settings=settings,
        dry_run=dry_run,
    )
    return import_response(report, language)


@router.get("/support-items/{item_id}", responses=READ)
def get_support_item(
    item_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> SupportItemDetail:
    item = support.get_support_item_for(
        session, actor=actor, item_id=item_id, action="support.view"
    )
    return support.to_detail(session, actor, item, language=settings.language)


@router.patch("/support-items/{item_id}", responses=WRITE)
def update_support_item(
    item_id: PathId,
    data: SupportItemUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> SupportItemRead:
    item = support.update_item(session, actor=actor, item_id=item_id, data=data, settings=settings)
    return support.to_reads(session, [item], language=settings.language)[0]


@router.post("/support-items/{item_id}/transitions", responses=WRITE)
def transition_support_item(
    item_id: PathId,
    data: SupportTransition,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> SupportItemRead:
    """agree (optionally with the expected landing date), land (as policy, fund or
    project, with its detail and the record it links to) or drop (with a reason)."""
    item = support.transition_item(
        session, actor=actor, item_id=item_id, data=data, settings=settings
    )
    return support.to_reads(session, [item], language=settings.language)[0]


@router.get("/support-items/{item_id}/history", responses=READ)
def support_item_history(
    item_id: PathId, actor: CurrentActor, session: DbSession
) -> list[SupportEventRead]:
    """The item's dated steps, oldest first."""
    item = support.get_support_item_for(
        session, actor=actor, item_id=item_id, action="support.view"
    )
    return [SupportEventRead.model_validate(e) for e in support.history_of(session, item)]
