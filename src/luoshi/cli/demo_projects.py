"""The demo's key projects: twelve provincial projects of a Sichuan-like province, in every
stage, reported on month by month from January to the demo's day.

The names and figures are invented for the demo. Most owners report on time and keep
pace; the hydropower station and the irrigation district fall behind the year's pace, the
farmland project stops reporting in May, the hospital files March late, one reserve
project has passed its planned start, and some projects are applied for or included in
national plans. Everything is filed on its own day (the clock travels), so late reports,
lights and the reminders of the job read as they would have on the demo's day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.cli.context import unit_of_work
from luoshi.domains.progress import schedule
from luoshi.domains.projects import jobs, rules, service
from luoshi.domains.projects.schemas import (
    NationalPlanSet,
    ProjectCreate,
    ProjectReportCreate,
    StageChange,
    YearPlanIn,
)
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

REGISTER_ON = date(2023, 1, 4)
YEAR = 2023


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    owner: str
    region: str
    industry: str
    stage: str  # when registered
    total: int  # 万元
    plan: int  # planned investment in 2023, 万元
    before: int = 0  # invested before 2023, 万元
    level: str = "provincial_key"
    actual_start: date | None = None
    planned_start: date | None = None
    planned_completion: date | None = None
    actual_completion: date | None = None
    # Later moves: (day, stage, note).
    moves: tuple[tuple[date, str, str], ...] = ()
    plan_status: tuple[str, str, date | None] = ("none", "", None)
    pace: float = 1.0  # the share of the plan's monthly twelfth invested each month
    silent_from: str | None = None  # the first month it stops reporting
    late: tuple[str, ...] = ()  # months filed after their due day
    progress: str = ""
    problems: dict[str, str] = field(default_factory=dict)


PROJECTS = (
    DemoProject(
        code="SCZD-2023-001",
        name="成都至宜宾高速公路扩容工程",
        owner="sc.jtt",
        region="sc.yb",
        industry="transport",
        stage="under_construction",
        total=3_860_000,
        plan=620_000,
        before=1_150_000,
        actual_start=date(2021, 9, 28),
        planned_completion=date(2025, 12, 31),
        plan_status=("included", "国家高速公路网规划", date(2021, 6, 30)),
        progress="路基工程完成{pct}%，桥梁下部结构同步推进",
    ),
    DemoProject(
        code="SCZD-2023-002",
        name="金沙江上游梯级水电站（一期）",
        owner="sc.nyj",
        region="sc.gz",
        industry="energy",
        stage="under_construction",
        total=5_200_000,
        plan=800_000,
        before=2_300_000,
        actual_start=date(2019, 11, 15),
        planned_completion=date(2026, 6, 30),
        plan_status=("included", "国家水电开发规划", date(2019, 3, 20)),
        pace=0.35,
        progress="大坝混凝土浇筑，引水隧洞开挖累计完成{pct}%",
        problems={"2023-04": "高海拔冬季施工期长，砂石骨料运输受阻", "2023-05": "移民安置进度滞后"},
    ),
    DemoProject(
        code="SCZD-2023-003",
        name="绵阳科技城电子信息产业园",
        owner="sc.jxt",
        region="sc.my",
        industry="industry",
        stage="reserve",
        total=1_800_000,
        plan=300_000,
        planned_start=date(2023, 2, 28),
        planned_completion=date(2025, 12, 31),
        moves=((date(2023, 2, 20), "new_start", "首批厂房开工"),),
        plan_status=("applied", "国家先进制造业集群发展专项", date(2023, 2, 10)),
        progress="标准厂房桩基施工，配套道路完成{pct}%",
    ),
    DemoProject(
        code="SCZD-2023-004",
        name="省级区域医疗中心天府院区二期",
        owner="sc.wjw",
        region="sc.cd",
        industry="social",
        stage="under_construction",
        total=650_000,
        plan=150_000,
        before=210_000,
        actual_start=date(2022, 4, 18),
        planned_completion=date(2024, 10, 31),
        late=("2023-03",),
        progress="门诊医技楼主体结构封顶，住院楼施工至{pct}%",
    ),
    DemoProject(
        code="SCZD-2023-005",
        name="嘉陵江中游灌区续建配套工程",
        owner="sc.slt",
        region="sc.nc",
        industry="water",
        stage="under_construction",
        total=920_000,
        plan=180_000,
        before=260_000,
        actual_start=date(2022, 2, 26),
        planned_completion=date(2026, 12, 31),
        plan_status=("included", "国家水网骨干工程建设规划", date(2022, 1, 15)),
        pace=0.7,
        progress="干渠衬砌完成{pct}%，渡槽工程加快推进",
        problems={"2023-05": "部分渠段征地协调未完成"},
    ),
    DemoProject(
        code="SCZD-2023-006",
        name="宜宾动力电池产业基地三期",
        owner="sc.yb",
        region="sc.yb",
        industry="industry",
        stage="under_construction",
        total=1_200_000,
        plan=260_000,
        before=880_000,
        actual_start=date(2022, 1, 10),
        planned_completion=date(2023, 5, 31),
        moves=((date(2023, 5, 30), "completed", "竣工验收"),),
        progress="生产线设备安装调试完成{pct}%",
    ),
    DemoProject(
        code="SCZD-2023-007",
        name="攀西钒钛新材料产业化项目",
        owner="sc.jxt",
        region="sc.pzh",
        industry="industry",
        stage="completed",
        total=450_000,
        plan=30_000,
        before=420_000,
        actual_start=date(2021, 5, 8),
        actual_completion=date(2022, 12, 20),
        planned_completion=date(2022, 12, 31),
        moves=((date(2023, 3, 15), "in_operation", "首批产品下线，正式投产"),),
        progress="试生产",
    ),
    DemoProject(
        code="SCZD-2023-008",
        name="成渝中线高速铁路四川段",
        owner="sc.fgw",
        region="sc.cd",
        industry="transport",
        stage="reserve",
        total=5_480_000,
        plan=500_000,
        planned_start=date(2023, 4, 30),
        planned_completion=date(2027, 12, 31),
        moves=((date(2023, 4, 18), "new_start", "全线开工动员"),),
        plan_status=("included", "国家中长期铁路网规划", date(2022, 11, 8)),
        progress="站前工程施工准备，临时工程完成{pct}%",
    ),
    DemoProject(
        code="SCZD-2023-009",
        name="川南天然气净化厂扩能工程",
        owner="sc.nyj",
        region="sc.lz",
        industry="energy",
        stage="reserve",
        total=380_000,
        plan=80_000,
        planned_start=date(2023, 5, 10),
        planned_completion=date(2025, 6, 30),
        plan_status=("applied", "国家天然气基础设施规划", date(2023, 3, 1)),
    ),
    DemoProject(
        code="SCZD-2023-010",
        name="凉山州高标准农田建设项目",
        owner="sc.nynct",
        region="sc.lsz",
        industry="agriculture",
        stage="under_construction",
        total=160_000,
        plan=90_000,
        before=20_000,
        level="provincial_promotion",
        actual_start=date(2022, 10, 12),
        planned_completion=date(2023, 12, 31),
        silent_from="2023-05",
        progress="土地平整和田间道路完成{pct}%",
    ),
    DemoProject(
        code="SCZD-2023-011",
        name="达州数据中心集群起步区",
        owner="sc.fgw",
        region="sc.dz",
        industry="digital",
        stage="reserve",
        total=600_000,
        plan=60_000,
        planned_start=date(2023, 10, 15),
        planned_completion=date(2026, 12, 31),
        plan_status=("applied", "全国一体化算力网络枢纽节点", date(2023, 4, 20)),
    ),
    DemoProject(
        code="SCZD-2023-012",
        name="雅安大熊猫国家公园入口社区",
        owner="sc.ya",
        region="sc.ya",
        industry="urban",
        stage="reserve",
        total=240_000,
        plan=72_000,
        level="provincial_promotion",
        planned_start=date(2023, 3, 1),
        planned_completion=date(2024, 12, 31),
        moves=((date(2023, 3, 10), "new_start", "游客中心开工"),),
        pace=0.6,
        progress="游客中心基础施工，生态步道完成{pct}%",
    ),
)


def _at(day: date, hour: int = 10) -> None:
    clock.travel_to(datetime.combine(day, time(hour), tzinfo=clock.LOCAL_TZ))


def _create(session: Session, system: Actor, settings: Settings, p: DemoProject) -> int:
    project = service.create_project(
        session,
        actor=system,
        settings=settings,
        data=ProjectCreate(
            code=p.code,
            name=p.name,
            owner_unit=p.owner,
            region_unit=p.region,
            industry=p.industry,
            level=p.level,
            stage=p.stage,
            total_investment=Decimal(p.total),
            investment_before=Decimal(p.before),
            planned_start=p.planned_start,
            actual_start=p.actual_start,
            planned_completion=p.planned_completion,
            actual_completion=p.actual_completion,
            operation_date=None,
            year_plans=[YearPlanIn(year=YEAR, planned_investment=Decimal(p.plan))],
        ),
    )
    status, plan_name, plan_date = p.plan_status
    if status != "none":
        service.set_national_plan(
            session,
            actor=system,
            project_id=project.id,
            settings=settings,
            data=NationalPlanSet(
                status=status, plan_name=plan_name, plan_date=plan_date, version=project.version
            ),
        )
    return project.id


def _events(p: DemoProject, as_of: date) -> list[tuple[date, str, object]]:
    """What happens to a project from January to ``as_of``: stage moves and reports."""
    events: list[tuple[date, str, object]] = [
        (day, "move", (stage, note)) for day, stage, note in p.moves if day <= as_of
    ]
    start = p.actual_start or next((d for d, s, _ in p.moves if s == "new_start"), None)
    end = p.actual_completion or next((d for d, s, _ in p.moves if s == "completed"), None)
    for period in rules.building_periods(start, end, as_of):
        if period < f"{YEAR}-01" or (p.silent_from and period >= p.silent_from):
            continue
        month = int(period[-2:])
        filed_on = date(YEAR, month, 26)
        if period in p.late:  # in the first week of the next month
            filed_on = rules.period_end(period) + timedelta(days=6)
        if filed_on <= as_of:
            events.append((filed_on, "report", period))
    return events


def load(engine: Engine, settings: Settings, system: Actor, as_of: date) -> int:
    """Register the demo's projects and replay their year up to ``as_of``; the number of
    projects registered (0 when they are there already)."""
    registered_on = min(REGISTER_ON, as_of)
    with unit_of_work(engine) as session:
        _at(registered_on, 9)
        _, found = service.list_projects(
            session, actor=system, filters=service.ProjectFilter(q=PROJECTS[0].code)
        )
        if found:
            return 0
        ids = {p.code: _create(session, system, settings, p) for p in PROJECTS}
        timeline = sorted(
            (day, n, kind, payload)
            for n, p in enumerate(PROJECTS)
            for day, kind, payload in _events(p, as_of)
        )
        for day, n, kind, payload in timeline:
            p = PROJECTS[n]
            _at(day)
            project = service.get_project_for(
                session, actor=system, project_id=ids[p.code], action="project.view"
            )
            if kind == "move":
                assert isinstance(payload, tuple)
                stage, note = str(payload[0]), str(payload[1])
                service.change_stage(
                    session,
                    actor=system,
                    project_id=project.id,
                    settings=settings,
                    data=StageChange(to_stage=stage, note=note, version=project.version),
                )
                continue
            period = str(payload)
            month = int(period[-2:])
            # Works slow down in the Spring Festival month and pick up in spring.
            season = Decimal("0.6") if month in (1, 2) else Decimal("1.1")
            amount = (Decimal(p.plan) / 12 * season * Decimal(str(p.pace))).quantize(Decimal("1"))
            share = min(99, 20 + month * 6)
            service.submit_report(
                session,
                actor=system,
                project_id=project.id,
                settings=settings,
                data=ProjectReportCreate(
                    period=period,
                    investment_month=amount,
                    progress=(p.progress or "按计划推进").format(pct=share),
                    problems=p.problems.get(period, ""),
                ),
            )
        _at(as_of, 16)
        calendar = schedule.calendar_for(session, settings=settings, tenant_id=system.tenant_id)
        jobs.run(session, actor=system, settings=settings, calendar=calendar, on=as_of)
    return len(PROJECTS)
