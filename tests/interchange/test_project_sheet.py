"""Key projects: export → edit offline → re-import shows the diff, applies only what
changed, and refuses a sheet with a row whose project changed since the export."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.projects import service
from luoshi.domains.projects.models import Project
from luoshi.domains.projects.schemas import ProjectCreate, ProjectUpdate
from luoshi.interchange.project_sheet import export_projects, import_projects
from luoshi.settings import Settings
from tests.factories import World, build_world

SETTINGS = Settings(environment="test")


def _registered(session: Session) -> World:
    world = build_world(session)
    for code, name in (("XM-1", "=成绵高速扩容"), ("XM-2", "甲市医院新院区")):
        service.create_project(
            session, actor=world.office, settings=SETTINGS,
            data=ProjectCreate(code=code, name=name, owner_unit="p.fgw", region_unit="p.a",
                               total_investment=Decimal("1200.5")),
        )  # fmt: skip
    return world


def _grid(content: bytes) -> list[list[str]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    return [["" if v is None else str(v) for v in row] for row in sheet.to_python()]


def _xlsx(grid: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in grid:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _project(session: Session, code: str) -> Project:
    found = session.scalar(select(Project).where(Project.code == code))
    assert found is not None
    return found


def test_projects_round_trip_with_a_diff_and_conflicts(session: Session) -> None:
    world = _registered(session)
    grid = _grid(export_projects(session, actor=world.office, settings=SETTINGS, fmt="xlsx"))
    header = grid[0]
    assert header[:3] == ["项目编号", "版本", "项目名称"]
    rows = {r[0]: r for r in grid[1:]}
    assert rows["XM-1"][2] == "'=成绵高速扩容"  # not a formula in Excel
    rows["XM-2"][header.index("项目名称")] = "甲市人民医院新院区"
    rows["XM-1"][header.index("总投资（万元）")] = "1300"
    edited = _xlsx(grid)
    dry = import_projects(
        session, actor=world.office, content=edited, filename="p.xlsx", settings=SETTINGS,
        dry_run=True,
    )  # fmt: skip
    assert (dry.count("changed"), dry.count("unchanged"), dry.errors) == (2, 0, ())
    cells = {o.code: [(c.column, c.old, c.new) for c in o.cells] for o in dry.outcomes}
    assert cells == {
        "XM-1": [("total_investment", "1200.5", "1300")],
        "XM-2": [("name", "甲市医院新院区", "甲市人民医院新院区")],
    }
    assert _project(session, "XM-2").name == "甲市医院新院区"  # a dry run keeps nothing
    done = import_projects(
        session, actor=world.office, content=edited, filename="p.xlsx", settings=SETTINGS,
        dry_run=False,
    )  # fmt: skip
    assert done.applied
    assert _project(session, "XM-2").name == "甲市人民医院新院区"
    assert _project(session, "XM-1").total_investment == Decimal(1300)
    assert _project(session, "XM-1").name == "=成绵高速扩容"  # the escape came off
    stale = import_projects(
        session, actor=world.office, content=edited, filename="p.xlsx", settings=SETTINGS,
        dry_run=False,
    )  # fmt: skip
    assert not stale.applied and {c.code for c in stale.conflicts} == {"XM-1", "XM-2"}
    project = _project(session, "XM-2")
    service.update_project(
        session, actor=world.office, project_id=project.id, settings=SETTINGS,
        data=ProjectUpdate(version=project.version, name="改名"),
    )  # fmt: skip
    assert _project(session, "XM-2").name == "改名"


def test_a_blank_in_an_exported_row_is_a_bad_cell_and_nothing_is_written(
    session: Session,
) -> None:
    world = _registered(session)
    grid = _grid(export_projects(session, actor=world.office, settings=SETTINGS, fmt="xlsx"))
    header = grid[0]
    rows = {r[0]: r for r in grid[1:]}
    rows["XM-1"][header.index("总投资（万元）")] = ""
    rows["XM-2"][header.index("项目名称")] = "甲市人民医院新院区"
    report = import_projects(
        session, actor=world.office, content=_xlsx(grid), filename="p.xlsx", settings=SETTINGS,
        dry_run=False,
    )  # fmt: skip
    assert not report.applied
    assert [(e.row, e.column, e.key) for e in report.errors] == [
        (grid.index(rows["XM-1"]) + 1, "total_investment", "err_row_blank_does_not_clear")
    ]
    assert _project(session, "XM-1").total_investment == Decimal("1200.5")
    assert _project(session, "XM-2").name == "甲市医院新院区"
    # The same table without its version column (the office's own list): a blank leaves it.
    version = header.index("版本")
    plain = _xlsx([[c for i, c in enumerate(r) if i != version] for r in grid])
    done = import_projects(
        session, actor=world.office, content=plain, filename="p.xlsx", settings=SETTINGS,
        dry_run=False,
    )  # fmt: skip
    assert done.applied, done
    assert _project(session, "XM-1").total_investment == Decimal("1200.5")
    assert _project(session, "XM-2").name == "甲市人民医院新院区"
