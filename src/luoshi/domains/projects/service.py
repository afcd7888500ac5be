"""Key projects: register, edit, move through stages, plans, monthly reports, lights.

Every write is checked through ``access.get_project_for`` (or the office's subtree when
creating), audited, and followed by a recomputation of the project's light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from luoshi import clock
from luoshi.db import bump_version
from luoshi.domains.progress import evidence, schedule
from luoshi.domains.projects import access, queries, rules
from luoshi.domains.projects.access import get_project_for as get_project_for
from luoshi.domains.projects.models import (
    Project,
    ProjectPhoto,
    ProjectReport,
    ProjectStageChange,
    ProjectYearPlan,
)
from luoshi.domains.projects.schemas import (
    LightOut,
    MetricsRead,
    NationalPlanSet,
    PhotoRead,
    ProjectCreate,
    ProjectDetail,
    ProjectRead,
    ProjectReportCreate,
    ProjectReportRead,
    ProjectUpdate,
    PublicProject,
    StageChange,
    StageChangeRead,
    UnitRef,
    YearPlanRead,
    YearPlanSet,
)
from luoshi.errors import Conflict, InvalidInput, NotFound, StaleEdit
from luoshi.i18n import english_and_chinese
from luoshi.kernel import audit, units
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

PROJECT_FIELDS = (
    "code",
    "name",
    "description",
    "owner_unit_id",
    "office_unit_id",
    "region_unit_id",
    "industry",
    "level",
    "stage",
    "national_plan",
    "national_plan_name",
    "national_plan_date",
    "total_investment",
    "investment_before",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "operation_date",
)
REPORT_FIELDS = ("period", "investment_month", "progress", "problems", "late")
# Fields of ProjectUpdate written as they are (units are resolved from codes).
_PLAIN_UPDATES = (
    "name",
    "description",
    "industry",
    "level",
    "total_investment",
    "investment_before",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "operation_date",
)
# How many missing months the job chases at once (the oldest ones are on the light anyway).
CHASE_MISSING = 3


# ---------------------------------------------------------------- helpers


def check_version(obj: Project | ProjectReport, version: int | None, what: str) -> None:
    if version is not None and version != obj.version:
        raise StaleEdit.of(
            "err_what_was_changed_by_someone_else_version",
            what=what,
            version=obj.version,
            version2=version,
            details={"current_version": obj.version},
        )


def _unit(session: Session, actor: Actor, code: str, what: str) -> Unit:
    try:
        return units.get_unit_by_code(session, tenant_id=actor.tenant_id, code=code)
    except NotFound as exc:
        raise InvalidInput.of("err_what_code_not_unit_tree", what=what, code=code) from exc


def _office_of(session: Session, actor: Actor, code: str | None) -> Unit:
    top = units.acting_unit(session, actor=actor)
    if code is None:
        return top
    office = _unit(session, actor, code, "office unit")
    units.check_within(office, top)
    return office


def _snapshot(project: Project) -> dict[str, Any]:
    return audit.snapshot(project, PROJECT_FIELDS)


def calendar_for(session: Session, settings: Settings, tenant_id: str) -> WorkingCalendar:
    return schedule.calendar_for(session, settings=settings, tenant_id=tenant_id)


def report_due(period: str, *, settings: Settings, calendar: WorkingCalendar) -> date:
    """The working day a month's report is due: the report day, moved past holidays."""
    return calendar.next_working_day(rules.nominal_due(period, settings.project_report_day))


def light_rules(settings: Settings) -> rules.LightRules:
    return rules.LightRules(
        yellow_lag=settings.light_yellow_lag,
        red_lag=settings.light_red_lag,
        missing_reports_red=settings.light_missing_reports_red,
        overdue_red_days=settings.project_overdue_red_days,
    )


# ---------------------------------------------------------------- lists


@dataclass(frozen=True)
class ProjectFilter:
    stage: str | None = None
    national_plan: str | None = None
    level: str | None = None
    industry: str | None = None
    light: str | None = None
    region: str | None = None  # unit code: the region or a unit above it
    owner: str | None = None  # unit code: the owner or a unit above it
    q: str | None = None


def _scoped(session: Session, actor: Actor, filters: ProjectFilter) -> Any:
    check(actor, "project.view")
    stmt = access.scoped(select(Project), actor)
    for name in ("stage", "national_plan", "level", "industry", "light"):
        value = getattr(filters, name)
        if value:
            stmt = stmt.where(getattr(Project, name) == value)
    if filters.q:
        stmt = stmt.where(or_(Project.name.contains(filters.q), Project.code.contains(filters.q)))
    for code, column in (
        (filters.region, Project.region_unit_id),
        (filters.owner, Project.owner_unit_id),
    ):
        if code:
            unit = _unit(session, actor, code, "unit")
            inside = aliased(Unit)
            stmt = stmt.where(
                select(inside.id)
                .where(inside.id == column, inside.path.startswith(unit.path))
                .exists()
            )
    return stmt


def list_projects(
    session: Session,
    *,
    actor: Actor,
    filters: ProjectFilter = ProjectFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[Project], int]:
    """A page of the projects the actor is related to, and their count."""
    stmt, paged = _page(session, actor, filters, page, page_size)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return list(session.scalars(paged)), total


def list_project_reads(
    session: Session,
    *,
    actor: Actor,
    on: date,
    language: str,
    filters: ProjectFilter = ProjectFilter(),
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[ProjectRead], int]:
    """``list_projects`` then ``to_reads``, read on Core (``queries``): the same rows and
    the same shapes, the page's units joined to its rows."""
    stmt, paged = _page(session, actor, filters, page, page_size)
    rows = queries.page_rows(session, paged)
    total = queries.count(session, stmt)
    if not rows:
        return [], total
    ids = [row.id for row in rows]
    ytd, invested = _year_and_all_sums(session, ids, f"{on.year:04d}-")
    reads = queries.reads(
        rows,
        year=on.year,
        plans=year_plans(session, ids, on.year),
        ytd=ytd,
        total=invested,
        language=language,
    )
    return reads, total


def _page(
    session: Session, actor: Actor, filters: ProjectFilter, page: int, page_size: int
) -> tuple[Any, Any]:
    """The listed projects (for the count) and the requested page of them, by code."""
    if page < 1 or not 1 <= page_size <= 500:
        raise InvalidInput.of("err_page_starts_at_1_page_size_1")
    stmt = _scoped(session, actor, filters)
    return stmt, stmt.order_by(Project.code).offset((page - 1) * page_size).limit(page_size)


# ---------------------------------------------------------------- reading


def _unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name_zh=unit.name_zh, name_en=unit.name_en)


def _sums(session: Session, ids: Sequence[int], prefix: str = "") -> dict[int, Decimal]:
    stmt = select(ProjectReport.project_id, func.sum(ProjectReport.investment_month)).where(
        ProjectReport.project_id.in_(ids)
    )
    if prefix:
        stmt = stmt.where(ProjectReport.period.startswith(prefix))
    rows = session.execute(stmt.group_by(ProjectReport.project_id))
    return {pid: Decimal(total or 0) for pid, total in rows}


# Built once with bound parameters (a statement built per request cost more in SQLAlchemy
# than the database took to answer it; docs/scale.md, "Statements built once").
_IN_YEAR = case(
    (ProjectReport.period.startswith(bindparam("prefix")), ProjectReport.investment_month)
)
_YEAR_AND_ALL_SUMS = (
    select(
        ProjectReport.project_id,
        func.sum(_IN_YEAR),
        func.sum(ProjectReport.investment_month),
    )
    .where(ProjectReport.project_id.in_(bindparam("ids", expanding=True)))
    .group_by(ProjectReport.project_id)
)
_YEAR_PLANS = select(ProjectYearPlan.project_id, ProjectYearPlan.planned_investment).where(
    ProjectYearPlan.project_id.in_(bindparam("ids", expanding=True)),
    ProjectYearPlan.year == bindparam("year"),
)


def _year_and_all_sums(
    session: Session, ids: Sequence[int], prefix: str
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """``_sums`` with and without ``prefix`` in one pass over the reports (a list page)."""
    rows = (
        session.connection().execute(_YEAR_AND_ALL_SUMS, {"ids": list(ids), "prefix": prefix}).all()
    )
    return (
        {pid: Decimal(year or 0) for pid, year, _ in rows},
        {pid: Decimal(whole or 0) for pid, _, whole in rows},
    )


def year_plans(session: Session, ids: Sequence[int], year: int) -> dict[int, Decimal]:
    rows = session.connection().execute(_YEAR_PLANS, {"ids": list(ids), "year": year})
    return {pid: Decimal(amount) for pid, amount in rows}


def rendered_light(project: Project, language: str) -> LightOut:
    return queries.light_of(project.light, project.light_reasons, language)


def to_reads(
    session: Session, rows: Sequence[Project], *, on: date, language: str
) -> list[ProjectRead]:
    """Projects as API shapes, with this year's plan and investment, in a few queries."""
    if not rows:
        return []
    ids = [p.id for p in rows]
    plans = year_plans(session, ids, on.year)
    ytd, total = _year_and_all_sums(session, ids, f"{on.year:04d}-")
    unit_ids = {u for p in rows for u in (p.owner_unit_id, p.office_unit_id, p.region_unit_id) if u}
    refs = {u.id: _unit_ref(u) for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    reads = []
    for p in rows:
        planned = plans.get(p.id)
        reads.append(
            ProjectRead(
                id=p.id,
                code=p.code,
                name=p.name,
                stage=p.stage,
                national_plan=p.national_plan,
                national_plan_name=p.national_plan_name,
                national_plan_date=p.national_plan_date,
                level=p.level,
                industry=p.industry,
                owner_unit=refs[p.owner_unit_id],
                office_unit=refs[p.office_unit_id],
                region_unit=refs.get(p.region_unit_id) if p.region_unit_id else None,
                total_investment=float(p.total_investment),
                investment_before=float(p.investment_before),
                investment_planned_year=float(planned) if planned is not None else None,
                investment_actual_ytd=float(ytd.get(p.id, Decimal(0))),
                investment_cumulative=float(p.investment_before + total.get(p.id, Decimal(0))),
                year=on.year,
                planned_start=p.planned_start,
                actual_start=p.actual_start,
                planned_completion=p.planned_completion,
                actual_completion=p.actual_completion,
                operation_date=p.operation_date,
                light=rendered_light(p, language),
                version=p.version,
                public=p.public,
            )
        )
    return reads


def reports_of(session: Session, project: Project) -> list[ProjectReport]:
    return list(
        session.scalars(
            select(ProjectReport)
            .where(ProjectReport.project_id == project.id)
            .order_by(ProjectReport.period)
        )
    )


def visible_reports(session: Session, *, actor: Actor) -> list[tuple[ProjectReport, Project, Unit]]:
    """Every monthly report of a project the actor is related to, with its project and
    unit, by project code and month (the scope of the monthly-reports sheet)."""
    check(actor, "project.view")
    stmt = (
        select(ProjectReport, Project, Unit)
        .join(Project, Project.id == ProjectReport.project_id)
        .join(Unit, Unit.id == ProjectReport.unit_id)
        .where(access.visible(actor))
        .order_by(Project.code, ProjectReport.period)
    )
    return [(r, p, u) for r, p, u in session.execute(stmt).all()]


def find_project_for(session: Session, *, actor: Actor, code: str, action: str) -> Project:
    """The project with ``code`` (as sheets name projects), checked like ``get_project_for``."""
    project_id = session.scalar(
        select(Project.id).where(Project.tenant_id == actor.tenant_id, Project.code == code.strip())
    )
    if project_id is None:
        raise NotFound.of("err_no_project_code", code=code)
    return get_project_for(session, actor=actor, project_id=project_id, action=action)


def report_reads(session: Session, project: Project) -> list[ProjectReportRead]:
    reports = reports_of(session, project)
    photos: dict[int, list[PhotoRead]] = {r.id: [] for r in reports}
    if reports:
        for photo in session.scalars(
            select(ProjectPhoto)
            .where(ProjectPhoto.report_id.in_(list(photos)))
            .order_by(ProjectPhoto.id)
        ):
            photos[photo.report_id].append(
                PhotoRead(
                    id=photo.id,
                    filename=photo.filename,
                    content_type=photo.content_type,
                    size=photo.size,
                )
            )
    unit_ids = {r.unit_id for r in reports}
    refs = {u.id: _unit_ref(u) for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    return [
        ProjectReportRead(
            id=r.id,
            project_id=r.project_id,
            period=r.period,
            due_on=r.due_on,
            unit=refs[r.unit_id],
            investment_month=float(r.investment_month),
            investment_cumulative=float(r.investment_cumulative),
            progress=r.progress,
            problems=r.problems,
            late=r.late,
            submitted_at=r.submitted_at,
            photos=photos[r.id],
            version=r.version,
        )
        for r in reports
    ]


def to_detail(
    session: Session, project: Project, *, settings: Settings, on: date, language: str
) -> ProjectDetail:
    base = to_reads(session, [project], on=on, language=language)[0]
    plans = session.scalars(
        select(ProjectYearPlan)
        .where(ProjectYearPlan.project_id == project.id)
        .order_by(ProjectYearPlan.year)
    )
    stages = session.scalars(
        select(ProjectStageChange)
        .where(ProjectStageChange.project_id == project.id)
        .order_by(ProjectStageChange.id)  # the order the moves were made
    )
    calendar = calendar_for(session, settings, project.tenant_id)
    return ProjectDetail(
        **base.model_dump(),
        description=project.description,
        next_stage=rules.next_stage(project.stage),
        year_plans=[
            YearPlanRead(year=p.year, planned_investment=float(p.planned_investment)) for p in plans
        ],
        stages=[
            StageChangeRead(
                from_stage=s.from_stage,
                to_stage=s.to_stage,
                day=s.day,
                note=s.note,
                actor_name=s.actor_name,
            )
            for s in stages
        ],
        reports=report_reads(session, project),
        missing_periods=missing_periods(
            session, project, settings=settings, calendar=calendar, on=on
        ),
    )


# ---------------------------------------------------------------- lights


def _owed(
    project: Project, *, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[tuple[str, date]]:
    return rules.owed_periods(
        project.actual_start,
        project.actual_completion,
        on,
        lambda period: report_due(period, settings=settings, calendar=calendar),
        since=reports_since(project, settings),
    )


def reports_since(project: Project, settings: Settings) -> date:
    """The first day reports are owed for: 1 January of the year it was registered."""
    return date(schedule.local_date(project.created_at, settings).year, 1, 1)


def filed_periods(session: Session, project: Project) -> set[str]:
    return set(
        session.scalars(select(ProjectReport.period).where(ProjectReport.project_id == project.id))
    )


def missing_periods(
    session: Session, project: Project, *, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[str]:
    """The months whose report's due day has passed with no report (on the day itself the
    owner still has until the evening)."""
    filed = filed_periods(session, project)
    return [
        period
        for period, due in _owed(project, settings=settings, calendar=calendar, on=on)
        if due < on and period not in filed
    ]


def light_facts(
    session: Session, project: Project, *, settings: Settings, calendar: WorkingCalendar, on: date
) -> rules.LightFacts:
    owed_this_year = [
        period
        for period, _ in _owed(project, settings=settings, calendar=calendar, on=on)
        if period.startswith(f"{on.year:04d}-")
    ]
    planned = year_plans(session, [project.id], on.year).get(project.id)
    ytd = _sums(session, [project.id], f"{on.year:04d}-").get(project.id, Decimal(0))
    return rules.LightFacts(
        stage=project.stage,
        on=on,
        planned_year=planned,
        actual_ytd=ytd,
        reported_through=rules.period_end(owed_this_year[-1]) if owed_this_year else None,
        missing=tuple(
            missing_periods(session, project, settings=settings, calendar=calendar, on=on)
        ),
        planned_start=project.planned_start,
        planned_completion=project.planned_completion,
    )


def refresh_light(
    session: Session,
    project: Project,
    *,
    settings: Settings,
    calendar: WorkingCalendar | None = None,
    on: date | None = None,
) -> bool:
    """Recompute and store the project's light; whether it changed."""
    calendar = calendar or calendar_for(session, settings, project.tenant_id)
    on = on or schedule.today(settings)
    light = rules.project_light(
        light_facts(session, project, settings=settings, calendar=calendar, on=on),
        light_rules(settings),
    )
    reasons = [r.as_dict() for r in light.reasons]
    changed = project.light != light.color or project.light_reasons != reasons
    if changed:
        project.light = light.color
        project.light_reasons = reasons
    project.light_at = clock.now()
    session.flush()
    return changed


# ---------------------------------------------------------------- writing the register


def _reached_on(project: Project) -> date | None:
    """The day a project registered in a later stage reached it, when its dates say."""
    return {
        "new_start": project.actual_start,
        "under_construction": project.actual_start,
        "completed": project.actual_completion,
        "in_operation": project.operation_date,
    }.get(project.stage)


def create_project(
    session: Session, *, actor: Actor, data: ProjectCreate, settings: Settings
) -> Project:
    """Register a project kept by the actor's office (or a unit below it); its owner and
    region lie in that office's subtree."""
    check(actor, "project.manage")
    office = _office_of(session, actor, data.office_unit)
    owner = _unit(session, actor, data.owner_unit, "owner unit")
    units.check_within(owner, office)
    region = _unit(session, actor, data.region_unit, "region") if data.region_unit else None
    if region is not None:
        units.check_within(region, office)
    rules.check_national_plan(data.national_plan, data.national_plan_name, data.national_plan_date)
    rules.check_stage_facts(
        data.stage,
        actual_start=data.actual_start,
        actual_completion=data.actual_completion,
        operation_date=data.operation_date,
    )
    exists = session.scalar(
        select(Project.id).where(Project.tenant_id == actor.tenant_id, Project.code == data.code)
    )
    if exists is not None:
        raise Conflict.of("err_project_with_code_code_exists_already", code=data.code)
    years = [p.year for p in data.year_plans]
    if len(years) != len(set(years)):
        raise InvalidInput.of("err_each_year_has_one_planned_investment")
    project = Project(
        tenant_id=actor.tenant_id,
        office_unit_id=office.id,
        owner_unit_id=owner.id,
        region_unit_id=region.id if region else None,
        created_by_id=actor.user_id,
        **data.model_dump(exclude={"owner_unit", "office_unit", "region_unit", "year_plans"}),
    )
    session.add(project)
    session.flush()
    for plan in data.year_plans:
        session.add(
            ProjectYearPlan(
                tenant_id=actor.tenant_id,
                project_id=project.id,
                year=plan.year,
                planned_investment=plan.planned_investment,
            )
        )
    session.add(
        ProjectStageChange(
            tenant_id=actor.tenant_id,
            project_id=project.id,
            from_stage=None,
            to_stage=project.stage,
            day=_reached_on(project) or schedule.today(settings),
            note="registered",
            actor_name=actor.username,
        )
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="project.create",
        object_type="project",
        object_id=project.id,
        new={
            **_snapshot(project),
            "year_plans": {str(p.year): p.planned_investment for p in data.year_plans},
        },
    )
    refresh_light(session, project, settings=settings)
    return project


def update_project(
    session: Session, *, actor: Actor, project_id: int, data: ProjectUpdate, settings: Settings
) -> Project:
    """The office edits a project's terms (not its stage or national plan)."""
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.manage")
    check_version(project, data.version, "project")
    old = _snapshot(project)
    given = data.model_fields_set
    office = session.get(Unit, project.office_unit_id)
    assert office is not None
    if "owner_unit" in given and data.owner_unit:
        owner = _unit(session, actor, data.owner_unit, "owner unit")
        units.check_within(owner, office)
        project.owner_unit_id = owner.id
    if "region_unit" in given:
        region = _unit(session, actor, data.region_unit, "region") if data.region_unit else None
        if region is not None:
            units.check_within(region, office)
        project.region_unit_id = region.id if region else None
    for name in _PLAIN_UPDATES:
        if name not in given:
            continue
        value = getattr(data, name)
        if value is None and name in ("name", "industry", "level", "total_investment"):
            continue
        if value is None and name == "investment_before":
            value = Decimal(0)
        setattr(project, name, value)
    rules.check_stage_facts(
        project.stage,
        actual_start=project.actual_start,
        actual_completion=project.actual_completion,
        operation_date=project.operation_date,
    )
    new = _snapshot(project)
    if new == old:
        return project
    session.flush()
    if old["investment_before"] != new["investment_before"]:
        _recount(session, project)
    audit.record(
        session,
        actor=actor,
        action="project.update",
        object_type="project",
        object_id=project.id,
        old=old,
        new=new,
    )
    refresh_light(session, project, settings=settings)
    return project


def change_stage(
    session: Session, *, actor: Actor, project_id: int, data: StageChange, settings: Settings
) -> Project:
    """Move a project one stage on, dated; the move records the start, completion or
    operation day when it is not known yet."""
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.manage")
    check_version(project, data.version, "project")
    rules.check_stage_change(project.stage, data.to_stage)
    today = schedule.today(settings)
    day = data.day or today
    if day > today:
        raise InvalidInput.of("err_stage_recorded_when_reached_not_ahead_day", day=day)
    last = session.scalar(
        select(func.max(ProjectStageChange.day)).where(
            ProjectStageChange.project_id == project.id,
            ProjectStageChange.from_stage.is_not(None),  # not the day it was registered
        )
    )
    if last is not None and day < last:
        raise InvalidInput.of("err_project_reached_current_stage_on_last_day", last=last, day=day)
    old = _snapshot(project)
    for name, value in rules.stage_dates(data.to_stage, day).items():
        if getattr(project, name) is None:
            setattr(project, name, value)
    previous = project.stage
    project.stage = data.to_stage
    rules.check_stage_facts(
        project.stage,
        actual_start=project.actual_start,
        actual_completion=project.actual_completion,
        operation_date=project.operation_date,
    )
    session.add(
        ProjectStageChange(
            tenant_id=project.tenant_id,
            project_id=project.id,
            from_stage=previous,
            to_stage=project.stage,
            day=day,
            note=data.note,
            actor_name=actor.username,
        )
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="project.stage",
        object_type="project",
        object_id=project.id,
        old=old,
        new=_snapshot(project),
        note=data.note,
    )
    refresh_light(session, project, settings=settings)
    return project


def set_national_plan(
    session: Session, *, actor: Actor, project_id: int, data: NationalPlanSet, settings: Settings
) -> Project:
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.manage")
    check_version(project, data.version, "project")
    rules.check_national_plan(data.status, data.plan_name, data.plan_date)
    old = _snapshot(project)
    project.national_plan = data.status
    project.national_plan_name = data.plan_name.strip() if data.status != "none" else ""
    project.national_plan_date = data.plan_date if data.status != "none" else None
    new = _snapshot(project)
    if new != old:
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="project.national_plan",
            object_type="project",
            object_id=project.id,
            old=old,
            new=new,
        )
    return project


def set_year_plan(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    year: int,
    data: YearPlanSet,
    settings: Settings,
) -> Project:
    """Set the investment planned for one year (a new plan or a revised one)."""
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.manage")
    check_version(project, data.version, "project")
    if not 1900 <= year <= 2199:
        raise InvalidInput.of("err_plan_year_lies_between_1900_and_2199")
    plan = session.scalar(
        select(ProjectYearPlan).where(
            ProjectYearPlan.project_id == project.id, ProjectYearPlan.year == year
        )
    )
    old = plan.planned_investment if plan is not None else None
    if old is not None and old == data.planned_investment:
        return project
    if plan is None:
        plan = ProjectYearPlan(
            tenant_id=project.tenant_id, project_id=project.id, year=year, planned_investment=0
        )
        session.add(plan)
    plan.planned_investment = data.planned_investment
    bump_version(project)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="project.year_plan",
        object_type="project",
        object_id=project.id,
        old={"year": year, "planned_investment": old},
        new={"year": year, "planned_investment": data.planned_investment},
    )
    refresh_light(session, project, settings=settings)
    return project


# ---------------------------------------------------------------- monthly reports


def _recount(session: Session, project: Project) -> None:
    """Derive every report's cumulative from the months before it."""
    reports = reports_of(session, project)
    totals = rules.cumulatives(
        project.investment_before, [(r.period, r.investment_month) for r in reports]
    )
    for report in reports:
        if report.investment_cumulative != totals[report.period]:
            report.investment_cumulative = totals[report.period]
    session.flush()


def submit_report(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    data: ProjectReportCreate,
    settings: Settings,
) -> ProjectReport:
    """The owner unit's report for a month the project was being built in; filing a month
    again replaces its report (with the version read)."""
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.report")
    today = schedule.today(settings)
    building = rules.building_periods(project.actual_start, project.actual_completion, today)
    if data.period not in building:
        if building:
            raise InvalidInput.of(
                "err_no_report_owed_for_period_reports_from",
                period=data.period,
                first=building[0],
                last=building[-1],
            )
        raise InvalidInput.of("err_no_report_owed_for_period", period=data.period)
    calendar = calendar_for(session, settings, project.tenant_id)
    due = report_due(data.period, settings=settings, calendar=calendar)
    report = session.scalar(
        select(ProjectReport).where(
            ProjectReport.project_id == project.id, ProjectReport.period == data.period
        )
    )
    old = audit.snapshot(report, REPORT_FIELDS) if report is not None else None
    if report is not None:
        if data.version is None:
            raise Conflict.of(
                "err_report_for_period_filed_already_give_version",
                period=data.period,
                details={"report_id": report.id, "current_version": report.version},
            )
        check_version(report, data.version, "report")
    else:
        report = ProjectReport(
            tenant_id=project.tenant_id,
            project_id=project.id,
            unit_id=project.owner_unit_id,
            period=data.period,
            investment_cumulative=Decimal(0),
        )
        session.add(report)
    report.due_on = due
    report.investment_month = data.investment_month
    report.progress = data.progress
    report.problems = data.problems
    report.late = today > due
    report.submitted_at = clock.now()
    report.submitted_by_id = actor.user_id
    session.flush()
    _recount(session, project)
    report_note = english_and_chinese("note_project_report", period=report.period)
    audit.record(
        session,
        actor=actor,
        action="project.report",
        object_type="project",
        object_id=project.id,
        old=old,
        new=audit.snapshot(report, REPORT_FIELDS),
        note=report_note[0],
        note_zh=report_note[1],
    )
    refresh_light(session, project, settings=settings, calendar=calendar, on=today)
    return report


def add_photo(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    report_id: int,
    filename: str,
    content: bytes,
    settings: Settings,
) -> ProjectPhoto:
    """Attach a photo (or another evidence file) to a monthly report, checked and stored
    the way a task report's evidence is."""
    project, report = access.get_report_for(
        session, actor=actor, project_id=project_id, report_id=report_id, action="project.report"
    )
    name, content_type = evidence.check_file(filename, content, settings=settings)
    digest = evidence.store_file(settings, content)
    photo = ProjectPhoto(
        tenant_id=project.tenant_id,
        report_id=report.id,
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by_id=actor.user_id,
    )
    session.add(photo)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="project.photo",
        object_type="project",
        object_id=project.id,
        new={"report": report.period, "filename": name, "sha256": digest, "size": len(content)},
    )
    return photo


def open_photo(
    session: Session, *, actor: Actor, project_id: int, photo_id: int, settings: Settings
) -> tuple[ProjectPhoto, Path]:
    photo = access.get_photo_for(session, actor=actor, project_id=project_id, photo_id=photo_id)
    path = evidence.evidence_path(settings, photo.sha256)
    if not path.is_file():
        raise NotFound.of("err_photo_missing_from_storage")
    return photo, path


# ---------------------------------------------------------------- metrics


def metrics(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    by: str = "region",
    year: int | None = None,
    on: date | None = None,
    filters: ProjectFilter = ProjectFilter(),
) -> MetricsRead:
    """The year's figures of the projects the actor sees, in all and by group."""
    rules.check_choice(by, rules.GROUPINGS, "grouping")
    today = on or schedule.today(settings)
    year = year or today.year
    # A past year is judged at its end, a later one not before it starts.
    as_of = min(today, date(year, 12, 31))
    # One statement that counts by group in the database: a province's register is
    # thousands of projects, which as objects (or as rows to count here) cost seconds.
    # The conditions are rules.counts_of's, in SQL; tests/scale checks they agree.
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    plans = (
        select(ProjectYearPlan.project_id, ProjectYearPlan.planned_investment)
        .where(ProjectYearPlan.year == year)
        .subquery()
    )
    invested = (
        select(
            ProjectReport.project_id,
            func.sum(ProjectReport.investment_month).label("ytd"),
        )
        .where(ProjectReport.period.startswith(f"{year:04d}-"))
        .group_by(ProjectReport.project_id)
        .subquery()
    )
    unit = aliased(Unit)
    key_unit = {"region": Project.region_unit_id, "owner": Project.owner_unit_id}.get(by)
    key: Any = unit.code if key_unit is not None else getattr(Project, by)

    def count_if(*conditions: Any) -> Any:
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    def by_on(column: Any) -> Any:
        return count_if(column >= jan1, column <= as_of)

    stmt = (
        _scoped(session, actor, filters)
        .with_only_columns(
            key,
            func.min(unit.name_zh) if key_unit is not None else key,
            func.min(unit.name_en) if key_unit is not None else key,
            func.count(),
            func.sum(plans.c.planned_investment),
            func.sum(invested.c.ytd),
            count_if(Project.planned_start >= jan1, Project.planned_start <= dec31),
            count_if(
                Project.planned_start >= jan1,
                Project.planned_start <= dec31,
                Project.actual_start >= jan1,
                Project.actual_start <= as_of,
            ),
            count_if(Project.planned_completion >= jan1, Project.planned_completion <= dec31),
            by_on(Project.actual_completion),
            by_on(Project.operation_date),
        )
        .outerjoin(plans, plans.c.project_id == Project.id)
        .outerjoin(invested, invested.c.project_id == Project.id)
        .group_by(key)
    )
    if key_unit is not None:
        stmt = stmt.outerjoin(unit, unit.id == key_unit)
    names: dict[str, tuple[str, str]] = {}
    counted = []
    for row in session.execute(stmt):
        code = row[0] or ""
        names[code] = (row[1] or code, row[2] or row[1] or code)
        counted.append(
            rules.GroupCounts(
                key=code,
                projects=int(row[3]),
                planned_year=Decimal(row[4] or 0),
                actual_ytd=Decimal(row[5] or 0),
                new_starts_planned=int(row[6]),
                new_starts=int(row[7]),
                completions_planned=int(row[8]),
                completions=int(row[9]),
                operations=int(row[10]),
            )
        )
    total, groups = rules.metrics_of_counts(counted, year=year, on=as_of)

    def labelled(group: rules.GroupMetrics) -> dict[str, Any]:
        name_zh, name_en = (
            names.get(group.key, (group.key, group.key))
            if by in ("region", "owner")
            else (group.key, group.key)
        )
        return {**group.as_dict(), "name_zh": name_zh, "name_en": name_en}

    return MetricsRead(
        year=year,
        on=as_of,
        by=by,
        total=total.as_dict(),
        groups=[labelled(g) for g in groups],
    )


# ---------------------------------------------------------------- the public page


def set_public(session: Session, *, actor: Actor, project_id: int, public: bool) -> Project:
    """Show (or stop showing) a project on the public accountability page; the office's
    choice, audited. Off by default."""
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.manage")
    if project.public == public:
        return project
    project.public = public
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="project.public",
        object_type="project",
        object_id=project.id,
        old={"public": not public},
        new={"public": public},
    )
    return project


def public_projects(session: Session, *, tenant_id: str, year: int) -> list[PublicProject]:
    """The projects their offices chose to publish, as the public may see them (read
    without an actor: the page is public; only published projects, only public fields)."""
    rows = list(
        session.scalars(
            select(Project)
            .where(Project.tenant_id == tenant_id, Project.public.is_(True))
            .order_by(Project.code)
        )
    )
    if not rows:
        return []
    ids = [p.id for p in rows]
    plans = year_plans(session, ids, year)
    actual = _sums(session, ids, f"{year:04d}-")
    reported = dict(
        session.execute(
            select(ProjectReport.project_id, func.max(ProjectReport.submitted_at))
            .where(ProjectReport.project_id.in_(ids))
            .group_by(ProjectReport.project_id)
        ).all()
    )
    moved = dict(
        session.execute(
            select(ProjectStageChange.project_id, func.max(ProjectStageChange.day))
            .where(ProjectStageChange.project_id.in_(ids))
            .group_by(ProjectStageChange.project_id)
        ).all()
    )
    region_ids = {p.region_unit_id for p in rows if p.region_unit_id}
    regions = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(region_ids)))}
    published = []
    for p in rows:
        region = regions.get(p.region_unit_id) if p.region_unit_id else None
        last = reported.get(p.id)
        days = [
            d
            for d in (last and clock.aware(last).astimezone(clock.LOCAL_TZ).date(), moved.get(p.id))
            if d
        ]
        planned = plans.get(p.id)
        published.append(
            PublicProject(
                name=p.name,
                stage=p.stage,
                region_zh=region.name_zh if region else "",
                region_en=(region.name_en or region.name_zh) if region else "",
                total_investment=float(p.total_investment),
                planned_year=float(planned) if planned is not None else None,
                actual_year=float(actual.get(p.id, Decimal(0))),
                updated_on=max(days, default=None),
            )
        )
    return published
