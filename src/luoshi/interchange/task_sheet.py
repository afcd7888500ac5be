"""Tasks as a sheet: the task-breakdown table (任务分解表) in, the task list out and back.

Import reads the tables offices already keep — a title and notes above the header, the
header in one row or two (责任单位 over 牵头单位 | 配合单位), a work line merged down over
its tasks or given as a heading row ("一、扩大有效投资"), several units in one cell, the
deadline written any way (see ``tabular.parse_due``) — and makes each row a task of the
importing office: its lead and co-units must lie under the office, and a task with a lead
unit is sent to it at once (assigned), as publishing a breakdown does.

Export writes every task the user may see with its code (the stable identifier) and a
hidden version column; a re-import of that sheet changes only the cells that differ, and a
row whose task changed since the export is a conflict: nothing is applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate, TaskRead, TaskUpdate
from luoshi.errors import InvalidInput, NotFound
from luoshi.interchange.sheet_import import (
    CellChange,
    RowConflict,
    RowOutcome,
    SheetReport,
    run_sheet,
)
from luoshi.interchange.sheets import Column, Format, write_table
from luoshi.kernel import units, workbook
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import (
    Row,
    RowProblem,
    Table,
    UnitNames,
    data_rows,
    parse_due,
    stripped,
    table_of,
    too_many_rows,
)
from luoshi.settings import Settings

KIND = "tasks"
MAX_ROWS = 200_000

# Canonical column → the headers that mean it (any case; spaces, brackets, colons ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("任务编号", "任务代码", "task code", "task_code", "id"),
    "version": ("版本", "版本号", "version"),
    "number": ("序号", "no.", "no", "number", "#"),
    "work_line": ("工作板块", "重点工作", "板块", "工作领域", "领域", "work line", "work_line"),
    "key_task": ("重点任务", "工作任务", "主要任务", "key task", "key_task"),
    "title": (
        "任务内容",
        "具体任务",
        "具体措施",
        "工作措施",
        "主要措施",
        "工作内容",
        "任务",
        "任务名称",
        "目标任务",
        "task",
        "title",
        "measure",
    ),
    "lead": (
        "牵头单位",
        "主责单位",
        "责任单位",
        "牵头部门",
        "责任部门",
        "责任主体",
        "lead unit",
        "lead_unit",
        "lead",
        "responsible unit",
    ),
    "co": (
        "配合单位",
        "协办单位",
        "参与单位",
        "配合部门",
        "协同单位",
        "协办部门",
        "co-units",
        "co units",
        "co_units",
        "co-unit",
    ),
    "due": (
        "完成时限",
        "时间节点",
        "完成时间",
        "时限要求",
        "办结时限",
        "时限",
        "完成期限",
        "deadline",
        "due",
        "due date",
        "due_date",
    ),
    "leader": ("责任领导", "分管领导", "责任人", "responsible leader", "leader"),
    "cycle": ("报送周期", "报告周期", "报送频次", "调度频次", "report cycle", "cycle"),
    # Read so that the header is recognised; a task import does not write them.
    "progress_text": ("进展情况", "工作进展", "完成情况", "progress notes"),
    "status": ("状态", "status"),
    "progress": ("进度%", "进度", "progress %", "progress"),
    "light": ("亮灯", "light"),
}
CYCLES = {
    "每周": "weekly", "周": "weekly", "周报": "weekly",
    "半月": "half_monthly", "每半月": "half_monthly",
    "每月": "monthly", "月": "monthly", "月度": "monthly", "月报": "monthly",
    "每季度": "quarterly", "季度": "quarterly", "季": "quarterly", "季报": "quarterly",
    "一次": "once", "一次性": "once", "办结时": "once",
}  # fmt: skip

EXPORT_COLUMNS = (
    Column("code", "任务编号", 12),
    Column("version", "版本", 6, hidden=True),
    Column("work_line", "工作板块", 24),
    Column("title", "任务内容", 60),
    Column("lead", "牵头单位", 20),
    Column("co", "配合单位", 28),
    Column("due", "完成时限", 12),
    Column("leader", "责任领导", 12),
    Column("cycle", "报送周期", 12),
    Column("status", "状态", 12),
    Column("progress", "进度%", 8),
    Column("light", "亮灯", 8),
)


# ---------------------------------------------------------------- export


def _all_visible(session: Session, actor: Actor) -> Iterator[list[Task]]:
    page = 1
    while True:
        rows, total = tasks.list_tasks(session, actor=actor, page=page, page_size=500)
        if rows:
            yield rows
        if page * 500 >= total or not rows:
            return
        page += 1


def export_tasks(session: Session, *, actor: Actor, fmt: Format) -> bytes:
    """Every task the actor may read, one row each, as xlsx or csv (cells made safe)."""
    check(actor, "task.view")
    names = _unit_labels(session, actor)
    lines: list[list[str | int | date | None]] = []
    for batch in _all_visible(session, actor):
        for read in tasks.to_reads(session, batch):
            lines.append(
                [
                    read.code,
                    read.version,
                    read.work_line,
                    read.title,
                    names.get(read.lead_unit.id, "") if read.lead_unit else "",
                    "、".join(names.get(u.id, u.code) for u in read.co_units),
                    read.due_date,
                    read.responsible_leader,
                    read.report_cycle,
                    read.status,
                    read.progress,
                    read.light,
                ]
            )
    return write_table(EXPORT_COLUMNS, lines, fmt=fmt, sheet_name="任务")


def _unit_labels(session: Session, actor: Actor) -> dict[int, str]:
    """Each unit by its Chinese name, or by its code where that name is not unique."""
    found = list(session.scalars(select(Unit).where(Unit.tenant_id == actor.tenant_id)))
    seen: dict[str, int] = {}
    for unit in found:
        seen[unit.name_zh] = seen.get(unit.name_zh, 0) + 1
    return {u.id: u.name_zh if seen[u.name_zh] == 1 else u.code for u in found}


# ---------------------------------------------------------------- import


class TaskLine(NamedTuple):
    """One row of a task sheet, read and checked (units found, dates read), not applied."""

    row: Row
    code: str
    version: int | None
    title: str | None
    work_line: str | None
    lead: Unit | None
    co: tuple[Unit, ...] | None  # None: the sheet has no co-unit column (leave as they are)
    due: date | None
    has_due: bool
    leader: str | None
    cycle: str | None
    # The columns the sheet has (one set shared by its lines): a blank cell in one of them
    # is a value given as blank, a column it lacks is no value given.
    columns: frozenset[str] = frozenset()


def read_task_sheet(
    content: bytes,
    filename: str,
    *,
    names: UnitNames,
    year: int,
    max_bytes: int | None = None,
) -> tuple[list[TaskLine], list[Row], list[tuple[Row, RowProblem]]]:
    """Every row of the file's first sheet as a ``TaskLine``, and the rows with a bad cell.

    This is the reading half of the import (no database beyond ``names``), and what the
    bench times against calamine's raw read. Cells go straight into task lines (see
    ``_read_lines``): the rows answered carry their number, sheet and section, not their cells.
    """
    with workbook.bulk():
        [sheet] = workbook.open_sheets(content, filename, max_bytes=max_bytes)
        table = table_of(sheet, filename, columns=COLUMNS, required=())
        lines, rows, bad = _read_lines(table, sheet.name, names, year, filename)
    if rows and not {"title", "key_task"} & set(table.columns):
        raise InvalidInput.of(
            "err_filename_lacks_task_column_title",
            filename=filename,
            details={"missing_columns": ["title"]},
        )
    return lines, rows, bad


# The columns a task line is read from, in the order ``_read_lines`` unpacks them.
_READ = ("code", "version", "title", "key_task", "work_line", "lead", "co", "due", "leader",
         "cycle")  # fmt: skip
_UNSEEN = object()


def _read_lines(
    table: Table, sheet: str, names: UnitNames, year: int, filename: str
) -> tuple[list[TaskLine], list[Row], list[tuple[Row, RowProblem]]]:
    """Each data row of ``table`` as a task line, or a bad row: the hot loop of a large
    import, one pass with no call per row. What the header decides is decided here once,
    a row's cells are picked by position, and a units or deadline cell's text seen before
    is not read again (a sheet names the same few units and deadlines over and over)."""
    index = table.columns
    header = set(index)
    # A column the sheet lacks is read from a blank cell put after the row's last.
    pick = itemgetter(*(index.get(column, -1) for column in _READ))
    width = max(index.values()) + 1
    everything = tuple(index.values())
    text = stripped
    both = "title" in header and "key_task" in header
    by_column = "work_line" in header
    has_co = "co" in header
    has_due, has_leader = "due" in header, "leader" in header
    columns = frozenset(header)
    seen_units: dict[tuple[Any, Any], _Units | RowProblem] = {}
    seen_dues: dict[Any, date | RowProblem | None] = {"": None}
    new = tuple.__new__  # a row and its line made without the named tuples' own __new__
    lines: list[TaskLine] = []
    rows: list[Row] = []
    bad: list[tuple[Row, RowProblem]] = []
    for number, cells, section in data_rows(table):
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        cells.append("")
        code, version, title, key_task, work_line, lead, co, due, leader, cycle = pick(cells)
        # Text cells (most) stripped in line; numbers, dates and "'=…" by ``stripped``.
        title = title.strip() if type(title) is str and title[:1] != "'" else text(title)
        key_task = (
            key_task.strip() if type(key_task) is str and key_task[:1] != "'" else text(key_task)
        )
        code = text(code) if code != "" else ""
        if not (title or key_task or code) and not any(text(cells[i]) for i in everything):
            continue  # blanks, or text only in columns we do not read
        if len(rows) >= MAX_ROWS:
            raise too_many_rows(filename, MAX_ROWS)
        row = new(Row, (number, {}, sheet, section))
        rows.append(row)
        try:
            if not (title or key_task or code):
                raise RowProblem.of("err_row_names_no_task", column="title")
            # Checked in the order a person reads the row: version, units, cycle, deadline.
            given_version = _version(text(version)) if version != "" else None
            # Only text keys are kept, so a number or date cell never meets a cached text.
            found = seen_units.get((lead, co))
            if found is None:
                found = _units(names, lead, co, has_co=has_co)
                if type(lead) is str and type(co) is str:
                    seen_units[lead, co] = found
            if isinstance(found, RowProblem):
                raise _again(found)
            cycle = _cycle(text(cycle)) if cycle != "" else None
            when = seen_dues.get(due, _UNSEEN)
            if when is _UNSEEN:
                when = _due(text(due), year)
                if type(due) is str:
                    seen_dues[due] = when
            if isinstance(when, RowProblem):
                raise _again(when)
            if both:
                line: str | None = key_task or section
            elif by_column:
                line = text(work_line)
            else:
                line = section or None
            lines.append(
                new(
                    TaskLine,
                    (
                        row,
                        code,
                        given_version,
                        title or key_task or None,
                        line,
                        found[0],
                        found[1],
                        when,
                        has_due,
                        text(leader) if has_leader else None,
                        cycle,
                        columns,
                    ),
                )
            )
        except RowProblem as exc:
            bad.append((row, exc))
    return lines, rows, bad


# A row's lead unit and co-units (None: the sheet has no co-unit column).
_Units = tuple[Unit | None, tuple[Unit, ...] | None]


def _units(names: UnitNames, lead_cell: Any, co_cell: Any, *, has_co: bool) -> _Units | RowProblem:
    """The lead unit and co-units a row's two cells name (a lead cell may name several:
    the one marked 牵头, else the first, leads and the others are co-units), or what is
    wrong with them."""
    lead: Unit | None = None
    co: list[Unit] | None = [] if has_co else None
    try:
        if given := stripped(lead_cell):
            named = names.named(given, "lead")
            if not named:  # separators only ("、"): it names no unit
                return RowProblem.of("err_row_not_a_unit", column="lead", value=given)
            lead = named[0][0]
            if len(named) > 1:
                lead = next((u for u, role in named if role == "lead"), lead)
                co = [u for u, _ in named if u is not lead]
        if given := stripped(co_cell):
            co = list(dict.fromkeys([*(co or []), *(u for u, _ in names.named(given, "co"))]))
            if lead in co:
                co.remove(lead)
    except RowProblem as exc:
        return exc
    return lead, None if co is None else tuple(co)


def _due(given: str, year: int) -> date | RowProblem | None:
    if not given:
        return None
    try:
        return parse_due(given, year=year)
    except ValueError:
        return RowProblem.of("err_row_not_a_deadline", column="due", value=given)


def _version(given: str) -> int | None:
    if not given:
        return None
    try:
        return int(float(given))
    except ValueError:
        raise RowProblem.of("err_row_not_a_number", column="version", value=given) from None


def _cycle(given: str) -> str | None:
    if not given:
        return None
    cycle = CYCLES.get(given, given.lower())
    if cycle not in CYCLES.values():
        raise RowProblem.of("err_row_not_a_cycle", column="cycle", value=given)
    return cycle


def _again(problem: RowProblem) -> RowProblem:
    """A fresh copy of a cached row problem (each bad row raises its own)."""
    return RowProblem(problem.column, problem.message, key=problem.key, params=problem.params)


def import_tasks(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
    year: int | None = None,
) -> SheetReport:
    """Create the sheet's new tasks and change what differs in its known ones, all or
    nothing (see the module's docstring). Rows name a known task by its code; a row
    without one whose title the office already has is that task (so importing the same
    breakdown twice creates nothing twice)."""
    check(actor, "task.create")
    office = units.acting_unit(session, actor=actor)
    names = UnitNames(session, tenant_id=actor.tenant_id)
    lines, rows, bad = read_task_sheet(
        content,
        filename,
        names=names,
        year=year or now().year,
        max_bytes=settings.max_upload_bytes,
    )
    by_row = {line.row.number: line for line in lines}
    problems = {row.number: problem for row, problem in bad}
    labels = _unit_labels(session, actor)
    known_titles = _office_titles(session, office)

    def apply_row(row: Row) -> RowOutcome:
        if row.number in problems:
            raise problems[row.number]
        line = by_row[row.number]
        task = _existing(session, actor, line, known_titles)
        if task is None:
            return _create(session, actor, line, settings, labels)
        return _update(session, actor, task, line, settings, labels)

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


def _office_titles(session: Session, office: Unit) -> dict[str, int]:
    titles: dict[str, int] = {}
    found = session.execute(
        select(Task.title, Task.id).where(
            Task.office_unit_id == office.id, Task.parent_id.is_(None)
        )
    )
    for title, task_id in found:
        titles[title] = -1 if title in titles else task_id  # -1: several, match none
    return titles


def _existing(
    session: Session, actor: Actor, line: TaskLine, known_titles: dict[str, int]
) -> Task | None:
    if line.code:
        try:
            return tasks.find_task_for(session, actor=actor, code=line.code, action="task.assign")
        except NotFound:
            raise RowProblem.of(
                "err_row_no_task_you_supervise", column="code", value=line.code
            ) from None
    task_id = known_titles.get(line.title or "", 0)
    if task_id > 0:
        return tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.assign")
    return None


def _create(
    session: Session, actor: Actor, line: TaskLine, settings: Settings, labels: dict[int, str]
) -> RowOutcome:
    co_units = [u.code for u in line.co or []]
    # A task with a lead unit gets its units from the assignment that sends it (one writer,
    # one audit event for them); one without stays a draft with its co-units.
    data = TaskCreate.model_validate(
        {
            "title": line.title or "",
            "work_line": line.work_line or "",
            "co_units": [] if line.lead is not None else co_units,
            "due_date": line.due,
            "responsible_leader": line.leader or "",
            "report_cycle": line.cycle or "monthly",
        }
    )
    task = tasks.create_task(session, actor=actor, data=data)
    if line.lead is not None:
        supervision.assign_task(
            session,
            actor=actor,
            task_id=task.id,
            data=TaskAssign(lead_unit=line.lead.code, co_units=co_units),
            settings=settings,
        )
    cells = [
        CellChange(column, "", new)
        for column, new in (
            ("work_line", line.work_line or ""),
            ("title", line.title or ""),
            ("lead", labels.get(line.lead.id, "") if line.lead else ""),
            ("co", "、".join(labels.get(u.id, u.code) for u in line.co or [])),
            ("due", line.due.isoformat() if line.due else ""),
        )
        if new
    ]
    return RowOutcome(line.row.sheet, line.row.number, task.code, "created", tuple(cells))


def _update(
    session: Session,
    actor: Actor,
    task: Task,
    line: TaskLine,
    settings: Settings,
    labels: dict[int, str],
) -> RowOutcome:
    if line.version is not None and line.version != task.version:
        raise RowConflict(task.code, line.version, task.version)
    read = tasks.to_read(session, task)
    if line.version is not None:
        _blanks_kept(line, read)
    cells: list[CellChange] = []
    terms: dict[str, object] = {}

    def differ(column: str, old: object, new: object, field: str | None) -> None:
        if old != new:
            cells.append(CellChange(column, _shown(old, labels), _shown(new, labels)))
            if field is not None:
                terms[field] = new

    if line.title is not None:
        differ("title", read.title, line.title, "title")
    if line.work_line is not None:
        differ("work_line", read.work_line, line.work_line, "work_line")
    if line.has_due:
        differ("due", read.due_date, line.due, "due_date")
    if line.leader is not None:
        differ("leader", read.responsible_leader, line.leader, "responsible_leader")
    if line.cycle is not None:
        differ("cycle", read.report_cycle, line.cycle, "report_cycle")
    old_lead = read.lead_unit.id if read.lead_unit else None
    old_co = [u.id for u in read.co_units]
    new_lead = line.lead.id if line.lead is not None else old_lead
    new_co = sorted(u.id for u in line.co) if line.co is not None else old_co
    if line.lead is not None:
        differ("lead", old_lead, new_lead, None)
    if line.co is not None:
        differ("co", sorted(old_co), new_co, None)
    if terms:
        supervision.update_task(
            session,
            actor=actor,
            task_id=task.id,
            data=TaskUpdate.model_validate({**terms, "version": task.version}),
            settings=settings,
        )
    if (new_lead, new_co) != (old_lead, sorted(old_co)) and new_lead is not None:
        codes = {
            u.id: u.code
            for u in session.scalars(select(Unit).where(Unit.id.in_([new_lead, *new_co])))
        }
        supervision.assign_task(
            session,
            actor=actor,
            task_id=task.id,
            data=TaskAssign(
                lead_unit=codes[new_lead],
                co_units=[codes[i] for i in new_co],
                version=task.version,
            ),
            settings=settings,
        )
    outcome = "changed" if cells else "unchanged"
    return RowOutcome(line.row.sheet, line.row.number, task.code, outcome, tuple(cells))


def _blanks_kept(line: TaskLine, read: TaskRead) -> None:
    """An exported row (it carries its version) blanks its work line, deadline, leader or
    co-units to clear them; a blank title, report cycle or lead unit is a bad cell (a task
    always has them: write them)."""
    given = line.columns
    for column, present, value, held in (
        ("title", bool({"title", "key_task"} & given), line.title, read.title),
        ("cycle", "cycle" in given, line.cycle, read.report_cycle),
        ("lead", "lead" in given, line.lead, read.lead_unit),
    ):
        if present and value is None and held:
            raise RowProblem.of("err_row_required", column=column)


def _shown(value: object, labels: dict[int, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return labels.get(value, str(value))
    if isinstance(value, list):
        return "、".join(_shown(v, labels) for v in value)
    return str(value)
