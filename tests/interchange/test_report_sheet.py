"""Progress reports as a sheet: exported, edited offline with openpyxl, re-imported as a
cell-by-cell diff through the progress service (dry run first, all or nothing, one audit
event); a stale row or a bad cell keeps every row out; only the lead unit files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import time_machine
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import Report
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks.models import Task
from luoshi.interchange.report_sheet import export_reports, import_reports
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.scenario.world import World, build_world, local, make_settings, publish_task


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def world(session: Session, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    return build_world(session)


@pytest.fixture
def task(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> Task:
    """The DRC leads, Commerce is a co-unit; both filed April's report on 26 April."""
    task_id = publish_task(
        session, title="扩大有效投资", lead="prov.fgw", co_units=("prov.swt",),
        start=date(2023, 3, 16), due=date(2023, 12, 31),
    )  # fmt: skip
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    supervision.accept_task(session, actor=world.actors["fgw"], task_id=task_id, settings=settings)
    time_machine.move_to(local(date(2023, 4, 26)), tick=False)
    for who, done in (("fgw", "=开工项目10个"), ("swt", "举办展会2场")):
        progress.submit_report(
            session, actor=world.actors[who], task_id=task_id, settings=settings,
            data=ReportCreate(period="2023-04", progress=30, done=done, problems="资金到位慢"),
        )  # fmt: skip
    found = session.get(Task, task_id)
    assert found is not None
    return found


def _lead_report(session: Session, task: Task) -> Report:
    found = session.scalar(
        select(Report).where(Report.task_id == task.id, Report.unit_id == task.lead_unit_id)
    )
    assert found is not None
    return found


def _exported(session: Session, actor: Actor) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export_reports(session, actor=actor, fmt="xlsx")))


def _row_of(book: openpyxl.Workbook, report_id: int) -> int:
    sheet = book.active
    assert sheet is not None
    [number] = [r[0].row for r in sheet.iter_rows(min_row=2) if r[3].value == report_id]
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
    report = import_reports(
        session, actor=actor, content=content, filename="进展.xlsx", settings=settings,
        dry_run=dry_run,
    )  # fmt: skip
    return report.as_dict()


def _imports(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "import.reports")
        )
        or 0
    )


def test_reports_round_trip_one_cell_through_a_dry_run(
    session: Session, world: World, settings: Settings, task: Task
) -> None:
    fgw = world.actors["fgw"]
    content = export_reports(session, actor=fgw, fmt="xlsx")
    grid = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [str(v) for v in grid[0][:6]] == [
        "任务编号",
        "任务内容",
        "报告期",
        "报告编号",
        "版本",
        "填报单位",
    ]
    assert "'=开工项目10个" in [str(v) for row in grid for v in row]  # not a formula in Excel
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None and sheet.column_dimensions["E"].hidden  # the version column
    report = _lead_report(session, task)
    _set(book, _row_of(book, report.id), "进度%", 45)
    edited = _saved(book)
    dry = _run(session, fgw, edited, settings, dry_run=True)
    assert (dry["created"], dry["changed"], dry["unchanged"], dry["errors"]) == (0, 1, 1, [])
    [item] = [i for i in dry["items"] if i["outcome"] == "changed"]  # type: ignore[attr-defined]
    assert item["cells"] == [{"column": "progress", "old": "30", "new": "45"}]
    assert (item["sheet"], item["code"]) == ("进展报告", f"{task.code} 2023-04")
    session.refresh(report)
    assert report.progress == 30 and _imports(session) == 0  # a dry run keeps nothing
    done = _run(session, fgw, edited, settings)
    assert (done["applied"], done["changed"]) == (True, 1)
    session.refresh(report)
    session.refresh(task)
    assert (report.progress, report.status, task.progress) == (45, "submitted", 45)
    assert report.done == "=开工项目10个"  # the escape came off again, exactly
    assert _imports(session) == 1
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "import.reports"))
    assert event.new is not None and event.new["sha256"] == done["sha256"]
    assert event.new["changed"] == 1


def test_a_row_without_an_id_files_the_period_as_the_page_would(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 5, 24)), tick=False)
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    sheet = book.active
    assert sheet is not None
    sheet.append([task.code, "", "2023-05", None, None, "", "60%", "+新开工3个", "", "抓紧调度"])
    edited = _saved(book)
    report = _run(session, fgw, edited, settings)
    assert (report["created"], report["unchanged"], report["applied"]) == (1, 2, True), report
    may = progress.unit_report(session, task_id=task.id, unit_id=task.lead_unit_id or 0,
                               period="2023-05")  # fmt: skip
    assert may is not None
    assert (may.progress, may.done, may.next_steps, may.status, may.late) == (
        60, "+新开工3个", "抓紧调度", "submitted", False,
    )  # fmt: skip
    again = _run(session, fgw, edited, settings)  # the same sheet again creates nothing
    assert (again["created"], again["unchanged"], again["applied"]) == (0, 3, True), again


def test_a_stale_row_refuses_the_whole_sheet(
    session: Session, world: World, settings: Settings, task: Task
) -> None:
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    sheet = book.active
    assert sheet is not None
    for row in range(2, sheet.max_row + 1):
        _set(book, row, "存在问题", "已协调解决")
    report = _lead_report(session, task)
    supervision.review_report(  # the office accepts it after the export
        session, actor=world.actors["office"], report_id=report.id, accept=True, comment="",
        settings=settings,
    )  # fmt: skip
    result = _run(session, fgw, _saved(book), settings)
    [conflict] = result["conflicts"]  # type: ignore[misc]
    assert (
        conflict["code"] == f"{task.code} 2023-04"
        and "changed by someone else" in conflict["message"]
    )
    assert result["applied"] is False and _imports(session) == 0
    assert {r.problems for r in session.scalars(select(Report))} == {"资金到位慢"}
    accepted = _exported(session, fgw)  # an accepted report stays as it was accepted
    _set(accepted, _row_of(accepted, report.id), "存在问题", "已协调解决")
    refused = _run(session, fgw, _saved(accepted), settings)
    [error] = refused["errors"]  # type: ignore[misc]
    assert "is accepted already: it cannot be changed" in error["message"]
    assert refused["applied"] is False


def test_a_bad_cell_names_sheet_row_and_column_and_nothing_is_applied(
    session: Session, world: World, settings: Settings, task: Task
) -> None:
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    report = _lead_report(session, task)
    row = _row_of(book, report.id)
    _set(book, row, "已完成工作", "开工项目12个")
    sheet = book.active
    assert sheet is not None
    sheet.append([task.code, "", "2023-04", None, None, "", "一半"])
    result = _run(session, fgw, _saved(book), settings)
    errors = [(e["sheet"], e["row"], e["column"]) for e in result["errors"]]  # type: ignore[attr-defined]
    assert errors == [("进展报告", sheet.max_row, "progress")]
    assert result["applied"] is False and _imports(session) == 0
    session.refresh(report)
    assert report.done == "=开工项目10个"


@pytest.mark.parametrize("who", ["jxt", "cd", "office"])
def test_another_unit_or_the_office_cannot_file_or_change_through_the_sheet(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    who: str,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    """The lead's sheet, edited and handed to units with no relation to the task (jxt, and
    cd above no unit of it) or to the supervising office (it reviews, the lead files):
    every written row is refused, nothing applied."""
    time_machine.move_to(local(date(2023, 5, 24)), tick=False)
    book = _exported(session, world.actors["fgw"])
    report = _lead_report(session, task)
    _set(book, _row_of(book, report.id), "进度%", 90)
    sheet = book.active
    assert sheet is not None
    sheet.append([task.code, "", "2023-05", None, None, "", 95, "冒名报送"])
    before = session.scalar(select(func.count()).select_from(Report))
    result = _run(session, world.actors[who], _saved(book), settings)
    rows = {e["row"] for e in result["errors"]}  # type: ignore[attr-defined]
    assert {_row_of(book, report.id), sheet.max_row} <= rows
    assert result["applied"] is False and _imports(session) == 0
    session.refresh(report)
    assert report.progress == 30
    assert session.scalar(select(func.count()).select_from(Report)) == before


def test_a_returned_report_is_filed_again_through_the_sheet(
    session: Session, world: World, settings: Settings, task: Task
) -> None:
    report = _lead_report(session, task)
    supervision.review_report(
        session, actor=world.actors["office"], report_id=report.id, accept=False,
        comment="请补充项目清单", settings=settings,
    )  # fmt: skip
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    row = _row_of(book, report.id)
    _set(book, row, "已完成工作", "开工项目10个：甲、乙、丙")
    result = _run(session, fgw, _saved(book), settings)
    assert (result["changed"], result["applied"]) == (1, True), result
    session.refresh(report)
    assert (report.status, report.done, report.review_comment) == (
        "submitted", "开工项目10个：甲、乙、丙", "",
    )  # fmt: skip


def test_a_blanked_text_clears_it_and_a_blanked_progress_is_a_bad_cell(
    session: Session, world: World, settings: Settings, task: Task
) -> None:
    fgw = world.actors["fgw"]
    report = _lead_report(session, task)
    book = _exported(session, fgw)
    row = _row_of(book, report.id)
    _blank(book, row, "存在问题")
    cleared = _saved(book)
    dry = _run(session, fgw, cleared, settings, dry_run=True)
    [item] = [i for i in dry["items"] if i["outcome"] == "changed"]  # type: ignore[attr-defined]
    assert item["cells"] == [{"column": "problems", "old": "资金到位慢", "new": ""}]
    _blank(book, row, "进度%")
    refused = _run(session, fgw, _saved(book), settings)
    assert refused["applied"] is False
    assert [(e["sheet"], e["row"], e["column"]) for e in refused["errors"]] == [  # type: ignore[attr-defined]
        ("进展报告", row, "progress")
    ]
    session.refresh(report)
    assert (report.progress, report.problems) == (30, "资金到位慢")  # nothing was written
    done = _run(session, fgw, cleared, settings)
    assert done["applied"] is True
    session.refresh(report)
    assert (report.progress, report.problems) == (30, "")


def test_a_co_unit_files_and_changes_its_own_part_but_not_the_leads_report(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 5, 24)), tick=False)
    swt = world.actors["swt"]
    part = session.scalar(
        select(Report).where(Report.task_id == task.id, Report.unit_id != task.lead_unit_id)
    )
    assert part is not None
    lead = _lead_report(session, task)
    book = _exported(session, swt)
    _set(book, _row_of(book, lead.id), "进度%", 90)  # the lead's report: not the co-unit's
    refused = _run(session, swt, _saved(book), settings)
    assert [(e["row"], e["message"]) for e in refused["errors"]] == [  # type: ignore[attr-defined]
        (_row_of(book, lead.id), f"report {lead.id} is another unit's: only that unit changes it")
    ]
    book = _exported(session, swt)
    _set(book, _row_of(book, part.id), "已完成工作", "举办展会3场")
    sheet = book.active
    assert sheet is not None
    sheet.append([task.code, "", "2023-05", None, None, "", 50, "五月展会2场"])
    dry = _run(session, swt, _saved(book), settings, dry_run=True)
    assert (dry["created"], dry["changed"], dry["errors"]) == (1, 1, []), dry
    done = _run(session, swt, _saved(book), settings)
    assert done["applied"] is True, done
    session.refresh(part)
    session.refresh(lead)
    assert (part.done, lead.progress) == ("举办展会3场", 30)
    may = session.scalar(
        select(Report).where(Report.task_id == task.id, Report.period == "2023-05")
    )
    assert may is not None and (may.unit_id, may.progress) == (part.unit_id, 50)
    events = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "report")
    ).all()
    assert "report.update" in events  # the part's change, audited as on the page


def test_the_lead_answers_a_leaders_instructions_in_its_new_report_row(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 5, 24)), tick=False)
    first, second = (
        supervision.write_instruction(
            session, actor=world.actors["leader"], task_id=task.id, text=text, settings=settings
        )
        for text in ("要加快进度", "请报送项目清单")
    )
    fgw = world.actors["fgw"]
    book = _exported(session, fgw)
    report = _lead_report(session, task)
    sheet = book.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    listed = sheet.cell(row=_row_of(book, report.id), column=headers.index("领导批示") + 1).value
    assert listed == f"[{first.id}] 要加快进度\n[{second.id}] 请报送项目清单"
    new_row = [task.code, "", "2023-05", None, None, "", 50, "开工12个"]
    # One instruction left unanswered: the service refuses the report, nothing is filed.
    sheet.append(new_row + [""] * (headers.index("批示答复") - len(new_row))
                 + [f"[{first.id}] 已加快"])  # fmt: skip
    refused = _run(session, fgw, _saved(book), settings)
    assert refused["applied"] is False and [e["row"] for e in refused["errors"]] == [  # type: ignore[attr-defined]
        sheet.max_row
    ]
    sheet.cell(
        row=sheet.max_row, column=headers.index("批示答复") + 1
    ).value = f"[{first.id}] 已加快\n[{second.id}] 清单见附件\n共12个项目"
    done = _run(session, fgw, _saved(book), settings)
    assert done["applied"] is True, done
    may = session.scalar(
        select(Report).where(Report.task_id == task.id, Report.period == "2023-05")
    )
    assert may is not None
    assert progress.answers_of(session, may) == {
        first.id: "已加快",
        second.id: "清单见附件\n共12个项目",
    }
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "report.submit")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None and event.new is not None
    assert event.new["answers"] == sorted([first.id, second.id])
    # The filed report's answers stay as filed: a changed answers cell is a bad cell.
    again = _exported(session, fgw)
    row = _row_of(again, may.id)
    _set(again, row, "批示答复", f"[{first.id}] 改写")
    changed = _run(session, fgw, _saved(again), settings)
    assert [(e["row"], e["column"]) for e in changed["errors"]] == [(row, "answers")]  # type: ignore[attr-defined]
