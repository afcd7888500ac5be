"""Tasks: assignment, status machine, stale edits, splitting and roll-up, scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import rules
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate, TaskUpdate
from luoshi.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from luoshi.kernel import audit, users
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings
from tests.factories import PASSWORD, World, build_world, quick_hashing


class _supervise:
    """The supervision use cases with this module's settings filled in."""

    settings = Settings(environment="test")

    @classmethod
    def transition_task(cls, session: Session, **kw: Any) -> Task:
        return supervision.transition_task(session, settings=cls.settings, **kw)

    @classmethod
    def assign_task(cls, session: Session, **kw: Any) -> Task:
        return supervision.assign_task(session, settings=cls.settings, **kw)

    @classmethod
    def update_task(cls, session: Session, **kw: Any) -> Task:
        return supervision.update_task(session, settings=cls.settings, **kw)


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _task(session: Session, world: World, lead: str = "p.fgw", **extra: object) -> int:
    data = TaskCreate(
        title="推进重点项目建设", lead_unit=lead, due_date=date(2023, 12, 31), **extra
    )
    task = tasks.create_task(session, actor=world.office, data=data)
    _supervise.transition_task(session, actor=world.office, task_id=task.id, transition="assign")
    return task.id


def _liaison(session: Session, unit_code: str) -> Actor:
    """A unit liaison of ``unit_code``, made for the test."""
    with quick_hashing():
        user = users.create_user(
            session,
            actor=system_actor(),
            username=f"liaison-{unit_code}",
            password=PASSWORD,
            unit_code=unit_code,
            roles=["unit"],
        )
    return users.actor_for(session, user)


def test_the_status_machine_refuses_illegal_moves() -> None:
    assert rules.next_status("assigned", "accept") == "accepted"
    assert rules.next_status("suspended", "resume", "in_progress") == "in_progress"
    with pytest.raises(InvalidTransition):
        rules.next_status("draft", "verify")
    with pytest.raises(InvalidTransition):
        rules.next_status("closed", "reopen")


def test_accept_and_complete_by_the_lead_unit(session: Session, world: World) -> None:
    task_id = _task(session, world)
    _supervise.transition_task(session, actor=world.fgw, task_id=task_id, transition="accept")
    task = _supervise.transition_task(
        session, actor=world.fgw, task_id=task_id, transition="complete"
    )
    assert (task.status, task.progress) == ("completed", 100)
    with pytest.raises(PermissionDenied):
        _supervise.transition_task(session, actor=world.fgw, task_id=task_id, transition="verify")
    _supervise.transition_task(session, actor=world.office, task_id=task_id, transition="verify")
    actions = [
        e.action
        for e in audit.history_of(
            session, tenant_id="default", object_type="task", object_id=task_id
        )
        if e.action != "task.light"
    ]
    assert actions[:5] == [
        "task.verify",
        "task.complete",
        "task.accept",
        "notify.assigned",  # the lead unit was told
        "task.assign",
    ]


def test_return_needs_a_reason_and_the_office_reassigns(session: Session, world: World) -> None:
    task_id = _task(session, world)
    with pytest.raises(InvalidInput, match="reason"):
        _supervise.transition_task(session, actor=world.fgw, task_id=task_id, transition="return")
    task = _supervise.transition_task(
        session, actor=world.fgw, task_id=task_id, transition="return", reason="不属于本单位职责"
    )
    assert (task.status, task.return_reason) == ("returned", "不属于本单位职责")
    task = _supervise.assign_task(
        session,
        actor=world.office,
        task_id=task_id,
        data=TaskAssign(lead_unit="p.swt", co_units=["p.fgw"]),
    )
    assert task.status == "assigned" and task.return_reason == ""
    assert [u.code for u in tasks.co_units_of(session, task)] == ["p.fgw"]
    # The old lead still sees it as a co-unit; the new lead accepts it.
    tasks.get_task_for(session, actor=world.fgw, task_id=task_id, action="task.view")
    _supervise.transition_task(session, actor=world.swt, task_id=task_id, transition="accept")


def test_a_co_unit_cannot_accept(session: Session, world: World) -> None:
    task_id = _task(session, world, co_units=["p.swt"])
    with pytest.raises(PermissionDenied):
        _supervise.transition_task(session, actor=world.swt, task_id=task_id, transition="accept")


def test_stale_edit_is_refused_and_changes_nothing(session: Session, world: World) -> None:
    task_id = _task(session, world)
    session.commit()  # each edit is a request of its own: the version counts transactions
    current = tasks.get_task_for(session, actor=world.office, task_id=task_id, action="task.view")
    seen = current.version
    _supervise.update_task(
        session, actor=world.office, task_id=task_id, data=TaskUpdate(version=seen, title="新标题")
    )
    session.commit()
    with pytest.raises(Conflict, match="reload"):
        _supervise.update_task(
            session,
            actor=world.office,
            task_id=task_id,
            data=TaskUpdate(version=seen, title="旧的编辑"),
        )
    assert (
        tasks.get_task_for(session, actor=world.office, task_id=task_id, action="task.view").title
        == "新标题"
    )


def test_units_see_only_their_subtree(session: Session, world: World) -> None:
    fgw_task = _task(session, world)
    city_task = _task(session, world, lead="p.a")
    with pytest.raises(NotFound):
        tasks.get_task_for(session, actor=world.swt, task_id=fgw_task, action="task.view")
    with pytest.raises(NotFound):
        tasks.get_task_for(session, actor=world.city_b, task_id=city_task, action="task.view")
    seen, total = tasks.list_tasks(session, actor=world.city_a)
    assert total == 1 and [t.id for t in seen] == [city_task]
    _, total = tasks.list_tasks(session, actor=world.office)
    assert total == 2


def test_split_down_the_tree_and_roll_up(session: Session, world: World) -> None:
    parent_id = _task(session, world, lead="p.a")
    _supervise.transition_task(session, actor=world.city_a, task_id=parent_id, transition="accept")
    with pytest.raises(InvalidInput, match="below"):
        tasks.create_subtasks(
            session,
            actor=world.city_a,
            task_id=parent_id,
            parts=[TaskCreate(title="乙市的部分", lead_unit="p.b")],
        )
    (county,) = tasks.create_subtasks(
        session,
        actor=world.city_a,
        task_id=parent_id,
        parts=[TaskCreate(title="X县落实", lead_unit="p.a.x", weight=3)],
    )
    assert county.code.endswith(".1") and county.depth == 1 and county.status == "assigned"
    # The city supervises what it split off: the county accepts for itself.
    county_actor, town_actor = _liaison(session, "p.a.x"), _liaison(session, "p.a.x.t")
    with pytest.raises(PermissionDenied, match="lead unit"):
        _supervise.transition_task(
            session, actor=world.city_a, task_id=county.id, transition="accept"
        )
    _supervise.transition_task(session, actor=county_actor, task_id=county.id, transition="accept")
    # The county breaks its part further, to a town; provenance travels down.
    (town,) = tasks.create_subtasks(
        session,
        actor=county_actor,
        task_id=county.id,
        parts=[TaskCreate(title="T镇落实", lead_unit="p.a.x.t")],
    )
    assert town.depth == 2 and town.span_start == county.span_start
    _supervise.transition_task(session, actor=town_actor, task_id=town.id, transition="accept")
    tasks.set_progress(session, actor=town_actor, task=town, progress=60)
    parent = tasks.get_task_for(session, actor=world.office, task_id=parent_id, action="task.view")
    assert county.progress == 60
    assert parent.progress == 60
    (extra,) = tasks.create_subtasks(
        session,
        actor=world.city_a,
        task_id=parent_id,
        parts=[TaskCreate(title="城区落实", lead_unit="p.a.x", weight=1)],
    )
    _supervise.transition_task(session, actor=county_actor, task_id=extra.id, transition="accept")
    tasks.set_progress(session, actor=county_actor, task=extra, progress=20)
    # weights 3 (60%) and 1 (20%): (180 + 20) / 4 = 50
    assert parent.progress == 50


def test_list_filters_and_pages(session: Session, world: World) -> None:
    ids = [_task(session, world) for _ in range(7)]
    _supervise.transition_task(session, actor=world.fgw, task_id=ids[0], transition="accept")
    page, total = tasks.list_tasks(session, actor=world.office, page=2, page_size=3)
    assert total == 7 and len(page) == 3
    accepted, total = tasks.list_tasks(
        session, actor=world.office, filters=tasks.TaskFilter(status="accepted")
    )
    assert total == 1 and accepted[0].id == ids[0]
    _, total = tasks.list_tasks(session, actor=world.office, filters=tasks.TaskFilter(unit="p.swt"))
    assert total == 0
    _, total = tasks.list_tasks(
        session, actor=world.office, filters=tasks.TaskFilter(overdue_on=date(2024, 1, 1))
    )
    assert total == 7
    with pytest.raises(InvalidInput):
        tasks.list_tasks(session, actor=world.office, page=0)
    with pytest.raises(InvalidInput, match="unit"):
        tasks.list_tasks(session, actor=world.office, filters=tasks.TaskFilter(unit="nope"))
