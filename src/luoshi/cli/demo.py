"""``luoshi demo``: a sample province with the seed readout published and reported on.

The demo lives in 2023, the year of its seed meeting: it publishes the breakdown on
2023-03-17, files a few months of reports on their dates, and then serves with the clock
set to ``--as-of`` so that lights and reminders read as they would have that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.cli import demo_docking, demo_livelihood, demo_projects, demo_proposals, demo_support
from luoshi.cli.context import console, settings_for, unit_of_work
from luoshi.cli.registers import run_all_jobs
from luoshi.cli.serve import serve
from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.directives import service as directives
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import PublishOptions, TaskAssign, TaskCreate
from luoshi.errors import LuoshiError
from luoshi.kernel import audit, sample, users
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.kernel.roles import ADMIN_ROLES
from luoshi.migrations import runner
from luoshi.settings import Settings

SEED_FILE = "seed_readout.txt"
SEED_DATE = date(2023, 3, 16)
PUBLISH_ON = date(2023, 3, 17)
DEMO_PASSWORD = "luoshi-demo-2023"
# username, unit code, roles, what the login shows
DEMO_USERS = (
    ("office", "sc", ("office",), "the provincial supervision office (督查室)"),
    ("leader", "sc", ("leader",), "a provincial leader"),
    ("fgw", "sc.fgw", ("unit",), "Development and Reform Commission (省发展改革委)"),
    ("swt", "sc.swt", ("unit",), "Department of Commerce (省商务厅)"),
    ("jxt", "sc.jxt", ("unit",), "Economy and Information Technology (省经济和信息化厅)"),
    ("nynct", "sc.nynct", ("unit",), "Agriculture and Rural Affairs (省农业农村厅)"),
    ("chengdu", "sc.cd", ("office", "unit"), "Chengdu municipal supervision office"),
    # 三员: one person for each admin duty, none holding another role.
    ("admin", "sc", ("sysadmin",), "system administrator (三员: accounts, units, settings)"),
    ("secadmin", "sc", ("secadmin",), "security administrator (三员: roles, security policy)"),
    ("auditor", "sc", ("auditor",), "audit administrator (三员: the audit trail)"),
)


@dataclass(frozen=True)
class DemoSummary:
    source_id: int
    tasks: int
    reports: int
    fresh: bool


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    db: str = typer.Option("luoshi-demo.db", "--db", help="A SQLite path or SQLAlchemy URL."),
    serve_it: bool = typer.Option(True, "--serve/--no-serve", help="Serve after loading."),
    as_of: str = typer.Option("2023-06-30", "--as-of", help="The date the demo lives at."),
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
) -> None:
    """Load the sample province and the seed readout, then serve it."""
    settings = settings_for(db)
    engine = make_engine(settings.database_url)
    runner.upgrade(engine)
    try:
        summary = build_demo(settings, as_of=date.fromisoformat(as_of))
    finally:
        engine.dispose()
    state = "loaded" if summary.fresh else "already loaded"
    console.print(
        f"demo {state}: source {summary.source_id}, {summary.tasks} tasks, "
        f"{summary.reports} reports, as of {as_of}"
    )
    console.print(f"open http://{host}:{port}/ and log in (password for all: {DEMO_PASSWORD}):")
    for username, _, roles, who in DEMO_USERS:
        second = (
            " — sets up a second factor (TOTP) at first login" if set(roles) & ADMIN_ROLES else ""
        )
        console.print(f"  {username:<9} {who}{second}")
    if serve_it:
        _travel(date.fromisoformat(as_of), time(9, 0))
        serve(settings, host=host, port=port, jobs=True)


def _travel(day: date, at: time) -> None:
    clock.travel_to(datetime.combine(day, at, tzinfo=clock.LOCAL_TZ))


def seed_text() -> bytes:
    return resources.files("luoshi.data").joinpath(SEED_FILE).read_bytes()


def build_demo(settings: Settings, *, as_of: date) -> DemoSummary:
    """Load everything the demo shows; a second run finds it loaded and changes nothing."""
    engine = make_engine(settings.database_url)
    system = system_actor(settings.tenant)
    try:
        _travel(PUBLISH_ON, time(9, 0))
        with unit_of_work(engine) as session:
            loaded = sources.find_source(
                session, tenant_id=system.tenant_id, text=seed_text().decode("utf-8")
            )
            if loaded is not None:
                _, total = tasks.list_tasks(
                    session, actor=system, filters=tasks.TaskFilter(source_id=loaded.id)
                )
                return DemoSummary(loaded.id, total, 0, fresh=False)
            sample.load_sample_province(session, actor=system)
            # The users' passwords date from the day the demo lives at, so that the 90-day
            # rotation of the MLPS password policy does not ask for new ones at once.
            _travel(as_of, time(8, 0))
            _create_users(session, system, settings)
            _travel(PUBLISH_ON, time(9, 0))
            source, _ = directives.ingest_source(
                session,
                actor=system,
                content=seed_text(),
                data=SourceCreate(
                    title="Provincial Party Standing Committee meeting, 16 March 2023",
                    kind="readout",
                    doc_date=SEED_DATE,
                    issuer="Provincial Party Committee",
                    filename=SEED_FILE,
                ),
                max_bytes=settings.max_upload_bytes,
            )
            supervision.publish_breakdown(
                session,
                actor=system,
                source_id=source.id,
                # The demo office's own choice for directives that name no deadline:
                # the year's end (publishing sets no due date unless told).
                options=PublishOptions(
                    report_cycle="monthly", default_due=date(SEED_DATE.year, 12, 31)
                ),
                settings=settings,
            )
            source_id = source.id
        reports = _unit_work(engine, settings, source_id, as_of)
        demo_livelihood.load(engine, settings, system, as_of)
        demo_projects.load(engine, settings, system, as_of)
        demo_proposals.load(engine, settings, system, as_of)
        demo_support.load(engine, settings, system, as_of)
        demo_docking.load(engine, settings, system, as_of)
        with unit_of_work(engine) as session:
            _, total = tasks.list_tasks(
                session, actor=system, filters=tasks.TaskFilter(source_id=source_id)
            )
        return DemoSummary(source_id, total, reports, fresh=True)
    finally:
        clock.reset()
        engine.dispose()


def _create_users(session: Session, system: Actor, settings: Settings) -> None:
    for username, unit, roles, who in DEMO_USERS:
        users.create_user(
            session,
            actor=system,
            username=username,
            password=DEMO_PASSWORD,
            unit_code=unit,
            roles=list(roles),
            display_name=who,
            email=f"{username}@demo.example",
            policy=settings.password_policy,
        )


def _unit_work(engine: Engine, settings: Settings, source_id: int, as_of: date) -> int:
    """The units' side of the first months, day by day until ``as_of``.

    Most units accept, one returns its task and the office reassigns it, the office splits
    one task between two cities, units report monthly (some late, some not at all), the
    office returns one report, and the supervision jobs run every working morning, so the
    lights, reminders and notices are those of that day.
    """
    system = system_actor(settings.tenant)
    factory = audit.use_hash(make_sessionmaker(engine), settings.audit_hash)
    calendar = WorkingCalendar()
    with unit_of_work(engine) as session:
        rows, _ = tasks.list_tasks(
            session, actor=system, filters=tasks.TaskFilter(source_id=source_id), page_size=500
        )
        assigned = [t.id for t in rows if t.status == "assigned"]
    filed = 0
    day = PUBLISH_ON
    while day <= as_of:
        if calendar.is_working_day(day):
            _travel(day, time(8, 0))
            run_all_jobs(factory, settings=settings, at=clock.now())
            _travel(day, time(15, 0))
            with unit_of_work(engine) as session:
                filed += _events_of(session, settings, system, assigned, day)
        day += timedelta(days=1)
    return filed


def _events_of(
    session: Session, settings: Settings, system: Actor, assigned: list[int], day: date
) -> int:
    """What happens on one working day of the demo; returns the reports filed."""
    returned = assigned[3] if len(assigned) > 3 else None
    if day == date(2023, 3, 20):
        for task_id in assigned:
            if task_id == returned:
                supervision.return_task(
                    session,
                    actor=system,
                    task_id=task_id,
                    settings=settings,
                    reason="此项工作主要职责不在本单位，建议改由省商务厅牵头",
                )
            elif task_id % 6 != 5:  # a few units leave it to the return window to lapse
                supervision.accept_task(session, actor=system, task_id=task_id, settings=settings)
    if day == date(2023, 3, 22) and returned is not None:
        supervision.assign_task(
            session,
            actor=system,
            task_id=returned,
            data=TaskAssign(lead_unit="sc.swt"),
            settings=settings,
        )
        supervision.accept_task(session, actor=system, task_id=returned, settings=settings)
    if day == date(2023, 3, 24) and assigned:
        supervision.split_task(
            session,
            actor=system,
            settings=settings,
            task_id=assigned[0],
            parts=[
                TaskCreate(title="成都市：细化落实措施并组织实施", lead_unit="sc.cd", weight=2),
                TaskCreate(title="绵阳市：细化落实措施并组织实施", lead_unit="sc.my"),
            ],
        )
    filed = 0
    for period, on_time, late in MONTHLY_REPORTS:
        if day not in (on_time, late):
            continue
        for n, task_id in enumerate(_reporting_tasks(session, system)):
            silent = n % 7 == 6
            tardy = n % 5 == 4
            if silent or (day == on_time) == tardy:
                continue
            month = int(period[-2:])
            # Most keep pace with the year; every fourth task crawls and will show red.
            pace = min(100, (month - 3) * (6 if n % 4 == 0 else 18) + (n % 4) * 6)
            filed += _file(session, settings, system, task_id, period, max(pace, 5), n)
    if day == date(2023, 4, 27):
        _return_one_report(session, settings, system)
    return filed


# (period, the day most units file it, the day the late ones do)
MONTHLY_REPORTS = (
    ("2023-04", date(2023, 4, 24), date(2023, 5, 8)),
    ("2023-05", date(2023, 5, 24), date(2023, 6, 5)),
    ("2023-06", date(2023, 6, 21), date(2023, 6, 29)),
)


def _reporting_tasks(session: Session, system: Actor) -> list[int]:
    rows, _ = tasks.list_tasks(session, actor=system, page_size=500)
    return [t.id for t in rows if t.status in ("accepted", "in_progress")]


def _file(
    session: Session,
    settings: Settings,
    system: Actor,
    task_id: int,
    period: str,
    percent: int,
    n: int,
) -> int:
    try:
        progress.submit_report(
            session,
            actor=system,
            task_id=task_id,
            settings=settings,
            data=ReportCreate(
                period=period,
                progress=percent,
                done=f"{period}：召开专题会议研究部署，制定工作方案，分解目标任务，按月调度推进。",
                problems="项目用地、资金等要素保障仍需加强。" if n % 3 == 0 else "",
                next_steps="加快推进，确保按期完成。",
            ),
        )
    except LuoshiError:
        return 0  # e.g. an instruction awaiting an answer: the unit files next time
    return 1


def _return_one_report(session: Session, settings: Settings, system: Actor) -> None:
    for task_id in _reporting_tasks(session, system):
        for report in progress.list_reports(session, actor=system, task_id=task_id):
            if report.status == "submitted":
                supervision.review_report(
                    session,
                    actor=system,
                    report_id=report.id,
                    accept=False,
                    comment="请补充项目开工和投资完成的具体数据。",
                    settings=settings,
                )
                return
