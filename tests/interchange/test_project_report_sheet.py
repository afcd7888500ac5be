"""Key projects' monthly reports as a sheet: exported, edited offline with openpyxl and
re-imported through the register's own service (dry run first, all or nothing, one audit
event); a stale row or a bad cell keeps every row out; only the owner unit files."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import time_machine
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.projects import service
from luoshi.domains.projects.models import Project, ProjectReport
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate, YearPlanIn
from luoshi.interchange.project_report_sheet import (
    export_project_reports,
    import_project_reports,
)
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.scenario.world import World, build_world, local, make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def world(session: Session, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 4, 20), 9), tick=False)
    return build_world(session)


@pytest.fixture
def project(session: Session, world: World, settings: Settings) -> Project:
    """Built by the DRC in Chengdu since December; January to March reported."""
    made = service.create_project(
        session, actor=world.actors["office"], settings=settings,
        data=ProjectCreate(
            code="XM-R1", name="锦江区污水处理厂", owner_unit="prov.fgw", region_unit="prov.cd",
            industry="transport", stage="under_construction", actual_start=date(2022, 12, 1),
            investment_before=Decimal(500),
            year_plans=[YearPlanIn(year=2023, planned_investment=Decimal(1200))],
        ),
    )  # fmt: skip
    for period, amount, text in (
        ("2023-01", 100, "=主体完成30%"),
        ("2023-02", 80, "主体完成40%"),
        ("2023-03", 120, "主体完成50%"),
    ):
        service.submit_report(
            session, actor=world.actors["fgw"], project_id=made.id, settings=settings,
            data=ProjectReportCreate(period=period, investment_month=Decimal(amount),
                                     progress=text),
        )  # fmt: skip
    return made


def _reports(session: Session, project: Project) -> dict[str, ProjectReport]:
    return {r.period: r for r in service.reports_of(session, project)}


def _exported(session: Session, actor: Actor) -> openpyxl.Workbook:
    content = export_project_reports(session, actor=actor, fmt="xlsx")
    return openpyxl.load_workbook(io.BytesIO(content))


def _row_of(book: openpyxl.Workbook, period: str) -> int:
    sheet = book.active
    assert sheet is not None
    [number] = [r[0].row for r in sheet.iter_rows(min_row=2) if r[2].value == period]
    return number


def _set(book: openpyxl.Workbook, row: int, header: str, value: object) -> None:
    sheet = book.active
    assert sheet is not None
    column = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(row=row, column=column, value=value)


def _blank(book: openpyxl.Workbook, row: int, header: str) -> None:
    sheet = book.active
    assert sheet is not None
    column = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(row=row, column=column).value = None  # cell(value=None) would keep it


def _saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _run(
    session: Session, actor: Actor, content: bytes, settings: Settings, *, dry_run: bool = False
) -> dict[str, object]:
    report = import_project_reports(
        session, actor=actor, content=content, filename="月报.xlsx", settings=settings,
        dry_run=dry_run,
    )  # fmt: skip
    return report.as_dict()


def _imports(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "import.project-reports")
        )
        or 0
    )


def test_monthly_reports_round_trip_one_cell_through_a_dry_run(
    session: Session, world: World, settings: Settings, project: Project
) -> None:
    fgw = world.actors["fgw"]
    content = export_project_reports(session, actor=fgw, fmt="xlsx")
    grid = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    header = [str(v) for v in grid[0]]
    assert header[:6] == ["项目编号", "项目名称", "报告期", "报告编号", "版本", "填报单位"]
    assert "'=主体完成30%" in [str(v) for row in grid for v in row]  # not a formula in Excel
    cumulative = header.index("累计完成投资（万元）")
    assert [row[cumulative] for row in grid[1:]] == [600, 680, 800]
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None and sheet.column_dimensions["E"].hidden  # the version column
    _set(book, _row_of(book, "2023-02"), "当月完成投资（万元）", 90)
    edited = _saved(book)
    dry = _run(session, fgw, edited, settings, dry_run=True)
    assert (dry["created"], dry["changed"], dry["unchanged"], dry["errors"]) == (0, 1, 2, [])
    [item] = [i for i in dry["items"] if i["outcome"] == "changed"]  # type: ignore[attr-defined]
    assert item["cells"] == [{"column": "investment_month", "old": "80", "new": "90"}]
    assert (item["sheet"], item["code"]) == ("项目月报", "XM-R1 2023-02")
    assert _reports(session, project)["2023-02"].investment_month == Decimal(80)
    assert _imports(session) == 0  # a dry run keeps nothing
    done = _run(session, fgw, edited, settings)
    assert (done["applied"], done["changed"]) == (True, 1)
    after = _reports(session, project)
    assert after["2023-02"].investment_month == Decimal(90)
    assert after["2023-03"].investment_cumulative == Decimal(810)  # the months after follow
    assert after["2023-01"].progress == "=主体完成30%"  # the escape came off again, exactly
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "import.project-reports")
    )
    assert event.new is not None and event.new["sha256"] == done["sha256"]
    assert event.new["changed"] == 1


def test_a_row_without_an_id_files_its_month_once(
    session: Session, world: World, settings: Settings, project: Project
) -> None:
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    sheet = book.active
    assert sheet is not None
    april_1 = date(2023, 4, 1)  # "2023-04" typed into Excel comes back as a date
    sheet.append(["XM-R1", "", april_1, None, None, "", 150, None, "-主体封顶", "雨季施工"])
    edited = _saved(book)
    result = _run(session, fgw, edited, settings)
    assert (result["created"], result["unchanged"], result["applied"]) == (1, 3, True), result
    april = _reports(session, project)["2023-04"]
    assert (april.investment_month, april.investment_cumulative) == (Decimal(150), Decimal(950))
    assert (april.progress, april.problems) == ("-主体封顶", "雨季施工")
    again = _run(session, fgw, edited, settings)  # the same sheet again files nothing twice
    assert (again["created"], again["unchanged"]) == (0, 4), again
    sheet.append(["XM-R1", "", "2023-06", None, None, "", 10])  # June has not begun
    early = _run(session, fgw, _saved(book), settings)
    [error] = early["errors"]  # type: ignore[misc]
    assert error["row"] == sheet.max_row and "no report is owed for 2023-06" in error["message"]


def test_a_stale_row_refuses_the_whole_sheet(
    session: Session, world: World, settings: Settings, project: Project
) -> None:
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    sheet = book.active
    assert sheet is not None
    for row in range(2, sheet.max_row + 1):
        _set(book, row, "存在问题", "征地协调中")
    march = _reports(session, project)["2023-03"]
    service.submit_report(  # March is corrected on the project's page after the export
        session, actor=fgw, project_id=project.id, settings=settings,
        data=ProjectReportCreate(period="2023-03", investment_month=Decimal(125),
                                 version=march.version),
    )  # fmt: skip
    result = _run(session, fgw, _saved(book), settings)
    [conflict] = result["conflicts"]  # type: ignore[misc]
    assert conflict["code"] == "XM-R1 2023-03" and "changed by someone else" in conflict["message"]
    assert result["applied"] is False and _imports(session) == 0
    assert {r.problems for r in _reports(session, project).values()} == {""}


def test_a_bad_cell_names_sheet_row_and_column_and_nothing_is_applied(
    session: Session, world: World, settings: Settings, project: Project
) -> None:
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    _set(book, _row_of(book, "2023-01"), "存在问题", "资金缺口")
    bad = _row_of(book, "2023-02")
    _set(book, bad, "当月完成投资（万元）", "八十万")
    result = _run(session, fgw, _saved(book), settings)
    errors = [(e["sheet"], e["row"], e["column"]) for e in result["errors"]]  # type: ignore[attr-defined]
    assert errors == [("项目月报", bad, "investment_month")]
    assert result["applied"] is False and _imports(session) == 0
    assert _reports(session, project)["2023-01"].problems == ""


@pytest.mark.parametrize("who", ["cd", "jxt", "office"])
def test_the_region_another_unit_or_the_office_cannot_file_or_change_a_month(
    session: Session, world: World, settings: Settings, project: Project, who: str
) -> None:
    """The owner's sheet, edited and handed to the region (a co-unit: it reads), to a unit
    with no relation, and to the supervising office (it keeps the entry; the owner files):
    every written row is refused and nothing is applied."""
    book = _exported(session, world.actors["fgw"])
    changed = _row_of(book, "2023-03")
    _set(book, changed, "当月完成投资（万元）", 999)
    sheet = book.active
    assert sheet is not None
    sheet.append(["XM-R1", "", "2023-04", None, None, "", 150, "冒名报送"])
    result = _run(session, world.actors[who], _saved(book), settings)
    rows = {e["row"] for e in result["errors"]}  # type: ignore[attr-defined]
    assert {changed, sheet.max_row} <= rows, result["errors"]
    assert result["applied"] is False and _imports(session) == 0
    reports = _reports(session, project)
    assert reports["2023-03"].investment_month == Decimal(120) and "2023-04" not in reports


def test_a_blanked_progress_text_clears_it_and_a_blanked_amount_is_a_bad_cell(
    session: Session, world: World, settings: Settings, project: Project
) -> None:
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    row = _row_of(book, "2023-02")
    _blank(book, row, "形象进度")
    cleared = _saved(book)
    dry = _run(session, fgw, cleared, settings, dry_run=True)
    [item] = [i for i in dry["items"] if i["outcome"] == "changed"]  # type: ignore[attr-defined]
    assert [(c["column"], c["new"]) for c in item["cells"]] == [("progress", "")]
    _blank(book, row, "当月完成投资（万元）")
    refused = _run(session, fgw, _saved(book), settings)
    assert refused["applied"] is False
    assert [(e["sheet"], e["row"], e["column"]) for e in refused["errors"]] == [  # type: ignore[attr-defined]
        ("项目月报", row, "investment_month")
    ]
    month = _reports(session, project)["2023-02"]
    assert (month.investment_month, month.progress != "") == (Decimal(80), True)
    done = _run(session, fgw, cleared, settings)
    assert done["applied"] is True
    after = _reports(session, project)["2023-02"]
    assert (after.investment_month, after.progress) == (Decimal(80), "")
