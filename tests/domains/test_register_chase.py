"""The ladder on register deadlines: the right step on the right working day, once, told
to the unit's users with a link to the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.progress import schedule
from luoshi.domains.supervision.chase import chase, chases_of
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.domains.supervision.models import InboxItem, OutboxMessage
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, smtp_host="127.0.0.1", smtp_port=9)


def _chase(session: Session, world: World, settings: Settings, on: date) -> dict[str, Any] | None:
    calendar = schedule.calendar_for(session, settings=settings, tenant_id="default")
    return chase(
        session,
        actor=system_actor(),
        settings=settings,
        calendar=calendar,
        on=on,
        object_type="project",
        object_id=7,
        unit=world.units["prov.fgw"],
        subject_key="report:2023-04",
        due=date(2023, 4, 28),  # a Friday
        title="the monthly report of project XM-07 for 2023-04",
        title_zh="XM-07项目2023-04月度报告",
        link="/projects/7",
    )


def test_each_step_is_taken_once_on_its_working_day(
    session: Session, world: World, settings: Settings
) -> None:
    assert _chase(session, world, settings, date(2023, 4, 20)) is None  # too early to remind
    line = _chase(session, world, settings, date(2023, 4, 25))
    assert line is not None and (line["step"], line["unit"]) == ("remind", "prov.fgw")
    assert _chase(session, world, settings, date(2023, 4, 26)) is None  # reminded already
    assert _chase(session, world, settings, date(2023, 4, 29)) is None  # a Saturday
    # 1 May to 3 May 2023 are public holidays: the urging waits for the next working day.
    assert _chase(session, world, settings, date(2023, 5, 2)) is None
    urged = _chase(session, world, settings, date(2023, 5, 4))
    assert urged is not None and (urged["step"], urged["days_overdue"]) == ("urge", 1)
    steps = [
        c.step for c in chases_of(session, tenant_id="default", object_type="project", object_id=7)
    ]
    assert steps == ["remind", "urge"]


def test_the_units_users_are_told_in_their_inbox_with_a_link_and_by_mail(
    session: Session, world: World, settings: Settings
) -> None:
    _chase(session, world, settings, date(2023, 4, 25))
    [item] = session.scalars(select(InboxItem).where(InboxItem.user_id == world.users["fgw"].id))
    assert item.link == "/projects/7" and item.kind == "chase_remind"
    assert "XM-07项目2023-04月度报告" in item.body and "due on 2023-04-28" in item.body
    assert session.scalar(select(OutboxMessage.recipient)) is not None
    events = audit.history_of(session, tenant_id="default", object_type="project", object_id=7)
    assert [e.action for e in events] == ["supervision.remind"]


def test_the_jobs_run_each_registers_job_in_its_own_transaction(
    db: Database, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(local(date(2023, 4, 25), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    unit_id = world.units["prov.fgw"].id

    def register_job(
        session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
    ) -> list[dict[str, Any]]:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        line = chase(
            session,
            actor=actor,
            settings=settings,
            calendar=calendar,
            on=on,
            object_type="project",
            object_id=7,
            unit=unit,
            subject_key="report:2023-04",
            due=date(2023, 4, 28),
            title="a monthly report",
            link="/projects/7",
        )
        return [line] if line else []

    def failing_job(session: Session, **_: Any) -> list[dict[str, Any]]:
        raise RuntimeError("a register's job failed")

    first = run_jobs(
        db.factory, settings=settings, at=local(date(2023, 4, 25), 8), registers=[register_job]
    )
    assert [r["step"] for r in first if r["job"] == "chase"] == ["remind"]
    again = run_jobs(
        db.factory, settings=settings, at=local(date(2023, 4, 25), 9), registers=[register_job]
    )
    assert [r for r in again if r["job"] == "chase"] == []  # taken once
    with pytest.raises(RuntimeError):
        run_jobs(
            db.factory, settings=settings, at=local(date(2023, 4, 26), 8), registers=[failing_job]
        )
    with db.session() as session:  # what the earlier register job did was committed
        assert len(chases_of(session, tenant_id="default", object_type="project", object_id=7)) == 1
