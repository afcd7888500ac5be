"""Livelihood matters: the year's list, its targets, values reported by period, lights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.db import bump_version
from luoshi.domains.livelihood import access, rules
from luoshi.domains.livelihood.access import get_matter_for as get_matter_for
from luoshi.domains.livelihood.models import LivelihoodMatter, LivelihoodTarget, LivelihoodValue
from luoshi.domains.livelihood.periods import check_cycle, periods_of, reporting_period
from luoshi.domains.livelihood.schemas import (
    MatterCreate,
    MatterRead,
    MatterUpdate,
    PublicMatter,
    PublicTarget,
    TargetCreate,
    TargetRead,
    TargetUpdate,
    UnitRef,
    ValueRead,
    ValueReport,
    light_out,
)
from luoshi.errors import Conflict, InvalidInput, PermissionDenied, StaleEdit
from luoshi.kernel import audit, units
from luoshi.kernel.models import AuditEvent, Unit
from luoshi.kernel.pace import worst
from luoshi.kernel.permissions import Actor, allows, check
from luoshi.settings import Settings

MATTER_FIELDS = ("year", "number", "name", "description", "lead_unit_id", "report_cycle")
TARGET_FIELDS = ("name", "measure", "baseline", "target_value", "lead_unit_id", "regions")
LIGHTS = ("green", "yellow", "red", "completed", "not_started")


def check_version(
    obj: LivelihoodMatter | LivelihoodTarget | LivelihoodValue, version: int | None
) -> None:
    if version is not None and version != obj.version:
        raise StaleEdit.of(
            "err_was_changed_by_someone_else_version_version",
            version=obj.version,
            version2=version,
            details={"current_version": obj.version},
        )


def _unit(session: Session, actor: Actor, code: str) -> Unit:
    return units.named_unit(session, tenant_id=actor.tenant_id, code=code)


def _office(session: Session, actor: Actor, code: str | None) -> Unit:
    """The office unit: the actor's own, or a unit in its subtree it names."""
    top = units.acting_unit(session, actor=actor)
    if code is None:
        return top
    office = _unit(session, actor, code)
    units.check_within(office, top)
    return office


def _under(session: Session, actor: Actor, code: str, office: Unit) -> Unit:
    unit = _unit(session, actor, code)
    units.check_within(unit, office)
    return unit


def _regions(session: Session, actor: Actor, codes: Sequence[str]) -> list[str]:
    return [_unit(session, actor, c).code for c in dict.fromkeys(codes)]


# ---------------------------------------------------------------- writing


def create_matter(
    session: Session, *, actor: Actor, data: MatterCreate, settings: Settings
) -> LivelihoodMatter:
    """A matter of the year's list with its targets, kept by the creator's office (or a
    unit below it); its lead and the targets' lead units lie under that office."""
    check(actor, "livelihood.manage")
    office = _office(session, actor, data.office_unit)
    lead = _under(session, actor, data.lead_unit, office)
    taken = session.scalar(
        select(LivelihoodMatter.id).where(
            LivelihoodMatter.tenant_id == actor.tenant_id,
            LivelihoodMatter.year == data.year,
            LivelihoodMatter.number == data.number,
        )
    )
    if taken is not None:
        raise Conflict.of(
            "err_year_list_already_has_matter_number_number", year=data.year, number=data.number
        )
    matter = LivelihoodMatter(
        tenant_id=actor.tenant_id,
        year=data.year,
        number=data.number,
        name=data.name,
        description=data.description,
        office_unit_id=office.id,
        lead_unit_id=lead.id,
        report_cycle=data.report_cycle,
        created_by_id=actor.user_id,
    )
    session.add(matter)
    session.flush()
    created = [
        _insert_target(session, actor, matter, office, t, audited=False) for t in data.targets
    ]
    audit.record(
        session,
        actor=actor,
        action="livelihood.create",
        object_type="livelihood_matter",
        object_id=matter.id,
        new={
            **audit.snapshot(matter, MATTER_FIELDS),
            "targets": [{"target_id": t.id, **audit.snapshot(t, TARGET_FIELDS)} for t in created],
        },
    )
    refresh_light(session, matter=matter, settings=settings)
    return matter


def update_matter(
    session: Session, *, actor: Actor, matter_id: int, data: MatterUpdate, settings: Settings
) -> LivelihoodMatter:
    matter = get_matter_for(session, actor=actor, matter_id=matter_id, action="livelihood.manage")
    check_version(matter, data.version)
    old = audit.snapshot(matter, MATTER_FIELDS)
    office = session.get(Unit, matter.office_unit_id)
    assert office is not None
    if data.name is not None:
        matter.name = data.name
    if data.description is not None:
        matter.description = data.description
    if data.lead_unit is not None:
        matter.lead_unit_id = _under(session, actor, data.lead_unit, office).id
    if data.report_cycle is not None and data.report_cycle != matter.report_cycle:
        if _has_values(session, matter):
            raise InvalidInput.of("err_values_are_reported_already_report_cycle_stays")
        matter.report_cycle = data.report_cycle
    new = audit.snapshot(matter, MATTER_FIELDS)
    if new != old:
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="livelihood.update",
            object_type="livelihood_matter",
            object_id=matter.id,
            old=old,
            new=new,
        )
        refresh_light(session, matter=matter, settings=settings)
    return matter


def _has_values(session: Session, matter: LivelihoodMatter) -> bool:
    found = session.scalar(
        select(LivelihoodValue.id)
        .join(LivelihoodTarget, LivelihoodTarget.id == LivelihoodValue.target_id)
        .where(LivelihoodTarget.matter_id == matter.id)
        .limit(1)
    )
    return found is not None


def _insert_target(
    session: Session,
    actor: Actor,
    matter: LivelihoodMatter,
    office: Unit,
    data: TargetCreate,
    *,
    audited: bool = True,
) -> LivelihoodTarget:
    lead_id = (
        _under(session, actor, data.lead_unit, office).id if data.lead_unit else matter.lead_unit_id
    )
    if session.scalar(
        select(LivelihoodTarget.id).where(
            LivelihoodTarget.matter_id == matter.id, LivelihoodTarget.name == data.name
        )
    ):
        raise Conflict.of(
            "err_matter_number_already_has_target_named_name", number=matter.number, name=data.name
        )
    position = (
        session.scalar(
            select(func.max(LivelihoodTarget.position)).where(
                LivelihoodTarget.matter_id == matter.id
            )
        )
        or 0
    ) + 1
    target = LivelihoodTarget(
        tenant_id=matter.tenant_id,
        matter_id=matter.id,
        position=position,
        name=data.name,
        measure=data.measure,
        baseline=data.baseline,
        target_value=data.target_value,
        lead_unit_id=lead_id,
        regions=_regions(session, actor, data.regions),
    )
    session.add(target)
    session.flush()
    if audited:  # a new matter's targets are part of its creation event
        audit.record(
            session,
            actor=actor,
            action="livelihood.target_create",
            object_type="livelihood_matter",
            object_id=matter.id,
            new={"target_id": target.id, **audit.snapshot(target, TARGET_FIELDS)},
        )
        bump_version(matter)
    return target


def add_target(
    session: Session, *, actor: Actor, matter_id: int, data: TargetCreate, settings: Settings
) -> LivelihoodTarget:
    matter = get_matter_for(session, actor=actor, matter_id=matter_id, action="livelihood.manage")
    office = session.get(Unit, matter.office_unit_id)
    assert office is not None
    target = _insert_target(session, actor, matter, office, data)
    refresh_light(session, matter=matter, settings=settings)
    return target


def update_target(
    session: Session, *, actor: Actor, target_id: int, data: TargetUpdate, settings: Settings
) -> LivelihoodTarget:
    matter, target = access.get_target_for(
        session, actor=actor, target_id=target_id, action="livelihood.manage"
    )
    check_version(target, data.version)
    office = session.get(Unit, matter.office_unit_id)
    assert office is not None
    old = audit.snapshot(target, TARGET_FIELDS)
    for name in ("name", "measure", "baseline", "target_value"):
        value = getattr(data, name)
        if value is not None:
            setattr(target, name, value)
    if data.lead_unit is not None:
        target.lead_unit_id = _under(session, actor, data.lead_unit, office).id
    if data.regions is not None:
        target.regions = _regions(session, actor, data.regions)
    new = audit.snapshot(target, TARGET_FIELDS)
    if new != old:
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="livelihood.target_update",
            object_type="livelihood_matter",
            object_id=matter.id,
            old={"target_id": target.id, **old},
            new={"target_id": target.id, **new},
        )
        refresh_light(session, matter=matter, settings=settings)
    return target


def report_value(
    session: Session, *, actor: Actor, target_id: int, data: ValueReport, settings: Settings
) -> tuple[LivelihoodValue, bool]:
    """File (or correct, naming the version read) a target's cumulative value by the end of
    a period; the target's lead unit or the matter's reports it. Returns the value and
    whether it was new."""
    matter, target = access.get_target_for(
        session, actor=actor, target_id=target_id, action="livelihood.report"
    )
    if not access.speaks_for_target(session, actor, matter, target):
        raise PermissionDenied.of(
            "err_username_may_not_report_target_only_lead",
            username=actor.username,
            action="livelihood.report",
        )
    period = check_cycle(data.period, matter.report_cycle, matter.year)
    if clock.today() < period.start:
        raise InvalidInput.of("err_period_code_has_not_begun_value_cannot", code=period.code)
    row = session.scalar(
        select(LivelihoodValue).where(
            LivelihoodValue.target_id == target.id, LivelihoodValue.period == period.code
        )
    )
    reporter = units.acting_unit(session, actor=actor)
    if row is None:
        row = LivelihoodValue(
            tenant_id=target.tenant_id,
            target_id=target.id,
            period=period.code,
            value=data.value,
            note=data.note,
            unit_id=reporter.id,
            reported_by_id=actor.user_id,
            reported_at=clock.now(),
        )
        session.add(row)
        session.flush()
        old = None
        created = True
    else:
        check_version(row, data.version)
        old = {"period": row.period, "value": row.value, "note": row.note}
        if (row.value, row.note) == (data.value, data.note):
            return row, False
        row.value, row.note = data.value, data.note
        row.unit_id, row.reported_by_id, row.reported_at = reporter.id, actor.user_id, clock.now()
        session.flush()
        created = False
    audit.record(
        session,
        actor=actor,
        action="livelihood.report",
        object_type="livelihood_matter",
        object_id=matter.id,
        old={"target_id": target.id, **old} if old else None,
        new={"target_id": target.id, "period": row.period, "value": row.value, "note": row.note},
    )
    refresh_light(session, matter=matter, settings=settings)
    return row, created


# ---------------------------------------------------------------- lights


def values_of(session: Session, target_ids: Sequence[int]) -> dict[int, list[LivelihoodValue]]:
    found: dict[int, list[LivelihoodValue]] = {i: [] for i in target_ids}
    if not target_ids:
        return found
    rows = session.scalars(
        select(LivelihoodValue)
        .where(LivelihoodValue.target_id.in_(target_ids))
        .order_by(LivelihoodValue.period)
    )
    for row in rows:
        found[row.target_id].append(row)
    return found


def targets_of(session: Session, matter_ids: Sequence[int]) -> dict[int, list[LivelihoodTarget]]:
    found: dict[int, list[LivelihoodTarget]] = {i: [] for i in matter_ids}
    if not matter_ids:
        return found
    rows = session.scalars(
        select(LivelihoodTarget)
        .where(LivelihoodTarget.matter_id.in_(matter_ids))
        .order_by(LivelihoodTarget.matter_id, LivelihoodTarget.position)
    )
    for row in rows:
        found[row.matter_id].append(row)
    return found


def refresh_light(
    session: Session, *, matter: LivelihoodMatter, settings: Settings, on: date | None = None
) -> str:
    """Recompute the lights of the matter's targets and of the matter (the worst of them);
    returns the matter's colour."""
    on = on or clock.today()
    targets = targets_of(session, [matter.id])[matter.id]
    values = values_of(session, [t.id for t in targets])
    periods = periods_of(matter.year, matter.report_cycle)
    lights = []
    stamp = clock.now()
    for target in targets:
        light = rules.target_light(
            on=on,
            year=matter.year,
            periods=periods,
            reported=[
                rules.Reported(reporting_period(v.period), v.value) for v in values[target.id]
            ],
            baseline=target.baseline,
            target=target.target_value,
            measure=target.measure,
            report_day=settings.livelihood_report_day,
            yellow_lag=settings.light_yellow_lag,
            red_lag=settings.light_red_lag,
            missing_red=settings.light_missing_reports_red,
        )
        reasons = [r.as_dict() for r in light.reasons]
        if (target.light, target.light_reasons) != (light.color, reasons):
            target.light, target.light_reasons, target.light_at = light.color, reasons, stamp
        lights.append(light)
    if not lights:
        color, reasons = "not_started", []
    elif all(x.color == "completed" for x in lights):
        color, reasons = "completed", [r.as_dict() for x in lights for r in x.reasons]
    else:
        open_ = worst(*(x for x in lights if x.color != "completed"))
        color, reasons = open_.color, [r.as_dict() for r in open_.reasons]
    if (matter.light, matter.light_reasons) != (color, reasons):
        matter.light, matter.light_reasons, matter.light_at = color, reasons, stamp
    session.flush()
    return color


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class MatterFilter:
    year: int | None = None
    light: str | None = None
    unit: str | None = None  # unit code: lead of the matter or of a target, in its subtree
    q: str | None = None


def list_matters(
    session: Session,
    *,
    actor: Actor,
    filters: MatterFilter = MatterFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[LivelihoodMatter], int]:
    check(actor, "livelihood.view")
    if page < 1 or not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    if filters.light is not None and filters.light not in LIGHTS:
        raise InvalidInput.of("err_light_one_lights", lights=", ".join(LIGHTS))
    stmt = select(LivelihoodMatter).where(access.matters_visible(actor))
    if filters.year is not None:
        stmt = stmt.where(LivelihoodMatter.year == filters.year)
    if filters.light:
        stmt = stmt.where(LivelihoodMatter.light == filters.light)
    if filters.q:
        stmt = stmt.where(LivelihoodMatter.name.contains(filters.q, autoescape=True))
    if filters.unit:
        unit = _unit(session, actor, filters.unit)
        leads = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
        stmt = stmt.where(
            or_(
                LivelihoodMatter.lead_unit_id.in_(leads),
                LivelihoodMatter.id.in_(
                    select(LivelihoodTarget.matter_id).where(
                        LivelihoodTarget.lead_unit_id.in_(leads)
                    )
                ),
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(LivelihoodMatter.year.desc(), LivelihoodMatter.number)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(rows), total


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def to_reads(
    session: Session,
    rows: Sequence[LivelihoodMatter],
    *,
    language: str,
    with_values: bool = False,
) -> list[MatterRead]:
    if not rows:
        return []
    targets = targets_of(session, [m.id for m in rows])
    all_targets = [t for ts in targets.values() for t in ts]
    values = values_of(session, [t.id for t in all_targets])
    unit_ids = {m.office_unit_id for m in rows} | {m.lead_unit_id for m in rows}
    unit_ids |= {t.lead_unit_id for t in all_targets}
    unit_ids |= {v.unit_id for vs in values.values() for v in vs}
    refs = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}

    def target_read(t: LivelihoodTarget) -> TargetRead:
        vs = values[t.id]
        latest = max(vs, key=lambda v: reporting_period(v.period).end, default=None)
        return TargetRead(
            id=t.id,
            name=t.name,
            measure=t.measure,
            baseline=t.baseline,
            target_value=t.target_value,
            actual_value=latest.value if latest else None,
            latest_period=latest.period if latest else None,
            completion=(
                round(rules.completion(latest.value, baseline=t.baseline, target=t.target_value), 4)
                if latest
                else None
            ),
            lead_unit=_ref(refs[t.lead_unit_id]),
            regions=list(t.regions),
            light=light_out(t.light, t.light_reasons, language),
            version=t.version,
            values=[
                ValueRead(
                    id=v.id,
                    period=v.period,
                    value=v.value,
                    note=v.note,
                    unit_code=refs[v.unit_id].code,
                    reported_at=v.reported_at,
                    version=v.version,
                )
                for v in vs
            ]
            if with_values
            else [],
        )

    return [
        MatterRead(
            id=m.id,
            year=m.year,
            number=m.number,
            name=m.name,
            description=m.description,
            report_cycle=m.report_cycle,
            office_unit=_ref(refs[m.office_unit_id]),
            lead_unit=_ref(refs[m.lead_unit_id]),
            light=light_out(m.light, m.light_reasons, language),
            version=m.version,
            targets=[target_read(t) for t in targets[m.id]],
            public=m.public,
        )
        for m in rows
    ]


def to_read(
    session: Session, matter: LivelihoodMatter, *, language: str, with_values: bool = True
) -> MatterRead:
    return to_reads(session, [matter], language=language, with_values=with_values)[0]


def history(session: Session, *, actor: Actor, matter_id: int) -> list[AuditEvent]:
    get_matter_for(session, actor=actor, matter_id=matter_id, action="livelihood.view")
    return audit.history_of(
        session, tenant_id=actor.tenant_id, object_type="livelihood_matter", object_id=matter_id
    )


def load_matter(session: Session, matter_id: int) -> LivelihoodMatter:
    """A matter already checked by the caller (to read back what it just changed)."""
    matter = session.get(LivelihoodMatter, matter_id)
    assert matter is not None
    return matter


def unit_code(session: Session, unit_id: int) -> str:
    unit = session.get(Unit, unit_id)
    return unit.code if unit is not None else ""


def viewer_rights(
    session: Session, *, actor: Actor, matter: LivelihoodMatter
) -> tuple[bool, set[int]]:
    """Whether the viewer may edit the matter, and the targets it may report (the forms a
    page shows: the services decide again)."""
    relations = access.matter_relations(session, actor, matter)
    manage = allows(actor, "livelihood.manage", relations)
    reportable: set[int] = set()
    if allows(actor, "livelihood.report", relations):
        reportable = {
            t.id
            for t in targets_of(session, [matter.id])[matter.id]
            if access.speaks_for_target(session, actor, matter, t)
        }
    return manage, reportable


def check_target_of(session: Session, *, actor: Actor, matter_id: int, target_id: int) -> None:
    """Refuse a target that is not the matter's (a form posted to the wrong page)."""
    _, target = access.get_target_for(
        session, actor=actor, target_id=target_id, action="livelihood.view"
    )
    if target.matter_id != matter_id:
        raise InvalidInput.of("err_that_target_belongs_to_another_matter")


# ---------------------------------------------------------------- the public page


def set_public(session: Session, *, actor: Actor, matter_id: int, public: bool) -> LivelihoodMatter:
    """Show (or stop showing) a matter on the public accountability page; the office's
    choice, audited. Off by default."""
    matter = get_matter_for(session, actor=actor, matter_id=matter_id, action="livelihood.manage")
    if matter.public == public:
        return matter
    matter.public = public
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="livelihood.public",
        object_type="livelihood_matter",
        object_id=matter.id,
        old={"public": not public},
        new={"public": public},
    )
    return matter


def public_matters(session: Session, *, tenant_id: str, year: int) -> list[PublicMatter]:
    """The year's matters their offices chose to publish, as the public may see them
    (read without an actor: the page is public; only published matters, only public
    fields)."""
    rows = list(
        session.scalars(
            select(LivelihoodMatter)
            .where(
                LivelihoodMatter.tenant_id == tenant_id,
                LivelihoodMatter.year == year,
                LivelihoodMatter.public.is_(True),
            )
            .order_by(LivelihoodMatter.number)
        )
    )
    if not rows:
        return []
    targets = targets_of(session, [m.id for m in rows])
    values = values_of(session, [t.id for ts in targets.values() for t in ts])
    leads = {
        u.id: u
        for u in session.scalars(select(Unit).where(Unit.id.in_({m.lead_unit_id for m in rows})))
    }
    published = []
    for m in rows:
        shown = []
        updated: list[date] = []
        for t in targets[m.id]:
            vs = values[t.id]
            latest = max(vs, key=lambda v: reporting_period(v.period).end, default=None)
            updated.extend(v.reported_at.astimezone(clock.LOCAL_TZ).date() for v in vs)
            shown.append(
                PublicTarget(
                    name=t.name,
                    measure=t.measure,
                    target_value=t.target_value,
                    actual_value=latest.value if latest else None,
                    completion=(
                        round(
                            rules.completion(
                                latest.value, baseline=t.baseline, target=t.target_value
                            ),
                            4,
                        )
                        if latest
                        else None
                    ),
                )
            )
        lead = leads[m.lead_unit_id]
        published.append(
            PublicMatter(
                number=m.number,
                name=m.name,
                lead_unit_zh=lead.name_zh,
                lead_unit_en=lead.name_en or lead.name_zh,
                targets=shown,
                updated_on=max(updated, default=None),
            )
        )
    return published
