"""CSV and Excel imports of the livelihood list and of indicators, all or nothing.

Each row goes through the services, so a row is checked like the same edit made by hand
(the office's permission for the list and targets, the lead unit's for a value, the
owner's or the office's for an actual). Units are named by code or by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.models import LivelihoodMatter, LivelihoodTarget
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    IndicatorCreate,
    MatterCreate,
    MatterUpdate,
    TargetCreate,
    TargetSet,
    TargetUpdate,
    ValueReport,
)
from luoshi.kernel import tabular
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.kernel.tabular import (
    ImportReport,
    Row,
    RowProblem,
    cell_choice,
    cell_decimal,
    cell_int,
    cell_unit,
)
from luoshi.settings import Settings

MATTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("year", "年度", "年份"),
    "number": ("number", "序号", "编号"),
    "matter": ("matter", "事项", "事项名称", "民生实事"),
    "description": ("description", "内容", "事项内容"),
    "lead_unit": ("lead_unit", "牵头单位"),
    "cycle": ("cycle", "报送周期"),
    "target": ("target", "目标", "目标名称", "指标名称"),
    "measure": ("measure", "unit", "计量单位", "单位"),
    "baseline": ("baseline", "基数", "基期值"),
    "target_value": ("target_value", "目标值"),
    "target_lead_unit": ("target_lead_unit", "责任单位"),
    "regions": ("regions", "涉及地区", "地区"),
    "period": ("period", "期次", "报送期"),
    "value": ("value", "完成值", "累计完成"),
    "note": ("note", "备注", "说明"),
}
MATTER_REQUIRED = ("year", "number", "matter", "lead_unit", "measure", "target_value")
CYCLES = {"月": "monthly", "月度": "monthly", "按月": "monthly", "季": "quarterly",
          "季度": "quarterly", "按季": "quarterly"}  # fmt: skip

INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "code", "指标编号", "指标代码"),
    "name": ("name", "指标名称", "指标"),
    "measure": ("measure", "unit", "计量单位", "单位"),
    "kind": ("kind", "类型", "指标类型"),
    "direction": ("direction", "方向", "指标方向"),
    "owner_unit": ("owner_unit", "责任单位"),
    "period": ("period", "期次", "时期"),
    "region": ("region", "地区", "区域"),
    "target_value": ("target_value", "目标值", "目标"),
    "actual_value": ("actual_value", "实际值", "完成值"),
    "note": ("note", "备注", "说明"),
}
INDICATOR_REQUIRED = ("indicator", "period", "region")
KINDS = {"增速": "rate", "比率": "rate", "rate": "rate", "%": "rate", "总量": "amount",
         "数量": "amount", "amount": "amount"}  # fmt: skip
DIRECTIONS = {"越高越好": "higher", "正向": "higher", "越低越好": "lower", "逆向": "lower"}

_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _unit_code(session: Session, actor: Actor, text: str, column: str) -> str:
    unit = cell_unit(
        session, Row(0, {column: text}), column, tenant_id=actor.tenant_id, required=True
    )
    assert unit is not None  # required
    return unit.code


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def import_matters(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> ImportReport:
    """One row per target (a matter of several targets takes several rows); a row may
    also carry a period's value, filed as its target's lead unit would file it."""
    rows = tabular.read_table(content, filename, columns=MATTER_COLUMNS, required=MATTER_REQUIRED)
    return apply_matter_rows(session, actor=actor, rows=rows, settings=settings, dry_run=dry_run)


def apply_matter_rows(
    session: Session, *, actor: Actor, rows: Sequence[Row], settings: Settings, dry_run: bool
) -> ImportReport:
    """Apply matter rows already read (an edited export compared first), all or nothing."""

    def apply(row: Row) -> str:
        year = cell_int(row, "year", required=True)
        number = cell_int(row, "number", required=True)
        assert year is not None and number is not None
        if not 2000 <= year <= 2100:
            raise RowProblem.of("err_row_not_a_year", column="year", year=year)
        if number < 1:
            raise RowProblem.of("err_row_list_counts_from_1", column="number")
        lead = _unit_code(session, actor, row.text("lead_unit"), "lead_unit")
        cycle = cell_choice(
            row, "cycle", {**CYCLES, "monthly": "monthly", "quarterly": "quarterly"}
        )
        target_lead = row.optional("target_lead_unit")
        target = TargetCreate(
            name=row.optional("target") or row.text("matter"),
            measure=row.text("measure"),
            baseline=_float(cell_decimal(row, "baseline")) or 0.0,
            target_value=_float(cell_decimal(row, "target_value", required=True)) or 0.0,
            lead_unit=_unit_code(session, actor, target_lead, "target_lead_unit")
            if target_lead
            else None,
            regions=[
                _unit_code(session, actor, r, "regions")
                for r in _SEPARATORS.split(row.text("regions"))
                if r
            ],
        )
        outcome = _upsert_matter(
            session, actor, settings, row, year=year, number=number, lead=lead, cycle=cycle,
            target=target,
        )  # fmt: skip
        value = cell_decimal(row, "value")
        if value is not None:
            if not row.text("period"):
                raise RowProblem.of("err_row_value_needs_period", column="period")
            target_id = _target_id(session, actor, year, number, target.name)
            _, new = matters.report_value(
                session,
                actor=actor,
                target_id=target_id,
                settings=settings,
                data=ValueReport(
                    period=row.text("period"), value=float(value), note=row.text("note")
                ),
            )
            if outcome == "unchanged" and new:
                outcome = "updated"
        return outcome

    return tabular.run_import(session, rows, apply, dry_run=dry_run)


def _target_id(session: Session, actor: Actor, year: int, number: int, name: str) -> int:
    found = session.scalar(
        select(LivelihoodTarget.id)
        .join(LivelihoodMatter, LivelihoodMatter.id == LivelihoodTarget.matter_id)
        .where(
            LivelihoodMatter.tenant_id == actor.tenant_id,
            LivelihoodMatter.year == year,
            LivelihoodMatter.number == number,
            LivelihoodTarget.name == name,
        )
    )
    assert found is not None
    return found


def _upsert_matter(
    session: Session,
    actor: Actor,
    settings: Settings,
    row: Row,
    *,
    year: int,
    number: int,
    lead: str,
    cycle: str | None,
    target: TargetCreate,
) -> str:
    existing = session.scalar(
        select(LivelihoodMatter).where(
            LivelihoodMatter.tenant_id == actor.tenant_id,
            LivelihoodMatter.year == year,
            LivelihoodMatter.number == number,
        )
    )
    if existing is None:
        matters.create_matter(
            session,
            actor=actor,
            settings=settings,
            data=MatterCreate(
                year=year,
                number=number,
                name=row.text("matter"),
                description=row.text("description"),
                lead_unit=lead,
                report_cycle=cycle or "monthly",
                targets=[target],
            ),
        )
        return "created"
    lead_id = session.scalar(
        select(Unit.id).where(Unit.tenant_id == actor.tenant_id, Unit.code == lead)
    )
    description = "" if row.cleared("description") else row.optional("description")
    # Only a row that changes the list is an edit of it (the office's): a lead unit files
    # its values with the same file.
    outcome = "unchanged"
    if (
        existing.name != row.text("matter")
        or existing.lead_unit_id != lead_id
        or (cycle is not None and cycle != existing.report_cycle)
        or (description is not None and description != existing.description)
    ):
        matters.update_matter(
            session,
            actor=actor,
            matter_id=existing.id,
            settings=settings,
            data=MatterUpdate(
                version=existing.version,
                name=row.text("matter"),
                description=description,
                lead_unit=lead,
                report_cycle=cycle,
            ),
        )
        outcome = "updated"
    current = session.scalar(
        select(LivelihoodTarget).where(
            LivelihoodTarget.matter_id == existing.id, LivelihoodTarget.name == target.name
        )
    )
    if current is None:
        matters.add_target(
            session, actor=actor, matter_id=existing.id, data=target, settings=settings
        )
        return "updated"
    target_lead = (
        session.scalar(
            select(Unit.id).where(Unit.tenant_id == actor.tenant_id, Unit.code == target.lead_unit)
        )
        if target.lead_unit
        else current.lead_unit_id
    )
    regions = target.regions if row.text("regions") or row.cleared("regions") else current.regions
    if (current.measure, current.baseline, current.target_value, current.lead_unit_id) != (
        target.measure,
        target.baseline,
        target.target_value,
        target_lead,
    ) or list(current.regions) != list(regions):
        matters.update_target(
            session,
            actor=actor,
            target_id=current.id,
            settings=settings,
            data=TargetUpdate(
                version=current.version,
                measure=target.measure,
                baseline=target.baseline,
                target_value=target.target_value,
                lead_unit=target.lead_unit,
                regions=regions,
            ),
        )
        outcome = "updated"
    return outcome


def import_indicators(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> ImportReport:
    """One row per indicator, period and region: its target, its actual, or both. An
    unknown indicator code with a name and an owner unit is created."""
    rows = tabular.read_table(
        content, filename, columns=INDICATOR_COLUMNS, required=INDICATOR_REQUIRED
    )
    return apply_indicator_rows(session, actor=actor, rows=rows, settings=settings, dry_run=dry_run)


def apply_indicator_rows(
    session: Session, *, actor: Actor, rows: Sequence[Row], settings: Settings, dry_run: bool
) -> ImportReport:
    """Apply indicator rows already read (an edited export compared first), all or nothing."""

    def apply(row: Row) -> str:
        code = row.text("indicator")
        indicator = indicators.find_indicator(session, actor=actor, code=code)
        created = False
        if indicator is None:
            if not row.text("name") or not row.text("owner_unit"):
                raise RowProblem.of("err_row_no_indicator", column="indicator", value=code)
            indicator = indicators.create_indicator(
                session,
                actor=actor,
                data=IndicatorCreate(
                    code=code,
                    name=row.text("name"),
                    measure=row.optional("measure") or "%",
                    kind=cell_choice(row, "kind", KINDS) or "rate",
                    direction=cell_choice(
                        row, "direction", {**DIRECTIONS, "higher": "higher", "lower": "lower"}
                    )
                    or "higher",
                    owner_unit=_unit_code(session, actor, row.text("owner_unit"), "owner_unit"),
                ),
            )
            created = True
        region = _unit_code(session, actor, row.text("region"), "region")
        target = cell_decimal(row, "target_value")
        actual = cell_decimal(row, "actual_value")
        if target is None and actual is None:
            raise RowProblem.of("err_row_neither_target_nor_actual", column=None)
        outcomes = []
        if target is not None:
            _, outcome = indicators.set_target(
                session,
                actor=actor,
                indicator_id=indicator.id,
                settings=settings,
                data=TargetSet(
                    period=row.text("period"), region=region, target_value=float(target)
                ),
            )
            outcomes.append(outcome)
        if actual is not None:
            _, outcome = indicators.set_actual(
                session,
                actor=actor,
                indicator_id=indicator.id,
                settings=settings,
                data=ActualSet(
                    period=row.text("period"),
                    region=region,
                    actual_value=float(actual),
                    note=row.text("note"),
                ),
            )
            outcomes.append(outcome)
        if created or "created" in outcomes:
            return "created"
        return "updated" if "updated" in outcomes else "unchanged"

    return tabular.run_import(session, rows, apply, dry_run=dry_run)
