"""Tasks: publish a breakdown, assign, accept or return, split, edit, move through status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import column, table

from luoshi.clock import now
from luoshi.db import bump_version
from luoshi.domains.directives import service as directives
from luoshi.domains.directives.models import Directive, WorkLine
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.models import Source
from luoshi.domains.tasks import access, queries, rules
from luoshi.domains.tasks.access import get_task_for as get_task_for
from luoshi.domains.tasks.access import get_task_with_units as get_task_with_units
from luoshi.domains.tasks.access import relations_to as relations_to
from luoshi.domains.tasks.models import FTS_TABLE, Task, TaskCoUnit, TaskSearch, TaskView
from luoshi.domains.tasks.schemas import (
    PublishOptions,
    TaskAssign,
    TaskCreate,
    TaskDetail,
    TaskRead,
    TaskUpdate,
    UnitRef,
)
from luoshi.errors import InvalidInput, NotFound, PermissionDenied, StaleEdit
from luoshi.extract.search import index_words, query_words
from luoshi.i18n import english_and_chinese
from luoshi.kernel import audit, unit_learning, units
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check

TASK_FIELDS = (
    "title",
    "work_line",
    "description",
    "lead_unit_id",
    "responsible_leader",
    "start_date",
    "due_date",
    "report_cycle",
    "report_day",
    "status",
    "progress",
    "weight",
    "return_reason",
)
# What a transition may write besides the status (its side effects, audited with it).
TRANSITION_FIELDS = (
    "status",
    "resume_status",
    "assigned_at",
    "return_reason",
    "returned_by_id",
    "progress",
    "completed_by_id",
)
TRANSITION_ACTION = {
    "assign": "task.assign",
    "accept": "task.accept",
    "return": "task.accept",
    "start": "task.transition",
    "complete": "task.transition",
    "reopen": "task.verify",
    "verify": "task.verify",
    "close": "task.verify",
    "suspend": "task.assign",
    "resume": "task.assign",
}


# ---------------------------------------------------------------- load and check
# The one load-and-check for tasks is access.get_task_for (re-exported here).


# How a list may be sorted (the page's ``sort`` parameter). Every order ends with the task's
# id, so that it is total and a keyset page (after the last row's key) is well defined.
SORTS = ("code", "light", "due", "unit")
# Worst first: what needs attention leads a list sorted by light.
LIGHT_ORDER = ("red", "yellow", "green", "not_started", "completed")


@dataclass(frozen=True)
class TaskFilter:
    status: str | None = None
    light: str | None = None
    unit: str | None = None  # unit code: lead or co-unit in its subtree
    source_id: int | None = None
    parent_id: int | None = None
    top_level: bool = False
    q: str | None = None  # words (Chinese or English) of the title, text or source sentence
    overdue_on: date | None = None
    work_line: str | None = None  # the work line (工作板块) exactly as the tasks carry it
    sort: str = "code"


def find_task_for(session: Session, *, actor: Actor, code: str, action: str) -> Task:
    """The task with ``code`` (as sheets name tasks), checked like ``get_task_for``."""
    task_id = session.scalar(
        select(Task.id).where(Task.tenant_id == actor.tenant_id, Task.code == code.strip())
    )
    if task_id is None:
        raise NotFound.of("err_no_task_code", code=code)
    return get_task_for(session, actor=actor, task_id=task_id, action=action)


def list_tasks(
    session: Session,
    *,
    actor: Actor,
    filters: TaskFilter = TaskFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Task], int]:
    """A page of the tasks the actor may see (by offset, for pages), and the total count."""
    stmt, paged = _page(session, actor, filters, page, page_size)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return list(session.scalars(paged)), total


def list_tasks_after(
    session: Session,
    *,
    actor: Actor,
    filters: TaskFilter = TaskFilter(),
    after: str | None = None,
    page_size: int = 50,
) -> list[Task]:
    """The next ``page_size`` tasks the actor may see whose code sorts after ``after``
    (keyset pagination: the database walks the (tenant, code) index from there, so the
    thousandth page costs what the first does; no count)."""
    return list(session.scalars(_after(session, actor, filters, after, page_size)))


def list_task_reads(
    session: Session,
    *,
    actor: Actor,
    filters: TaskFilter = TaskFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[TaskRead], int]:
    """``list_tasks`` read as API shapes on Core (``queries.reads``): the same rows."""
    stmt, paged = _page(session, actor, filters, page, page_size)
    return queries.reads(session, paged), queries.count(session, stmt)


def list_task_reads_after(
    session: Session,
    *,
    actor: Actor,
    filters: TaskFilter = TaskFilter(),
    after: str | None = None,
    page_size: int = 50,
) -> list[TaskRead]:
    """``list_tasks_after`` read as API shapes on Core: the same rows."""
    return queries.reads(session, _after(session, actor, filters, after, page_size))


def _page(
    session: Session, actor: Actor, filters: TaskFilter, page: int, page_size: int
) -> tuple[Select[Task], Any]:
    """The listed tasks (for the count) and the requested page of them, in order."""
    if page < 1 or not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    stmt = _listed(session, actor, filters)
    return stmt, _ordered(stmt, filters.sort).offset((page - 1) * page_size).limit(page_size)


def _after(
    session: Session, actor: Actor, filters: TaskFilter, after: str | None, page_size: int
) -> Select[Task]:
    """The keyset page: the listed tasks whose code sorts after ``after``, in code order."""
    if not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_size_1_500")
    if filters.sort != "code":
        # The cursor is a code: only the order by code can continue from it.
        raise InvalidInput.of("err_after_pages_in_code_order_only_not", sort=filters.sort)
    stmt = _listed(session, actor, filters)
    if after is not None:
        stmt = stmt.where(Task.code > after)
    return stmt.order_by(Task.code).limit(page_size)


def _listed(session: Session, actor: Actor, filters: TaskFilter) -> Select[Task]:
    check(actor, "task.view")
    stmt = access.scoped(select(Task), actor)
    if filters.status:
        stmt = stmt.where(Task.status == filters.status)
    if filters.light:
        stmt = stmt.where(Task.light == filters.light)
    if filters.source_id is not None:
        stmt = stmt.where(Task.source_id == filters.source_id)
    if filters.parent_id is not None:
        stmt = stmt.where(Task.parent_id == filters.parent_id)
    if filters.top_level:
        stmt = stmt.where(Task.parent_id.is_(None))
    if filters.q:
        stmt = stmt.where(_matches(session, filters.q))
    if filters.work_line is not None:
        stmt = stmt.where(Task.work_line == filters.work_line)
    if filters.overdue_on is not None:
        stmt = stmt.where(Task.due_date < filters.overdue_on, Task.status.in_(rules.OPEN_STATUSES))
    if filters.unit:
        unit = session.scalar(
            select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == filters.unit)
        )
        if unit is None:
            raise InvalidInput.of("err_unit_unit_does_not_exist", unit=filters.unit)
        under = select(Unit.id).where(
            Unit.tenant_id == actor.tenant_id, Unit.path.startswith(unit.path, autoescape=True)
        )
        stmt = stmt.where(
            or_(
                Task.lead_unit_id.in_(under),
                Task.id.in_(select(TaskCoUnit.task_id).where(TaskCoUnit.unit_id.in_(under))),
            )
        )
    if filters.sort not in SORTS:
        raise InvalidInput.of(
            "err_sort_one_sorts_not_sort", sorts=", ".join(SORTS), sort=filters.sort
        )
    return stmt


def _ordered(stmt: Any, sort: str) -> Any:
    """``stmt`` in the order named by ``sort`` (one of SORTS), ending with the task id."""
    if sort == "light":
        rank = case({c: i for i, c in enumerate(LIGHT_ORDER)}, value=Task.light, else_=99)
        return stmt.order_by(rank, Task.due_date.is_(None), Task.due_date, Task.code, Task.id)
    if sort == "due":
        return stmt.order_by(Task.due_date.is_(None), Task.due_date, Task.code, Task.id)
    if sort == "unit":
        lead = aliased(Unit)
        return stmt.outerjoin(lead, lead.id == Task.lead_unit_id).order_by(
            lead.code.is_(None), lead.code, Task.code, Task.id
        )
    return stmt.order_by(Task.code, Task.id)


# ---------------------------------------------------------------- saved views

# What a saved view keeps: the list's filters and order, nothing else.
VIEW_KEYS = ("status", "light", "unit", "q", "sort")


def view_query(values: dict[str, str]) -> str:
    """The query string a view keeps: the known filters that are set, in a fixed order."""
    return urlencode([(k, values[k].strip()) for k in VIEW_KEYS if values.get(k, "").strip()])


def list_views(session: Session, *, actor: Actor) -> list[TaskView]:
    """The task-list views saved for the actor's unit, by name."""
    check(actor, "task.view")
    if actor.unit_id is None:
        return []
    return list(
        session.scalars(
            select(TaskView)
            .where(TaskView.tenant_id == actor.tenant_id, TaskView.unit_id == actor.unit_id)
            .order_by(TaskView.name)
        )
    )


def save_view(session: Session, *, actor: Actor, name: str, values: dict[str, str]) -> TaskView:
    """Save the list's current filters under ``name`` for the actor's unit (a view of the
    same name is replaced)."""
    check(actor, "task.view")
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput.of("err_view_s_name_1_100_characters")
    if actor.unit_id is None:
        raise InvalidInput.of("err_only_unit_s_staff_save_views_task")
    query = view_query(values)
    if len(query) > 1000:
        raise InvalidInput.of("err_view_s_filters_are_too_long_to")
    view = session.scalar(
        select(TaskView).where(
            TaskView.tenant_id == actor.tenant_id,
            TaskView.unit_id == actor.unit_id,
            TaskView.name == name,
        )
    )
    old = {"name": view.name, "query": view.query} if view is not None else None
    if view is None:
        view = TaskView(
            tenant_id=actor.tenant_id,
            unit_id=actor.unit_id,
            name=name,
            query=query,
            created_by_id=actor.user_id,
        )
        session.add(view)
    view.query = query
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="task_view.save",
        object_type="task_view",
        object_id=view.id,
        old=old,
        new={"name": view.name, "query": view.query},
    )
    return view


def delete_view(session: Session, *, actor: Actor, view_id: int) -> None:
    """Forget a saved view of the actor's unit (another unit's does not exist for it)."""
    check(actor, "task.view")
    view = session.get(TaskView, view_id)
    if view is None or view.tenant_id != actor.tenant_id or view.unit_id != actor.unit_id:
        raise NotFound.of("err_no_such_saved_view")
    audit.record(
        session,
        actor=actor,
        action="task_view.delete",
        object_type="task_view",
        object_id=view.id,
        old={"name": view.name, "query": view.query},
    )
    session.delete(view)
    session.flush()


# ---------------------------------------------------------------- search


def _matches(session: Session, q: str) -> ColumnElement[bool]:
    """Tasks whose code or title holds ``q`` as typed, or whose search words hold every
    word of ``q`` (as a prefix): jieba's words on SQLite FTS5 or PostgreSQL's full text."""
    typed = or_(Task.title.contains(q, autoescape=True), Task.code.contains(q, autoescape=True))
    words = query_words(q)
    if not words:
        return typed
    if session.get_bind().dialect.name == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        found = select(TaskSearch.task_id).where(
            # The configuration as a literal: the GIN index (migration 0024) is on exactly
            # this expression, and a bound parameter would not match it.
            func.to_tsvector(literal_column("'simple'::regconfig"), TaskSearch.words).bool_op("@@")(
                func.to_tsquery("simple", query)
            )
        )
    else:
        query = " ".join(f'"{w}"*' for w in words)
        fts = table(FTS_TABLE, column("rowid"), column("words"))
        found = select(fts.c.rowid).where(fts.c.words.bool_op("MATCH")(query))
    return or_(typed, Task.id.in_(found))


def _search_text(session: Session, task: Task) -> str:
    """What a task is found by: its title, description and source sentence."""
    parts = [task.title, task.description]
    if task.source_id is not None and task.span_start is not None and task.span_end is not None:
        text = session.scalar(select(Source.text).where(Source.id == task.source_id)) or ""
        parts.append(text[task.span_start : task.span_end])
    return "\n".join(p for p in parts if p)


def index_task(session: Session, task: Task) -> None:
    """Write the search words of ``task`` (after its creation or an edit of its text)."""
    words = index_words(_search_text(session, task))
    row = session.get(TaskSearch, task.id)
    if row is None:
        session.add(TaskSearch(task_id=task.id, tenant_id=task.tenant_id, words=words))
    elif row.words == words:
        return
    else:
        row.words = words
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        fts = table(FTS_TABLE, column("rowid"), column("words"))
        session.execute(delete(fts).where(fts.c.rowid == task.id))
        session.execute(insert(fts).values(rowid=task.id, words=words))


# ---------------------------------------------------------------- reading


def _unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def co_units_of(session: Session, task: Task) -> list[Unit]:
    stmt = (
        select(Unit)
        .join(TaskCoUnit, TaskCoUnit.unit_id == Unit.id)
        .where(TaskCoUnit.task_id == task.id)
        .order_by(Unit.path)
    )
    return list(session.scalars(stmt))


def to_reads(session: Session, rows: Sequence[Task]) -> list[TaskRead]:
    """Tasks as API shapes, their lead and co-units loaded in two queries for all of them."""
    if not rows:
        return []
    ids = [t.id for t in rows]
    co: dict[int, list[UnitRef]] = {i: [] for i in ids}
    co_rows = session.execute(
        select(TaskCoUnit.task_id, Unit)
        .join(Unit, Unit.id == TaskCoUnit.unit_id)
        .where(TaskCoUnit.task_id.in_(ids))
        .order_by(Unit.path)
    )
    for task_id, unit in co_rows:
        co[task_id].append(_unit_ref(unit))
    lead_ids = {t.lead_unit_id for t in rows if t.lead_unit_id is not None}
    leads = {u.id: _unit_ref(u) for u in session.scalars(select(Unit).where(Unit.id.in_(lead_ids)))}
    return [
        TaskRead.model_validate(
            {
                **{k: getattr(t, k) for k in TaskRead.model_fields if hasattr(t, k)},
                "lead_unit": leads.get(t.lead_unit_id) if t.lead_unit_id else None,
                "co_units": co[t.id],
            }
        )
        for t in rows
    ]


def to_read(session: Session, task: Task, units: access.TaskUnits | None = None) -> TaskRead:
    """One task as its API shape: its lead and co-units in one query (``units_of``), or
    none when the caller has them (``get_task_with_units``)."""
    units = units or access.units_of(session, task)
    return TaskRead.model_validate(
        {
            **{k: getattr(task, k) for k in TaskRead.model_fields if hasattr(task, k)},
            "lead_unit": _unit_ref(units.lead) if units.lead else None,
            "co_units": [_unit_ref(u) for u in units.co_units],
        }
    )


def to_detail(session: Session, task: Task, units: access.TaskUnits | None = None) -> TaskDetail:
    base = to_read(session, task, units)
    sentence = title = None
    if task.source_id is not None:
        source = session.get(Source, task.source_id)
        if source is not None:
            title = source.title
            if task.span_start is not None and task.span_end is not None:
                sentence = source.text[task.span_start : task.span_end]
    return TaskDetail(
        **base.model_dump(),
        source_sentence=sentence,
        source_title=title,
        allowed_transitions=rules.allowed_transitions(task.status),
        return_reason=task.return_reason if task.status == "returned" else "",
    )


def subtasks(session: Session, task: Task) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.parent_id == task.id).order_by(Task.code)))


# ---------------------------------------------------------------- writing


def _unit(session: Session, actor: Actor, code: str) -> Unit:
    return units.named_unit(session, tenant_id=actor.tenant_id, code=code)


def _units_under(session: Session, actor: Actor, codes: Sequence[str], top: Unit) -> list[Unit]:
    """The units named by ``codes``, each checked to lie under the issuing office ``top``."""
    found = [_unit(session, actor, c) for c in codes]
    for unit in found:
        units.check_within(unit, top)
    return found


def _set_co_units(session: Session, task: Task, unit_ids: Sequence[int]) -> None:
    for row in session.scalars(select(TaskCoUnit).where(TaskCoUnit.task_id == task.id)):
        session.delete(row)
    session.flush()
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id != task.lead_unit_id:
            session.add(TaskCoUnit(task_id=task.id, unit_id=unit_id, tenant_id=task.tenant_id))
    session.flush()


def _snapshot(session: Session, task: Task) -> dict[str, object]:
    snap = audit.snapshot(task, TASK_FIELDS)
    snap["co_unit_ids"] = sorted(
        session.scalars(select(TaskCoUnit.unit_id).where(TaskCoUnit.task_id == task.id))
    )
    return snap


def _insert(
    session: Session,
    actor: Actor,
    task: Task,
    co_unit_ids: Sequence[int],
    *,
    action: str,
    note: tuple[str, str] = ("", ""),
) -> Task:
    """Add a new task with its co-units and audit its creation (``note`` in English and
    Chinese: ``i18n.english_and_chinese``)."""
    session.add(task)
    session.flush()
    _set_co_units(session, task, co_unit_ids)
    index_task(session, task)
    audit.record(
        session,
        actor=actor,
        action=action,
        object_type="task",
        object_id=task.id,
        new=_snapshot(session, task),
        note=note[0],
        note_zh=note[1],
    )
    return task


def _next_manual_code(session: Session, tenant_id: str) -> str:
    count = session.scalar(
        select(func.count()).select_from(Task).where(Task.tenant_id == tenant_id)
    )
    n = (count or 0) + 1
    while session.scalar(
        select(Task.id).where(Task.tenant_id == tenant_id, Task.code == f"T{n:05d}")
    ):
        n += 1
    return f"T{n:05d}"


def create_task(session: Session, *, actor: Actor, data: TaskCreate, report_day: int = 25) -> Task:
    """A task written by hand (not from a source); it starts as a draft, supervised by the
    creator's unit, and its lead and co-units lie under that unit."""
    check(actor, "task.create")
    office = units.acting_unit(session, actor=actor)
    lead = _units_under(session, actor, [data.lead_unit], office)[0] if data.lead_unit else None
    task = Task(
        tenant_id=actor.tenant_id,
        code=_next_manual_code(session, actor.tenant_id),
        title=data.title,
        description=data.description,
        domain=data.domain,
        work_line=data.work_line,
        lead_unit_id=lead.id if lead else None,
        office_unit_id=office.id,
        responsible_leader=data.responsible_leader,
        start_date=data.start_date,
        due_date=data.due_date,
        report_cycle=data.report_cycle,
        report_day=data.report_day or report_day,
        weight=data.weight,
        created_by_id=actor.user_id,
    )
    co_ids = [u.id for u in _units_under(session, actor, data.co_units, office)]
    return _insert(session, actor, task, co_ids, action="task.create")


def create_from_breakdown(
    session: Session,
    *,
    actor: Actor,
    source_id: int,
    options: PublishOptions,
    report_day: int = 25,
) -> list[Task]:
    """Turn a reviewed breakdown into tasks, one per kept directive, with provenance (the
    writer; the use case, which also tells the units, is supervision.publish_breakdown).

    Only the office that owns the source (or one above it) publishes; the tasks are
    supervised by the source's owner unit, and every lead and co-unit must lie under it.
    Rejected and merged directives are skipped; a directive without a lead unit makes a
    draft task for the office to assign, and one without a deadline a task with no due date
    (or ``options.default_due``) for the office to set. Publishing twice publishes only what
    is new.
    """
    source = sources.get_source_for(session, actor=actor, source_id=source_id, action="task.create")
    office = sources.owner_of(session, source)
    wanted = ("confirmed",) if options.only_confirmed else ("draft", "confirmed")
    pending = [
        d
        for d in directives.list_directives(session, actor=actor, source_id=source_id)
        if d.status in wanted
    ]
    for directive in pending:
        named = [directive.lead_unit_id, *directive.co_unit_ids]
        for unit in session.scalars(select(Unit).where(Unit.id.in_([i for i in named if i]))):
            units.check_within(unit, office)
    lines = {
        wl.id: wl.heading
        for wl in session.scalars(select(WorkLine).where(WorkLine.source_id == source_id))
    }
    # A directive with no deadline of its own gets the office's ``default_due`` when the
    # office gives one, and otherwise no due date: the task shows "no due date" for the
    # office to set, instead of a year's end that nobody chose (issue #9: a readout's "by
    # 30 September" went unextracted and the task silently became due on 31 December).
    default_due = options.default_due
    already = (
        session.scalar(
            select(func.count())
            .select_from(Task)
            .where(Task.source_id == source_id, Task.parent_id.is_(None))
        )
        or 0
    )
    created: list[Task] = []
    for n, directive in enumerate(pending, start=already + 1):
        task = _task_from_directive(
            session,
            actor,
            source,
            directive,
            f"S{source.id}-{n:03d}",
            lines.get(directive.work_line_id or -1, ""),
            options,
            default_due,
            report_day,
            office,
        )
        created.append(task)
        directives.mark_published(session, actor=actor, directive=directive, task_code=task.code)
        if options.assign and task.lead_unit_id is not None:
            fire_transition(
                session, actor=actor, task=task, transition="assign", reason="published"
            )
            unit_learning.record_example(
                session,
                actor=actor,
                text=directive.text,
                unit_id=task.lead_unit_id,
                role="lead",
                origin="assignment",
                origin_ref=task.code,
            )
    sources.set_status(session, actor=actor, source=source, status="published")
    return created


def _task_from_directive(
    session: Session,
    actor: Actor,
    source: Source,
    directive: Directive,
    code: str,
    work_line: str,
    options: PublishOptions,
    default_due: date | None,
    report_day: int,
    office: Unit,
) -> Task:
    task = Task(
        tenant_id=actor.tenant_id,
        code=code,
        title=directive.title,
        description="",
        source_id=source.id,
        directive_id=directive.id,
        span_start=directive.start,
        span_end=directive.end,
        work_line=work_line,
        domain=directive.domain,
        lead_unit_id=directive.lead_unit_id,
        office_unit_id=office.id,
        start_date=source.doc_date,
        due_date=directive.due_date or default_due,
        report_cycle=options.report_cycle,
        report_day=report_day,
        targets=list(directive.targets),
        created_by_id=actor.user_id,
    )
    return _insert(
        session,
        actor,
        task,
        directive.co_unit_ids,
        action="task.create",
        note=english_and_chinese(
            "note_task_from_directive", directive=directive.key, source=source.id
        ),
    )


def check_version(task: Task, version: int | None) -> None:
    """Refuse an edit made against an older version of the task (optimistic lock)."""
    if version is not None and version != task.version:
        raise StaleEdit.of(
            "err_task_was_changed_by_someone_else_version",
            version=task.version,
            version2=version,
            details={"current_version": task.version},
        )


def edit_terms(session: Session, *, actor: Actor, task: Task, data: TaskUpdate) -> Task:
    """Write a task's terms other than its due date (the office's edit; checked by the
    caller, supervision.update_task, which moves the due date through set_due_date)."""
    check_version(task, data.version)
    old = _snapshot(session, task)
    for name in data.model_fields_set - {"version", "due_date"}:
        value = getattr(data, name)
        if value is None and name in ("title", "report_cycle", "report_day", "weight", "work_line"):
            continue
        setattr(task, name, value)
    if _snapshot(session, task) == old:
        return task
    session.flush()
    if (old["title"], old["description"]) != (task.title, task.description):
        index_task(session, task)
    audit.record(
        session,
        actor=actor,
        action="task.update",
        object_type="task",
        object_id=task.id,
        old=old,
        new=_snapshot(session, task),
    )
    return task


def set_units(session: Session, *, actor: Actor, task: Task, data: TaskAssign) -> Task:
    """The one writer of a task's lead and co-units (assignment and reassignment).

    The caller (supervision.assign_task) has loaded the task for ``task.assign``. The units
    must lie under the task's supervising office; the person who returned the task does
    not also reassign it. The due date, when given, goes through set_due_date.
    """
    check_version(task, data.version)
    office = session.get(Unit, task.office_unit_id) if task.office_unit_id else None
    if office is None:
        office = units.acting_unit(session, actor=actor)
        task.office_unit_id = office.id
    lead = _units_under(session, actor, [data.lead_unit], office)[0]
    co = _units_under(session, actor, data.co_units, office)
    if task.status == "returned" and actor.is_self(task.returned_by_id):
        raise PermissionDenied.of("err_you_returned_task_yourself_another_person_office")
    old = _snapshot(session, task)
    task.lead_unit_id = lead.id
    session.flush()
    _set_co_units(session, task, [u.id for u in co])
    bump_version(task)  # the co-units are part of the task: a reassignment is an edit
    audit.record(
        session,
        actor=actor,
        action="task.assign_units",
        object_type="task",
        object_id=task.id,
        old=old,
        new=_snapshot(session, task),
    )
    en, zh = english_and_chinese("note_task_assigned")
    if data.due_date is not None and data.due_date != task.due_date:
        set_due_date(
            session, actor=actor, task=task, due_date=data.due_date, reason=en, reason_zh=zh
        )
    if task.status in ("draft", "returned"):
        fire_transition(
            session, actor=actor, task=task, transition="assign", reason=en, reason_zh=zh
        )
    return task


def check_transition(
    session: Session,
    *,
    actor: Actor,
    task_id: int,
    transition: str,
    reason: str = "",
    version: int | None = None,
) -> Task:
    """Load a task for ``transition`` and check who may fire it and with what.

    The lead unit accepts, returns, starts and completes; the supervising office assigns,
    verifies, reopens, closes, suspends and resumes; nobody verifies what they completed.
    """
    action = TRANSITION_ACTION.get(transition)
    if action is None:
        raise InvalidInput.of("err_unknown_transition_transition", transition=transition)
    task = get_task_for(session, actor=actor, task_id=task_id, action=action)
    check_version(task, version)
    if transition == "return" and not reason.strip():
        raise InvalidInput.of("err_returned_task_needs_reason")
    if transition == "assign" and task.lead_unit_id is None:
        raise InvalidInput.of("err_assign_lead_unit_first")
    if transition == "assign" and actor.is_self(task.returned_by_id):
        raise PermissionDenied.of("err_you_returned_task_yourself_another_person_office")
    if transition == "verify" and actor.is_self(task.completed_by_id):
        raise PermissionDenied.of("err_you_completed_task_yourself_another_person_verifies")
    return task


def fire_transition(
    session: Session,
    *,
    actor: Actor,
    task: Task,
    transition: str,
    reason: str,
    reason_zh: str = "",
) -> None:
    """Move a task through the status machine and audit it with its side effects (who
    returned or completed it, its progress, when it was assigned) — checked by the caller."""
    before = audit.snapshot(task, TRANSITION_FIELDS)
    old = task.status
    new = rules.next_status(old, transition, task.resume_status)
    task.resume_status = old if transition == "suspend" else None
    task.status = new
    if transition == "assign":
        task.assigned_at = now()
        task.return_reason = ""
        task.returned_by_id = None
    if transition == "return":
        task.return_reason = reason
        task.returned_by_id = actor.user_id
    if transition == "complete":
        task.progress = 100
        task.completed_by_id = actor.user_id
    if transition == "reopen":
        task.completed_by_id = None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"task.{transition}",
        object_type="task",
        object_id=task.id,
        old=before,
        new=audit.snapshot(task, TRANSITION_FIELDS),
        note=reason,
        note_zh=reason_zh,
    )
    if task.parent_id is not None:
        roll_up(session, actor=actor, task_id=task.parent_id)


def create_subtasks(
    session: Session, *, actor: Actor, task_id: int, parts: Sequence[TaskCreate]
) -> list[Task]:
    """Break a task into sub-tasks; provenance is inherited (the writer; the use case, which
    also tells the units, is supervision.split_task).

    The lead unit splits to units below it and supervises the sub-tasks; the supervising
    office splits to units under itself (a provincial task to the cities) and supervises
    them. Every sub-task's units lie under whoever supervises it.
    """
    parent = get_task_for(session, actor=actor, task_id=task_id, action="task.split")
    if parent.status not in ("accepted", "in_progress", "assigned"):
        raise InvalidInput.of("err_status_task_cannot_be_split", status=parent.status)
    if not parts:
        raise InvalidInput.of("err_split_needs_at_least_one_sub_task")
    relations = relations_to(session, actor, parent)
    lead = session.get(Unit, parent.lead_unit_id) if parent.lead_unit_id else None
    office = session.get(Unit, parent.office_unit_id) if parent.office_unit_id else None
    existing = len(subtasks(session, parent))
    created = []
    for n, part in enumerate(parts, start=existing + 1):
        if not part.lead_unit:
            raise InvalidInput.of("err_every_sub_task_needs_lead_unit")
        unit = _unit(session, actor, part.lead_unit)
        issuer = _split_issuer(unit, relations, lead=lead, office=office)
        child = Task(
            tenant_id=actor.tenant_id,
            code=f"{parent.code}.{n}",
            title=part.title,
            description=part.description,
            source_id=parent.source_id,
            directive_id=parent.directive_id,
            span_start=parent.span_start,
            span_end=parent.span_end,
            work_line=parent.work_line,
            domain=parent.domain,
            parent_id=parent.id,
            depth=parent.depth + 1,
            lead_unit_id=unit.id,
            office_unit_id=issuer.id,
            responsible_leader=part.responsible_leader,
            start_date=part.start_date or parent.start_date,
            due_date=part.due_date or parent.due_date,
            report_cycle=part.report_cycle,
            report_day=part.report_day or parent.report_day,
            weight=part.weight,
            targets=list(parent.targets),
            created_by_id=actor.user_id,
        )
        if child.due_date and parent.due_date and child.due_date > parent.due_date:
            raise InvalidInput.of("err_sub_task_cannot_be_due_after_parent")
        co_ids = [u.id for u in _units_under(session, actor, part.co_units, issuer)]
        _insert(
            session,
            actor,
            child,
            co_ids,
            action="task.split",
            note=english_and_chinese("note_task_sub_task_of", code=parent.code),
        )
        en, zh = english_and_chinese("note_task_split_from", code=parent.code)
        fire_transition(
            session, actor=actor, task=child, transition="assign", reason=en, reason_zh=zh
        )
        created.append(child)
    return created


def _split_issuer(
    unit: Unit, relations: frozenset[str], *, lead: Unit | None, office: Unit | None
) -> Unit:
    """Who supervises a sub-task led by ``unit``: the parent's lead unit when ``unit`` is
    below it, else the parent's office when the splitter is that office."""
    below_lead = lead is not None and unit.id != lead.id and unit.path.startswith(lead.path)
    if "lead" in relations and lead is not None and below_lead:
        return lead
    if "office" in relations and office is not None and unit.id != (lead.id if lead else None):
        units.check_within(unit, office)
        return office
    raise InvalidInput.of(
        "err_name_zh_not_unit_below_you",
        name_zh=unit.name_zh,
        details={"unit": unit.code},
    )


def set_progress(session: Session, *, actor: Actor, task: Task, progress: int) -> None:
    """Record a task's progress (called when a report is accepted or filed)."""
    if not 0 <= progress <= 100:
        raise InvalidInput.of("err_progress_0_100")
    old = task.progress
    if old == progress:
        return
    task.progress = progress
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="task.progress",
        object_type="task",
        object_id=task.id,
        old={"progress": old},
        new={"progress": progress},
    )
    if task.status == "accepted" and progress > 0:
        en, zh = english_and_chinese("note_task_first_progress")
        fire_transition(
            session, actor=actor, task=task, transition="start", reason=en, reason_zh=zh
        )
    elif task.parent_id is not None:
        roll_up(session, actor=actor, task_id=task.parent_id)


def roll_up(session: Session, *, actor: Actor, task_id: int) -> None:
    """A parent's progress is its sub-tasks' progress weighted by their weights."""
    parent = session.get(Task, task_id)
    if parent is None:
        return
    children = [c for c in subtasks(session, parent) if c.status != "closed" or c.progress]
    total = sum(c.weight for c in children)
    if not children or total <= 0:
        return
    progress = round(sum(c.progress * c.weight for c in children) / total)
    set_progress(session, actor=actor, task=parent, progress=progress)


def set_due_date(
    session: Session,
    *,
    actor: Actor,
    task: Task,
    due_date: date | None,
    reason: str,
    reason_zh: str = "",
) -> Task:
    """The one writer of a task's due date (an edit, an assignment, an approved extension),
    audited as ``task.due_date`` with its reason.

    A sub-task cannot be due after its parent, nor a parent before an open sub-task. The
    caller has checked its permission and refreshes the light (supervision does both).
    """
    if due_date is not None and task.parent_id is not None:
        parent = session.get(Task, task.parent_id)
        if parent is not None and parent.due_date is not None and due_date > parent.due_date:
            raise InvalidInput.of("err_sub_task_cannot_be_due_after_parent")
    if due_date is not None:
        late = [
            c.code
            for c in subtasks(session, task)
            if c.due_date is not None and c.due_date > due_date and c.status in rules.OPEN_STATUSES
        ]
        if late:
            raise InvalidInput.of(
                "err_sub_tasks_are_due_after_that_date",
                details={"subtasks": late},
            )
    old = task.due_date
    if old == due_date:
        return task
    task.due_date = due_date
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="task.due_date",
        object_type="task",
        object_id=task.id,
        old={"due_date": old},
        new={"due_date": due_date},
        note=reason,
        note_zh=reason_zh,
    )
    return task
