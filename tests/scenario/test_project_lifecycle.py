"""A key project from reserve to operation with twelve monthly reports, time frozen on each
day it happens (SQLite and PostgreSQL): its stages dated, its reports due on the 28th (or
the next working day), a month missed and chased, filed late, the cumulative investment
derived, the light following the year's pace, and the year's metrics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from sqlalchemy.orm import Session

from luoshi.domains.progress import schedule
from luoshi.domains.projects import jobs, service
from luoshi.domains.projects.schemas import (
    NationalPlanSet,
    ProjectCreate,
    ProjectReportCreate,
    StageChange,
    YearPlanIn,
)
from luoshi.domains.supervision.chase import chases_of
from luoshi.kernel import audit
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.scenario.world import World, build_world, local, make_settings

pytestmark = pytest.mark.pg


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def test_a_project_from_reserve_to_operation(
    session: Session, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> None:
    def at(day: date) -> None:
        time_machine.move_to(local(day, 10), tick=False)

    at(date(2022, 11, 15))
    world: World = build_world(session)
    office, owner = world.actors["office"], world.actors["jxt"]
    project = service.create_project(
        session,
        actor=office,
        settings=settings,
        data=ProjectCreate(
            code="XM-2023-001",
            name="绵阳高端装备产业园一期",
            owner_unit="prov.jxt",
            region_unit="prov.my",
            industry="industry",
            level="provincial_key",
            total_investment=Decimal("2400"),
            investment_before=Decimal("100"),
            planned_start=date(2023, 1, 16),
            planned_completion=date(2023, 12, 22),
            year_plans=[YearPlanIn(year=2023, planned_investment=Decimal("1200"))],
        ),
    )
    pid = project.id
    assert (project.stage, project.light) == ("reserve", "not_started")

    at(date(2022, 12, 20))
    project = service.set_national_plan(
        session,
        actor=office,
        project_id=pid,
        settings=settings,
        data=NationalPlanSet(
            status="applied", plan_name="国家先进制造业集群培育计划", version=project.version
        ),
    )
    assert project.national_plan == "applied"

    at(date(2023, 1, 16))
    project = service.change_stage(
        session,
        actor=office,
        project_id=pid,
        settings=settings,
        data=StageChange(to_stage="new_start", note="开工仪式", version=project.version),
    )
    assert project.actual_start == date(2023, 1, 16)

    def file(period: str, amount: str, on: date) -> None:
        at(on)
        service.submit_report(
            session,
            actor=owner,
            project_id=pid,
            settings=settings,
            data=ProjectReportCreate(
                period=period,
                investment_month=Decimal(amount),
                progress=f"{period}：主体厂房施工",
                problems="",
            ),
        )

    file("2023-01", "70", date(2023, 1, 20))
    file("2023-02", "70", date(2023, 2, 27))
    file("2023-03", "70", date(2023, 3, 27))

    at(date(2023, 4, 3))
    project = service.change_stage(
        session,
        actor=office,
        project_id=pid,
        settings=settings,
        data=StageChange(to_stage="under_construction", version=project.version),
    )
    file("2023-04", "70", date(2023, 4, 27))

    # May's report, due on Monday 29 May (the 28th is a Sunday), is not filed: the job
    # urges the owner and the light turns yellow with the month named.
    calendar = schedule.calendar_for(session, settings=settings, tenant_id="default")
    at(date(2023, 5, 25))
    lines = jobs.run(
        session, actor=system_actor(), settings=settings, calendar=calendar, on=date(2023, 5, 25)
    )
    assert [line["step"] for line in lines if line.get("job") == "chase"] == ["remind"]
    at(date(2023, 5, 31))
    on = date(2023, 5, 31)
    lines = jobs.run(session, actor=system_actor(), settings=settings, calendar=calendar, on=on)
    steps = [(line["step"], line["subject"]) for line in lines if line.get("job") == "chase"]
    assert steps == [("urge", "report:2023-05")]
    assert (
        jobs.run(session, actor=system_actor(), settings=settings, calendar=calendar, on=on) == []
    )
    assert project.light == "yellow"
    assert any("2023-05" in r["en"] for r in project.light_reasons)
    file("2023-05", "70", date(2023, 6, 2))
    report = service.reports_of(session, project)[-1]
    assert (report.period, report.due_on, report.late) == ("2023-05", date(2023, 5, 29), True)

    # The summer falls behind the year's pace: red by the end of August.
    file("2023-06", "20", date(2023, 6, 27))
    file("2023-07", "10", date(2023, 7, 27))
    file("2023-08", "10", date(2023, 8, 28))
    at(date(2023, 9, 4))
    service.refresh_light(session, project, settings=settings)
    assert project.light == "red"
    assert project.light_reasons[0]["code"] == "behind_pace"

    file("2023-09", "300", date(2023, 9, 27))
    file("2023-10", "250", date(2023, 10, 27))
    file("2023-11", "160", date(2023, 11, 27))

    at(date(2023, 12, 15))
    project = service.set_national_plan(
        session,
        actor=office,
        project_id=pid,
        settings=settings,
        data=NationalPlanSet(
            status="included",
            plan_name="国家先进制造业集群培育计划",
            plan_date=date(2023, 12, 15),
            version=project.version,
        ),
    )
    at(date(2023, 12, 22))
    project = service.change_stage(
        session,
        actor=office,
        project_id=pid,
        settings=settings,
        data=StageChange(to_stage="completed", note="竣工验收", version=project.version),
    )
    file("2023-12", "100", date(2023, 12, 27))

    at(date(2024, 1, 10))
    project = service.change_stage(
        session,
        actor=office,
        project_id=pid,
        settings=settings,
        data=StageChange(to_stage="in_operation", note="首台设备下线", version=project.version),
    )
    assert (project.stage, project.light) == ("in_operation", "completed")
    assert project.operation_date == date(2024, 1, 10)

    reports = service.reports_of(session, project)
    assert [r.period for r in reports] == [f"2023-{m:02d}" for m in range(1, 13)]
    assert reports[-1].investment_cumulative == Decimal("100") + Decimal("1200")
    assert [r.late for r in reports].count(True) == 1
    # No report is owed after completion, so January 2024 is not chased.
    assert (
        service.missing_periods(
            session, project, settings=settings, calendar=calendar, on=date(2024, 2, 29)
        )
        == []
    )

    detail = service.to_detail(
        session, project, settings=settings, on=date(2023, 12, 31), language="en"
    )
    assert [(s.from_stage, s.to_stage, s.day) for s in detail.stages] == [
        (None, "reserve", date(2022, 11, 15)),
        ("reserve", "new_start", date(2023, 1, 16)),
        ("new_start", "under_construction", date(2023, 4, 3)),
        ("under_construction", "completed", date(2023, 12, 22)),
        ("completed", "in_operation", date(2024, 1, 10)),
    ]
    assert detail.investment_planned_year == 1200.0
    assert detail.investment_actual_ytd == 1200.0
    assert detail.national_plan == "included"

    figures = service.metrics(
        session, actor=office, settings=settings, by="region", year=2023, on=date(2024, 1, 10)
    )
    assert figures.on == date(2023, 12, 31)
    assert figures.total["plan_completion"] == 1.0
    assert (figures.total["new_starts_planned"], figures.total["new_starts"]) == (1, 1)
    assert (figures.total["completions"], figures.total["operations"]) == (1, 0)
    assert figures.groups[0]["key"] == "prov.my"

    chased = chases_of(session, tenant_id="default", object_type="project", object_id=pid)
    assert {c.subject_key for c in chased} == {"report:2023-05"}
    trail = [
        e.action
        for e in audit.history_of(
            session, tenant_id="default", object_type="project", object_id=pid
        )
    ]
    assert trail.count("project.report") == 12
    assert trail.count("project.stage") == 4
