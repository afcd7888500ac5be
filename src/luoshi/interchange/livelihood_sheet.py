"""Livelihood matters as a sheet: one row per target and period value (a matter of several
targets takes several rows, a target of several filed periods one row per period; a target
with none one row with the period blank), named by year, number, target and period, with
the matter's, the target's and the value's versions hidden; re-imported through the
register's own importer (``register_sheet`` compares and refuses stale rows first)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from luoshi.domains.livelihood import importing, matters
from luoshi.interchange.register_sheet import Layout, Record, export, reimport, unit_labels
from luoshi.interchange.sheet_import import SheetReport
from luoshi.interchange.sheets import Cell, Column, Format
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import Row
from luoshi.settings import Settings

CYCLE_WORDS = {"monthly": "月度", "quarterly": "季度"}
LAYOUT = Layout(
    kind="livelihood",
    sheet_name="民生实事",
    columns=(
        Column("year", "年度", 8),
        Column("number", "序号", 6),
        Column("version", "版本", 6, hidden=True),
        Column("target_version", "目标版本", 6, hidden=True),
        Column("matter", "事项名称", 30),
        Column("description", "事项内容", 40),
        Column("lead_unit", "牵头单位", 20),
        Column("cycle", "报送周期", 10),
        Column("target", "目标名称", 30),
        Column("measure", "计量单位", 10),
        Column("baseline", "基数", 10),
        Column("target_value", "目标值", 10),
        Column("target_lead_unit", "责任单位", 20),
        Column("regions", "涉及地区", 24),
        Column("period", "期次", 10),
        Column("value_version", "值版本", 6, hidden=True),
        Column("value", "完成值", 10),
        Column("note", "备注", 30),
        Column("light", "亮灯", 8),  # read, not written back
    ),
    read={
        **importing.MATTER_COLUMNS,
        "version": ("版本", "version"),
        "target_version": ("目标版本", "target_version"),
        "value_version": ("值版本", "value_version"),
    },
    required=importing.MATTER_REQUIRED,
    versions=("version", "target_version", "value_version"),
    compared=(
        "matter",
        "description",
        "lead_unit",
        "cycle",
        "measure",
        "baseline",
        "target_value",
        "target_lead_unit",
        "regions",
        "period",
        "value",
        "note",
    ),
    units=frozenset({"lead_unit", "target_lead_unit", "regions"}),
    choices={"cycle": importing.CYCLES},
    # A period's value is filed only when it changed (by the target's lead unit): the
    # office editing the matter on a row with a value does not file the value again.
    together=(frozenset({"period", "value", "note"}),),
    # A filed value, the cycle, the baseline and a target's own lead unit are not blanked
    # away (a blank target lead would mean the matter's: write it).
    clears=frozenset({"description", "regions", "note"}),
)


def _whole(text: str) -> str:
    try:
        return str(int(float(text)))
    except ValueError:
        return text.strip()


def _key(year: str, number: str, target: str, period: str = "") -> str:
    key = f"{_whole(year)}-{_whole(number)} {target.strip()}"
    return f"{key} {period.strip().upper()}" if period.strip() else key


def _records(session: Session, actor: Actor, settings: Settings) -> list[Record]:
    check(actor, "livelihood.view")
    labels = unit_labels(session, actor)
    records = []
    page = 1
    while True:
        rows, total = matters.list_matters(session, actor=actor, page=page, page_size=500)
        reads = matters.to_reads(session, rows, language=settings.language, with_values=True)
        for read in reads:
            for target in read.targets:
                cells: dict[str, Cell] = {
                    "year": read.year,
                    "number": read.number,
                    "version": read.version,
                    "target_version": target.version,
                    "matter": read.name,
                    "description": read.description,
                    "lead_unit": labels[read.lead_unit.id],
                    "cycle": CYCLE_WORDS.get(read.report_cycle, read.report_cycle),
                    "target": target.name,
                    "measure": target.measure,
                    "baseline": target.baseline,
                    "target_value": target.target_value,
                    "target_lead_unit": labels[target.lead_unit.id],
                    "regions": "、".join(labels.get(code, code) for code in target.regions),
                    "light": target.light.color,
                }
                key = _key(str(read.year), str(read.number), target.name)
                if not target.values:
                    records.append(Record(key, cells))
                for value in sorted(target.values, key=lambda v: v.period):
                    filed: dict[str, Cell] = {
                        "period": value.period,
                        "value_version": value.version,
                        "value": value.value,
                        "note": value.note,
                    }
                    code = _key(str(read.year), str(read.number), target.name, value.period)
                    records.append(Record(code, {**cells, **filed}))
        if page * 500 >= total or not rows:
            return records
        page += 1


def export_livelihood(session: Session, *, actor: Actor, settings: Settings, fmt: Format) -> bytes:
    """Every target of every livelihood matter the actor may read, one row each."""
    return export(LAYOUT, _records(session, actor, settings), fmt=fmt)


def import_livelihood(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """Re-import an edited livelihood sheet (or any list of matters): conflicts refuse it
    whole, otherwise the register's importer applies it all or nothing: the office's
    edits of the list, a lead unit's values of its targets."""
    if not actor.can("livelihood.manage"):
        check(actor, "livelihood.report")
    records = {r.code: r for r in _records(session, actor, settings)}

    def key(row: Row) -> str:
        target = row.text("target") or row.text("matter")
        whole = _key(row.text("year"), row.text("number"), target, row.text("period"))
        plain = _key(row.text("year"), row.text("number"), target)
        # A period filled in on a target's row without values: that row, its value new.
        return plain if whole not in records and plain in records else whole

    return reimport(
        session, actor=actor, layout=LAYOUT, content=content, filename=filename,
        settings=settings, dry_run=dry_run, records=records, key=key,
        apply_rows=importing.apply_matter_rows,
    )  # fmt: skip
