"""Extensions: asked for before the deadline, approved (the due date moves, audited) or
refused; the history stays."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.models import ExtensionRequest, InboxItem
from luoshi.domains.tasks.models import Task
from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.kernel import audit
from luoshi.settings import Settings
from tests.scenario.world import World, local, publish_task

DUE = date(2023, 4, 28)


@pytest.fixture
def task(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> Task:
    task_id = publish_task(
        session, title="First-quarter good start", lead="prov.fgw", co_units=("prov.swt",), due=DUE
    )
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    return supervision.accept_task(
        session, actor=world.actors["fgw"], task_id=task_id, settings=settings
    )


def ask(
    session: Session, world: World, settings: Settings, task: Task, due: date, who: str = "fgw"
) -> ExtensionRequest:
    return supervision.request_extension(
        session,
        actor=world.actors[who],
        task_id=task.id,
        requested_due=due,
        reason="Equipment arrives late",
        settings=settings,
    )


def test_an_approved_extension_moves_the_due_date_and_the_light(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 24)), tick=False)
    from luoshi.domains.progress import lights

    lights.refresh_light(session, actor=world.actors["office"], task=task, settings=settings)
    assert (task.light, task.light_reasons) == (
        "yellow",
        ["due in 4 working days (2023-04-28) at 0%"],
    )
    request = ask(session, world, settings, task, date(2023, 6, 30))
    session.commit()  # the decision is a transaction of its own: one change, one version
    version = task.version
    decided = supervision.decide_extension(
        session,
        actor=world.actors["office"],
        extension_id=request.id,
        approve=True,
        comment="Agreed",
        settings=settings,
    )
    assert (decided.status, decided.old_due, decided.requested_due) == (
        "approved",
        DUE,
        date(2023, 6, 30),
    )
    assert (task.due_date, task.version) == (date(2023, 6, 30), version + 1)
    assert (task.light, task.light_reasons) == ("green", ["first report due on 2023-04-25"])
    trail = [
        (e.action, e.old, e.new, e.note)
        for e in audit.history_of(
            session, tenant_id="default", object_type="task", object_id=task.id
        )
        if e.action in ("task.due_date", "extension.request", "extension.approve")
    ]
    assert trail[::-1] == [
        (
            "extension.request",
            None,
            {
                "status": "pending",
                "requested_due": "2023-06-30",
                "old_due": "2023-04-28",
                "decision_comment": "",
                "extension_id": request.id,
            },
            "Equipment arrives late",
        ),
        (
            "task.due_date",
            {"due_date": "2023-04-28"},
            {"due_date": "2023-06-30"},
            f"extension {request.id} approved: Equipment arrives late",
        ),
        (
            "extension.approve",
            {"status": "pending", "decision_comment": ""},
            {"status": "approved", "decision_comment": "Agreed"},
            "Agreed",
        ),
    ]
    told = session.scalars(
        select(InboxItem.title).where(InboxItem.user_id == world.users["fgw"].id)
    ).all()
    assert told == ["【延期申请已批准】T00001 / Extension approved: T00001"]


def test_a_refusal_needs_a_comment_and_the_history_stays(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 10)), tick=False)
    first = ask(session, world, settings, task, date(2023, 5, 31))
    with pytest.raises(Conflict, match="still pending"):
        ask(session, world, settings, task, date(2023, 6, 30))
    office = world.actors["office"]
    with pytest.raises(InvalidInput, match="refusal needs a comment"):
        supervision.decide_extension(
            session,
            actor=office,
            extension_id=first.id,
            approve=False,
            comment="",
            settings=settings,
        )
    supervision.decide_extension(
        session,
        actor=office,
        extension_id=first.id,
        approve=False,
        comment="Finish on time",
        settings=settings,
    )
    assert task.due_date == DUE
    with pytest.raises(InvalidInput, match="already refused"):
        supervision.decide_extension(
            session,
            actor=office,
            extension_id=first.id,
            approve=True,
            comment="",
            settings=settings,
        )
    second = ask(session, world, settings, task, date(2023, 5, 15))
    listed = supervision.list_extensions(session, actor=world.actors["fgw"], task_id=task.id)
    assert [(e.id, e.status, e.requested_due, e.decision_comment) for e in listed] == [
        (second.id, "pending", date(2023, 5, 15), ""),
        (first.id, "refused", date(2023, 5, 31), "Finish on time"),
    ]
    pending = supervision.list_extensions(session, actor=office, status="pending")
    assert [e.id for e in pending] == [second.id]
    assert supervision.list_extensions(session, actor=world.actors["jxt"], status="pending") == []


def test_what_may_not_be_asked(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 10)), tick=False)
    with pytest.raises(InvalidInput, match="after the current one"):
        ask(session, world, settings, task, DUE)
    with pytest.raises(PermissionDenied, match="only the lead unit"):
        ask(session, world, settings, task, date(2023, 6, 30), who="swt")
    with pytest.raises(NotFound):
        ask(session, world, settings, task, date(2023, 6, 30), who="jxt")
    with pytest.raises(PermissionDenied):  # the office decides, it does not ask... unless a unit
        supervision.request_extension(
            session,
            actor=world.actors["leader"],
            task_id=task.id,
            requested_due=date(2023, 6, 30),
            reason="x",
            settings=settings,
        )
    time_machine.move_to(local(date(2023, 4, 29)), tick=False)
    with pytest.raises(InvalidInput, match=r"before the deadline \(2023-04-28\)"):
        ask(session, world, settings, task, date(2023, 6, 30))


def test_an_approval_is_refused_when_the_due_date_moved_meanwhile(
    session: Session,
    world: World,
    settings: Settings,
    task: Task,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 10)), tick=False)
    request = ask(session, world, settings, task, date(2023, 6, 30))
    task.due_date = date(2023, 5, 31)
    with pytest.raises(Conflict, match="due date changed"):
        supervision.decide_extension(
            session,
            actor=world.actors["office"],
            extension_id=request.id,
            approve=True,
            comment="",
            settings=settings,
        )
