"""Bulletins drafted from live data as of the period's end, edited, issued (frozen and
numbered per office and year), kept; only the office sees them."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.bulletins import rules, service
from luoshi.domains.bulletins.models import Bulletin
from luoshi.domains.bulletins.schemas import BulletinUpdate, GoodPracticePick
from luoshi.domains.progress import lights
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import Report
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks.models import Task
from luoshi.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied, StaleEdit
from luoshi.kernel.audit import AuditEvent
from luoshi.kernel.permissions import system_actor
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from tests.scenario.world import World, build_world, local, publish_task

pytestmark = pytest.mark.pg


def _file(
    session: Session, world: World, settings: Settings, who: str, task_id: int, **data: object
) -> Report:
    return progress.submit_report(
        session,
        actor=world.actors[who],
        task_id=task_id,
        data=ReportCreate(**data),  # type: ignore[arg-type]
        settings=settings,
    )


@pytest.fixture
def tasks(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> dict[str, int]:
    """Three provincial tasks from 16 March 2023: the DRC reports on time, Commerce files
    April late and May in June, Economy and IT never reports."""
    ids = {
        who: publish_task(
            session, title=title, lead=lead, start=date(2023, 3, 16), due=date(2023, 12, 31)
        )
        for who, title, lead in (
            ("fgw", "扩大有效投资", "prov.fgw"),
            ("swt", "促进消费恢复", "prov.swt"),
            ("jxt", "推动工业提质增效", "prov.jxt"),
        )
    }
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    for who, task_id in ids.items():
        supervision.accept_task(
            session, actor=world.actors[who], task_id=task_id, settings=settings
        )
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    _file(
        session,
        world,
        settings,
        "fgw",
        ids["fgw"],
        progress=30,
        done="召开专题会议，建立项目清单。",
    )
    time_machine.move_to(local(date(2023, 4, 28)), tick=False)
    _file(session, world, settings, "swt", ids["swt"], progress=20, done="发放消费券。")
    time_machine.move_to(local(date(2023, 5, 22)), tick=False)
    _file(
        session,
        world,
        settings,
        "fgw",
        ids["fgw"],
        progress=50,
        done="新开工项目120个，完成投资超序时进度。",
    )
    time_machine.move_to(local(date(2023, 5, 31), 20), tick=False)
    for task_id in ids.values():
        task = session.get(Task, task_id)
        assert task is not None
        lights.refresh_light(session, actor=system_actor(), task=task, settings=settings)
    time_machine.move_to(local(date(2023, 6, 5)), tick=False)
    _file(
        session,
        world,
        settings,
        "swt",
        ids["swt"],
        period="2023-05",
        progress=90,
        done="消费明显回升。",
    )
    time_machine.move_to(local(date(2023, 6, 30)), tick=False)
    for task_id in ids.values():
        task = session.get(Task, task_id)
        assert task is not None
        lights.refresh_light(session, actor=system_actor(), task=task, settings=settings)
    session.flush()
    return ids


def test_periods_months_and_quarters() -> None:
    may = rules.parse_period("2023-05")
    assert (may.kind, may.start, may.end, may.label) == (
        "monthly",
        date(2023, 5, 1),
        date(2023, 5, 31),
        "2023年5月",
    )
    q1 = rules.parse_period("2023q1")
    assert (q1.code, q1.end, q1.label, q1.report_periods) == (
        "2023Q1",
        date(2023, 3, 31),
        "2023年第一季度",
        ["2023-01", "2023-02", "2023-03", "2023-Q1"],
    )
    assert rules.parse_period("2023-Q4").end == date(2023, 12, 31)
    for bad in ("2023-13", "2023Q5", "May", "2023-5"):
        with pytest.raises(InvalidInput):
            rules.parse_period(bad)


def test_score_and_number() -> None:
    assert rules.score(tasks=2, green=2, yellow=0, completed=0, reports_due=2, on_time=2) == 100
    assert rules.score(tasks=2, green=0, yellow=1, completed=0, reports_due=2, on_time=1) == 36
    # Tasks not started yet and reports not yet due count for nothing either way.
    assert (
        rules.score(
            tasks=1, green=0, yellow=0, completed=0, reports_due=0, on_time=0, not_started=1
        )
        == 100
    )
    assert rules.document_number("示督通", 2023, 7) == "示督通〔2023〕7号"


def test_a_may_draft_counts_tasks_and_reports_as_they_stood_at_the_end_of_may(
    session: Session, world: World, settings: Settings, tasks: dict[str, int]
) -> None:
    office = world.actors["office"]
    draft = service.create_draft(session, actor=office, period="2023-05", settings=settings)
    content = service.draft_content(session, draft, settings=settings)
    o = content.overview
    assert o.tasks == 3
    # Due in May: one report each. The DRC filed on time; Commerce filed May's in June
    # (late); Economy and IT never did.
    assert (o.reports_due, o.reports_filed, o.reports_late, o.reports_missing) == (3, 2, 1, 1)
    late = {(r.unit, r.period, r.filed) for r in content.late_reports}
    assert late == {
        ("省商务厅", "2023-05", date(2023, 6, 5)),
        ("省经济和信息化厅", "2023-05", None),
    }
    # Lights as of 31 May, from the history: Commerce's June catch-up does not show.
    by_unit = {u.unit: u for u in content.units}
    assert by_unit["省发展改革委"].green == 1 and by_unit["省发展改革委"].rank == 1
    assert [r.unit for r in content.red_items] == ["省经济和信息化厅"]
    assert content.red_items[0].reasons  # with the light's own reasons
    assert content.lines[0].name == "其他重点工作" and content.lines[0].tasks == 3
    # The DRC's progress at the end of May is its May report's, not later ones'.
    assert content.title == "关于2023年5月全省重点工作落实情况的通报"
    assert content.organ == "示范省督查室" and content.number == "" and content.draft


def test_the_office_edits_picks_good_practice_and_issues_frozen_numbered_bulletins(
    session: Session,
    world: World,
    settings: Settings,
    tasks: dict[str, int],
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    office = world.actors["office"]
    draft = service.create_draft(session, actor=office, period="2023-05", settings=settings)
    report_id = session.scalar(
        select(Report.id).where(Report.task_id == tasks["fgw"], Report.period == "2023-05")
    )
    assert report_id is not None
    candidates = service.practice_candidates(
        session, actor=office, bulletin_id=draft.id, settings=settings
    )
    assert report_id in {c.id for c in candidates}
    service.update_draft(
        session,
        actor=office,
        bulletin_id=draft.id,
        changes=BulletinUpdate(
            version=draft.version,
            summary="总体平稳，个别单位报送不及时。",
            number_prefix="示督通",
            good_practices=[
                GoodPracticePick(kind="report", id=report_id),
                GoodPracticePick(kind="task", id=tasks["swt"], note="商务厅多措并举促消费。"),
            ],
        ),
        settings=settings,
    )
    with pytest.raises(StaleEdit):
        service.update_draft(
            session,
            actor=office,
            bulletin_id=draft.id,
            changes=BulletinUpdate(version=1, summary="x"),
            settings=settings,
        )
    issued = service.issue_bulletin(session, actor=office, bulletin_id=draft.id, settings=settings)
    assert (issued.state, issued.year, issued.number, issued.issued_on) == (
        "issued",
        2023,
        1,
        date(2023, 6, 30),
    )
    _, frozen = service.content_of(session, actor=office, bulletin_id=draft.id, settings=settings)
    assert frozen.number == "示督通〔2023〕1号" and not frozen.draft
    assert [g.text for g in frozen.good_practices] == [
        "新开工项目120个，完成投资超序时进度。",
        "商务厅多措并举促消费。",
    ]
    assert frozen.summary == "总体平稳，个别单位报送不及时。"
    # Frozen: later data do not move it; it can no longer be edited or issued again.
    session.execute(select(Task).where(Task.id == tasks["jxt"])).scalar_one().title = "改名"
    session.flush()
    _, again = service.content_of(session, actor=office, bulletin_id=draft.id, settings=settings)
    assert again == frozen
    with pytest.raises(InvalidTransition):
        service.update_draft(
            session,
            actor=office,
            bulletin_id=draft.id,
            changes=BulletinUpdate(summary="x"),
            settings=settings,
        )
    with pytest.raises(InvalidTransition):
        service.issue_bulletin(session, actor=office, bulletin_id=draft.id, settings=settings)
    # The next of the year is number 2, whatever its period; a new year starts again at 1.
    second = service.create_draft(session, actor=office, period="2023Q2", settings=settings)
    assert (
        service.issue_bulletin(
            session, actor=office, bulletin_id=second.id, settings=settings
        ).number
        == 2
    )
    time_machine.move_to(local(date(2024, 1, 8)), tick=False)
    third = service.create_draft(session, actor=office, period="2023Q4", settings=settings)
    assert (
        service.issue_bulletin(
            session, actor=office, bulletin_id=third.id, settings=settings
        ).number
        == 1
    )
    assert [b.id for b in service.list_bulletins(session, actor=office, state="issued")] == [
        third.id,
        second.id,
        draft.id,
    ]
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "bulletin", AuditEvent.object_id == draft.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["bulletin.create", "bulletin.update", "bulletin.issue"]


def test_only_the_office_sees_its_bulletins(
    session: Session, world: World, settings: Settings
) -> None:
    office = world.actors["office"]
    draft = service.create_draft(session, actor=office, period="2023-05", settings=settings)
    for who in ("fgw", "cd"):  # a department; a city's liaison
        with pytest.raises(NotFound):
            service.content_of(
                session, actor=world.actors[who], bulletin_id=draft.id, settings=settings
            )
        assert service.list_bulletins(session, actor=world.actors[who]) == []
    with pytest.raises(PermissionDenied):
        service.create_draft(
            session, actor=world.actors["fgw"], period="2023-05", settings=settings
        )
    # A good practice must come from the office's own subtree.
    with pytest.raises(InvalidInput):
        service.update_draft(
            session,
            actor=office,
            bulletin_id=draft.id,
            settings=settings,
            changes=BulletinUpdate(good_practices=[GoodPracticePick(kind="report", id=999999)]),
        )


def test_concurrent_issues_take_consecutive_numbers(empty_db_url: str, tmp_path: object) -> None:
    """Eight drafts issued at once, each in its own transaction and connection: numbers
    1..8, no gap and no duplicate, on both databases."""
    engine = make_engine(empty_db_url, pool_size=10)
    target_metadata().create_all(engine)
    factory = make_sessionmaker(engine)
    settings = Settings(environment="test", language="zh")
    with factory() as session:
        world = build_world(session)
        office = world.actors["office"]
        ids = [
            service.create_draft(
                session, actor=office, period=f"2023-{m:02d}", settings=settings
            ).id
            for m in range(1, 9)
        ]
        session.commit()
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def issue(bulletin_id: int) -> None:
        try:
            with factory() as session:
                barrier.wait()
                service.issue_bulletin(
                    session, actor=office, bulletin_id=bulletin_id, settings=settings
                )
                session.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with factory() as session:
        numbers = sorted(session.scalars(select(Bulletin.number)).all())
    engine.dispose()
    assert numbers == list(range(1, 9))
