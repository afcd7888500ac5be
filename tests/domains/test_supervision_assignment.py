"""Assignment: accept, return within the window (or be accepted by default), reassign, split
as deep as needed with provenance, and progress rolled up by weight."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.domains.supervision.models import InboxItem
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.kernel import audit
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, publish_task

PUBLISHED = date(2023, 3, 17)  # a Friday; seven working days later is Tuesday 28 March


def actions_of(session: Session, task_id: int) -> list[tuple[str, str]]:
    events = audit.history_of(session, tenant_id="default", object_type="task", object_id=task_id)
    return [(e.action, e.note) for e in reversed(events)]


def test_the_lead_unit_accepts_and_the_light_starts(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(
        session, title="Stabilise industry", lead="prov.jxt", due=date(2023, 6, 30)
    )
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    with pytest.raises(NotFound):  # another department does not even see it
        supervision.accept_task(
            session, actor=world.actors["fgw"], task_id=task_id, settings=settings
        )
    with pytest.raises(PermissionDenied):  # a leader sees it but does not accept for units
        supervision.accept_task(
            session, actor=world.actors["leader"], task_id=task_id, settings=settings
        )
    task = supervision.accept_task(
        session, actor=world.actors["jxt"], task_id=task_id, settings=settings
    )
    assert task.status == "accepted"
    # Nothing reported yet: the first report is April's (March's fell in the return window).
    assert (task.light, task.light_reasons) == ("green", ["first report due on 2023-04-25"])
    assert ("task.accept", "") in actions_of(session, task_id)


def test_a_return_within_the_window_needs_a_reason_and_the_office_reassigns(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(
        session, title="Recover consumption", lead="prov.jxt", due=date(2023, 12, 31)
    )
    time_machine.move_to(local(date(2023, 3, 28), 17), tick=False)  # the window's last day
    with pytest.raises(InvalidInput, match="needs a reason"):
        supervision.return_task(
            session, actor=world.actors["jxt"], task_id=task_id, reason="  ", settings=settings
        )
    task = supervision.return_task(
        session,
        actor=world.actors["jxt"],
        task_id=task_id,
        reason="Consumption is led by the Department of Commerce",
        settings=settings,
    )
    assert (task.status, task.return_reason) == (
        "returned",
        "Consumption is led by the Department of Commerce",
    )
    assert (task.light, task.light_reasons) == (
        "not_started",
        ["returned by the unit: Consumption is led by the Department of Commerce"],
    )
    time_machine.move_to(local(date(2023, 3, 29)), tick=False)
    supervision.assign_task(
        session,
        actor=world.actors["office"],
        task_id=task_id,
        data=TaskAssign(lead_unit="prov.swt"),
        settings=settings,
    )
    assert (task.status, task.lead_unit_id, task.return_reason) == (
        "assigned",
        world.units["prov.swt"].id,
        "",
    )
    # The new lead unit has a window of its own: 29 March + 7 working days.
    with pytest.raises(PermissionDenied, match="lead unit"):
        # the office supervises the units below it; it does not accept for them
        supervision.accept_task(
            session, actor=world.actors["office"], task_id=task_id, settings=settings
        )
    supervision.accept_task(session, actor=world.actors["swt"], task_id=task_id, settings=settings)
    assert [a for a, _ in actions_of(session, task_id)][-10:] == [
        "task.return",
        "task.light",
        "notify.returned",  # the office is told
        "task.assign_units",
        "task.assign",
        "task.light",  # no longer "returned by the unit": awaiting the new lead
        "notify.assigned",  # the new lead unit is told
        "notify.reassigned",  # and the old one
        "task.accept",
        "task.light",
    ]


def test_after_the_window_a_return_is_refused(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(
        session, title="Private economy", lead="prov.jxt", due=date(2023, 12, 31)
    )
    time_machine.move_to(local(date(2023, 3, 29), 9), tick=False)
    with pytest.raises(InvalidInput, match="return window closed on 2023-03-28") as refused:
        supervision.return_task(
            session,
            actor=world.actors["jxt"],
            task_id=task_id,
            reason="not ours",
            settings=settings,
        )
    assert refused.value.details == {"window_end": "2023-03-28"}


def test_the_job_accepts_by_default_once_the_window_has_closed(
    db: Database,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(PUBLISHED, 9), tick=False)
    with db.session() as session:
        build_world(session)
        task_id = publish_task(
            session, title="Agriculture", lead="prov.jxt", due=date(2023, 12, 31)
        )
        session.commit()
    assert [
        r
        for r in run_jobs(db.factory, settings=settings, at=local(date(2023, 3, 28), 23))
        if r["job"] == "accept_by_default"
    ] == []
    done = run_jobs(db.factory, settings=settings, at=local(date(2023, 3, 29), 1))
    assert [r for r in done if r["job"] == "accept_by_default"] == [
        {
            "job": "accept_by_default",
            "on": "2023-03-29",
            "task": "T00001",
            "window_end": "2023-03-28",
        }
    ]
    with db.session() as session:
        task = session.get(Task, task_id)
        assert task is not None and task.status == "accepted"
        assert (
            "task.accept",
            "accepted by default: not returned by 2023-03-28 (7 working days)",
        ) in actions_of(session, task_id)


def test_a_split_goes_down_the_tree_keeps_provenance_and_rolls_progress_up(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    parent_id = publish_task(
        session, title="Thirty livelihood matters", lead="prov.cd", due=date(2023, 12, 31)
    )
    parent = session.get(Task, parent_id)
    assert parent is not None
    parent.source_id, parent.span_start, parent.span_end = None, 120, 180
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    supervision.accept_task(session, actor=world.actors["cd"], task_id=parent_id, settings=settings)
    counties = supervision.split_task(
        session,
        settings=settings,
        actor=world.actors["cd"],
        task_id=parent_id,
        parts=[
            TaskCreate(title="Jinjiang: 12 matters", lead_unit="prov.cd.jj", weight=2),
            TaskCreate(title="Wuhou: 6 matters", lead_unit="prov.cd.wh", weight=1),
        ],
    )
    jinjiang, wuhou = counties
    # Each county's users are told of the sub-task they now lead.
    told = session.scalars(
        select(InboxItem.title).where(InboxItem.kind == "assigned").order_by(InboxItem.id)
    ).all()
    assert told == [
        "【交办】T00001.1 / Assigned: T00001.1",
        "【交办】T00001.2 / Assigned: T00001.2",
    ]
    assert [(t.code, t.depth, t.status, t.parent_id) for t in counties] == [
        ("T00001.1", 1, "assigned", parent_id),
        ("T00001.2", 1, "assigned", parent_id),
    ]
    with pytest.raises(InvalidInput, match="is not a unit below you"):
        supervision.split_task(
            session,
            settings=settings,
            actor=world.actors["cd"],
            task_id=parent_id,
            parts=[TaskCreate(title="x", lead_unit="prov.my")],
        )
    supervision.accept_task(
        session, actor=world.actors["jj"], task_id=jinjiang.id, settings=settings
    )
    (street,) = supervision.split_task(
        session,
        settings=settings,
        actor=world.actors["jj"],
        task_id=jinjiang.id,
        parts=[TaskCreate(title="Chunxi Road: 4 matters", lead_unit="prov.cd.jj.cs")],
    )
    assert (street.code, street.depth, street.span_start, street.span_end, street.due_date) == (
        "T00001.1.1",
        2,
        120,
        180,
        date(2023, 12, 31),
    )
    supervision.accept_task(session, actor=world.actors["cs"], task_id=street.id, settings=settings)
    supervision.accept_task(session, actor=world.actors["wh"], task_id=wuhou.id, settings=settings)
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    progress.submit_report(
        session,
        actor=world.actors["cs"],
        task_id=street.id,
        data=ReportCreate(progress=90),
        settings=settings,
    )
    progress.submit_report(
        session,
        actor=world.actors["wh"],
        task_id=wuhou.id,
        data=ReportCreate(progress=30),
        settings=settings,
    )
    assert (street.progress, jinjiang.progress, wuhou.progress) == (90, 90, 30)
    assert parent.progress == 70  # (90 × 2 + 30 × 1) / 3
    # The roll-up reaches the parent's light too.
    assert (parent.light, parent.light_reasons) == (
        "green",
        ["on track: reported 70% with 12% of the time gone"],
    )
    # Walking up from the street to the provincial meeting's sentence.
    chain = [street]
    while chain[-1].parent_id is not None:
        above = session.get(Task, chain[-1].parent_id)
        assert above is not None
        chain.append(above)
    assert [t.code for t in chain] == ["T00001.1.1", "T00001.1", "T00001"]
    assert {(t.span_start, t.span_end) for t in chain} == {(120, 180)}
