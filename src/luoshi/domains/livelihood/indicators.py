"""Indicators: targets by period and region, actuals entered or imported, lights, and the
board of target against actual by region for a period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.livelihood import access, rules
from luoshi.domains.livelihood.access import get_indicator_for as get_indicator_for
from luoshi.domains.livelihood.models import Indicator, IndicatorValue
from luoshi.domains.livelihood.periods import indicator_period
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    Board,
    BoardCell,
    BoardRow,
    IndicatorCreate,
    IndicatorDetail,
    IndicatorRead,
    IndicatorUpdate,
    IndicatorValueRead,
    TargetSet,
    UnitRef,
    light_out,
)
from luoshi.errors import Conflict, InvalidInput, StaleEdit
from luoshi.kernel import audit, units
from luoshi.kernel.models import AuditEvent, Unit
from luoshi.kernel.permissions import Actor, allows, check
from luoshi.settings import Settings

INDICATOR_FIELDS = ("code", "name", "measure", "kind", "direction", "owner_unit_id")


def _check_version(obj: Indicator | IndicatorValue, version: int | None) -> None:
    if version is not None and version != obj.version:
        raise StaleEdit.of(
            "err_was_changed_by_someone_else_version_version",
            version=obj.version,
            version2=version,
            details={"current_version": obj.version},
        )


def _unit(session: Session, actor: Actor, code: str) -> Unit:
    return units.named_unit(session, tenant_id=actor.tenant_id, code=code)


def find_indicator(session: Session, *, actor: Actor, code: str) -> Indicator | None:
    """The tenant's indicator of ``code`` (unchecked: callers load it for an action)."""
    return session.scalar(
        select(Indicator).where(Indicator.tenant_id == actor.tenant_id, Indicator.code == code)
    )


def create_indicator(session: Session, *, actor: Actor, data: IndicatorCreate) -> Indicator:
    check(actor, "indicator.manage")
    top = units.acting_unit(session, actor=actor)
    office = top
    if data.office_unit is not None:
        office = _unit(session, actor, data.office_unit)
        units.check_within(office, top)
    owner = _unit(session, actor, data.owner_unit)
    units.check_within(owner, office)
    if find_indicator(session, actor=actor, code=data.code) is not None:
        raise Conflict.of("err_indicator_code_exists_already", code=data.code)
    indicator = Indicator(
        tenant_id=actor.tenant_id,
        code=data.code,
        name=data.name,
        measure=data.measure,
        kind=data.kind,
        direction=data.direction,
        office_unit_id=office.id,
        owner_unit_id=owner.id,
        position=data.position,
        created_by_id=actor.user_id,
    )
    session.add(indicator)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="indicator.create",
        object_type="indicator",
        object_id=indicator.id,
        new=audit.snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


def update_indicator(
    session: Session, *, actor: Actor, indicator_id: int, data: IndicatorUpdate, settings: Settings
) -> Indicator:
    indicator = get_indicator_for(
        session, actor=actor, indicator_id=indicator_id, action="indicator.manage"
    )
    _check_version(indicator, data.version)
    old = audit.snapshot(indicator, INDICATOR_FIELDS)
    for name in ("name", "measure", "kind", "direction"):
        value = getattr(data, name)
        if value is not None:
            setattr(indicator, name, value)
    if data.owner_unit is not None:
        owner = _unit(session, actor, data.owner_unit)
        office = session.get(Unit, indicator.office_unit_id)
        assert office is not None
        units.check_within(owner, office)
        indicator.owner_unit_id = owner.id
    new = audit.snapshot(indicator, INDICATOR_FIELDS)
    if new != old:
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="indicator.update",
            object_type="indicator",
            object_id=indicator.id,
            old=old,
            new=new,
        )
        for row in _values(session, indicator.id):
            _refresh(row, indicator, settings)
        session.flush()
    return indicator


def _values(session: Session, indicator_id: int) -> list[IndicatorValue]:
    return list(
        session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id))
    )


def _cell(
    session: Session, actor: Actor, indicator: Indicator, period: str, region: str
) -> tuple[IndicatorValue, bool]:
    """The row of (indicator, period, region), new (unsaved) when there is none."""
    code = indicator_period(period).code
    unit = _unit(session, actor, region)
    row = session.scalar(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id,
            IndicatorValue.period == code,
            IndicatorValue.region_unit_id == unit.id,
        )
    )
    if row is not None:
        return row, False
    return (
        IndicatorValue(
            tenant_id=indicator.tenant_id,
            indicator_id=indicator.id,
            period=code,
            region_unit_id=unit.id,
            target_value=None,
            actual_value=None,
        ),
        True,
    )


def _refresh(row: IndicatorValue, indicator: Indicator, settings: Settings) -> None:
    light = rules.indicator_light(
        kind=indicator.kind,
        direction=indicator.direction,
        measure=indicator.measure,
        target=row.target_value,
        actual=row.actual_value,
        yellow_points=settings.indicator_yellow_points,
        yellow_share=settings.indicator_yellow_share,
    )
    reasons = [r.as_dict() for r in light.reasons]
    if (row.light, row.light_reasons) != (light.color, reasons):
        row.light, row.light_reasons, row.light_at = light.color, reasons, clock.now()


def _write_values(
    session: Session,
    actor: Actor,
    indicator: Indicator,
    period: str,
    values: Mapping[str, float | None],
    *,
    field: str,
    settings: Settings,
    versions: Mapping[str, int | None] | None = None,
    note: str | None = None,
) -> list[tuple[IndicatorValue, str]]:
    """Write ``field`` of one period for several regions: one audit event for the lot."""
    done: list[tuple[IndicatorValue, str]] = []
    old: dict[str, float | None] = {}
    new: dict[str, float | None] = {}
    for region, value in values.items():
        row, fresh = _cell(session, actor, indicator, period, region)
        if not fresh:
            _check_version(row, (versions or {}).get(region))
        if not fresh and getattr(row, field) == value and (note is None or note == row.note):
            done.append((row, "unchanged"))
            continue
        if not fresh:
            old[region] = getattr(row, field)
        new[region] = value
        setattr(row, field, value)
        if note is not None:
            row.note = note
        if field == "actual_value":
            row.actual_by_id, row.actual_at = actor.user_id, clock.now()
        _refresh(row, indicator, settings)
        if fresh:
            session.add(row)
        done.append((row, "created" if fresh else "updated"))
    if new:
        session.flush()
        code = indicator_period(period).code
        audit.record(
            session,
            actor=actor,
            action="indicator.target" if field == "target_value" else "indicator.actual",
            object_type="indicator",
            object_id=indicator.id,
            old={"period": code, "values": old} if old else None,
            new={"period": code, "values": new},
        )
    return done


def set_targets(
    session: Session,
    *,
    actor: Actor,
    indicator_id: int,
    period: str,
    values: Mapping[str, float | None],
    settings: Settings,
    versions: Mapping[str, int | None] | None = None,
) -> list[tuple[IndicatorValue, str]]:
    """Set (or clear, with None) a period's targets by region code: the office's."""
    indicator = get_indicator_for(
        session, actor=actor, indicator_id=indicator_id, action="indicator.manage"
    )
    return _write_values(
        session,
        actor,
        indicator,
        period,
        values,
        field="target_value",
        settings=settings,
        versions=versions,
    )


def set_actuals(
    session: Session,
    *,
    actor: Actor,
    indicator_id: int,
    period: str,
    values: Mapping[str, float | None],
    settings: Settings,
    versions: Mapping[str, int | None] | None = None,
    note: str | None = None,
) -> list[tuple[IndicatorValue, str]]:
    """Enter (or correct) a period's actuals by region code once the period is over: the
    owner unit's, or the office's from the statistics."""
    indicator = get_indicator_for(
        session, actor=actor, indicator_id=indicator_id, action="indicator.report"
    )
    code = indicator_period(period)
    if any(v is not None for v in values.values()) and clock.today() <= code.end:
        raise InvalidInput.of("err_period_code_not_over_no_actual_value", code=code.code)
    return _write_values(
        session,
        actor,
        indicator,
        period,
        values,
        field="actual_value",
        settings=settings,
        versions=versions,
        note=note,
    )


def set_target(
    session: Session, *, actor: Actor, indicator_id: int, data: TargetSet, settings: Settings
) -> tuple[IndicatorValue, str]:
    """One region's target for a period."""
    return set_targets(
        session,
        actor=actor,
        indicator_id=indicator_id,
        period=data.period,
        values={data.region: data.target_value},
        versions={data.region: data.version},
        settings=settings,
    )[0]


def set_actual(
    session: Session, *, actor: Actor, indicator_id: int, data: ActualSet, settings: Settings
) -> tuple[IndicatorValue, str]:
    """One region's actual for a period."""
    return set_actuals(
        session,
        actor=actor,
        indicator_id=indicator_id,
        period=data.period,
        values={data.region: data.actual_value},
        versions={data.region: data.version},
        note=data.note,
        settings=settings,
    )[0]


def refresh_lights(session: Session, *, actor: Actor, settings: Settings) -> int:
    """Recompute every value's light (after a change of thresholds); returns how many moved."""
    moved = 0
    indicators = {
        i.id: i
        for i in session.scalars(select(Indicator).where(Indicator.tenant_id == actor.tenant_id))
    }
    for row in session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_id.in_(list(indicators)))
    ):
        before = row.light
        _refresh(row, indicators[row.indicator_id], settings)
        moved += row.light != before
    session.flush()
    return moved


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ValueFilter:
    period: str | None = None
    region: str | None = None  # a unit code: exactly that region
    indicator: str | None = None  # an indicator code
    light: str | None = None


def list_indicators(session: Session, *, actor: Actor) -> list[Indicator]:
    check(actor, "indicator.view")
    stmt = select(Indicator).where(access.indicators_visible(actor))
    return list(session.scalars(stmt.order_by(Indicator.position, Indicator.code)))


def list_values(
    session: Session, *, actor: Actor, filters: ValueFilter = ValueFilter()
) -> list[IndicatorValue]:
    check(actor, "indicator.view")
    stmt = (
        select(IndicatorValue)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Unit, Unit.id == IndicatorValue.region_unit_id)
        .where(access.indicators_visible(actor))
    )
    if filters.period:
        stmt = stmt.where(IndicatorValue.period == indicator_period(filters.period).code)
    if filters.region:
        stmt = stmt.where(Unit.code == filters.region)
    if filters.indicator:
        stmt = stmt.where(Indicator.code == filters.indicator)
    if filters.light:
        stmt = stmt.where(IndicatorValue.light == filters.light)
    stmt = stmt.order_by(Indicator.position, Indicator.code, IndicatorValue.period, Unit.path)
    return list(session.scalars(stmt))


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def _units(session: Session, ids: set[int]) -> dict[int, Unit]:
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))}


def to_reads(session: Session, rows: Sequence[Indicator]) -> list[IndicatorRead]:
    refs = _units(session, {r.office_unit_id for r in rows} | {r.owner_unit_id for r in rows})
    return [
        IndicatorRead(
            id=i.id,
            code=i.code,
            name=i.name,
            measure=i.measure,
            kind=i.kind,
            direction=i.direction,
            office_unit=_ref(refs[i.office_unit_id]),
            owner_unit=_ref(refs[i.owner_unit_id]),
            version=i.version,
        )
        for i in rows
    ]


def value_reads(
    session: Session, rows: Sequence[IndicatorValue], *, language: str
) -> list[IndicatorValueRead]:
    indicators = {
        i.id: i
        for i in session.scalars(
            select(Indicator).where(Indicator.id.in_({r.indicator_id for r in rows}))
        )
    }
    regions = _units(session, {r.region_unit_id for r in rows})
    return [
        IndicatorValueRead(
            id=r.id,
            indicator_id=r.indicator_id,
            indicator_code=indicators[r.indicator_id].code,
            name=indicators[r.indicator_id].name,
            measure=indicators[r.indicator_id].measure,
            period=r.period,
            region=_ref(regions[r.region_unit_id]),
            target_value=r.target_value,
            actual_value=r.actual_value,
            light=light_out(r.light, r.light_reasons, language),
            version=r.version,
            note=r.note,
        )
        for r in rows
    ]


def to_detail(session: Session, indicator: Indicator, *, language: str) -> IndicatorDetail:
    rows = list(
        session.scalars(
            select(IndicatorValue)
            .join(Unit, Unit.id == IndicatorValue.region_unit_id)
            .where(IndicatorValue.indicator_id == indicator.id)
            .order_by(IndicatorValue.period, Unit.path)
        )
    )
    return IndicatorDetail(
        **to_reads(session, [indicator])[0].model_dump(),
        values=value_reads(session, rows, language=language),
    )


def board(
    session: Session,
    *,
    actor: Actor,
    period: str,
    language: str,
    offset: int = 0,
    limit: int | None = None,
) -> Board:
    """Target against actual by region for ``period``, with the year's target beside each
    (the quarter's "good start" read against the whole year's goals). ``offset`` and
    ``limit`` take a slice of the indicators (the board's columns) in their order; the
    board's ``total`` counts them all."""
    if offset < 0 or (limit is not None and limit < 1):
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    code = indicator_period(period).code
    year = code[:4]
    every = list_indicators(session, actor=actor)
    indicators = every[offset : offset + limit if limit is not None else None]
    ids = [i.id for i in indicators]
    # Columns only: a province's board is thousands of cells.
    rows = session.execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.region_unit_id,
            IndicatorValue.period,
            IndicatorValue.target_value,
            IndicatorValue.actual_value,
            IndicatorValue.light,
            IndicatorValue.light_reasons,
        ).where(IndicatorValue.indicator_id.in_(ids), IndicatorValue.period.in_({code, year}))
    ).all()
    regions = _units(session, {r.region_unit_id for r in rows})
    by_code = {i.id: i.code for i in indicators}
    year_targets = {
        (r.indicator_id, r.region_unit_id): r.target_value for r in rows if r.period == year
    }
    cells: dict[int, dict[str, BoardCell]] = {}
    for r in rows:
        if r.period != code:
            continue
        cells.setdefault(r.region_unit_id, {})[by_code[r.indicator_id]] = BoardCell(
            target_value=r.target_value,
            actual_value=r.actual_value,
            year_target=year_targets.get((r.indicator_id, r.region_unit_id)),
            light=light_out(r.light, r.light_reasons, language),
        )
    ordered = sorted(cells, key=lambda uid: regions[uid].path)
    return Board(
        period=code,
        indicators=to_reads(session, indicators),
        rows=[BoardRow(region=_ref(regions[uid]), cells=cells[uid]) for uid in ordered],
        total=len(every),
    )


def history(session: Session, *, actor: Actor, indicator_id: int) -> list[AuditEvent]:
    get_indicator_for(session, actor=actor, indicator_id=indicator_id, action="indicator.view")
    return audit.history_of(
        session, tenant_id=actor.tenant_id, object_type="indicator", object_id=indicator_id
    )


def periods_in_use(session: Session, *, actor: Actor) -> list[tuple[str, bool]]:
    """The periods that carry values, in time order, each with whether it has actuals."""
    visible = select(Indicator.id).where(access.indicators_visible(actor))
    rows = session.execute(
        select(IndicatorValue.period, func.count(IndicatorValue.actual_value))
        .where(IndicatorValue.indicator_id.in_(visible))
        .group_by(IndicatorValue.period)
    )
    found = [(code, bool(n)) for code, n in rows]
    return sorted(found, key=lambda p: indicator_period(p[0]).end)


def default_period(session: Session, *, actor: Actor) -> str | None:
    """The latest period with actuals (else the first with targets), for the board."""
    periods = periods_in_use(session, actor=actor)
    with_actuals = [code for code, has in periods if has]
    if with_actuals:
        return with_actuals[-1]
    return periods[0][0] if periods else None


def viewer_rights(session: Session, *, actor: Actor, indicator: Indicator) -> tuple[bool, bool]:
    """Whether the viewer may set targets and enter actuals (the forms a page shows)."""
    relations = access.indicator_relations(session, actor, indicator)
    return (
        allows(actor, "indicator.manage", relations),
        allows(actor, "indicator.report", relations),
    )
