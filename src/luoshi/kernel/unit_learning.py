"""What the suggester learns from: the deployment's units and confirmed assignments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.extract.plans import parse_plan, plan_examples, resolve_unit_names
from luoshi.extract.suggest import build_suggester
from luoshi.extract.units import LearnedExample, Suggester, UnitProfile
from luoshi.kernel import audit
from luoshi.kernel.models import Unit, UnitExample
from luoshi.kernel.permissions import Actor, check


def unit_profiles(session: Session, *, tenant_id: str) -> list[UnitProfile]:
    stmt = (
        select(Unit).where(Unit.tenant_id == tenant_id, Unit.active.is_(True)).order_by(Unit.path)
    )
    return [
        UnitProfile(
            code=u.code,
            name_zh=u.name_zh,
            name_en=u.name_en,
            aliases=tuple([u.short_zh, *u.aliases] if u.short_zh else u.aliases),
            functions=u.functions,
            kind=u.kind,
        )
        for u in session.scalars(stmt)
    ]


def learned_examples(session: Session, *, tenant_id: str) -> list[LearnedExample]:
    stmt = (
        select(UnitExample.text, Unit.code, UnitExample.role)
        .join(Unit, Unit.id == UnitExample.unit_id)
        .where(UnitExample.tenant_id == tenant_id)
        .order_by(UnitExample.id)
    )
    return [LearnedExample(text=t, unit_code=c, role=r) for t, c, r in session.execute(stmt)]


def suggester_for(session: Session, *, tenant_id: str) -> Suggester | None:
    """A suggester over the tenant's units and examples; None when no unit is loaded."""
    profiles = unit_profiles(session, tenant_id=tenant_id)
    if not profiles:
        return None
    return build_suggester(profiles, learned_examples(session, tenant_id=tenant_id))


def record_example(
    session: Session,
    *,
    actor: Actor,
    text: str,
    unit_id: int,
    role: str,
    origin: str,
    origin_ref: str = "",
) -> UnitExample:
    example = UnitExample(
        tenant_id=actor.tenant_id,
        text=text,
        unit_id=unit_id,
        role=role,
        origin=origin,
        origin_ref=origin_ref,
    )
    session.add(example)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="unit_example.create",
        object_type="unit_example",
        object_id=example.id,
        new={"unit_id": unit_id, "role": role, "origin": origin, "origin_ref": origin_ref},
        note=text[:200],
    )
    return example


@dataclass(frozen=True)
class LearnResult:
    items: int
    examples: int
    unresolved: tuple[str, ...]
    dry_run: bool


def learn_from_plan(
    session: Session, *, actor: Actor, text: str, origin_ref: str, dry_run: bool = False
) -> LearnResult:
    """Import a task-division plan: each clause and its lead/co-units become examples."""
    check(actor, "unit.manage")
    profiles = unit_profiles(session, tenant_id=actor.tenant_id)
    ids = {
        code: unit_id
        for code, unit_id in session.execute(
            select(Unit.code, Unit.id).where(Unit.tenant_id == actor.tenant_id)
        )
    }
    items = parse_plan(text)
    written = [name for item in items for name in (*item.lead_units, *item.co_units)]
    resolution = resolve_unit_names(written, profiles)
    examples = plan_examples(items, resolution)
    if not dry_run:
        for example in examples:
            record_example(
                session,
                actor=actor,
                text=example.text,
                unit_id=ids[example.unit_code],
                role=example.role,
                origin="plan",
                origin_ref=origin_ref,
            )
        audit.record(
            session,
            actor=actor,
            action="unit.learn",
            object_type="unit_example",
            object_id=None,
            new={"plan": origin_ref, "items": len(items), "examples": len(examples)},
        )
    return LearnResult(len(items), len(examples), tuple(resolution.unresolved), dry_run)
