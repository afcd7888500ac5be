"""Load and check livelihood matters and indicators: who may see and do what to them.

A matter's relations come from its office unit, its lead unit (牵头单位) and, as co-units,
the lead units of its targets other than the matter's own lead: each reports its target's
values. An indicator has an office and an owner unit (the lead relation). The rule of who
speaks for whom is the one every object owned by units shares (``kernel.ownership``).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from luoshi.domains.livelihood.models import Indicator, LivelihoodMatter, LivelihoodTarget
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check


def _unit(session: Session, unit_id: int | None) -> Unit | None:
    return session.get(Unit, unit_id) if unit_id is not None else None


def matter_co_units(session: Session, matter: LivelihoodMatter) -> list[Unit]:
    leads = select(LivelihoodTarget.lead_unit_id).where(
        LivelihoodTarget.matter_id == matter.id,
        LivelihoodTarget.lead_unit_id != matter.lead_unit_id,
    )
    stmt = select(Unit).where(Unit.id.in_(leads)).order_by(Unit.path)
    return list(session.scalars(stmt))


def matter_relations(session: Session, actor: Actor, matter: LivelihoodMatter) -> frozenset[str]:
    return ownership.relations(
        actor,
        tenant_id=matter.tenant_id,
        office=_unit(session, matter.office_unit_id),
        lead=_unit(session, matter.lead_unit_id),
        co_units=matter_co_units(session, matter),
    )


def get_matter_for(
    session: Session, *, actor: Actor, matter_id: int, action: str
) -> LivelihoodMatter:
    """Load a matter and check ``action``: NotFound without a relation, PermissionDenied
    when related but not allowed."""
    matter = session.get(LivelihoodMatter, matter_id)
    if matter is None or matter.tenant_id != actor.tenant_id:
        raise NotFound.of("err_livelihood_matter_not_found")
    check(
        actor,
        action,
        relations=matter_relations(session, actor, matter),
        what="livelihood matter",
    )
    return matter


def get_target_for(
    session: Session, *, actor: Actor, target_id: int, action: str
) -> tuple[LivelihoodMatter, LivelihoodTarget]:
    target = session.get(LivelihoodTarget, target_id)
    if target is None or target.tenant_id != actor.tenant_id:
        raise NotFound.of("err_livelihood_target_not_found")
    matter = get_matter_for(session, actor=actor, matter_id=target.matter_id, action=action)
    return matter, target


def speaks_for_target(
    session: Session, actor: Actor, matter: LivelihoodMatter, target: LivelihoodTarget
) -> bool:
    """Whether the actor reports for this target: as its lead unit, or as the matter's."""
    speaking = ownership.spoken_for(
        actor,
        office=_unit(session, matter.office_unit_id),
        lead=_unit(session, matter.lead_unit_id),
        co_units=matter_co_units(session, matter),
    )
    return any(u.id in (target.lead_unit_id, matter.lead_unit_id) for u in speaking)


def matters_visible(actor: Actor) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the matter" (the scope of every list)."""
    base = ownership.related(
        actor,
        LivelihoodMatter.tenant_id,
        LivelihoodMatter.office_unit_id,
        LivelihoodMatter.lead_unit_id,
    )
    if actor.is_admin or actor.is_system or actor.unit_path == "/":
        return base
    as_co_unit = exists().where(
        LivelihoodTarget.matter_id == LivelihoodMatter.id,
        ownership.unit_in_subtree(actor, LivelihoodTarget.lead_unit_id),
    )
    return (LivelihoodMatter.tenant_id == actor.tenant_id) & (base | as_co_unit)


# ---------------------------------------------------------------- indicators


def indicator_relations(session: Session, actor: Actor, indicator: Indicator) -> frozenset[str]:
    return ownership.relations(
        actor,
        tenant_id=indicator.tenant_id,
        office=_unit(session, indicator.office_unit_id),
        lead=_unit(session, indicator.owner_unit_id),
    )


def get_indicator_for(
    session: Session, *, actor: Actor, indicator_id: int, action: str
) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None or indicator.tenant_id != actor.tenant_id:
        raise NotFound.of("err_indicator_not_found")
    check(
        actor,
        action,
        relations=indicator_relations(session, actor, indicator),
        what="indicator",
    )
    return indicator


def indicators_visible(actor: Actor) -> ColumnElement[bool]:
    return ownership.related(
        actor, Indicator.tenant_id, Indicator.office_unit_id, Indicator.owner_unit_id
    )
