"""The ladder as a job: the right step on the right working day, once, to the right people,
within the daily cap; an extension starts it again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.domains.supervision.models import InboxItem, OutboxMessage, SupervisionAction
from luoshi.kernel import audit
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings, publish_task


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Nothing listens on port 9: these tests look at what is queued, not at what arrives.
    return make_settings(
        tmp_path, smtp_host="127.0.0.1", smtp_port=9, webhook_url="http://127.0.0.1:9/hook"
    )


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def accepted_task(db: Database, world: World, settings: Settings, **kw: Any) -> int:
    with db.session() as session:
        task_id = publish_task(session, **kw)
        # The jobs' system actor accepts, as the window lapsing would.
        supervision.accept_task(session, actor=system_actor(), task_id=task_id, settings=settings)
        session.commit()
    return task_id


def ladder_lines(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in results if r["job"] == "ladder"]


def jobs_on(db: Database, settings: Settings, day: date) -> list[dict[str, Any]]:
    # Jobs do not deliver here: the outbox is checked, not sent (no server listens).
    return [
        r
        for r in run_jobs(
            db.factory,
            settings=settings.model_copy(update={"delivery_max_attempts": 1}),
            at=local(day, 8),
        )
        if r["job"] != "deliver"
    ]


def test_the_task_deadline_is_chased_on_working_days_around_qingming(
    db: Database,
    world: World,
    settings: Settings,
) -> None:
    accepted_task(
        db,
        world,
        settings,
        title="A good start in the first quarter",
        lead="prov.fgw",
        due=date(2023, 3, 31),
        leader="王副省长",
    )
    taken: list[tuple[str, str, int]] = []
    day = date(2023, 3, 27)
    while day <= date(2023, 4, 18):
        lines = ladder_lines(jobs_on(db, settings, day))
        if day == date(2023, 4, 5):  # Qingming: no chasing on a holiday
            assert lines == [{"job": "ladder", "on": "2023-04-05", "skipped": "not a working day"}]
        taken += [
            (line["on"], line["step"], line["days_overdue"]) for line in lines if "step" in line
        ]
        day += timedelta(days=1)
    assert taken == [
        ("2023-03-28", "remind", 0),
        ("2023-04-03", "urge", 1),
        ("2023-04-10", "notice_yellow", 5),
        ("2023-04-17", "notice_red", 10),
    ]


def test_running_twice_takes_nothing_twice(
    db: Database,
    world: World,
    settings: Settings,
) -> None:
    accepted_task(
        db,
        world,
        settings,
        title="Project investment",
        lead="prov.fgw",
        co_units=("prov.swt",),
        due=date(2023, 12, 31),
    )
    first = jobs_on(db, settings, date(2023, 4, 26))
    assert [(r["unit"], r["step"], r["subject"]) for r in ladder_lines(first)] == [
        ("prov.fgw", "urge", "report:2023-04"),
        ("prov.swt", "urge", "report:2023-04"),
    ]
    with db.session() as session:
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (SupervisionAction, InboxItem, OutboxMessage)
        ]
    assert jobs_on(db, settings, date(2023, 4, 26)) == []
    with db.session() as session:
        again = [
            session.scalar(select(func.count()).select_from(model))
            for model in (SupervisionAction, InboxItem, OutboxMessage)
        ]
    # Two urgings: one inbox item per unit user, an e-mail each and a webhook call each.
    assert counts == again == [2, 2, 4]


def test_a_red_notice_reaches_the_units_head_and_the_responsible_leader(
    db: Database,
    world: World,
    settings: Settings,
) -> None:
    task_id = accepted_task(
        db,
        world,
        settings,
        title="Safety in production",
        lead="prov.jxt",
        due=date(2023, 3, 31),
        leader="王副省长",
    )
    (line,) = ladder_lines(jobs_on(db, settings, date(2023, 4, 17)))
    assert (line["step"], line["days_overdue"]) == ("notice_red", 10)
    assert line["recipients"] == [
        "user:jxt",
        "user:leader",
        "email:jxt@luoshi.example",
        "email:leader@luoshi.example",
        "email:head@jxt.example",
        "webhook",
    ]
    with db.session() as session:
        action = session.scalars(select(SupervisionAction)).one()
        assert action.message_en == (
            "Red supervision notice for Economy and Information Technology: task T00001 "
            '"Safety in production" was due on 2023-03-31 and is 10 working days overdue at 0%.'
            " Act now and explain the delay."
        )
        assert action.message_zh == (
            "【红色督办单】省经济和信息化厅：任务T00001「Safety in production」"
            "应于2023-03-31前完成，"
            "已逾期10个工作日，当前进度0%，请抓紧办理并说明情况。"
        )
        mails = session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == "email").order_by(OutboxMessage.id)
        ).all()
        assert [m.recipient for m in mails] == [
            "jxt@luoshi.example",
            "leader@luoshi.example",
            "head@jxt.example",
        ]
        # An e-mail speaks its reader's language only (here the deployment's, English).
        assert mails[0].subject == "Red supervision notice: T00001 task due 2023-03-31"
        assert mails[0].body == action.message_en + "\n"
        event = audit.history_of(
            session, tenant_id="default", object_type="task", object_id=task_id
        )[0]
        assert (event.action, event.actor_name, event.new["subject"]) == (  # type: ignore[index]
            "supervision.notice_red",
            "system",
            "task:2023-03-31",
        )


@pytest.mark.parametrize("batch", [1, 200], ids=["a task a batch", "one batch"])
def test_the_daily_cap_keeps_the_chasing_humane(
    db: Database, world: World, settings: Settings, batch: int
) -> None:
    # The cap holds across the jobs' batches, each committed before the next.
    capped = settings.model_copy(update={"reminders_per_unit_per_day": 1, "jobs_batch_size": batch})
    for n, due in enumerate((date(2023, 4, 3), date(2023, 4, 4))):
        accepted_task(db, world, capped, title=f"Task {n}", lead="prov.swt", due=due)
    first = ladder_lines(jobs_on(db, capped, date(2023, 3, 30)))
    assert [(r["task"], r["step"], r.get("skipped")) for r in first] == [
        ("T00001", "remind", None),
        ("T00002", "remind", "daily cap reached for the unit"),
    ]
    second = ladder_lines(jobs_on(db, capped, date(2023, 3, 31)))
    assert [(r["task"], r["step"], r.get("skipped")) for r in second] == [
        ("T00002", "remind", None),
    ]


def test_an_extension_starts_the_ladder_again(
    db: Database,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = accepted_task(
        db, world, settings, title="Foreign trade", lead="prov.swt", due=date(2023, 4, 28)
    )
    lines = ladder_lines(jobs_on(db, settings, date(2023, 4, 26)))
    assert [(r["subject"], r["step"]) for r in lines] == [
        ("task:2023-04-28", "remind"),
        ("report:2023-04", "urge"),
    ]
    time_machine.move_to(local(date(2023, 4, 26), 15), tick=False)
    with db.session() as session:
        request = supervision.request_extension(
            session,
            actor=world.actors["swt"],
            task_id=task_id,
            requested_due=date(2023, 5, 31),
            reason="Fair postponed",
            settings=settings,
        )
        supervision.decide_extension(
            session,
            actor=world.actors["office"],
            extension_id=request.id,
            approve=True,
            comment="",
            settings=settings,
        )
        session.commit()
    lines = ladder_lines(jobs_on(db, settings, date(2023, 5, 26)))
    assert [(r["subject"], r["step"]) for r in lines] == [
        ("task:2023-05-31", "remind"),
        ("report:2023-04", "notice_red"),  # still missing, 21 working days late by now
        ("report:2023-05", "urge"),
    ]
