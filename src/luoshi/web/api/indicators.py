"""Indicators: the list, values by period and region, the board of a period, targets and
actuals, import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from luoshi.domains.livelihood import importing, indicators
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    Board,
    IndicatorCreate,
    IndicatorDetail,
    IndicatorRead,
    IndicatorUpdate,
    IndicatorValueRead,
    TargetSet,
)
from luoshi.web.api.imports import (
    IMPORT_DESCRIPTION,
    ReaderLanguage,
    import_response,
    read_upload,
)
from luoshi.web.api.params import PathId, QueryCode
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, UPLOAD, WRITE, error_responses
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["indicators"])

QueryPeriod = Annotated[
    str | None,
    Query(
        max_length=10,
        pattern=r"^[0-9A-Za-z]+$",
        description="2023Q1, 2023H1, 2023Q3 (first three quarters) or 2023",
    ),
]


@router.get("/indicators", responses=error_responses(404))
def list_indicators(actor: CurrentActor, session: DbSession) -> list[IndicatorRead]:
    return indicators.to_reads(session, indicators.list_indicators(session, actor=actor))


@router.post("/indicators", status_code=201, responses=WRITE)
def create_indicator(
    data: IndicatorCreate, actor: CurrentActor, session: DbSession
) -> IndicatorRead:
    indicator = indicators.create_indicator(session, actor=actor, data=data)
    return indicators.to_reads(session, [indicator])[0]


@router.get(
    "/indicators/values",
    responses=error_responses(404, 429),
    dependencies=[Depends(rate_limit("search"))],
)
def list_values(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    period: QueryPeriod = None,
    region: QueryCode | None = None,
    indicator: QueryCode | None = None,
    light: QueryCode | None = None,
) -> list[IndicatorValueRead]:
    """Target and actual of every period and region (one row each), with the light."""
    rows = indicators.list_values(
        session,
        actor=actor,
        filters=indicators.ValueFilter(
            period=period, region=region, indicator=indicator, light=light
        ),
    )
    return indicators.value_reads(session, rows, language=settings.language)


@router.get("/indicators/board", responses=error_responses(404))
def board(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    period: Annotated[str, Query(max_length=10, pattern=r"^[0-9A-Za-z]+$")],
) -> Board:
    """Target against actual by region for a period, the year's target beside."""
    return indicators.board(session, actor=actor, period=period, language=settings.language)


@router.post(
    "/indicators/import",
    responses=UPLOAD,
    dependencies=[Depends(rate_limit("upload"))],
    description=IMPORT_DESCRIPTION,
)
async def import_indicators(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    dry_run: bool = False,
) -> JSONResponse:
    """Import targets and actuals: one row per indicator, period and region."""
    content, name = await read_upload(file, settings)
    report = importing.import_indicators(
        session, actor=actor, content=content, filename=name, settings=settings, dry_run=dry_run
    )
    return import_response(report, language)


@router.get("/indicators/{indicator_id}", responses=READ)
def get_indicator(
    indicator_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> IndicatorDetail:
    indicator = indicators.get_indicator_for(
        session, actor=actor, indicator_id=indicator_id, action="indicator.view"
    )
    return indicators.to_detail(session, indicator, language=settings.language)


@router.patch("/indicators/{indicator_id}", responses=WRITE)
def update_indicator(
    indicator_id: PathId,
    data: IndicatorUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> IndicatorRead:
    indicator = indicators.update_indicator(
        session, actor=actor, indicator_id=indicator_id, data=data, settings=settings
    )
    return indicators.to_reads(session, [indicator])[0]


@router.put("/indicators/{indicator_id}/targets", responses=WRITE)
def set_target(
    indicator_id: PathId,
    data: TargetSet,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> IndicatorValueRead:
    """Set (or clear, with null) a period's target for a region: the office's."""
    row, _ = indicators.set_target(
        session, actor=actor, indicator_id=indicator_id, data=data, settings=settings
    )
    return indicators.value_reads(session, [row], language=settings.language)[0]


@router.put("/indicators/{indicator_id}/actuals", responses=WRITE)
def set_actual(
    indicator_id: PathId,
    data: ActualSet,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> IndicatorValueRead:
    """Enter a period's actual for a region once the period is over: the owner unit's."""
    row, _ = indicators.set_actual(
        session, actor=actor, indicator_id=indicator_id, data=data, settings=settings
    )
    return indicators.value_reads(session, [row], language=settings.language)[0]


@router.get("/indicators/{indicator_id}/history", responses=READ)
def indicator_history(
    indicator_id: PathId, actor: CurrentActor, session: DbSession
) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "old": e.old,
            "new": e.new,
            "note": e.note,
        }
        for e in indicators.history(session, actor=actor, indicator_id=indicator_id)
    ]
