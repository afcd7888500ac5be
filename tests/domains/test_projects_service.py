"""The key projects' service: what it refuses, and what follows from a change (the
cumulative, the light, the version, the audit)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.projects import service
from luoshi.domains.projects.models import Project
from luoshi.domains.projects.schemas import (
    ProjectCreate,
    ProjectReportCreate,
    ProjectUpdate,
    StageChange,
    YearPlanIn,
    YearPlanSet,
)
from luoshi.errors import Conflict, InvalidInput, PermissionDenied, StaleEdit
from luoshi.kernel.models import AuditEvent
from luoshi.settings import Settings
from tests.scenario.world import World

pytestmark = pytest.mark.pg


def _project(session: Session, world: World, settings: Settings, **extra: object) -> int:
    data = {
        "code": "XM-S1",
        "name": "泸州港集装箱码头三期",
        "owner_unit": "prov.fgw",
        "region_unit": "prov.cd",
        "industry": "transport",
        "stage": "under_construction",
        "actual_start": date(2022, 12, 1),
        "investment_before": Decimal(500),
        "year_plans": [YearPlanIn(year=2023, planned_investment=Decimal(1200))],
        **extra,
    }
    return service.create_project(
        session, actor=world.actors["office"], settings=settings, data=ProjectCreate(**data)
    ).id


def _report(
    session: Session,
    world: World,
    settings: Settings,
    pid: int,
    period: str,
    amount: int,
    **kw: object,
) -> None:
    service.submit_report(
        session,
        actor=world.actors["fgw"],
        project_id=pid,
        settings=settings,
        data=ProjectReportCreate(period=period, investment_month=Decimal(amount), **kw),
    )


def test_a_correction_moves_every_later_cumulative(
    session: Session, world: World, settings: Settings
) -> None:
    pid = _project(session, world, settings)
    for period, amount in (("2023-01", 100), ("2023-02", 100), ("2023-03", 100)):
        _report(session, world, settings, pid, period, amount)
    project = session.get(Project, pid)
    assert project is not None
    january = service.reports_of(session, project)[0]
    with pytest.raises(Conflict):
        _report(session, world, settings, pid, "2023-01", 50)
    with pytest.raises(StaleEdit):
        _report(session, world, settings, pid, "2023-01", 50, version=january.version + 5)
    _report(session, world, settings, pid, "2023-01", 50, version=january.version)
    assert [r.investment_cumulative for r in service.reports_of(session, project)] == [
        Decimal(550),
        Decimal(650),
        Decimal(750),
    ]
    service.update_project(
        session,
        actor=world.actors["office"],
        project_id=pid,
        settings=settings,
        data=ProjectUpdate(version=project.version, investment_before=Decimal(0)),
    )
    assert service.reports_of(session, project)[-1].investment_cumulative == Decimal(250)


def test_what_the_register_refuses(session: Session, world: World, settings: Settings) -> None:
    office, owner = world.actors["office"], world.actors["fgw"]
    with pytest.raises(InvalidInput, match="not a unit"):
        _project(session, world, settings, owner_unit="prov.nowhere")
    with pytest.raises(InvalidInput, match="actual start"):
        _project(session, world, settings, actual_start=None)
    with pytest.raises(PermissionDenied):
        service.create_project(
            session,
            actor=owner,
            settings=settings,
            data=ProjectCreate(code="XM-S2", name="x", owner_unit="prov.fgw"),
        )
    # A city's office registers projects of its own subtree only.
    city_office = replace(world.actors["cd"], roles=frozenset({"office"}))
    with pytest.raises(InvalidInput, match="not a unit under"):
        service.create_project(
            session,
            actor=city_office,
            settings=settings,
            data=ProjectCreate(code="XM-S3", name="x", owner_unit="prov.fgw"),
        )
    pid = _project(session, world, settings)
    project = service.get_project_for(session, actor=office, project_id=pid, action="project.view")
    with pytest.raises(InvalidInput, match="not ahead"):
        service.change_stage(
            session,
            actor=office,
            project_id=pid,
            settings=settings,
            data=StageChange(to_stage="completed", day=date(2024, 1, 1), version=project.version),
        )
    with pytest.raises(InvalidInput, match=r"not a \.png"):
        service.add_photo(
            session,
            actor=owner,
            project_id=pid,
            report_id=_first_report(session, world, settings, pid),
            filename="site.png",
            content=b"not a picture",
            settings=settings,
        )
    assert not settings.evidence_dir.exists() or not list(settings.evidence_dir.rglob("*"))


def _first_report(session: Session, world: World, settings: Settings, pid: int) -> int:
    _report(session, world, settings, pid, "2023-01", 10)
    project = service.get_project_for(
        session, actor=world.actors["office"], project_id=pid, action="project.view"
    )
    return service.reports_of(session, project)[0].id


def test_a_year_plan_bumps_the_version_and_is_audited_once(
    session: Session, world: World, settings: Settings
) -> None:
    office = world.actors["office"]
    pid = _project(session, world, settings)
    project = service.get_project_for(session, actor=office, project_id=pid, action="project.view")
    version = project.version

    def count() -> int:
        stmt = select(func.count()).where(AuditEvent.action == "project.year_plan")
        return session.scalar(stmt) or 0

    service.set_year_plan(
        session,
        actor=office,
        project_id=pid,
        year=2024,
        settings=settings,
        data=YearPlanSet(planned_investment=Decimal(2000), version=version),
    )
    session.commit()
    assert project.version == version + 1 and count() == 1
    service.set_year_plan(
        session,
        actor=office,
        project_id=pid,
        year=2024,
        settings=settings,
        data=YearPlanSet(planned_investment=Decimal(2000), version=project.version),
    )
    assert count() == 1


def test_the_core_list_reads_what_the_orm_list_reads(
    session: Session, world: World, settings: Settings
) -> None:
    """``list_project_reads`` (the API's page, on Core) gives what ``list_projects`` then
    ``to_reads`` give (the pages' and exports' path), for every reader, filter and page."""
    first = _project(session, world, settings)
    _project(
        session,
        world,
        settings,
        code="XM-S2",
        name="绵阳科技城大道",
        owner_unit="prov.swt",
        region_unit="prov.my",
        year_plans=[],
    )
    _project(session, world, settings, code="XM-S3", owner_unit="prov.jxt", region_unit=None)
    for period, amount in (("2022-12", 40), ("2023-01", 100), ("2023-02", 60)):
        _report(session, world, settings, first, period, amount)
    on = date(2023, 3, 15)
    cases = [
        (service.ProjectFilter(), 1, 50),
        (service.ProjectFilter(), 2, 1),
        (service.ProjectFilter(region="prov.cd"), 1, 50),
        (service.ProjectFilter(owner="prov.swt", q="科技"), 1, 50),
        (service.ProjectFilter(stage="reserve"), 1, 50),
    ]
    seen = 0
    for name in ("office", "fgw", "swt", "cd", "my", "jxt"):
        actor = world.actors[name]
        for filters, page, size in cases:
            for language in ("zh_CN", "en"):
                rows, total = service.list_projects(
                    session, actor=actor, filters=filters, page=page, page_size=size
                )
                expected = service.to_reads(session, rows, on=on, language=language)
                got = service.list_project_reads(
                    session,
                    actor=actor,
                    on=on,
                    language=language,
                    filters=filters,
                    page=page,
                    page_size=size,
                )
                assert got == (expected, total), (name, filters, page)
                seen += len(expected)
    assert seen > 20
    made = service.list_project_reads(session, actor=world.actors["office"], on=on, language="en")
    assert [p.code for p in made[0]] == ["XM-S1", "XM-S2", "XM-S3"]
    assert made[0][0].investment_actual_ytd == 160 and made[0][0].investment_cumulative == 700
    assert made[0][0].investment_planned_year == 1200 and made[0][1].region_unit is not None
    assert made[0][2].region_unit is None
    with pytest.raises(InvalidInput):
        service.list_project_reads(
            session, actor=world.actors["office"], on=on, language="en", page=0
        )
