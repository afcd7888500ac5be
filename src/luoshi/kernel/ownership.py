"""Relations to an object owned by units of the tree: the one rule tasks and registers share.

An object (a task, a key project, a proposal…) names up to three kinds of unit: the office
that issued it and supervises it, the lead (owner) unit and co-units. Speaking for a unit
means being at it or above it in the tree. The office above a lead or co-unit does not also
speak for it: the units below act for themselves and the office supervises, so a city
office that is only a co-unit of a provincial object reads it and files its part, nothing
else. ``kernel.permissions.RELATION_ACTIONS`` says what each relation allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, in_subtree

UNIT_RELATIONS = frozenset({"office", "lead", "co_unit"})


class Placed(Protocol):
    """What the rule reads of a unit: a ``Unit``, or a row of its columns (a Core read)."""

    @property
    def id(self) -> int: ...

    @property
    def path(self) -> str: ...


U = TypeVar("U", bound=Placed)


def _strictly_below(unit: Placed, office: Placed | None) -> bool:
    return office is not None and unit.id != office.id and unit.path.startswith(office.path)


def is_office(actor: Actor, office: Placed | None) -> bool:
    return office is not None and actor.sees_path(office.path)


def spoken_for(
    actor: Actor, *, office: Placed | None, lead: U | None, co_units: Sequence[U] = ()
) -> list[U]:
    """The lead and co-units the actor speaks for, the lead first.

    The supervising office does not speak for the units below it (the system, running
    jobs for everyone, speaks for all of them).
    """
    as_office = not actor.is_system and is_office(actor, office)
    mine = []
    for unit in (lead, *co_units):
        if unit is None or not (actor.is_system or actor.sees_path(unit.path)):
            continue
        if as_office and _strictly_below(unit, office):
            continue
        mine.append(unit)
    return mine


def relations(
    actor: Actor,
    *,
    tenant_id: str,
    office: Placed | None,
    lead: Placed | None,
    co_units: Sequence[Placed] = (),
) -> frozenset[str]:
    """The actor's relations to an object of ``tenant_id``: a subset of office, lead, co_unit."""
    if actor.is_system:
        return UNIT_RELATIONS
    # An administrator (三员) has no relation to business data, wherever its unit sits.
    if tenant_id != actor.tenant_id or actor.is_admin:
        return frozenset()
    found = {"office"} if is_office(actor, office) else set()
    lead_id = lead.id if lead is not None else None
    for unit in spoken_for(actor, office=office, lead=lead, co_units=co_units):
        found.add("lead" if unit.id == lead_id else "co_unit")
    return frozenset(found)


def related(
    actor: Actor,
    tenant_column: InstrumentedAttribute[str],
    *unit_id_columns: InstrumentedAttribute[int | None] | InstrumentedAttribute[int],
) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the row": one of its units is in the actor's
    subtree (the scope of every register list). Co-unit tables add their own ``exists``."""
    if actor.is_admin:
        return false()
    if actor.is_system or actor.unit_path == "/":
        return tenant_column == actor.tenant_id
    subtree = subtree_ids(actor)
    return (tenant_column == actor.tenant_id) & or_(*(c.in_(subtree) for c in unit_id_columns))


def subtree_ids(actor: Actor) -> Select[int]:
    """SQL for the ids of the units in the actor's subtree.

    Used as ``column IN (subtree)``: not correlated, so both databases read the subtree
    once per query (and may start from it through the column's index) instead of looking
    up each row's unit as a correlated ``EXISTS`` does."""
    return select(Unit.id).where(Unit.tenant_id == actor.tenant_id, in_subtree(actor, Unit.path))


def unit_in_subtree(
    actor: Actor, unit_id_column: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """SQL for "the unit in ``unit_id_column`` is the actor's or below it" (co-unit rows)."""
    return unit_id_column.in_(subtree_ids(actor))
