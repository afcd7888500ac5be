"""The dashboards' charts: each a table (the data, readable without a script, downloadable)
and a kind that tells the page how to draw it.

Every chart is counted by the database (GROUP BY) over what the actor may see — tasks
through ``tasks.access.visible``, registers through their own ``visible`` scopes — and
only the aggregated rows (units × lights, days × lights, months × steps) come back to
Python to be arranged. No loop runs over every task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from luoshi.domains.dashboards import rolled
from luoshi.domains.dashboards.queries import (
    REPORTABLE,
    lights_by_unit,
    lights_by_work_line,
)
from luoshi.domains.dashboards.schemas import LightCounts, UnitName
from luoshi.domains.dashboards.scope import of_tasks_seen, subtree_ids, tasks_seen
from luoshi.domains.livelihood import access as livelihood_access
from luoshi.domains.livelihood.models import (
    Indicator,
    IndicatorValue,
    LivelihoodMatter,
    LivelihoodTarget,
)
from luoshi.domains.livelihood.periods import indicator_period
from luoshi.domains.progress import schedule
from luoshi.domains.progress.models import LightChange
from luoshi.domains.projects import access as project_access
from luoshi.domains.projects.models import Project, ProjectReport, ProjectYearPlan
from luoshi.domains.proposals import queries as proposal_queries
from luoshi.domains.proposals import rules as proposal_rules
from luoshi.domains.supervision.models import SupervisionAction
from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.errors import NotFound
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check, in_subtree
from luoshi.settings import Settings

Cell = str | int | float | None
LIGHT_ORDER = ("red", "yellow", "green", "completed", "not_started")
STEPS = ("remind", "urge", "notice_yellow", "notice_red")
# Reports a task asks of each of its units in a month, by its cycle.
PER_MONTH = {"weekly": 52 / 12, "half_monthly": 2.0, "monthly": 1.0, "quarterly": 1 / 3}
TREND_WEEKS = 26


@dataclass(frozen=True)
class Chart:
    """One chart: ``columns`` are label keys (or literal headings), the first column names
    the category; ``series`` are the indexes of the columns drawn. ``kind`` is one of
    ``stack`` (stacked bars), ``bar``, ``line``, ``pace`` (bars against a mark)."""

    key: str
    title: str  # label key
    kind: str
    columns: list[str]
    rows: list[list[Cell]]
    series: list[int] = field(default_factory=list)
    mark: float | None = None  # pace: the share of the year elapsed
    mark_label: str = ""
    percent: list[int] = field(default_factory=list)  # columns that are shares (0–1)


def _light_chart(key: str, title: str, rows: Sequence[LightCounts], lang: str) -> Chart:
    def name(row: LightCounts) -> str:
        return row.unit.name(lang) if row.unit else (row.key or "dash_no_work_line")

    return Chart(
        key=key,
        title=title,
        kind="stack",
        columns=["unit" if key == "lights_unit" else "work_line", *LIGHT_ORDER, "dash_total"],
        rows=[[name(r), *(r.counts.get(light, 0) for light in LIGHT_ORDER), r.total] for r in rows],
        series=list(range(1, len(LIGHT_ORDER) + 1)),
    )


def area_of(viewer_path: str, path: str) -> str:
    """The path of the unit one level below the viewer's unit that ``path`` lies in (the
    viewer's own unit for itself)."""
    rest = path[len(viewer_path) :] if path.startswith(viewer_path) else ""
    return viewer_path + rest.split("/", 1)[0] + "/" if rest else path


def _areas(session: Session, actor: Actor, paths: set[str]) -> dict[str, tuple[str, UnitName]]:
    """path → (its area's path, the area's name): each unit's area one level below the
    actor's unit."""
    area = {path: area_of(actor.unit_path, path) for path in paths}
    names = {
        path: UnitName(code, name_zh, name_en)
        for path, code, name_zh, name_en in session.execute(
            select(Unit.path, Unit.code, Unit.name_zh, Unit.name_en).where(
                Unit.tenant_id == actor.tenant_id, Unit.path.in_(set(area.values()))
            )
        )
    }
    return {path: (area[path], names[area[path]]) for path in paths if area[path] in names}


def lights_unit(
    session: Session, *, actor: Actor, settings: Settings, lang: str, full: bool = True
) -> Chart:
    """Lights by lead unit: every unit of the actor's subtree, or (``full=False``, the
    dashboard's first view) summed into the units one level below the actor's own."""
    rows = lights_by_unit(session, actor=actor)
    if not full:
        rows = _summed(session, actor, rows)
    return _light_chart("lights_unit", "dash_by_unit", rows, lang)


def _summed(session: Session, actor: Actor, rows: list[LightCounts]) -> list[LightCounts]:
    paths = {row.key: row.path for row in rows}
    areas = _areas(session, actor, set(paths.values()))
    summed: dict[str, LightCounts] = {}
    for row in rows:
        path, name = areas[row.path]
        into = summed.setdefault(path, LightCounts(key=name.code, unit=name, path=path))
        for light, n in row.counts.items():
            into.counts[light] = into.counts.get(light, 0) + n
    return sorted(summed.values(), key=lambda g: (-g.counts["red"], -g.total, g.key))


def lights_work_line(session: Session, *, actor: Actor, settings: Settings, lang: str) -> Chart:
    rows = lights_by_work_line(session, actor=actor)
    return _light_chart("lights_work_line", "dash_by_work_line", rows, lang)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def trend(session: Session, *, actor: Actor, settings: Settings, lang: str) -> Chart:
    """Tasks in each light at the end of each week, from the light history: every change
    adds one to its new light and takes one from its previous light, summed by day in SQL
    and accumulated over the weeks (the last 26 shown)."""
    check(actor, "task.view")
    seen = of_tasks_seen(session, actor, LightChange.task_id, LightChange.tenant_id)
    delta: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    into = (
        select(LightChange.day, LightChange.light, func.count())
        .where(seen)
        .group_by(LightChange.day, LightChange.light)
    )
    for day, light, n in session.execute(into):
        delta[_monday(day)][light] += n
    out_of = (
        select(LightChange.day, LightChange.previous, func.count())
        .where(seen, LightChange.previous.is_not(None))
        .group_by(LightChange.day, LightChange.previous)
    )
    for day, previous, n in session.execute(out_of):
        delta[_monday(day)][str(previous)] -= n
    today = schedule.today(settings)
    rows: list[list[Cell]] = []
    if delta:
        week = min(delta)
        last = _monday(today)
        running: dict[str, int] = defaultdict(int)
        while week <= last:
            for light, n in delta.get(week, {}).items():
                running[light] += n
            rows.append([week.isoformat(), *(max(running[light], 0) for light in LIGHT_ORDER)])
            week += timedelta(days=7)
    return Chart(
        key="trend",
        title="dash_trend",
        kind="line",
        columns=["dash_week", *LIGHT_ORDER],
        rows=rows[-TREND_WEEKS:],
        series=list(range(1, len(LIGHT_ORDER) + 1)),
    )


def _year_elapsed(today: date) -> float:
    start = date(today.year, 1, 1)
    days = (date(today.year + 1, 1, 1) - start).days
    return round(((today - start).days + 1) / days, 4)


def projects_pace(session: Session, *, actor: Actor, settings: Settings, lang: str) -> Chart:
    """Key projects by owner unit: the year's planned investment, what the monthly reports
    say was invested this year, and the share done against the share of the year gone."""
    check(actor, "project.view")
    today = schedule.today(settings)
    year = today.year
    # The register's own scope; the tenant alone when the viewer's subtree is every unit
    # (every project has an owner and an office), as for the tasks.
    seen = (
        project_access.visible(actor)
        if subtree_ids(session, actor) is not None
        else Project.tenant_id == actor.tenant_id
    )
    planned = dict(
        session.execute(
            select(Project.owner_unit_id, func.sum(ProjectYearPlan.planned_investment))
            .join(ProjectYearPlan, ProjectYearPlan.project_id == Project.id)
            .where(seen, ProjectYearPlan.year == year)
            .group_by(Project.owner_unit_id)
        ).all()
    )
    done = dict(
        session.execute(
            select(Project.owner_unit_id, func.sum(ProjectReport.investment_month))
            .join(ProjectReport, ProjectReport.project_id == Project.id)
            .where(seen, ProjectReport.period.startswith(f"{year}-"))
            .group_by(Project.owner_unit_id)
        ).all()
    )
    ids = set(planned) | set(done)
    names = {
        unit_id: UnitName(code, name_zh, name_en)
        for unit_id, code, name_zh, name_en in session.execute(
            select(Unit.id, Unit.code, Unit.name_zh, Unit.name_en).where(Unit.id.in_(ids))
        )
    }
    rows: list[list[Cell]] = []
    for unit_id in sorted(ids, key=lambda i: names[i].code):
        plan = float(planned.get(unit_id) or Decimal(0))
        spent = float(done.get(unit_id) or Decimal(0))
        rows.append(
            [names[unit_id].name(lang), plan, spent, round(spent / plan, 4) if plan else None]
        )
    return Chart(
        key="projects",
        title="dash_projects",
        kind="pace",
        columns=["unit", "dash_project_planned", "dash_project_done", "dash_project_pace"],
        rows=rows,
        series=[3],
        mark=_year_elapsed(today),
        mark_label="dash_year_elapsed",
        percent=[3],
    )


def proposals(session: Session, *, actor: Actor, settings: Settings, lang: str) -> Chart:
    """Suggestions and proposals by lead unit: replied on time, outcome classes, ratings
    (the register's own statistics, over the proposals the actor sees)."""
    check(actor, "proposal.view")
    stats = proposal_queries.statistics(session, actor=actor, settings=settings)
    codes = [u.unit for u in stats.by_unit]
    names = {
        u.code: UnitName(u.code, u.name_zh, u.name_en)
        for u in session.scalars(
            select(Unit).where(
                Unit.tenant_id == actor.tenant_id,
                Unit.code.in_(codes),
                in_subtree(actor, Unit.path),
            )
        )
    }

    def row(name: str, s: dict[str, object]) -> list[Cell]:
        outcomes = s["outcomes"]
        ratings = s["satisfaction"]
        assert isinstance(outcomes, dict) and isinstance(ratings, dict)
        rate = s["on_time_rate"]
        return [
            name,
            int(str(s["total"])),
            int(str(s["answered"])),
            float(rate) if isinstance(rate, float | int) else None,
            *(int(outcomes.get(k, 0)) for k in proposal_rules.OUTCOMES),
            *(int(ratings.get(k, 0)) for k in proposal_rules.SATISFACTIONS),
        ]

    rows = [
        row(names[u.unit].name(lang) if u.unit in names else u.unit, u.stats) for u in stats.by_unit
    ]
    if rows:
        rows.append(row("dash_total", stats.overall))
    return Chart(
        key="proposals",
        title="dash_proposals",
        kind="bar",
        columns=[
            "unit",
            "dash_total",
            "pp_replied",
            "dash_on_time",
            *(f"pp_{k}" for k in proposal_rules.OUTCOMES),
            *(f"pp_{k}" for k in proposal_rules.SATISFACTIONS),
        ],
        rows=rows,
        series=[3],
        percent=[3],
    )


def indicators(session: Session, *, actor: Actor, settings: Settings, lang: str) -> Chart:
    """Livelihood targets and indicators against target by region: for each region (a
    livelihood target's lead unit, an indicator value's region), how many are green,
    yellow, red or not yet lit (one GROUP BY each)."""
    check(actor, "indicator.view")
    year = schedule.today(settings).year
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seen = select(Indicator.id).where(livelihood_access.indicators_visible(actor))
    # The latest period with actuals (2023Q1 < 2023H1 < 2023Q3 < 2023: by its end day).
    periods = session.scalars(
        select(IndicatorValue.period)
        .where(IndicatorValue.indicator_id.in_(seen), IndicatorValue.actual_value.is_not(None))
        .distinct()
    ).all()
    latest = max(periods, key=lambda p: indicator_period(p).end, default="")
    for region_id, light, n in session.execute(
        select(IndicatorValue.region_unit_id, IndicatorValue.light, func.count())
        .where(IndicatorValue.indicator_id.in_(seen), IndicatorValue.period == latest)
        .group_by(IndicatorValue.region_unit_id, IndicatorValue.light)
    ):
        counts[region_id][light] += n
    if actor.can("livelihood.view"):
        for unit_id, light, n in session.execute(
            select(LivelihoodTarget.lead_unit_id, LivelihoodTarget.light, func.count())
            .where(
                LivelihoodTarget.matter_id.in_(
                    select(LivelihoodMatter.id).where(
                        livelihood_access.matters_visible(actor), LivelihoodMatter.year == year
                    )
                )
            )
            .group_by(LivelihoodTarget.lead_unit_id, LivelihoodTarget.light)
        ):
            counts[unit_id][light] += n
    names = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(set(counts))))}
    order = ("green", "yellow", "red", "not_started")
    rows: list[list[Cell]] = []
    for unit_id in sorted(counts, key=lambda i: names[i].path):
        unit = names[unit_id]
        c = counts[unit_id]
        rest = sum(v for k, v in c.items() if k not in order[:3])
        rows.append(
            [
                UnitName(unit.code, unit.name_zh, unit.name_en).name(lang),
                c.get("green", 0),
                c.get("yellow", 0),
                c.get("red", 0),
                rest,
            ]
        )
    return Chart(
        key="indicators",
        title="dash_indicators",
        kind="stack",
        columns=["home_region", *order],
        rows=rows,
        series=[1, 2, 3, 4],
    )


# ---------------------------------------------------------------- burden (基层减负)


def co_unit_task() -> ColumnElement[bool]:
    """A co-unit row's join to its task, on the tenant key: so the tenant's filter on the
    task reaches the co-unit rows too. Joined on the id alone, PostgreSQL read every
    tenant's co-units of a nation's database (447,035 rows at twelve provinces, 164 ms) to
    keep one province's 37,289; with the tenant, it reads those by ``tenant_id`` (54 ms)."""
    return (Task.id == TaskCoUnit.task_id) & (Task.tenant_id == TaskCoUnit.tenant_id)


def _unit_names(
    session: Session, actor: Actor, ids: set[int], lang: str
) -> dict[int, tuple[str, str]]:
    """unit id → (path, name), for sorting by the tree and showing: only the units of the
    actor's subtree (a unit is not shown what is asked of the others)."""
    # Columns, not Unit objects: a province's 2,000 units as objects took 40 % of burden.
    # The tenant first: by the path alone PostgreSQL scanned every province's units of a
    # nation's database (docs/scale.md, "Nation scale").
    rows = session.execute(
        select(Unit.id, Unit.path, Unit.code, Unit.name_zh, Unit.name_en).where(
            Unit.tenant_id == actor.tenant_id, Unit.id.in_(ids), in_subtree(actor, Unit.path)
        )
    )
    return {
        unit_id: (path, UnitName(code, name_zh, name_en).name(lang))
        for unit_id, path, code, name_zh, name_en in rows
    }


def burden(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    lang: str,
    live: bool = False,
    full: bool = True,
) -> Chart:
    """What supervision asks of each unit: reports asked a month by its open tasks (as lead
    or co-unit, by each task's cycle), and the reminders, urgings and notices sent to it
    this year (GROUP BY unit and step). The reports asked come from the rollup (exact for
    the units of any viewer's subtree, the only ones shown); ``live`` counts the tasks and
    their co-unit rows instead, the reference. ``full=False`` sums the units into those
    one level below the actor's own."""
    check(actor, "task.view")
    year = schedule.today(settings).year
    demand: dict[int, float] = defaultdict(float)
    tasks_of: dict[int, int] = defaultdict(int)
    for unit_id, cycle, n in (
        _asked(session, actor) if live else rolled.by_unit_and_cycle(session, actor, REPORTABLE)
    ):
        if unit_id is None:
            continue
        demand[unit_id] += PER_MONTH.get(cycle, 0.0) * n
        tasks_of[unit_id] += n
    chased: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, step, n in session.execute(
        select(SupervisionAction.unit_id, SupervisionAction.step, func.count())
        .where(
            of_tasks_seen(session, actor, SupervisionAction.task_id, SupervisionAction.tenant_id),
            SupervisionAction.issued_on >= date(year, 1, 1),
        )
        .group_by(SupervisionAction.unit_id, SupervisionAction.step)
    ):
        chased[unit_id][step] += n
    duplicates = _duplicates_by_unit(session, actor)
    names = _unit_names(session, actor, set(demand) | set(chased) | set(duplicates), lang)
    figures = {
        names[i]: [
            tasks_of.get(i, 0),
            demand.get(i, 0.0),
            *(chased[i].get(step, 0) for step in STEPS),
            duplicates.get(i, 0),
        ]
        for i in names
    }
    if not full:
        areas = _areas(session, actor, {path for path, _ in figures})
        summed: dict[tuple[str, str], list[float]] = {}
        for (path, _), values in figures.items():
            area, name = areas[path]
            into = summed.setdefault((area, name.name(lang)), [0] * len(values))
            summed[(area, name.name(lang))] = [a + b for a, b in zip(into, values, strict=True)]
        figures = summed
    rows: list[list[Cell]] = [
        [name, int(values[0]), round(values[1], 1), *(int(v) for v in values[2:])]
        for (_, name), values in sorted(figures.items())
    ]
    return Chart(
        key="burden",
        title="dash_burden",
        kind="stack",
        columns=["unit", "tasks", "dash_reports_demanded", *STEPS, "dash_duplicates"],
        rows=rows,
        series=[2, 3, 4, 5, 6, 7],
    )


def _asked(session: Session, actor: Actor) -> list[tuple[int | None, str, int]]:
    """(unit, report cycle, tasks) of the open tasks the actor sees, as lead and as co-unit
    (two GROUP BYs over the tasks and their co-unit rows)."""
    lead_rows = session.execute(
        select(Task.lead_unit_id, Task.report_cycle, func.count(Task.id))
        .where(
            tasks_seen(session, actor), Task.status.in_(REPORTABLE), Task.lead_unit_id.is_not(None)
        )
        .group_by(Task.lead_unit_id, Task.report_cycle)
    ).all()
    co_rows = session.execute(
        select(TaskCoUnit.unit_id, Task.report_cycle, func.count(Task.id))
        .join(Task, co_unit_task())
        .where(tasks_seen(session, actor), Task.status.in_(REPORTABLE))
        .group_by(TaskCoUnit.unit_id, Task.report_cycle)
    ).all()
    return [*lead_rows, *co_rows]


def _asked_twice(
    session: Session,
    actor: Actor,
    key: InstrumentedAttribute[str] | InstrumentedAttribute[int | None],
) -> ColumnElement[bool]:
    """SQL for "the task's ``key`` (title, directive) is that of more than one open task the
    actor sees": only those can be asked twice of one unit. Found first by one GROUP BY of
    the tasks, so that the (unit, what) grouping of every lead and co-unit row, which sorts
    the long titles of tens of thousands of rows at a province, runs over those alone."""
    repeated = (
        select(key)
        .where(tasks_seen(session, actor), Task.status.in_(REPORTABLE), key.is_not(None))
        .group_by(key)
        .having(func.count(Task.id) > 1)
    )
    return key.in_(repeated)


def _duplicates_by_unit(session: Session, actor: Actor) -> dict[int, int]:
    """Per unit, the open tasks beyond the first that ask it for the same thing: the same
    title (or the same directive) asked of it as lead or co-unit by several tasks."""
    found: dict[int, int] = defaultdict(int)
    for key in (Task.title, Task.directive_id):
        asked = _asked_twice(session, actor, key)
        lead = (
            select(Task.lead_unit_id.label("unit_id"), key.label("what"), Task.id.label("task"))
            .where(tasks_seen(session, actor), Task.status.in_(REPORTABLE), asked)
            .where(Task.lead_unit_id.is_not(None))
        )
        co = (
            select(TaskCoUnit.unit_id.label("unit_id"), key.label("what"), Task.id.label("task"))
            .join(Task, co_unit_task())
            .where(tasks_seen(session, actor), Task.status.in_(REPORTABLE), asked)
        )
        both = lead.union_all(co).subquery()
        counted = (
            select(both.c.unit_id, func.count(both.c.task).label("n"))
            .group_by(both.c.unit_id, both.c.what)
            .having(func.count(both.c.task) > 1)
            .subquery()
        )
        for unit_id, extra in session.execute(
            select(counted.c.unit_id, func.sum(counted.c.n - 1)).group_by(counted.c.unit_id)
        ):
            found[unit_id] = max(found[unit_id], int(extra))
    return found


def duplicate_asks(session: Session, *, actor: Actor, settings: Settings, lang: str) -> Chart:
    """The duplicate asks themselves: a unit, the title asked of it, how many open tasks ask
    it (GROUP BY unit and title HAVING more than one), most repeated first."""
    check(actor, "task.view")
    asked = _asked_twice(session, actor, Task.title)
    lead = select(
        Task.lead_unit_id.label("unit_id"), Task.title.label("what"), Task.id.label("task")
    ).where(
        tasks_seen(session, actor),
        Task.status.in_(REPORTABLE),
        Task.lead_unit_id.is_not(None),
        asked,
    )
    co = (
        select(TaskCoUnit.unit_id.label("unit_id"), Task.title.label("what"), Task.id.label("task"))
        .join(Task, co_unit_task())
        .where(tasks_seen(session, actor), Task.status.in_(REPORTABLE), asked)
    )
    both = lead.union_all(co).subquery()
    n = func.count(both.c.task)
    found = session.execute(
        select(both.c.unit_id, both.c.what, n)
        .group_by(both.c.unit_id, both.c.what)
        .having(n > 1)
        .order_by(n.desc(), both.c.unit_id)
        .limit(100)
    ).all()
    names = _unit_names(session, actor, {u for u, _, _ in found}, lang)
    return Chart(
        key="duplicates",
        title="dash_duplicates",
        kind="table",
        columns=["unit", "dash_duplicate_what", "dash_duplicate_times"],
        rows=[[names[u][1], str(what), int(times)] for u, what, times in found if u in names],
    )


Builder = Callable[..., Chart]
# The charts in the order the dashboard shows them, with the action each needs.
CHARTS: dict[str, tuple[str, Builder]] = {
    "lights_unit": ("task.view", lights_unit),
    "lights_work_line": ("task.view", lights_work_line),
    "trend": ("task.view", trend),
    "projects": ("project.view", projects_pace),
    "proposals": ("proposal.view", proposals),
    "indicators": ("indicator.view", indicators),
    "burden": ("task.view", burden),
    "duplicates": ("task.view", duplicate_asks),
}


def available(actor: Actor) -> list[str]:
    """The charts the actor's roles let it see (an administrator sees none)."""
    if actor.is_admin:
        return []
    return [key for key, (action, _) in CHARTS.items() if actor.can(action)]


# The charts by unit, which the dashboard first shows summed one level below the viewer's
# unit (61 rows for a province's office, not 2,245), every unit a click away.
BY_UNIT = frozenset({"lights_unit", "burden"})


def chart(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    key: str,
    lang: str,
    full: bool = True,
) -> Chart:
    """One chart by its key, for the actor; an unknown key is NotFound. A chart of
    ``BY_UNIT`` with ``full=False`` is summed one level below the actor's unit."""
    if key not in CHARTS:
        raise NotFound.of("err_no_chart_key_value", key_value=key)
    action, build = CHARTS[key]
    check(actor, action)
    if key in BY_UNIT:
        return build(session, actor=actor, settings=settings, lang=lang, full=full)
    return build(session, actor=actor, settings=settings, lang=lang)
