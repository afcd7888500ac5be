"""Units of the tree."""

from __future__ import annotations

from fastapi import APIRouter

from luoshi.kernel import units
from luoshi.kernel.schemas import UnitRead
from luoshi.web.deps import CurrentActor, DbSession

router = APIRouter(tags=["units"])


@router.get("/units")
def list_units(
    actor: CurrentActor, session: DbSession, under: str | None = None, kind: str | None = None
) -> list[UnitRead]:
    return [
        UnitRead.model_validate(u)
        for u in units.list_units(session, actor=actor, under=under, kind=kind)
    ]


@router.get("/units/{unit_id}")
def get_unit(unit_id: int, actor: CurrentActor, session: DbSession) -> UnitRead:
    return UnitRead.model_validate(units.get_unit(session, actor=actor, unit_id=unit_id))
