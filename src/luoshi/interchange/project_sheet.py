"""Key projects as a sheet: the register exported with codes and a hidden version column,
edited offline, and re-imported through the register's own importer.

The re-import reads the sheet, compares each known project's row with the project as it
is now (cell by cell, over the columns the sheet has), and refuses the whole sheet when a
row's version is older than its project's (a conflict). Otherwise the register's importer
applies it, all or nothing; the report lists what it creates, changes and leaves alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.domains.progress import schedule
from luoshi.domains.projects import importing
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.models import Project
from luoshi.domains.projects.schemas import ProjectRead
from luoshi.interchange.sheet_import import (
    CellChange,
    Conflict,
    RowOutcome,
    SheetReport,
    record_import,
)
from luoshi.interchange.sheets import Cell, Column, Format, digest, write_table
from luoshi.kernel import workbook
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import Row, RowError, RowProblem, UnitNames, parse_due, rows_of
from luoshi.settings import Settings

KIND = "projects"
# (canonical column of the importer, header shown, width): the headers are spellings the
# importer reads, so an exported sheet imports as it is.
EXPORT_COLUMNS = (
    Column("code", "项目编号", 12),
    Column("version", "版本", 6, hidden=True),
    Column("name", "项目名称", 36),
    Column("owner_unit", "业主单位", 20),
    Column("region", "所在地区", 14),
    Column("industry", "行业", 12),
    Column("level", "项目级别", 14),
    Column("stage", "项目阶段", 16),
    Column("national_plan", "纳入国家规划", 12),
    Column("national_plan_name", "国家规划名称", 20),
    Column("national_plan_date", "纳入日期", 12),
    Column("total_investment", "总投资（万元）", 14),
    Column("investment_before", "以前年度累计完成投资", 14),
    Column("year", "计划年度", 8),
    Column("planned_investment", "年度计划投资（万元）", 14),
    Column("planned_start", "计划开工日期", 12),
    Column("actual_start", "实际开工日期", 12),
    Column("planned_completion", "计划竣工日期", 12),
    Column("actual_completion", "实际竣工日期", 12),
    Column("operation_date", "投产日期", 12),
)
COLUMNS = {**importing.COLUMNS, "version": ("版本", "version")}


def _cells(read: ProjectRead) -> list[Cell]:
    return [
        read.code,
        read.version,
        read.name,
        read.owner_unit.name_zh,
        read.region_unit.name_zh if read.region_unit else "",
        read.industry,
        read.level,
        read.stage,
        read.national_plan,
        read.national_plan_name,
        read.national_plan_date,
        read.total_investment,
        read.investment_before,
        read.year,
        read.investment_planned_year,
        read.planned_start,
        read.actual_start,
        read.planned_completion,
        read.actual_completion,
        read.operation_date,
    ]


def _visible(session: Session, actor: Actor, settings: Settings) -> list[ProjectRead]:
    reads: list[ProjectRead] = []
    page = 1
    on = schedule.today(settings)
    while True:
        rows, total = projects.list_projects(session, actor=actor, page=page, page_size=500)
        reads += projects.to_reads(session, rows, on=on, language=settings.language)
        if page * 500 >= total or not rows:
            return reads
        page += 1


def export_projects(session: Session, *, actor: Actor, settings: Settings, fmt: Format) -> bytes:
    """Every project the actor is related to, one row each (this year's plan)."""
    check(actor, "project.view")
    lines = [_cells(read) for read in _visible(session, actor, settings)]
    return write_table(EXPORT_COLUMNS, lines, fmt=fmt, sheet_name="重点项目")


def _norm(value: str) -> str:
    """A cell's text as compared: "1200.50" and "1200.5" alike, dates in any form alike."""
    text = value.strip()
    number = text.replace(",", "")
    if re.fullmatch(r"-?\d+(\.\d+)?", number):
        try:
            return str(Decimal(number).normalize())
        except InvalidOperation:
            return text
    if re.search(r"\d", text) and not text.isdigit():
        try:
            found = parse_due(text, year=now().year)
            return found.isoformat() if found else text
        except ValueError:
            return text
    return text


def _shown(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def import_projects(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """Re-import an edited projects sheet (or any projects table): conflicts refuse it
    whole, otherwise the register's importer applies it all or nothing."""
    check(actor, "project.manage")
    [sheet] = workbook.open_sheets(content, filename, max_bytes=settings.max_upload_bytes)
    rows = rows_of(sheet, filename, columns=COLUMNS, required=importing.REQUIRED)
    current = {r.code: r for r in _visible(session, actor, settings)}
    keys = [c.key for c in EXPORT_COLUMNS]
    names = UnitNames(session, tenant_id=actor.tenant_id)
    outcomes: list[RowOutcome] = []
    conflicts: list[Conflict] = []
    errors: list[RowError] = []
    for row in rows:
        try:
            outcome, conflict = _compare(session, actor, row, current, keys, names)
        except RowProblem as problem:
            errors.append(problem.as_error(row))
            continue
        if conflict is not None:
            conflicts.append(conflict)
        elif outcome is not None:
            outcomes.append(outcome)
    base = SheetReport(
        kind=KIND, filename=filename, sha256=digest(content), dry_run=dry_run, applied=False,
        rows=len(rows), outcomes=tuple(outcomes), conflicts=tuple(conflicts),
        errors=tuple(errors),
    )  # fmt: skip
    if conflicts or errors:
        return base
    result = importing.import_projects(
        session, actor=actor, content=content, filename=filename, settings=settings,
        dry_run=dry_run,
    )  # fmt: skip
    report = SheetReport(
        kind=KIND, filename=filename, sha256=base.sha256, dry_run=dry_run,
        applied=result.applied, rows=result.rows, outcomes=base.outcomes,
        errors=result.errors,
    )  # fmt: skip
    if result.applied:
        record_import(session, actor=actor, report=report, size=len(content))
    return report


def _compare(
    session: Session,
    actor: Actor,
    row: Row,
    current: dict[str, ProjectRead],
    keys: Sequence[str],
    names: UnitNames,
) -> tuple[RowOutcome | None, Conflict | None]:
    code = row.values.get("code", "")
    read = current.get(code)
    if read is None:
        known = session.scalar(
            select(Project.id).where(Project.tenant_id == actor.tenant_id, Project.code == code)
        )
        if known is not None:  # not the actor's: the importer refuses the row itself
            return None, None
        cells = tuple(CellChange(key, "", row.values[key]) for key in keys if row.values.get(key))
        return RowOutcome(row.sheet, row.number, code, "created", cells), None
    given = row.values.get("version", "")
    if given and given.replace(".0", "").isdigit() and int(float(given)) != read.version:
        return None, Conflict(row.sheet, row.number, code, int(float(given)), read.version)
    now = dict(zip(keys, _cells(read), strict=True))
    units = {
        "owner_unit": read.owner_unit.id,
        "region": read.region_unit.id if read.region_unit else None,
    }
    changes = []
    for key in keys:
        if key in ("code", "version") or key not in row.values:
            continue
        old, new = _shown(now[key]), row.values[key]
        if not new.strip() and old:
            # An exported row's blank does not clear a project's term (they are cleared on
            # its page): a bad cell, so nothing is silently kept. Elsewhere it leaves it.
            if given:
                required = key in importing.REQUIRED or key in ("name", "owner_unit")
                raise RowProblem.of(
                    "err_row_required" if required else "err_row_blank_does_not_clear",
                    column=key, value=old,
                )  # fmt: skip
            continue
        if key in units:  # a unit may be named by its code, name, short name or alias
            try:
                if names.named(new, key)[0][0].id == units[key]:
                    continue
            except (RowProblem, IndexError):
                pass  # the importer names the bad cell
        if _norm(old) != _norm(new):
            changes.append(CellChange(key, old, new))
    outcome = "changed" if changes else "unchanged"
    return RowOutcome(row.sheet, row.number, code, outcome, tuple(changes)), None
