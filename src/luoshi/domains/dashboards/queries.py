"""The homes of the office, the units and the leaders: read-only, aggregate SQL.

Every figure is counted by the database (GROUP BY) over the tasks the actor may see
(``tasks.access.visible``: the actor's relations through the unit tree), never by a loop
over every task; only the short queues (a unit's own tasks, the first rows of a list) are
loaded as rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from luoshi.domains.dashboards import rolled
from luoshi.domains.dashboards.schemas import (
    GoodStart,
    LeaderHome,
    LightCounts,
    OfficeHome,
    QuarterIndicator,
    TaskLine,
    UnitHome,
    UnitName,
    WeekChanges,
)
from luoshi.domains.dashboards.scope import of_tasks_seen, subtree_ids, tasks_seen
from luoshi.domains.livelihood import access as livelihood_access
from luoshi.domains.livelihood.models import Indicator, IndicatorValue
from luoshi.domains.progress import lights, schedule
from luoshi.domains.progress import rules as progress_rules
from luoshi.domains.progress.models import Instruction, InstructionResponse, LightChange, Report
from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.domains.tasks.rollup import month_of
from luoshi.domains.tasks.rules import OPEN_STATUSES
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check, in_subtree
from luoshi.settings import Settings

QUEUE = 20  # rows shown in a queue of a home page (the total is counted apart)
LIT = ("assigned", "accepted", "in_progress", "completed", "verified", "returned", "suspended")
REPORTABLE = ("accepted", "in_progress")


def unit_name(unit: Unit | None) -> UnitName | None:
    return None if unit is None else UnitName(unit.code, unit.name_zh, unit.name_en)


def _as_office(session: Session, actor: Actor) -> ColumnElement[bool]:
    """Tasks the actor supervises: their issuing office is the actor's unit or below it
    (by the ids of the subtree's units, read once, rather than a look-up of each task's
    office: the review queue asks it of tens of thousands of reports at a province)."""
    ids = subtree_ids(session, actor)
    if ids is None:
        return Task.office_unit_id.is_not(None)
    return Task.office_unit_id.in_(ids)


def _in_my_subtree(
    session: Session,
    actor: Actor,
    unit_id: InstrumentedAttribute[int] | InstrumentedAttribute[int | None],
) -> ColumnElement[bool]:
    """SQL for "this unit is the actor's own or below it", by the subtree's ids read once
    (``scope.subtree_ids``) rather than a correlated look-up of each row's unit path: a
    county's to-do queues ran that look-up over every task and report of the province."""
    ids = subtree_ids(session, actor)
    return unit_id.is_not(None) if ids is None else unit_id.in_(ids)


def _lead_mine(session: Session, actor: Actor) -> ColumnElement[bool]:
    """Tasks whose lead unit the actor speaks for (its own unit or below)."""
    return _in_my_subtree(session, actor, Task.lead_unit_id)


# ---------------------------------------------------------------- lights


def lights_by_unit(session: Session, *, actor: Actor, live: bool = False) -> list[LightCounts]:
    """Published tasks the actor sees, by lead unit and light: only the units of the
    actor's subtree (a unit is not shown the figures of the other units of the tasks it
    shares). Read from the rollup, exact for every viewer (each task a unit of the subtree
    leads is seen); ``live`` counts the tasks instead (one GROUP BY), the reference."""
    check(actor, "task.view")
    if live:
        # Counted from the covering index (tenant, status, lead unit, light), then named.
        counted = (
            select(Task.lead_unit_id, Task.light, func.count(Task.id).label("n"))
            .where(tasks_seen(session, actor), Task.status.in_(LIT))
            .group_by(Task.lead_unit_id, Task.light)
            .subquery()
        )
    else:
        counted = rolled.by_lead_unit(session, actor, LIT).subquery()
    stmt = (
        select(
            Unit.id, Unit.code, Unit.name_zh, Unit.name_en, Unit.path, counted.c.light, counted.c.n
        )
        .join(counted, counted.c.lead_unit_id == Unit.id)
        .where(in_subtree(actor, Unit.path))
    )
    groups: dict[int, LightCounts] = {}
    for unit_id, code, name_zh, name_en, path, light, n in session.execute(stmt):
        row = groups.setdefault(
            unit_id, LightCounts(key=code, unit=UnitName(code, name_zh, name_en), path=path)
        )
        row.counts[light] = row.counts.get(light, 0) + int(n)
    return sorted(groups.values(), key=lambda g: (-g.counts["red"], -g.total, g.key))


def lights_by_work_line(session: Session, *, actor: Actor, live: bool = False) -> list[LightCounts]:
    """Published tasks the actor sees, by work line and light ("" for none): from the
    rollup for a viewer of the whole tenant, counted live for the others (and ``live``)."""
    check(actor, "task.view")
    found: Iterable[tuple[str | None, str, int]]
    if not live and rolled.whole_tenant(session, actor):
        found = rolled.by_work_line(session, actor, LIT)
    else:
        found = session.execute(
            select(Task.work_line, Task.light, func.count(Task.id))
            .where(tasks_seen(session, actor), Task.status.in_(LIT))
            .group_by(Task.work_line, Task.light)
        ).all()
    groups: dict[str, LightCounts] = {}
    for line, light, n in found:
        row = groups.setdefault(line or "", LightCounts(key=line or ""))
        row.counts[light] = row.counts.get(light, 0) + n
    return sorted(groups.values(), key=lambda g: (g.key == "", g.key))


def _lines(
    session: Session,
    stmt: Select[Task],
    note: str = "",
    *,
    reasons_in: tuple[Settings, str] | None = None,
) -> list[TaskLine]:
    """The first rows of a queue; with ``reasons_in`` (settings, language) each light's
    current reasons in that language (the stored ones are in the deployment's)."""
    rows = list(session.scalars(stmt.limit(QUEUE)))
    units = _units(session, (t.lead_unit_id for t in rows))
    return [
        TaskLine(
            task_id=t.id,
            code=t.code,
            title=t.title,
            light=t.light,
            due=t.due_date,
            unit=units.get(t.lead_unit_id) if t.lead_unit_id else None,
            note=note or t.return_reason,
            reasons=tuple(
                lights.current_reasons(session, t, settings=reasons_in[0], language=reasons_in[1])
                if reasons_in is not None
                else [str(r) for r in (t.light_reasons or [])]
            ),
            at=t.assigned_at,
        )
        for t in rows
    ]


def _units(session: Session, ids: Iterable[int | None]) -> dict[int, UnitName]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    found = session.scalars(select(Unit).where(Unit.id.in_(wanted)))
    return {u.id: UnitName(u.code, u.name_zh, u.name_en) for u in found}


def _count(session: Session, stmt: Select[Task]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


# ---------------------------------------------------------------- the office


def office_home(session: Session, *, actor: Actor, settings: Settings) -> OfficeHome:
    """The supervising office's desk: lights by unit and work line, what is overdue, the
    reports waiting for its review, assignments returned or not yet accepted, the week."""
    check(actor, "task.view")
    today = schedule.today(settings)
    late = select(Task).where(
        tasks_seen(session, actor), Task.status.in_(OPEN_STATUSES), Task.due_date < today
    )
    overdue = _count(session, late)
    review_stmt = (
        select(Report, Task)
        .join(Task, Task.id == Report.task_id)
        .where(
            Report.tenant_id == actor.tenant_id,
            Report.status == "submitted",
            _as_office(session, actor),
        )
    )
    review_total = session.scalar(review_stmt.with_only_columns(func.count(Report.id))) or 0
    review_rows = session.execute(review_stmt.order_by(Report.submitted_at).limit(QUEUE)).all()
    units = _units(session, (r.unit_id for r, _ in review_rows))
    awaiting = [
        TaskLine(
            task_id=task.id,
            code=task.code,
            title=task.title,
            light=task.light,
            due=report.due_on,
            unit=units.get(report.unit_id),
            note=report.period,
            at=report.submitted_at,
        )
        for report, task in review_rows
    ]
    supervised = select(Task).where(Task.tenant_id == actor.tenant_id, _as_office(session, actor))
    returned = supervised.where(Task.status == "returned")
    unaccepted = supervised.where(Task.status == "assigned")
    return OfficeHome(
        by_unit=lights_by_unit(session, actor=actor),
        by_work_line=lights_by_work_line(session, actor=actor),
        overdue=overdue,
        overdue_first=_lines(session, late.order_by(Task.due_date, Task.code)),
        awaiting_review=awaiting,
        awaiting_review_total=review_total,
        returned=_lines(session, returned.order_by(Task.code)),
        returned_total=_count(session, returned),
        unaccepted=_lines(session, unaccepted.order_by(Task.assigned_at, Task.code)),
        unaccepted_total=_count(session, unaccepted),
        week=week_changes(session, actor=actor, today=today, timezone=settings.timezone),
    )


def week_changes(session: Session, *, actor: Actor, today: date, timezone: str) -> WeekChanges:
    """The last seven days: tasks whose light changed (by the new light), reports filed and
    reviewed, over the tasks the actor sees."""
    since = today - timedelta(days=7)
    changes = of_tasks_seen(session, actor, LightChange.task_id, LightChange.tenant_id)
    reports = of_tasks_seen(session, actor, Report.task_id, Report.tenant_id)
    turned = dict(
        session.execute(
            select(LightChange.light, func.count(func.distinct(LightChange.task_id)))
            .where(LightChange.day > since, changes)
            .group_by(LightChange.light)
        ).all()
    )
    since_at = datetime.combine(since + timedelta(days=1), time(), tzinfo=ZoneInfo(timezone))
    filed = session.scalar(
        select(func.count(Report.id)).where(reports, Report.submitted_at >= since_at)
    )
    reviewed = session.scalar(
        select(func.count(Report.id)).where(reports, Report.reviewed_at >= since_at)
    )
    return WeekChanges(
        since=since,
        turned={str(k): int(v) for k, v in turned.items()},
        reports_filed=filed or 0,
        reports_reviewed=reviewed or 0,
    )


# ---------------------------------------------------------------- a unit


def unit_home(session: Session, *, actor: Actor, settings: Settings) -> UnitHome:
    """A responsible unit's to-do list: assignments to accept, reports due (the next one
    owed, with its due day), reports returned to it, leaders' instructions to answer."""
    check(actor, "task.view")
    mine = select(Task).where(Task.tenant_id == actor.tenant_id, _lead_mine(session, actor))
    to_accept = _lines(
        session, mine.where(Task.status == "assigned").order_by(Task.assigned_at, Task.code)
    )
    # Reports due: tasks the unit leads or contributes to, the next period it owes.
    contributes = Task.id.in_(
        select(TaskCoUnit.task_id).where(
            TaskCoUnit.tenant_id == actor.tenant_id,
            _in_my_subtree(session, actor, TaskCoUnit.unit_id),
        )
    )
    reporting = list(
        session.scalars(
            select(Task)
            .where(
                Task.tenant_id == actor.tenant_id,
                Task.status.in_(REPORTABLE),
                _lead_mine(session, actor) | contributes,
            )
            .order_by(Task.due_date, Task.code)
            .limit(200)
        )
    )
    today = schedule.today(settings)
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=actor.tenant_id)
    filed: dict[int, dict[str, str]] = {}
    if reporting:
        for task_id, period, status in session.execute(
            select(Report.task_id, Report.period, Report.status).where(
                Report.task_id.in_([t.id for t in reporting]),
                _in_my_subtree(session, actor, Report.unit_id),
            )
        ):
            filed.setdefault(task_id, {})[period] = status
    units = _units(session, (t.lead_unit_id for t in reporting))
    due: list[TaskLine] = []
    horizon = today + timedelta(days=14)
    for task in reporting:
        owed = schedule.report_schedule(task, settings=settings, calendar=calendar, until=horizon)
        pending = progress_rules.since_last_filed(owed, filed.get(task.id, {}))
        if not pending:
            continue
        period, day = pending[0]
        due.append(
            TaskLine(
                task_id=task.id,
                code=task.code,
                title=task.title,
                light=task.light,
                due=day,
                unit=units.get(task.lead_unit_id) if task.lead_unit_id else None,
                note=period,
            )
        )
    due.sort(key=lambda line: (line.due or date.max, line.code))
    # Returned reports not yet filed again for their period.
    newer = aliased(Report)
    returned_rows = session.execute(
        select(Report, Task)
        .join(Task, Task.id == Report.task_id)
        .where(
            Report.tenant_id == actor.tenant_id,
            Report.status == "returned",
            _in_my_subtree(session, actor, Report.unit_id),
            ~exists().where(
                newer.task_id == Report.task_id,
                newer.unit_id == Report.unit_id,
                newer.period == Report.period,
                newer.id > Report.id,
            ),
        )
        # By an expression, not the column: ordered by ``ix_report_reviewed`` SQLite walked
        # every report of the province to find a county's few returned ones (198 ms); so it
        # reads the returned reports by the review queue's index and sorts those. A returned
        # report always has its review time; the fallback only keeps the expression total.
        .order_by(func.coalesce(Report.reviewed_at, Report.submitted_at), Report.id)
        .limit(QUEUE)
    ).all()
    returned = [
        TaskLine(
            task_id=task.id,
            code=task.code,
            title=task.title,
            light=task.light,
            due=report.due_on,
            note=report.review_comment or report.period,
        )
        for report, task in returned_rows
    ]
    # Instructions on tasks the unit leads that no report of the lead has answered.
    answered = exists().where(
        InstructionResponse.instruction_id == Instruction.id,
        InstructionResponse.report_id == Report.id,
        Report.unit_id == Task.lead_unit_id,
    )
    open_rows = session.execute(
        select(Instruction, Task)
        .join(Task, Task.id == Instruction.task_id)
        .where(
            Instruction.tenant_id == actor.tenant_id,
            _lead_mine(session, actor),
            Task.status.in_(OPEN_STATUSES),
            ~answered,
        )
        .order_by(Instruction.written_on.desc())
        .limit(QUEUE)
    ).all()
    instructions = [
        TaskLine(
            task_id=task.id,
            code=task.code,
            title=task.title,
            light=task.light,
            due=instruction.written_on,
            note=f"{instruction.author_name}: {instruction.text}",
        )
        for instruction, task in open_rows
    ]
    return UnitHome(
        to_accept=to_accept,
        reports_due=due[:QUEUE],
        reports_returned=returned,
        instructions=instructions,
    )


# ---------------------------------------------------------------- a leader


def first_quarter(day: date) -> tuple[str, date, date]:
    return f"{day.year}Q1", date(day.year, 1, 1), date(day.year, 3, 31)


def good_start(
    session: Session, *, actor: Actor, settings: Settings, live: bool = False
) -> GoodStart:
    """一季度开门红 (a good start in the first quarter) of the current year: the tasks due in
    the quarter by light and how many are done (from the rollup's due months for a viewer
    of the whole tenant, counted live for the others and with ``live``), and each
    indicator's regions by light for the published first-quarter period."""
    check(actor, "task.view")
    code, start, end = first_quarter(schedule.today(settings))
    due: Iterable[tuple[str, str, int]]
    if not live and rolled.whole_tenant(session, actor):
        months = [month_of(date(start.year, m, 1)) for m in range(start.month, end.month + 1)]
        due = rolled.by_light_and_status(session, actor, LIT, months)
    else:
        due = session.execute(
            select(Task.light, Task.status, func.count(Task.id))
            .where(
                tasks_seen(session, actor),
                Task.status.in_(LIT),
                Task.due_date >= start,
                Task.due_date <= end,
            )
            .group_by(Task.light, Task.status)
        ).all()
    by_light: dict[str, int] = {}
    done = 0
    for light, status, n in due:
        by_light[light] = by_light.get(light, 0) + n
        done += n if status in ("completed", "verified", "closed") else 0
    found: dict[int, QuarterIndicator] = {}
    if actor.can("indicator.view"):
        rows = session.execute(
            select(Indicator, IndicatorValue.light, func.count(IndicatorValue.id))
            .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
            .where(
                Indicator.id.in_(
                    select(Indicator.id).where(livelihood_access.indicators_visible(actor))
                ),
                IndicatorValue.period == code,
            )
            .group_by(Indicator.id, IndicatorValue.light)
            .order_by(Indicator.position, Indicator.code)
        ).all()
        for indicator, light, n in rows:
            item = found.setdefault(
                indicator.id,
                QuarterIndicator(indicator.id, indicator.name, indicator.measure, {}),
            )
            item.regions[light] = item.regions.get(light, 0) + n
    return GoodStart(
        quarter=code,
        start=start,
        end=end,
        due_in_quarter=by_light,
        done_in_quarter=done,
        indicators=list(found.values()),
    )


def leader_home(
    session: Session, *, actor: Actor, settings: Settings, language: str = "zh"
) -> LeaderHome:
    """What a leader looks at: red tasks with their reasons, the league table of units
    (lead units by the share of green and completed tasks), the quarter's good start."""
    check(actor, "task.view")
    red = select(Task).where(tasks_seen(session, actor), Task.light == "red", Task.status.in_(LIT))
    # Units with no lit task yet come last.
    league = sorted(
        lights_by_unit(session, actor=actor),
        key=lambda r: (r.score is None, -(r.score or 0.0), r.counts["red"], r.key),
    )
    return LeaderHome(
        red=_lines(
            session, red.order_by(Task.due_date, Task.code), reasons_in=(settings, language)
        ),
        red_total=_count(session, red),
        league=league,
        good_start=good_start(session, actor=actor, settings=settings),
    )
