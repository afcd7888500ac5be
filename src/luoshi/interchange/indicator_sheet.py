"""Indicator values as a sheet: one row per indicator, period and region with its target and
actual, the value's version hidden; re-imported through the register's own importer
(``register_sheet`` compares and refuses stale rows first). Only the changed cells go to the
importer, so an owner unit filling in actuals never touches a target (the office's)."""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy.orm import Session

from luoshi.domains.livelihood import importing, indicators
from luoshi.interchange.register_sheet import Layout, Record, export, reimport, unit_labels
from luoshi.interchange.sheet_import import SheetReport
from luoshi.interchange.sheets import Cell, Column, Format
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import Row, RowProblem, UnitNames
from luoshi.settings import Settings

LAYOUT = Layout(
    kind="indicators",
    sheet_name="指标",
    columns=(
        Column("indicator", "指标编号", 12),
        Column("version", "版本", 6, hidden=True),
        Column("name", "指标名称", 30),
        Column("measure", "计量单位", 10),
        Column("period", "期次", 10),
        Column("region", "地区", 16),
        Column("target_value", "目标值", 10),
        Column("actual_value", "实际值", 10),
        Column("note", "备注", 30),
        Column("light", "亮灯", 8),  # read, not written back
    ),
    read={**importing.INDICATOR_COLUMNS, "version": ("版本", "version")},
    required=importing.INDICATOR_REQUIRED,
    versions=("version",),
    compared=("target_value", "actual_value", "note"),
    whole_rows=False,
    # An actual and its note are written together (the service sets both at once).
    together=(frozenset({"actual_value", "note"}),),
    # A target or an actual is cleared on the indicator's page, not by a blank cell.
    clears=frozenset({"note"}),
)


def _key(code: str, period: str, region: str) -> str:
    return f"{code.strip()} {period.strip().upper()} {region}"


def _records(session: Session, actor: Actor, settings: Settings) -> list[Record]:
    check(actor, "indicator.view")
    labels = unit_labels(session, actor)
    rows = indicators.list_values(session, actor=actor)
    records = []
    for read in indicators.value_reads(session, rows, language=settings.language):
        cells: dict[str, Cell] = {
            "indicator": read.indicator_code,
            "version": read.version,
            "name": read.name,
            "measure": read.measure,
            "period": read.period,
            "region": labels[read.region.id],
            "target_value": read.target_value,
            "actual_value": read.actual_value,
            "note": read.note,
            "light": read.light.color,
        }
        records.append(Record(_key(read.indicator_code, read.period, read.region.code), cells))
    return records


def export_indicators(session: Session, *, actor: Actor, settings: Settings, fmt: Format) -> bytes:
    """Every indicator value the actor may read (its indicators' periods and regions)."""
    return export(LAYOUT, _records(session, actor, settings), fmt=fmt)


def import_indicators(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """Re-import an edited indicators sheet (or any table of targets and actuals):
    conflicts refuse it whole, otherwise the register's importer applies it all or
    nothing, each cell with its own right (targets the office's, actuals the owner's)."""
    if not actor.can("indicator.manage"):
        check(actor, "indicator.report")
    records = {r.code: r for r in _records(session, actor, settings)}
    names = UnitNames(session, tenant_id=actor.tenant_id)

    def key(row: Row) -> str:
        region = row.text("region")
        with suppress(RowProblem, IndexError):  # the importer names the bad cell
            region = names.named(region, "region")[0][0].code
        return _key(row.text("indicator"), row.text("period"), region)

    return reimport(
        session, actor=actor, layout=LAYOUT, content=content, filename=filename,
        settings=settings, dry_run=dry_run, records=records, key=key,
        apply_rows=importing.apply_indicator_rows,
    )  # fmt: skip
