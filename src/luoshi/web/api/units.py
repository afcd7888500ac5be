"""Units of the tree."""

from __future__ import annotations

from luoshi.kernel import units
from luoshi.kernel.schemas import UnitRead
from luoshi.web.api.params import PathId, QueryCode
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import CurrentActor, DbSession
from luoshi.web.errors import READ

router = SectionRouter(tags=["units"])


@router.get("/units", responses=READ)
def list_units(
    actor: CurrentActor,
    session: DbSession,
    under: QueryCode | None = None,
    kind: QueryCode | None = None,
) -> list[UnitRead]:
    return [
        UnitRead.model_validate(u)
        for u in units.list_units(session, actor=actor, under=under, kind=kind)
    ]


@router.get("/units/{unit_id}", responses=READ)
def get_unit(unit_id: PathId, actor: CurrentActor, session: DbSession) -> UnitRead:
    return UnitRead.model_validate(units.get_unit(session, actor=actor, unit_id=unit_id))
