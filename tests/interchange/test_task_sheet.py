"""Task sheets: a messy real-style 任务分解表 imports as tasks of the office; the task list
exports, is edited offline and comes back as a cell-by-cell diff, all or nothing, with
conflicts refused. Every workbook here is built by the test."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskUpdate
from luoshi.errors import InvalidInput
from luoshi.interchange.task_sheet import export_tasks, import_tasks, read_task_sheet
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.tabular import UnitNames
from luoshi.settings import Settings
from tests.factories import World, build_world

SETTINGS = Settings(environment="test")


def messy_breakdown() -> bytes:
    """A 任务分解表 as offices send them: title and notes above a two-row header, a work
    line merged down over its tasks, a heading row, several units in one cell, and the
    deadline written five ways (plus a standing duty)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分解表"
    sheet["A1"] = "2023年省政府工作报告重点任务分解表"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "填报说明：请各单位于每月25日前报送进展。"
    sheet.merge_cells("A2:F2")
    sheet.append(["序号", "重点任务", "任务内容", "责任单位", None, "完成时限"])
    sheet.append([None, None, None, "牵头单位", "配合单位", None])
    for column in "ABCF":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("D3:E3")
    sheet.append(["一、扩大有效投资"])
    sheet.merge_cells("A5:F5")
    sheet.append(
        [
            1,
            "抓好项目建设",
            "推进100个省重点项目开工",
            "省发改委",
            "省商务厅、甲市",
            "2023年6月底前",
        ]
    )
    sheet.append([2, None, "完成年度投资计划", "省发展和改革委员会", "甲市，乙市", "年底前"])
    sheet.append([3, None, "建立项目调度机制", "DRC", None, "长期坚持"])
    sheet.merge_cells("B6:B8")  # one work line over three tasks
    sheet.append(["二、促进消费"])
    sheet.append(
        [4, "促进消费恢复", "举办消费季活动", "省商务厅（牵头）、甲市X县", None, "第二季度"]
    )
    sheet.append([5, "促进消费恢复", "培育夜间经济", "乙市\n乙市Y县", None, 45199])  # 2023-09-30
    sheet.append([6, "促进消费恢复", "-恢复线下消费", "甲市", "", "2023.6.30"])
    sheet.append(["注：完成时限以省政府督查室通知为准。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _by_title(session: Session) -> dict[str, Task]:
    return {t.title: t for t in session.scalars(select(Task))}


def _co(session: Session, task: Task) -> list[str]:
    return sorted(u.code for u in tasks.co_units_of(session, task))


def _lead(session: Session, task: Task) -> str:
    read = tasks.to_read(session, task)
    return read.lead_unit.code if read.lead_unit else ""


def test_a_messy_breakdown_table_imports_as_tasks_of_the_office(session: Session) -> None:
    world = build_world(session)
    content = messy_breakdown()
    dry = import_tasks(
        session, actor=world.office, content=content, filename="分解表.xlsx",
        settings=SETTINGS, dry_run=True, year=2023,
    )  # fmt: skip
    assert dry.errors == () and dry.count("created") == 6 and not dry.applied
    assert session.scalar(select(func.count()).select_from(Task)) == 0
    report = import_tasks(
        session, actor=world.office, content=content, filename="分解表.xlsx",
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    assert report.applied and report.count("created") == 6, report.as_dict()
    found = _by_title(session)
    one = found["推进100个省重点项目开工"]
    assert (one.work_line, _lead(session, one), _co(session, one)) == (
        "抓好项目建设", "p.fgw", ["p.a", "p.swt"],
    )  # fmt: skip
    assert one.due_date == date(2023, 6, 30) and one.status == "assigned"
    two = found["完成年度投资计划"]
    assert (two.work_line, _co(session, two), two.due_date) == (
        "抓好项目建设", ["p.a", "p.b"], date(2023, 12, 31),
    )  # fmt: skip
    three = found["建立项目调度机制"]  # matched by alias; a standing duty has no due date
    assert (three.work_line, _lead(session, three), three.due_date) == (
        "抓好项目建设",
        "p.fgw",
        None,
    )
    four = found["举办消费季活动"]  # "（牵头）" marks the lead; the other unit is a co-unit
    assert (_lead(session, four), _co(session, four)) == ("p.swt", ["p.a.x"])
    assert four.due_date == date(2023, 6, 30) and four.work_line == "促进消费恢复"
    five = found["培育夜间经济"]  # units on two lines of one cell; an Excel serial date
    assert (_lead(session, five), _co(session, five), five.due_date) == (
        "p.b", ["p.b.y"], date(2023, 9, 30),
    )  # fmt: skip
    assert found["-恢复线下消费"].due_date == date(2023, 6, 30)
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "import.tasks"))
    assert event.new is not None and event.new["created"] == 6
    assert event.new["sha256"] == report.sha256 and len(report.sha256) == 64
    again = import_tasks(
        session, actor=world.office, content=content, filename="分解表.xlsx",
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    assert (again.count("created"), again.count("unchanged")) == (0, 6)


def _sheet(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bad_cells_name_sheet_row_and_column_and_keep_every_row_out(session: Session) -> None:
    world = build_world(session)
    content = _sheet(
        [
            ["任务内容", "牵头单位", "完成时限"],
            ["好的一行", "省商务厅", "6月底前"],
            ["单位写错", "省发改委员会", "6月底前"],
            ["日期写错", "甲市", "尽快"],
            ["不在辖区", "乙市", "年底前"],
        ]
    )
    report = import_tasks(
        session, actor=world.city_a, content=content, filename="t.xlsx",
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    errors = report.as_dict()["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [
        ("Sheet", 2, None),  # 省商务厅 is not under city A: the office obliges only its own
        ("Sheet", 3, "lead"),
        ("Sheet", 4, "due"),
        ("Sheet", 5, None),
    ]
    assert "did you mean 省发展和改革委员会" in errors[1]["message"]
    assert not report.applied
    assert session.scalar(select(func.count()).select_from(Task)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "import.tasks")) == 0  # fmt: skip


def test_each_cell_reads_as_a_person_means_it_however_the_sheet_stores_it(
    session: Session,
) -> None:
    """The reader picks a row's cells by position and reads a units or deadline text once
    per sheet: what it makes of a cell must not depend on that. A cell right of the header
    is not read; a number and the same number as text are one deadline; a bad cell met
    twice is two bad rows; a row's first bad cell, read left to right, is the one named; a
    units cell of separators only names no unit."""
    build_world(session)
    content = _sheet(
        [
            ["序号", "版本", "任务内容", "牵头单位", "完成时限"],
            [1, None, "'=SUM(A1)", "省商务厅", 45107, "甲市"],  # F has no header
            [2, None, "  两边有空格  ", "省商务厅", "45107"],
            [3, None, "单位写错", "省发改委员会", "6月底前"],
            [4, None, "又写错一次", "省发改委员会", "6月底前"],
            [5, "v2", "版本和单位都错", "省发改委员会", "尽快"],
            [6, None, "数字当单位", 12, "年底前"],
            [None, None, None, None, None, "只在无表头的列"],
            [8],
            [9, None, "只有顿号", "、", "年底前"],
        ]
    )
    names = UnitNames(session, tenant_id=system_actor().tenant_id)
    lines, rows, bad = read_task_sheet(content, "t.xlsx", names=names, year=2023)
    assert [r.number for r in rows] == [2, 3, 4, 5, 6, 7, 9, 10]
    assert [(x.title, x.lead.code if x.lead else None, x.co, x.due) for x in lines] == [
        ("=SUM(A1)", "p.swt", None, date(2023, 6, 30)),
        ("两边有空格", "p.swt", None, date(2023, 6, 30)),
    ]
    assert [(row.number, problem.column) for row, problem in bad] == [
        (4, "lead"), (5, "lead"), (6, "version"), (7, "lead"), (9, "title"), (10, "lead"),
    ]  # fmt: skip
    assert bad[0][1] is not bad[1][1] and bad[0][1].message == bad[1][1].message
    assert "12" in bad[3][1].message and "did you mean" in bad[0][1].message


def test_a_hostile_file_writes_nothing(session: Session) -> None:
    world = build_world(session)
    with pytest.raises(InvalidInput, match="contains macros"):
        import_tasks(
            session, actor=world.office,
            content=_with_member(messy_breakdown(), "xl/vbaProject.bin"),
            filename="t.xlsx", settings=SETTINGS, dry_run=False,
        )  # fmt: skip
    assert session.scalar(select(func.count()).select_from(Task)) == 0


def _with_member(content: bytes, name: str) -> bytes:
    import zipfile

    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(name, b"vba")
    return out.getvalue()


def _imported(session: Session, world: World) -> None:
    report = import_tasks(
        session, actor=world.office, content=messy_breakdown(), filename="分解表.xlsx",
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    assert report.applied


def _grid(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return [list(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    return [[str(v) for v in row] for row in sheet.to_python()]


def _write(grid: list[list[str]], fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(grid)
        return out.getvalue().encode("utf-8")
    return _sheet([list(r) for r in grid])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_edit_offline_reimport_applies_only_what_changed(session: Session, fmt: str) -> None:
    world = build_world(session)
    _imported(session, world)
    content = export_tasks(session, actor=world.office, fmt=fmt)  # type: ignore[arg-type]
    grid = _grid(content, fmt)
    header = grid[0]
    assert header[:4] == ["任务编号", "版本", "工作板块", "任务内容"]
    title, due, co = header.index("任务内容"), header.index("完成时限"), header.index("配合单位")
    rows = {r[title]: r for r in grid[1:]}
    assert rows["'-恢复线下消费"]  # formula injection escaped in the exported cell
    rows["完成年度投资计划"][due] = "2023年9月底前"
    rows["举办消费季活动"][co] = "甲市X县、乙市"
    edited = _write(grid, fmt)
    report = import_tasks(
        session, actor=world.office, content=edited, filename=f"tasks.{fmt}",
        settings=SETTINGS, dry_run=True, year=2023,
    )  # fmt: skip
    changed = {
        i["code"]: i["cells"] for i in report.as_dict()["items"] if i["outcome"] == "changed"
    }
    assert (report.count("changed"), report.count("unchanged")) == (2, 4), report.as_dict()
    assert {"column": "due", "old": "2023-12-31", "new": "2023-09-30"} in [
        c for cells in changed.values() for c in cells
    ]
    found = _by_title(session)
    assert found["完成年度投资计划"].due_date == date(2023, 12, 31)  # a dry run keeps nothing
    applied = import_tasks(
        session, actor=world.office, content=edited, filename=f"tasks.{fmt}",
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    assert applied.applied and applied.count("changed") == 2
    assert found["完成年度投资计划"].due_date == date(2023, 9, 30)
    assert _co(session, found["举办消费季活动"]) == ["p.a.x", "p.b"]
    assert found["-恢复线下消费"].title == "-恢复线下消费"  # the escape came off again


def test_a_row_changed_since_the_export_is_a_conflict_and_nothing_is_applied(
    session: Session,
) -> None:
    world = build_world(session)
    _imported(session, world)
    grid = _grid(export_tasks(session, actor=world.office, fmt="xlsx"), "xlsx")
    title, due = grid[0].index("任务内容"), grid[0].index("完成时限")
    for row in grid[1:]:
        row[due] = "2023-11-30"
    task = _by_title(session)["培育夜间经济"]
    supervision.update_task(  # someone edits the task after the export
        session, actor=world.office, task_id=task.id,
        data=TaskUpdate(version=task.version, title="培育夜间经济（修改）"), settings=SETTINGS,
    )  # fmt: skip
    report = import_tasks(
        session, actor=world.office, content=_sheet(grid), filename="tasks.xlsx",  # type: ignore[arg-type]
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    [conflict] = report.as_dict()["conflicts"]
    assert conflict["code"] == task.code and "changed by someone else" in conflict["message"]
    assert not report.applied
    assert all(t.due_date != date(2023, 11, 30) for t in _by_title(session).values())
    assert [r[title] for r in grid[1:]]  # the sheet still held every task


def test_blanks_in_an_exported_row_clear_its_deadline_and_co_units_not_its_lead(
    session: Session,
) -> None:
    world = build_world(session)
    _imported(session, world)
    grid = _grid(export_tasks(session, actor=world.office, fmt="xlsx"), "xlsx")
    header = grid[0]
    title, due, co = header.index("任务内容"), header.index("完成时限"), header.index("配合单位")
    lead = header.index("牵头单位")
    row = next(r for r in grid[1:] if r[title] == "举办消费季活动")
    number = grid.index(row) + 1
    task = _by_title(session)["举办消费季活动"]
    assert task.due_date is not None and _co(session, task)
    row[due], row[co] = "", ""
    cleared = _sheet([list(r) for r in grid])
    dry = import_tasks(
        session, actor=world.office, content=cleared, filename="tasks.xlsx",
        settings=SETTINGS, dry_run=True, year=2023,
    )  # fmt: skip
    [item] = [i for i in dry.as_dict()["items"] if i["outcome"] == "changed"]
    assert {(c["column"], c["new"]) for c in item["cells"]} == {("due", ""), ("co", "")}
    row[lead] = ""
    refused = import_tasks(
        session, actor=world.office, content=_sheet([list(r) for r in grid]),
        filename="tasks.xlsx", settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    assert not refused.applied
    assert [(e.row, e.column) for e in refused.errors] == [(number, "lead")]
    assert task.due_date is not None and _co(session, task)  # nothing was written
    done = import_tasks(
        session, actor=world.office, content=cleared, filename="tasks.xlsx",
        settings=SETTINGS, dry_run=False, year=2023,
    )  # fmt: skip
    assert done.applied, done.as_dict()
    assert (task.due_date, _co(session, task)) == (None, [])
