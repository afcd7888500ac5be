"""Notifications people see: assignment, return, reassignment, report returned, extension
decided, instruction written, acceptance by default — each told to a unit once, in its
users' inboxes, by e-mail to a real local SMTP server and to the group robot as set up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import events
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.delivery import deliver_outbox
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.domains.supervision.models import InboxItem, Notification
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.kernel import audit
from luoshi.kernel.models import User
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.servers import Hook, Mailbox, smtp_server, webhook_server
from tests.scenario.world import World, build_world, local, make_settings, publish_task


def inbox(session: Session, username: str, kind: str | None = None) -> list[str]:
    """The bodies in a user's inbox, oldest first (of one kind if given)."""
    stmt = (
        select(InboxItem.body)
        .join(User, User.id == InboxItem.user_id)
        .where(User.username == username)
        .order_by(InboxItem.id)
    )
    if kind is not None:
        stmt = stmt.where(InboxItem.kind == kind)
    return list(session.scalars(stmt))


def draft(session: Session, *, lead: str = "prov.jxt", co: tuple[str, ...] = ()) -> Task:
    return tasks.create_task(
        session,
        actor=system_actor(),
        data=TaskCreate(
            title="Stabilise industry",
            lead_unit=lead,
            co_units=list(co),
            due_date=date(2023, 6, 30),
        ),
    )


def audit_actions(session: Session, task_id: int) -> list[str]:
    return [
        e.action
        for e in reversed(
            audit.history_of(session, tenant_id="default", object_type="task", object_id=task_id)
        )
    ]


# ---------------------------------------------------------------- assignment


def test_assignment_tells_the_lead_and_the_co_units_once(
    session: Session, world: World, settings: Settings
) -> None:
    task = draft(session, co=("prov.swt",))
    assert inbox(session, "jxt") == []  # a draft is not sent to anyone
    assign = TaskAssign(lead_unit="prov.jxt", co_units=["prov.swt"])
    supervision.assign_task(
        session, actor=world.actors["office"], task_id=task.id, data=assign, settings=settings
    )
    (lead,) = inbox(session, "jxt", "assigned")
    assert "交由贵单位牵头办理，期限2023-06-30。请于2023-03-28前签收" in lead
    assert (
        'Assigned to Economy and Information Technology as the lead unit: task T00001 "Stabilise '
        'industry", due 2023-06-30. Accept it, or return it with a reason, by 2023-03-28'
    ) in lead
    (co,) = inbox(session, "swt", "assigned")
    assert "as a co-unit" in co and "配合办理" in co
    # The same call again (a retry, a double click) tells nobody again.
    supervision.assign_task(
        session, actor=world.actors["office"], task_id=task.id, data=assign, settings=settings
    )
    assert (len(inbox(session, "jxt")), len(inbox(session, "swt"))) == (1, 1)
    # A co-unit added later is told; those already told are not.
    supervision.assign_task(
        session,
        actor=world.actors["office"],
        task_id=task.id,
        data=TaskAssign(lead_unit="prov.jxt", co_units=["prov.swt", "prov.fgw"]),
        settings=settings,
    )
    assert [len(inbox(session, u)) for u in ("jxt", "swt", "fgw")] == [1, 1, 1]
    assert audit_actions(session, task.id).count("notify.assigned") == 3
    assert session.scalar(select(func.count()).select_from(Notification)) == 3


def test_a_transition_to_assigned_tells_the_units_too(
    session: Session, world: World, settings: Settings
) -> None:
    task = draft(session, co=("prov.swt",))
    supervision.transition_task(
        session,
        actor=world.actors["office"],
        task_id=task.id,
        transition="assign",
        settings=settings,
    )
    assert (len(inbox(session, "jxt", "assigned")), len(inbox(session, "swt", "assigned"))) == (
        1,
        1,
    )


def test_the_same_occasion_is_told_once(session: Session, world: World, settings: Settings) -> None:
    task = draft(session)
    told = [
        events.tell(
            session,
            actor=system_actor(),
            settings=settings,
            event="assigned",
            task=task,
            unit=world.units["prov.jxt"],
            occasion="v7",
            text_zh="交办",
            text_en="assigned",
        )
        for _ in range(2)
    ]
    assert told[0] is not None and told[0].recipients == ["user:jxt"]
    assert told[1] is None
    assert inbox(session, "jxt") == ["交办\n\nassigned\n"]
    assert audit_actions(session, task.id).count("notify.assigned") == 1


# ---------------------------------------------------------------- return and reassignment


def test_a_return_tells_the_office_and_a_reassignment_both_leads(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(session, title="Recover consumption", lead="prov.jxt")
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    supervision.return_task(
        session,
        actor=world.actors["jxt"],
        task_id=task_id,
        reason="Consumption is led by the Department of Commerce",
        settings=settings,
    )
    for office_user in ("office", "leader"):  # the users of the supervising office
        (returned,) = inbox(session, office_user, "returned")
        assert (
            'Returned: Economy and Information Technology returned task T00001 "Recover '
            'consumption": Consumption is led by the Department of Commerce. Reassign it.'
        ) in returned
    assert inbox(session, "jxt") == []  # the unit that returned it is not told of its return
    supervision.assign_task(
        session,
        actor=world.actors["office"],
        task_id=task_id,
        data=TaskAssign(lead_unit="prov.swt"),
        settings=settings,
    )
    (new,) = inbox(session, "swt", "assigned")
    assert "(previously led by Economy and Information Technology)" in new
    assert "by 2023-03-29" in new  # its own window: 20 March + 7 working days
    (old,) = inbox(session, "jxt", "reassigned")
    assert (
        'Reassigned: task T00001 "Recover consumption" is now led by Department of Commerce; '
        "Economy and Information Technology no longer leads it."
    ) in old


def test_changing_the_lead_of_an_accepted_task_tells_both(
    session: Session, world: World, settings: Settings
) -> None:
    task_id = publish_task(session, title="Industry", lead="prov.jxt", co_units=("prov.swt",))
    supervision.accept_task(session, actor=world.actors["jxt"], task_id=task_id, settings=settings)
    supervision.assign_task(
        session,
        actor=world.actors["office"],
        task_id=task_id,
        data=TaskAssign(lead_unit="prov.fgw", co_units=["prov.swt"]),
        settings=settings,
    )
    (new,) = inbox(session, "fgw", "assigned")
    # Already accepted: the new lead is not asked to accept it (it cannot).
    assert "(previously led by Economy and Information Technology)" in new
    assert "Accept" not in new and "签收" not in new
    assert len(inbox(session, "jxt", "reassigned")) == 1
    assert inbox(session, "swt") == []  # the co-unit's part did not change


# ---------------------------------------------------------------- reports, extensions, instructions


def test_a_returned_report_is_told_once_per_return(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(session, title="Industry", lead="prov.fgw", due=date(2023, 12, 31))
    supervision.accept_task(session, actor=world.actors["fgw"], task_id=task_id, settings=settings)
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    report = progress.submit_report(
        session,
        actor=world.actors["fgw"],
        task_id=task_id,
        data=ReportCreate(progress=20),
        settings=settings,
    )
    for n in (1, 2):
        supervision.review_report(
            session,
            actor=world.actors["office"],
            report_id=report.id,
            accept=False,
            comment=f"attach the figures ({n})",
            settings=settings,
        )
        assert len(inbox(session, "fgw", "report_returned")) == n
        time_machine.shift(60)
        progress.submit_report(
            session,
            actor=world.actors["fgw"],
            task_id=task_id,
            data=ReportCreate(progress=20),
            settings=settings,
        )
    assert "attach the figures (2)" in inbox(session, "fgw", "report_returned")[-1]


def test_an_extension_decision_is_told_to_the_lead_unit(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(session, title="Industry", lead="prov.fgw", due=date(2023, 6, 30))
    supervision.accept_task(session, actor=world.actors["fgw"], task_id=task_id, settings=settings)
    time_machine.move_to(local(date(2023, 6, 1)), tick=False)
    request = supervision.request_extension(
        session,
        actor=world.actors["fgw"],
        task_id=task_id,
        requested_due=date(2023, 9, 30),
        reason="land approval",
        settings=settings,
    )
    supervision.decide_extension(
        session,
        actor=world.actors["office"],
        extension_id=request.id,
        approve=False,
        comment="finish on time",
        settings=settings,
    )
    (told,) = inbox(session, "fgw", "extension_decided")
    assert "was refused. Comment: finish on time" in told
    assert audit_actions(session, task_id).count("notify.extension_decided") == 1


def test_an_instruction_is_told_to_the_lead_and_co_units(
    session: Session, world: World, settings: Settings
) -> None:
    task_id = publish_task(session, title="Industry", lead="prov.fgw", co_units=("prov.cd",))
    supervision.write_instruction(
        session, actor=world.actors["leader"], task_id=task_id, text="抓紧推进", settings=settings
    )
    assert [len(inbox(session, u, "instruction")) for u in ("fgw", "cd", "swt")] == [1, 1, 0]


# ---------------------------------------------------------------- channels


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_server() as receiver:
        yield receiver


def test_an_assignment_is_mailed_once_and_posted_to_the_robot_when_set_up(
    db: Database,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    settings = make_settings(
        tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        webhook_url=hook.url,
        webhook_events=("assigned",),
    )
    with db.session() as session:
        world = build_world(session)
        world.users["jxt"].language = "zh"  # the reader chose Chinese: their mail is Chinese
        task_id = draft(session).id
        session.commit()
    for _ in range(2):  # the second call changes nothing and tells nobody
        with db.session() as session:
            supervision.assign_task(
                session,
                actor=world.actors["office"],
                task_id=task_id,
                data=TaskAssign(lead_unit="prov.jxt"),
                settings=settings,
            )
            session.commit()
        deliver_outbox(db.factory, settings=settings, at=local(date(2023, 3, 17), 10))
    assert [(str(m["To"]), str(m["Subject"])) for m in mailbox.messages] == [
        ("jxt@luoshi.example", "【交办】T00001")
    ]
    assert "请于2023-03-28前签收" in mailbox.messages[0].get_content()
    assert "Accept it" not in mailbox.messages[0].get_content()
    (call,) = hook.received
    assert (call.body["event"], call.body["unit"], call.body["task"]["code"]) == (
        "assigned",
        "prov.jxt",
        "T00001",
    )


def test_the_robot_is_not_told_of_events_left_out_of_its_list(
    session: Session, world: World, tmp_path: Path, hook: Hook
) -> None:
    settings = make_settings(tmp_path, webhook_url=hook.url)  # the default list: ladder only
    task = draft(session)
    supervision.assign_task(
        session,
        actor=world.actors["office"],
        task_id=task.id,
        data=TaskAssign(lead_unit="prov.jxt"),
        settings=settings,
    )
    row = session.scalars(select(Notification)).one()
    assert row.recipients == ["user:jxt"]


# ---------------------------------------------------------------- awaiting acceptance


def test_awaiting_acceptance_is_reminded_urged_then_accepted_with_notice(
    db: Database, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)  # the window ends 28 March
    with db.session() as session:
        build_world(session)
        task_id = publish_task(session, title="Agriculture", lead="prov.jxt")
        session.commit()

    def jobs(day: date) -> list[tuple[str, str]]:
        time_machine.move_to(local(day, 1), tick=False)
        done = []
        for _ in range(2):  # twice a day: the second run does nothing
            done += [
                (r["job"], r.get("step", ""))
                for r in run_jobs(db.factory, settings=settings, at=local(day, 1))
                if r["job"] in ("ladder", "accept_by_default")
            ]
        return done

    assert jobs(date(2023, 3, 22)) == []  # four working days left: not yet
    assert jobs(date(2023, 3, 23)) == [("ladder", "remind")]  # three left
    assert jobs(date(2023, 3, 24)) == []  # a reminder is taken once
    assert jobs(date(2023, 3, 28)) == [("ladder", "urge")]  # the window's last day
    assert jobs(date(2023, 3, 29)) == [("accept_by_default", "")]
    with db.session() as session:
        reminder, urging, accepted = inbox(session, "jxt")
        assert "awaits your acceptance. Accept it, or return it with a reason, by 2023-03-28" in (
            reminder
        )
        assert "today (2023-03-28) is the last day to accept task T00001" in urging
        assert (
            'Accepted by default: task T00001 "Agriculture" was neither accepted nor returned by '
            "Economy and Information Technology by 2023-03-28 and counts as accepted"
        ) in accepted
        assert len(inbox(session, "office", "accepted_by_default")) == 1
        actions = audit_actions(session, task_id)
        assert actions.index("task.accept") < actions.index("notify.accepted_by_default")
        assert [a for a in actions if a.startswith("supervision.")] == [
            "supervision.remind",
            "supervision.urge",
        ]
        task = session.get(Task, task_id)
        assert task is not None and task.status == "accepted"
