"""Progress reports as a sheet: a unit files the reports of its tasks offline.

Export writes every report on a task the user may see (a co-unit reads the lead's too),
one row each, with its id and a hidden version column. Import takes the rows back through
the progress service, as filing on the task's page would: a row without a report id files
the report of the unit the user speaks for, for the task and period (the period owed when
the cell is blank): the lead unit's report, or a co-unit's part; a row with an id changes
that report while it is not yet reviewed (a returned one is filed again), against the
version exported. A unit files and changes only its own reports here (the lead its report,
a co-unit its part). The lead answers the leaders' open instructions (listed read only
under 领导批示, one a line as ``[id] text``) in 批示答复, one a line as ``[id] answer`` (a
lone instruction needs no id); the answers go with a new or returned report, as on the
task's page, and a filed report's stay as filed. Evidence files are attached on the task's
page: they cannot ride in a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.progress import instructions
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import Report
from luoshi.domains.progress.schemas import ReportCreate, ReportUpdate
from luoshi.domains.tasks import access as task_access
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.errors import NotFound
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
from luoshi.kernel.tabular import Row, RowProblem, cell_int, rows_of
from luoshi.settings import Settings

KIND = "reports"
MAX_ROWS = 50_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "task": ("任务编号", "任务代码", "task code", "task_code"),
    "title": ("任务内容", "任务名称", "task", "title"),
    "period": ("报告期", "报送期次", "期次", "period"),
    "report": ("报告编号", "report id", "report_id", "report"),
    "version": ("版本", "版本号", "version"),
    "unit": ("填报单位", "报送单位", "unit"),
    "progress": ("进度%", "进度", "完成进度", "progress %", "progress"),
    "done": ("已完成工作", "工作进展", "进展情况", "完成情况", "done"),
    "problems": ("存在问题", "问题", "problems"),
    "next_steps": ("下步计划", "下一步工作", "下步工作", "next steps", "next_steps"),
    "instructions": ("领导批示", "批示", "instructions"),
    "answers": ("批示答复", "对批示的答复", "answers"),
    "status": ("审核状态", "状态", "status"),
    "review_comment": ("审核意见", "review comment", "review_comment"),
    "submitted": ("报送日期", "报送时间", "submitted"),
    "late": ("逾期", "是否逾期", "late"),
}
# The columns a row writes; the others are there to be read.
WRITTEN = ("progress", "done", "problems", "next_steps")

EXPORT_COLUMNS = (
    Column("task", "任务编号", 12),
    Column("title", "任务内容", 40),
    Column("period", "报告期", 10),
    Column("report", "报告编号", 10),
    Column("version", "版本", 6, hidden=True),
    Column("unit", "填报单位", 20),
    Column("progress", "进度%", 8),
    Column("done", "已完成工作", 48),
    Column("problems", "存在问题", 32),
    Column("next_steps", "下步计划", 32),
    Column("instructions", "领导批示", 32),  # read only: the task's open instructions
    Column("answers", "批示答复", 32),
    Column("status", "审核状态", 10),
    Column("review_comment", "审核意见", 24),
    Column("submitted", "报送日期", 12),
    Column("late", "逾期", 6),
)


# ---------------------------------------------------------------- export


def _lines(texts: Mapping[int, str]) -> str:
    """Instructions or answers in one cell, one a line: ``[id] text``."""
    return "\n".join(f"[{i}] {text}" for i, text in sorted(texts.items()))


def _cells(
    report: Report, task: Task, unit: Unit, open_ones: Mapping[int, str], answers: str
) -> list[Cell]:
    return [
        task.code,
        task.title,
        report.period,
        report.id,
        report.version,
        unit.name_zh,
        report.progress,
        report.done,
        report.problems,
        report.next_steps,
        _lines(open_ones) if unit.id == task.lead_unit_id else "",
        answers,
        report.status,
        report.review_comment,
        clock.aware(report.submitted_at).astimezone(clock.LOCAL_TZ).date(),
        report.late,
    ]


def export_reports(session: Session, *, actor: Actor, fmt: Format) -> bytes:
    """Every report on a task the actor may see, one row each (cells made safe)."""
    found = list(progress.visible_reports(session, actor=actor))
    open_ones = instructions.open_instructions_of(session, [task.id for _, task, _ in found])
    answers = progress.answers_by_report(session, [report.id for report, _, _ in found])
    lines = [
        _cells(
            report,
            task,
            unit,
            {i.id: i.text for i in open_ones[task.id]},
            _lines(answers[report.id]),
        )
        for report, task, unit in found
    ]
    return write_table(EXPORT_COLUMNS, lines, fmt=fmt, sheet_name="进展报告")


# ---------------------------------------------------------------- import


def import_reports(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """File the sheet's new reports and change what differs in its filed ones, all or
    nothing (see the module's docstring)."""
    check(actor, "report.submit")
    [sheet] = workbook.open_sheets(content, filename, max_bytes=settings.max_upload_bytes)
    rows = rows_of(sheet, filename, columns=COLUMNS, required=("task",), max_rows=MAX_ROWS)

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
    code = row.text("task")
    if not code:
        raise RowProblem.of("err_row_names_no_task_code", column="task")
    report_id = cell_int(row, "report")
    version = cell_int(row, "version")
    given = _given(row)
    try:
        task = tasks.find_task_for(session, actor=actor, code=code, action="task.view")
    except NotFound:
        raise RowProblem.of("err_row_no_task_you_may_see", column="task", value=code) from None
    if report_id is None:
        return _file(session, actor, row, task, given, settings)
    try:
        report = progress.get_report_for(
            session, actor=actor, report_id=report_id, action="task.view"
        )
    except NotFound:
        raise RowProblem.of(
            "err_row_no_report_you_may_see", column="report", report_id=report_id
        ) from None
    if report.task_id != task.id:
        raise RowProblem.of(
            "err_row_report_not_on_task", column="report", report_id=report_id, code=code
        )
    if version is not None and version != report.version:
        raise RowConflict(_code(task, report.period), version, report.version)
    if "progress" in row.values and "progress" not in given:
        # A filed report's progress blanked: a report always has one (its texts clear).
        raise RowProblem.of("err_row_required", column="progress")
    period = period_cell(row)
    if period and period != report.period:
        raise RowProblem.of(
            "err_row_report_is_for_period",
            column="period", report_id=report_id, period=report.period,
        )  # fmt: skip
    return _change(session, actor, row, task, report, given, settings)


# A month as Excel may give it back: 2023-04-01 (typed 2023-04, made a date), 2023/4/1,
# 2023年4月.
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.]\s*0?1|\s*月(?:\s*1日)?)?")


def period_cell(row: Row) -> str:
    """The row's period, a month written as a date or in Chinese read as ``YYYY-MM``."""
    text = row.text("period")
    found = _MONTH.fullmatch(text)
    if found is not None and 1 <= int(found[2]) <= 12:
        return f"{found[1]}-{int(found[2]):02d}"
    return text


def _given(row: Row) -> dict[str, int | str]:
    """The written columns the sheet has, read: a blank text clears it; a blank progress is
    left out (a new report needs one, a filed one's may not be blanked)."""
    found: dict[str, int | str] = {}
    for column in WRITTEN:
        if column not in row.values:
            continue
        if column == "progress":
            progress_cell = _progress(row)
            if progress_cell is not None:
                found[column] = progress_cell
        else:
            found[column] = row.values[column]
    return found


_ANSWER = re.compile(r"^\s*[\[【]\s*(\d+)\s*[\]】]\s*(.*)$")


def _answers(row: Row, task: Task, session: Session) -> dict[int, str] | None:
    """The row's answers to instructions by id (None: the sheet has no answers column or
    the cell is blank): ``[id] answer`` a line, a line without an id continuing the one
    above; a cell without ids answers the task's one open instruction."""
    text = row.text("answers").strip()
    if "answers" not in row.values or not text:
        return None
    found: dict[int, str] = {}
    current: int | None = None
    loose: list[str] = []
    for line in text.splitlines():
        matched = _ANSWER.match(line)
        if matched is not None:
            current = int(matched[1])
            found[current] = matched[2].strip()
        elif current is not None:
            found[current] = f"{found[current]}\n{line}".strip()
        else:
            loose.append(line)
    if loose:
        open_ones = instructions.open_instructions(session, task)
        if found or len(open_ones) != 1:
            raise RowProblem.of("err_row_answer_names_no_instruction", column="answers")
        found[open_ones[0].id] = "\n".join(loose).strip()
    return {i: answer for i, answer in found.items() if answer}


def _responses(answers: Mapping[int, str] | None) -> list[dict[str, object]]:
    return [{"instruction_id": i, "text": t} for i, t in sorted((answers or {}).items())]


def _progress(row: Row) -> int | None:
    """A percentage as offices write it: 45, 45%, 45.0 (what Excel gives back)."""
    text = row.text("progress").rstrip("%％").strip()
    if not text:
        return None
    found = re.fullmatch(r"(\d{1,3})(?:\.0*)?", text)
    if found is None or int(found[1]) > 100:
        raise RowProblem.of(
            "err_row_progress_not_0_100", column="progress", value=row.text("progress")
        )
    return int(found[1])


def _code(task: Task, period: str) -> str:
    """A report as the sheet's report names it: its task and period."""
    return f"{task.code} {period}"


def _now(report: Report) -> dict[str, int | str]:
    return {
        "progress": report.progress,
        "done": report.done.strip(),
        "problems": report.problems.strip(),
        "next_steps": report.next_steps.strip(),
    }


def _differ(old: Mapping[str, int | str], new: Mapping[str, int | str]) -> list[CellChange]:
    return [
        CellChange(column, str(old[column]), str(value))
        for column, value in new.items()
        if value != old[column]
    ]


def _filer(session: Session, actor: Actor, task: Task) -> Unit:
    """The unit a row files for: the task's lead unit when the actor speaks for it (its
    report), else a co-unit of the task it speaks for (that unit's part)."""
    units = task_access.units_of(session, task)
    mine = {u.id for u in task_access.spoken_for(session, actor, task, units)}
    for unit in (units.lead, *units.co_units):
        if unit is not None and unit.id in mine:
            return unit
    raise RowProblem.of("err_row_only_the_lead_files", column=None, code=task.code)


def _file(
    session: Session,
    actor: Actor,
    row: Row,
    task: Task,
    given: dict[str, int | str],
    settings: Settings,
) -> RowOutcome:
    period = period_cell(row)
    unit = _filer(session, actor, task)
    if period:
        filed = progress.unit_report(session, task_id=task.id, unit_id=unit.id, period=period)
        if filed is not None:  # the same sheet imported twice: that report, unchanged
            if _differ(_now(filed), given):
                raise RowProblem.of(
                    "err_row_report_filed_already",
                    column="report", code=task.code, period=period, report_id=filed.id,
                )  # fmt: skip
            return RowOutcome(row.sheet, row.number, _code(task, period), "unchanged")
    if "progress" not in given:
        raise RowProblem.of("err_row_new_report_needs_progress", column="progress")
    answers = _answers(row, task, session)
    data = ReportCreate.model_validate(
        {"period": period or None, **given, "responses": _responses(answers)}
    )
    report = progress.submit_report(
        session, actor=actor, task_id=task.id, data=data, unit_code=unit.code, settings=settings
    )
    cells = [CellChange("period", "", report.period)] + [
        CellChange(column, "", str(value)) for column, value in given.items() if value != ""
    ]
    if answers:
        cells.append(CellChange("answers", "", _lines(answers)))
    return RowOutcome(row.sheet, row.number, _code(task, report.period), "created", tuple(cells))


def _change(
    session: Session,
    actor: Actor,
    row: Row,
    task: Task,
    report: Report,
    given: dict[str, int | str],
    settings: Settings,
) -> RowOutcome:
    old = _now(report)
    cells = _differ(old, given)
    code = _code(task, report.period)
    answers = _answers(row, task, session)
    filed = progress.answers_of(session, report) if answers is not None else {}
    if answers is not None and answers != filed:
        if report.status != "returned":  # a filed report's answers stay as filed
            raise RowProblem.of("err_row_answers_stay_as_filed", column="answers")
        cells.append(CellChange("answers", _lines(filed), _lines(answers)))
    if not cells:
        return RowOutcome(row.sheet, row.number, code, "unchanged")
    unit = _filer(session, actor, task)
    if report.unit_id != unit.id:  # the lead's row changed by a co-unit, or a part by the lead
        lead = unit.id == task.lead_unit_id
        key = "err_row_report_is_a_co_part" if lead else "err_row_report_of_another_unit"
        raise RowProblem.of(key, column=None, report_id=report.id)
    values = {**old, **given}
    if report.status == "returned":  # filed again, as the task's page does
        progress.submit_report(
            session,
            actor=actor,
            task_id=task.id,
            data=ReportCreate.model_validate(
                {"period": report.period, **values, "responses": _responses(answers)}
            ),
            unit_code=unit.code,
            settings=settings,
        )
    else:
        progress.update_report(
            session,
            actor=actor,
            report_id=report.id,
            data=ReportUpdate.model_validate({**values, "version": report.version}),
            settings=settings,
        )
    return RowOutcome(row.sheet, row.number, code, "changed", tuple(cells))
