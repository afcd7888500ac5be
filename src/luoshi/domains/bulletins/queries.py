"""The figures of a bulletin, drafted from live data: read-only, scoped to the office's
subtree, as aggregate SQL.

Tasks count as they stood at the end of the period: each task's light is its newest light
history row dated on or before the period's last day (``progress.models.LightChange``), so
a May bulletin drafted in July still shows May. Reports are those owed for the period's
reporting periods; registers are measured at the period's end (investment of the year up to
its last month, replies sent by its last day, values of periods ended by then).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from luoshi.domains.bulletins import rules
from luoshi.domains.bulletins.schemas import (
    GoodPractice,
    GoodPracticePick,
    IndicatorRow,
    LateReport,
    LineRow,
    LivelihoodSummary,
    MatterRow,
    Overview,
    ProjectRow,
    ProjectsSummary,
    ProposalsSummary,
    RedItem,
    UnitRow,
)
from luoshi.domains.livelihood import periods as livelihood_periods
from luoshi.domains.livelihood.models import (
    Indicator,
    IndicatorValue,
    LivelihoodMatter,
    LivelihoodTarget,
    LivelihoodValue,
)
from luoshi.domains.progress import schedule
from luoshi.domains.progress.models import LightChange, Report
from luoshi.domains.projects.models import Project, ProjectReport, ProjectYearPlan
from luoshi.domains.proposals.models import Proposal, ProposalReply
from luoshi.domains.tasks.models import Task
from luoshi.errors import InvalidInput
from luoshi.kernel import pace
from luoshi.kernel.models import Unit
from luoshi.settings import Settings

OTHER_LINE = "其他重点工作"
_OVERDUE_CODES = ("overdue", "past_due")
# The lights of the history, folded into the bulletin's five counts.
_DONE_LIGHTS = ("completed", "closed")


@dataclass(frozen=True)
class Scope:
    """The office a bulletin speaks for and the period it covers."""

    tenant_id: str
    office: Unit
    period: rules.Period
    timezone: str = "Asia/Shanghai"

    @property
    def end_instant(self) -> datetime:
        """The first instant after the period (the office's midnight)."""
        return datetime.combine(
            self.period.end + timedelta(days=1), time(0), ZoneInfo(self.timezone)
        )


def _name(unit_name: str | None, short: str | None) -> str:
    return (short or unit_name or "").strip()


def _in_subtree(scope: Scope, unit: Any) -> Any:
    return and_(
        unit.tenant_id == scope.tenant_id, unit.path.startswith(scope.office.path, autoescape=True)
    )


def task_rows(scope: Scope) -> Any:
    """One row per task of the office's subtree that existed at the period's end: its line,
    lead unit, light then, whether it was overdue then, and its progress then."""
    office = aliased(Unit)
    parent = aliased(Task)
    latest = (
        select(LightChange.task_id, func.max(LightChange.id).label("change_id"))
        .where(LightChange.tenant_id == scope.tenant_id, LightChange.day <= scope.period.end)
        .group_by(LightChange.task_id)
        .subquery()
    )
    progress_then = (
        select(Report.progress)
        .where(
            Report.task_id == Task.id,
            Report.unit_id == Task.lead_unit_id,
            Report.submitted_at < scope.end_instant,
            Report.status != "returned",
        )
        .order_by(Report.submitted_at.desc(), Report.id.desc())
        .limit(1)
        .correlate(Task)
        .scalar_subquery()
    )
    light = LightChange.light
    bucket = case(
        (light.in_(_DONE_LIGHTS), "completed"),
        (light.in_(("green", "yellow", "red")), light),
        else_="not_started",
    )
    reasons_text = cast(LightChange.reasons, String)
    overdue = case(
        (or_(*(reasons_text.contains(f'"code": "{c}"') for c in _OVERDUE_CODES)), 1),
        (or_(*(reasons_text.contains(f'"code":"{c}"') for c in _OVERDUE_CODES)), 1),
        else_=0,
    )
    line = func.coalesce(
        func.nullif(Task.work_line, ""), func.nullif(parent.work_line, ""), OTHER_LINE
    )
    return (
        select(
            Task.id.label("task_id"),
            Task.code.label("code"),
            Task.title.label("title"),
            Task.lead_unit_id.label("lead_unit_id"),
            line.label("line"),
            bucket.label("bucket"),
            overdue.label("overdue"),
            func.coalesce(progress_then, 0).label("progress"),
            LightChange.reasons.label("reasons"),
        )
        .join(office, office.id == Task.office_unit_id)
        .join(latest, latest.c.task_id == Task.id)
        .join(LightChange, LightChange.id == latest.c.change_id)
        .outerjoin(parent, parent.id == Task.parent_id)
        .where(
            Task.tenant_id == scope.tenant_id, Task.status != "draft", _in_subtree(scope, office)
        )
        .subquery("bulletin_tasks")
    )


def _counts(rows: Any) -> list[Any]:
    return [
        func.count().label("tasks"),
        *(
            func.sum(case((rows.c.bucket == b, 1), else_=0)).label(b)
            for b in ("green", "yellow", "red", "not_started", "completed")
        ),
        func.sum(rows.c.overdue).label("overdue"),
    ]


@dataclass
class ReportFacts:
    """The reports owed for the period, per lead unit."""

    due: dict[int, int]
    filed: dict[int, int]
    late: dict[int, int]
    missing: dict[int, int]
    late_rows: list[LateReport]


def report_facts(session: Session, scope: Scope, *, settings: Settings) -> ReportFacts:
    """Reports owed for the period (their due day in it), filed, filed late, still missing."""
    office = aliased(Unit)
    tasks = session.scalars(
        select(Task)
        .join(office, office.id == Task.office_unit_id)
        .where(
            Task.tenant_id == scope.tenant_id,
            Task.status != "draft",
            Task.lead_unit_id.is_not(None),
            _in_subtree(scope, office),
        )
        .order_by(Task.id)
    ).all()
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=scope.tenant_id)
    owed: list[tuple[Task, str, date]] = []
    for task in tasks:
        for period, due in schedule.report_schedule(
            task, settings=settings, calendar=calendar, until=scope.period.end
        ):
            if due >= scope.period.start:
                owed.append((task, period, due))
    filed_rows = session.execute(
        select(Report.task_id, Report.period, Report.late, Report.submitted_at)
        .join(Task, Task.id == Report.task_id)
        .where(
            Report.tenant_id == scope.tenant_id,
            Report.unit_id == Task.lead_unit_id,
            Report.status != "returned",
            Report.task_id.in_([t.id for t, _, _ in owed] or [-1]),
        )
    ).all()
    filed = {(r.task_id, r.period): r for r in filed_rows}
    units = _unit_names(session, {t.lead_unit_id for t, _, _ in owed if t.lead_unit_id})
    result = ReportFacts(defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int), [])
    for task, period, due in owed:
        unit_id = task.lead_unit_id or 0
        result.due[unit_id] += 1
        row = filed.get((task.id, period))
        if row is None:
            result.missing[unit_id] += 1
        else:
            result.filed[unit_id] += 1
            if row.late:
                result.late[unit_id] += 1
        if row is None or row.late:
            result.late_rows.append(
                LateReport(
                    task_code=task.code,
                    task=task.title,
                    unit=units.get(unit_id, ""),
                    period=period,
                    due=due,
                    filed=schedule.local_date(row.submitted_at, settings) if row else None,
                )
            )
    result.late_rows.sort(key=lambda r: (r.filed is not None, r.unit, r.task_code, r.period))
    return result


def _unit_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Unit.id, Unit.name_zh, Unit.short_zh).where(Unit.id.in_(ids)))
    return {r.id: r.name_zh for r in rows}


def task_sections(
    session: Session, scope: Scope, *, settings: Settings
) -> tuple[Overview, list[LineRow], list[UnitRow], list[RedItem], list[LateReport]]:
    rows = task_rows(scope)
    totals = session.execute(select(*_counts(rows))).one()
    reports = report_facts(session, scope, settings=settings)
    overview = Overview(
        tasks=totals.tasks,
        green=totals.green or 0,
        yellow=totals.yellow or 0,
        red=totals.red or 0,
        not_started=totals.not_started or 0,
        completed=totals.completed or 0,
        overdue=totals.overdue or 0,
        reports_due=sum(reports.due.values()),
        reports_filed=sum(reports.filed.values()),
        reports_late=sum(reports.late.values()),
        reports_missing=sum(reports.missing.values()),
    )
    lines = [
        LineRow(
            name=r.line,
            tasks=r.tasks,
            green=r.green or 0,
            yellow=r.yellow or 0,
            red=r.red or 0,
            completed=r.completed or 0,
            progress=round(float(r.progress or 0)),
        )
        for r in session.execute(
            select(rows.c.line, *_counts(rows), func.avg(rows.c.progress).label("progress"))
            .group_by(rows.c.line)
            .order_by(case((rows.c.line == OTHER_LINE, 1), else_=0), func.min(rows.c.task_id))
        )
    ]
    unit_rows = session.execute(
        select(rows.c.lead_unit_id, Unit.name_zh, *_counts(rows))
        .join(Unit, Unit.id == rows.c.lead_unit_id)
        .group_by(rows.c.lead_unit_id, Unit.name_zh)
    ).all()
    units: list[UnitRow] = []
    for r in unit_rows:
        due = reports.due.get(r.lead_unit_id, 0)
        late = reports.late.get(r.lead_unit_id, 0)
        missing = reports.missing.get(r.lead_unit_id, 0)
        on_time = due - late - missing
        units.append(
            UnitRow(
                rank=0,
                unit=r.name_zh,
                tasks=r.tasks,
                green=r.green or 0,
                yellow=r.yellow or 0,
                red=r.red or 0,
                completed=r.completed or 0,
                reports_due=due,
                reports_on_time=on_time,
                reports_late=late,
                reports_missing=missing,
                score=rules.score(
                    tasks=r.tasks,
                    green=r.green or 0,
                    yellow=r.yellow or 0,
                    completed=r.completed or 0,
                    reports_due=due,
                    on_time=on_time,
                    not_started=r.not_started or 0,
                ),
            )
        )
    units.sort(key=lambda u: (-u.score, u.red, u.unit))
    for i, unit in enumerate(units):
        same = i > 0 and units[i - 1].score == unit.score
        unit.rank = units[i - 1].rank if same else i + 1
    red = [
        RedItem(
            code=r.code,
            title=r.title,
            unit=r.name_zh or "",
            reasons=[str(x.get("zh") or x.get("en") or "") for x in (r.reasons or [])],
        )
        for r in session.execute(
            select(rows.c.code, rows.c.title, rows.c.reasons, Unit.name_zh)
            .outerjoin(Unit, Unit.id == rows.c.lead_unit_id)
            .where(rows.c.bucket == "red")
            .order_by(rows.c.task_id)
        )
    ]
    return overview, lines, units, red, reports.late_rows


def projects_section(session: Session, scope: Scope, *, settings: Settings) -> ProjectsSummary:
    """Key projects: the year's planned investment against what was invested by the end of
    the period's last month, against the share of the year gone (序时进度)."""
    office = aliased(Unit)
    owner = aliased(Unit)
    year = scope.period.year
    done = (
        select(
            ProjectReport.project_id,
            func.sum(ProjectReport.investment_month).label("done"),
        )
        .where(
            ProjectReport.tenant_id == scope.tenant_id,
            ProjectReport.period >= f"{year}-01",
            ProjectReport.period <= scope.period.months[-1],
        )
        .group_by(ProjectReport.project_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Project.id,
            Project.name,
            owner.name_zh,
            func.coalesce(ProjectYearPlan.planned_investment, 0).label("planned"),
            func.coalesce(done.c.done, 0).label("done"),
        )
        .join(office, office.id == Project.office_unit_id)
        .join(owner, owner.id == Project.owner_unit_id)
        .outerjoin(
            ProjectYearPlan,
            and_(ProjectYearPlan.project_id == Project.id, ProjectYearPlan.year == year),
        )
        .outerjoin(done, done.c.project_id == Project.id)
        .where(Project.tenant_id == scope.tenant_id, _in_subtree(scope, office))
        .order_by(Project.id)
    ).all()
    elapsed = pace.year_elapsed(scope.period.end, year)
    summary = ProjectsSummary(count=len(rows), pace=pace.percent(elapsed))
    table: list[ProjectRow] = []
    for r in rows:
        planned, invested = float(Decimal(r.planned)), float(Decimal(r.done))
        summary.planned += planned
        summary.done += invested
        if planned <= 0:
            continue
        light = pace.pace_light(
            done=invested,
            planned=planned,
            elapsed=elapsed,
            yellow_lag=settings.light_yellow_lag,
            red_lag=settings.light_red_lag,
        )
        table.append(
            ProjectRow(
                name=r.name,
                unit=r.name_zh,
                planned=round(planned, 2),
                done=round(invested, 2),
                percent=rules.percent(invested, planned),
                light=light.color,
            )
        )
    summary.planned = round(summary.planned, 2)
    summary.done = round(summary.done, 2)
    summary.percent = rules.percent(summary.done, summary.planned)
    summary.behind = sorted(
        (row for row in table if row.light in ("yellow", "red")), key=lambda r: r.percent
    )
    return summary


def proposals_section(session: Session, scope: Scope) -> ProposalsSummary:
    """Suggestions and proposals assigned by the period's end: replied (first round sent by
    then), on time, still awaiting a reply (and past its due day), and the latest ratings."""
    office = aliased(Unit)
    end = scope.period.end
    first = aliased(ProposalReply)
    replied = and_(first.sent_on.is_not(None), first.sent_on <= end)
    row = session.execute(
        select(
            func.count(Proposal.id).label("total"),
            func.sum(case((replied, 1), else_=0)).label("replied"),
            func.sum(
                case(
                    (
                        and_(
                            replied,
                            first.sent_on <= func.coalesce(first.due_on, Proposal.reply_due),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ).label("on_time"),
            func.sum(case((replied, 0), else_=1)).label("awaiting"),
            func.sum(case((and_(~replied, Proposal.reply_due < end), 1), else_=0)).label(
                "past_due"
            ),
        )
        .join(office, office.id == Proposal.office_unit_id)
        .outerjoin(first, and_(first.proposal_id == Proposal.id, first.round == 1))
        .where(
            Proposal.tenant_id == scope.tenant_id,
            Proposal.state != "split",
            Proposal.assigned_on.is_not(None),
            Proposal.assigned_on <= end,
            _in_subtree(scope, office),
        )
    ).one()
    rated = (
        select(ProposalReply.proposal_id, func.max(ProposalReply.round).label("round"))
        .where(
            ProposalReply.tenant_id == scope.tenant_id,
            ProposalReply.rated_on.is_not(None),
            ProposalReply.rated_on <= end,
        )
        .group_by(ProposalReply.proposal_id)
        .subquery()
    )
    ratings: dict[str | None, int] = {
        satisfaction: count
        for satisfaction, count in session.execute(
            select(ProposalReply.satisfaction, func.count())
            .join(
                rated,
                and_(
                    rated.c.proposal_id == ProposalReply.proposal_id,
                    rated.c.round == ProposalReply.round,
                ),
            )
            .join(Proposal, Proposal.id == ProposalReply.proposal_id)
            .join(office, office.id == Proposal.office_unit_id)
            .where(_in_subtree(scope, office))
            .group_by(ProposalReply.satisfaction)
        )
    }
    return ProposalsSummary(
        total=row.total or 0,
        replied=row.replied or 0,
        replied_on_time=row.on_time or 0,
        awaiting=row.awaiting or 0,
        past_due=row.past_due or 0,
        satisfied=ratings.get("satisfied", 0),
        basically_satisfied=ratings.get("basically", 0),
        unsatisfied=ratings.get("unsatisfied", 0),
    )


def livelihood_section(session: Session, scope: Scope, *, settings: Settings) -> LivelihoodSummary:
    """The year's livelihood matters: each at its least advanced target, from the values of
    the periods ended by the bulletin's end, against the share of the year gone."""
    office = aliased(Unit)
    lead = aliased(Unit)
    year = scope.period.year
    rows = session.execute(
        select(
            LivelihoodMatter.id,
            LivelihoodMatter.number,
            LivelihoodMatter.name,
            lead.name_zh,
            LivelihoodTarget.id.label("target_id"),
            LivelihoodTarget.baseline,
            LivelihoodTarget.target_value,
            LivelihoodValue.period,
            LivelihoodValue.value,
        )
        .join(office, office.id == LivelihoodMatter.office_unit_id)
        .join(lead, lead.id == LivelihoodMatter.lead_unit_id)
        .outerjoin(LivelihoodTarget, LivelihoodTarget.matter_id == LivelihoodMatter.id)
        .outerjoin(LivelihoodValue, LivelihoodValue.target_id == LivelihoodTarget.id)
        .where(
            LivelihoodMatter.tenant_id == scope.tenant_id,
            LivelihoodMatter.year == year,
            _in_subtree(scope, office),
        )
        .order_by(LivelihoodMatter.number, LivelihoodTarget.position, LivelihoodTarget.id)
    ).all()
    matters: dict[int, tuple[int, str, str]] = {}
    latest: dict[int, tuple[date, float]] = {}
    targets: dict[int, tuple[int, float, float]] = {}
    for r in rows:
        matters[r.id] = (r.number, r.name, r.name_zh)
        if r.target_id is None:
            continue
        targets[r.target_id] = (r.id, r.baseline, r.target_value)
        if r.period is None:
            continue
        try:
            ends = livelihood_periods.reporting_period(r.period).end
        except InvalidInput:
            continue
        if ends <= scope.period.end and (
            r.target_id not in latest or latest[r.target_id][0] < ends
        ):
            latest[r.target_id] = (ends, r.value)
    elapsed = pace.year_elapsed(scope.period.end, year)
    shares: dict[int, list[float]] = defaultdict(list)
    for target_id, (matter_id, baseline, goal) in targets.items():
        value = latest.get(target_id, (scope.period.end, baseline))[1]
        span = goal - baseline
        shares[matter_id].append((value - baseline) / span if span else 1.0)
    summary = LivelihoodSummary(year=year, matters=len(matters))
    for matter_id, (number, name, unit) in matters.items():
        share = min(shares[matter_id]) if shares[matter_id] else 0.0
        light = pace.pace_light(
            done=share,
            planned=1.0,
            elapsed=elapsed,
            yellow_lag=settings.light_yellow_lag,
            red_lag=settings.light_red_lag,
        ).color
        if light in ("green", "yellow", "red"):
            setattr(summary, light, getattr(summary, light) + 1)
        summary.rows.append(
            MatterRow(
                number=number,
                name=name,
                unit=unit,
                percent=pace.percent(max(share, 0.0)),
                light=light,
            )
        )
    return summary


def indicators_section(session: Session, scope: Scope) -> list[IndicatorRow]:
    """Each indicator of the office at its latest period ended by the bulletin's end, for the
    office's own region."""
    office = aliased(Unit)
    rows = session.execute(
        select(
            Indicator.id,
            Indicator.name,
            Indicator.measure,
            IndicatorValue.period,
            IndicatorValue.target_value,
            IndicatorValue.actual_value,
            IndicatorValue.light,
        )
        .join(office, office.id == Indicator.office_unit_id)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(
            Indicator.tenant_id == scope.tenant_id,
            IndicatorValue.region_unit_id == scope.office.id,
            IndicatorValue.actual_value.is_not(None),
            _in_subtree(scope, office),
        )
        .order_by(Indicator.position, Indicator.id)
    ).all()
    best: dict[int, tuple[date, Any]] = {}
    for r in rows:
        try:
            ends = livelihood_periods.indicator_period(r.period).end
        except InvalidInput:
            continue
        if ends <= scope.period.end and (r.id not in best or best[r.id][0] < ends):
            best[r.id] = (ends, r)
    return [
        IndicatorRow(
            name=r.name,
            measure=r.measure,
            period=r.period,
            target=r.target_value,
            actual=r.actual_value,
            light=r.light,
        )
        for _, r in best.values()
    ]


def _lead_names(session: Session, unit_ids: set[int]) -> dict[int, str]:
    return _unit_names(session, unit_ids)


def good_practices(
    session: Session, scope: Scope, picks: list[GoodPracticePick]
) -> list[GoodPractice]:
    """The reports and tasks the office picked, each checked to lie in its subtree."""
    office = aliased(Unit)
    found: list[GoodPractice] = []
    for pick in picks:
        if pick.kind == "report":
            row = session.execute(
                select(Report.id, Report.done, Report.unit_id, Task.title)
                .join(Task, Task.id == Report.task_id)
                .join(office, office.id == Task.office_unit_id)
                .where(
                    Report.id == pick.id,
                    Report.tenant_id == scope.tenant_id,
                    _in_subtree(scope, office),
                )
            ).first()
            if row is None:
                raise InvalidInput.of("err_report_id_not_one_office_s_reports", id=pick.id)
            unit_id, title, text = row.unit_id, row.title, row.done
        else:
            task = session.execute(
                select(Task.id, Task.title, Task.lead_unit_id)
                .join(office, office.id == Task.office_unit_id)
                .where(
                    Task.id == pick.id,
                    Task.tenant_id == scope.tenant_id,
                    _in_subtree(scope, office),
                )
            ).first()
            if task is None:
                raise InvalidInput.of("err_task_id_not_one_office_s_tasks", id=pick.id)
            last = session.scalar(
                select(Report.done)
                .where(Report.task_id == task.id, Report.submitted_at < scope.end_instant)
                .order_by(Report.submitted_at.desc(), Report.id.desc())
                .limit(1)
            )
            unit_id, title, text = task.lead_unit_id or 0, task.title, last or ""
        unit = _lead_names(session, {unit_id}).get(unit_id, "")
        found.append(
            GoodPractice(
                kind=pick.kind, id=pick.id, title=title, unit=unit, text=pick.note.strip() or text
            )
        )
    return found


def practice_candidates(session: Session, scope: Scope, *, limit: int = 30) -> list[GoodPractice]:
    """Reports of the period the office might pick as good practice: filed, not returned,
    the most advanced first."""
    office = aliased(Unit)
    rows = session.execute(
        select(Report.id, Report.done, Report.progress, Unit.name_zh, Task.title)
        .join(Task, Task.id == Report.task_id)
        .join(office, office.id == Task.office_unit_id)
        .join(Unit, Unit.id == Report.unit_id)
        .where(
            Report.tenant_id == scope.tenant_id,
            Report.period.in_(scope.period.report_periods),
            Report.status != "returned",
            Report.done != "",
            _in_subtree(scope, office),
        )
        .order_by(Report.progress.desc(), Report.id)
        .limit(limit)
    ).all()
    return [
        GoodPractice(kind="report", id=r.id, title=r.title, unit=r.name_zh, text=r.done)
        for r in rows
    ]


__all__ = [
    "OTHER_LINE",
    "Scope",
    "good_practices",
    "indicators_section",
    "livelihood_section",
    "practice_candidates",
    "projects_section",
    "proposals_section",
    "task_sections",
]
