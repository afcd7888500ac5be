"""Key projects' monthly reports as a sheet: the owner unit files its months offline.

Export writes every monthly report of a project the user is related to, with its id and a
hidden version column. Import takes the rows back through the register's own
``submit_report``, as the project's page files a month: a row without a report id files
the project's report for its month (the service refuses a month the project was not being
built in, and anyone but the owner unit); a row with an id replaces that month's report
against the version exported. The cumulative is derived (the months before it), so it is
exported to be read and never written.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.models import Project, ProjectReport
from luoshi.domains.projects.schemas import ProjectReportCreate
from luoshi.errors import NotFound
from luoshi.interchange.report_sheet import period_cell
from luoshi.interchange.sheet_import import (
    CellChange,
    RowConflict,
    RowOutcome,
    SheetReport,
    run_sheet,
)
from luoshi.interchange.sheets import Cell, Column, Format, write_table
from luoshi.kernel import workbook
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import Row, RowProblem, cell_decimal, cell_int, rows_of
from luoshi.settings import Settings

KIND = "project-reports"
MAX_ROWS = 50_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("项目编号", "项目代码", "project code", "project_code"),
    "name": ("项目名称", "project", "name"),
    "period": ("报告期", "月份", "报告月份", "period", "month"),
    "report": ("报告编号", "report id", "report_id", "report"),
    "version": ("版本", "版本号", "version"),
    "unit": ("填报单位", "业主单位", "unit"),
    "investment_month": (
        "当月完成投资（万元）",
        "当月完成投资",
        "本月完成投资",
        "月度完成投资",
        "investment month",
        "investment_month",
    ),
    "investment_cumulative": (
        "累计完成投资（万元）",
        "累计完成投资",
        "investment cumulative",
        "investment_cumulative",
    ),
    "progress": ("形象进度", "进展情况", "工作进展", "progress"),
    "problems": ("存在问题", "问题", "problems"),
    "submitted": ("报送日期", "报送时间", "submitted"),
    "late": ("逾期", "是否逾期", "late"),
}

EXPORT_COLUMNS = (
    Column("project", "项目编号", 12),
    Column("name", "项目名称", 36),
    Column("period", "报告期", 10),
    Column("report", "报告编号", 10),
    Column("version", "版本", 6, hidden=True),
    Column("unit", "填报单位", 20),
    Column("investment_month", "当月完成投资（万元）", 14),
    Column("investment_cumulative", "累计完成投资（万元）", 14),
    Column("progress", "形象进度", 48),
    Column("problems", "存在问题", 32),
    Column("submitted", "报送日期", 12),
    Column("late", "逾期", 6),
)


# ---------------------------------------------------------------- export


def _cells(report: ProjectReport, project: Project, unit: Unit) -> list[Cell]:
    return [
        project.code,
        project.name,
        report.period,
        report.id,
        report.version,
        unit.name_zh,
        float(report.investment_month),
        float(report.investment_cumulative),
        report.progress,
        report.problems,
        clock.aware(report.submitted_at).astimezone(clock.LOCAL_TZ).date(),
        report.late,
    ]


def export_project_reports(session: Session, *, actor: Actor, fmt: Format) -> bytes:
    """Every monthly report of a project the actor is related to, one row each."""
    lines = [_cells(*found) for found in projects.visible_reports(session, actor=actor)]
    return write_table(EXPORT_COLUMNS, lines, fmt=fmt, sheet_name="项目月报")


# ---------------------------------------------------------------- import


def import_project_reports(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """File the sheet's new months and replace what differs in its filed ones, all or
    nothing (see the module's docstring)."""
    check(actor, "project.report")
    [sheet] = workbook.open_sheets(content, filename, max_bytes=settings.max_upload_bytes)
    rows = rows_of(
        sheet, filename, columns=COLUMNS, required=("project", "period"), max_rows=MAX_ROWS
    )

    def apply_row(row: Row) -> RowOutcome:
        return _apply(session, actor, row, settings)

    return run_sheet(
        session,
        actor=actor,
        kind=KIND,
        content=content,
        filename=filename,
        rows=rows,
        apply_row=apply_row,
        dry_run=dry_run,
    )


def _apply(session: Session, actor: Actor, row: Row, settings: Settings) -> RowOutcome:
    code, period = row.text("project"), period_cell(row)
    if not code:
        raise RowProblem.of("err_row_names_no_project", column="project")
    if not period:
        raise RowProblem.of("err_row_names_no_month", column="period")
    report_id = cell_int(row, "report")
    version = cell_int(row, "version")
    given = _given(row)
    try:
        project = projects.find_project_for(session, actor=actor, code=code, action="project.view")
    except NotFound:
        raise RowProblem.of(
            "err_row_no_project_you_may_see", column="project", value=code
        ) from None
    filed = {r.period: r for r in projects.reports_of(session, project)}
    ident = f"{project.code} {period}"
    if report_id is None:
        report = filed.get(period)
        if report is None:
            return _file(session, actor, row, project, given, settings)
        if _differ(report, given):
            raise RowProblem.of(
                "err_row_month_filed_already",
                column="report", code=project.code, period=period, report_id=report.id,
            )  # fmt: skip
        return RowOutcome(row.sheet, row.number, ident, "unchanged")
    report = next((r for r in filed.values() if r.id == report_id), None)
    if report is None:
        raise RowProblem.of(
            "err_row_no_report_of_project", column="report", report_id=report_id,
            code=project.code,
        )  # fmt: skip
    if version is not None and version != report.version:
        raise RowConflict(ident, version, report.version)
    if "investment_month" in row.values and "investment_month" not in given:
        # A filed month's amount blanked: a month always has one (its texts clear).
        raise RowProblem.of("err_row_required", column="investment_month")
    if period != report.period:
        raise RowProblem.of(
            "err_row_report_is_for_month",
            column="period", report_id=report_id, period=report.period,
        )  # fmt: skip
    cells = _differ(report, given)
    if not cells:
        return RowOutcome(row.sheet, row.number, ident, "unchanged")
    values = {
        "investment_month": report.investment_month,
        "progress": report.progress,
        "problems": report.problems,
        **given,
    }
    projects.submit_report(
        session,
        actor=actor,
        project_id=project.id,
        settings=settings,
        data=ProjectReportCreate.model_validate(
            {**values, "period": report.period, "version": report.version}
        ),
    )
    return RowOutcome(row.sheet, row.number, ident, "changed", tuple(cells))


def _given(row: Row) -> dict[str, Decimal | str]:
    """The written columns the sheet has: a blank text clears it; a blank amount is left
    out (a new month needs one, a filed month's may not be blanked)."""
    found: dict[str, Decimal | str] = {}
    amount = cell_decimal(row, "investment_month")
    if amount is not None:
        found["investment_month"] = amount
    for column in ("progress", "problems"):
        if column in row.values:
            found[column] = row.values[column]
    return found


def _shown(value: Decimal | str) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _differ(report: ProjectReport, given: dict[str, Decimal | str]) -> list[CellChange]:
    old: dict[str, Decimal | str] = {
        "investment_month": report.investment_month,
        "progress": report.progress.strip(),
        "problems": report.problems.strip(),
    }
    return [
        CellChange(column, _shown(old[column]), _shown(value))
        for column, value in given.items()
        if value != old[column]
    ]


def _file(
    session: Session,
    actor: Actor,
    row: Row,
    project: Project,
    given: dict[str, Decimal | str],
    settings: Settings,
) -> RowOutcome:
    period = period_cell(row)
    if "investment_month" not in given:
        raise RowProblem.of("err_row_new_month_needs_investment", column="investment_month")
    report = projects.submit_report(
        session,
        actor=actor,
        project_id=project.id,
        settings=settings,
        data=ProjectReportCreate.model_validate({**given, "period": period}),
    )
    cells = [CellChange("period", "", report.period)] + [
        CellChange(column, "", _shown(value)) for column, value in given.items() if value != ""
    ]
    ident = f"{project.code} {report.period}"
    return RowOutcome(row.sheet, row.number, ident, "created", tuple(cells))
