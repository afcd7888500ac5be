"""The dashboards' scope: the same tasks as the task list's rule, for every actor; and the
figures a unit is shown are its own."""

from __future__ import annotations

from datetime import date

import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.dashboards import charts, queries
from luoshi.domains.dashboards.scope import tasks_seen
from luoshi.domains.progress import instructions
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import access
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.scenario.world import World, local, publish_task

PLACES = [
    ("prov.fgw", []),
    ("prov.cd.jj", ["prov.swt", "prov.my"]),
    ("prov.cd.jj.cs", []),
    ("prov.cd.wh", ["prov.cd.jj.cs"]),
    ("prov.jxt", ["prov.cd"]),
]


def test_the_dashboards_see_the_tasks_the_task_list_sees(
    session: Session, world: World, settings: Settings
) -> None:
    for n, (lead, co) in enumerate(PLACES):
        task_id = publish_task(session, title=f"任务{n}", lead=lead, co_units=tuple(co))
        task = session.get(Task, task_id)
        assert task is not None
        tasks.fire_transition(
            session, actor=system_actor(), task=task, transition="accept", reason=""
        )
    session.flush()
    for name, actor in world.actors.items():
        listed = set(session.scalars(select(Task.id).where(access.visible(actor))))
        seen = set(session.scalars(select(Task.id).where(tasks_seen(session, actor))))
        assert seen == listed, name
    # By unit, each is shown only the units of its own subtree.
    jj = world.actors["jj"]
    rows = queries.lights_by_unit(session, actor=jj)
    assert [r.key for r in rows] == ["prov.cd.jj", "prov.cd.jj.cs"]
    # The subdistrict leads one task and is a co-unit of another, beside other units.
    burden = charts.burden(session, actor=world.actors["cs"], settings=settings, lang="zh")
    assert [row[:3] for row in burden.rows] == [["春熙路街道", 2, 2.0]]


def test_a_units_to_do_lists_reports_due_and_instructions_to_answer(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(session, title="扩大有效投资", lead="prov.cd.jj", co_units=("prov.swt",))
    other_id = publish_task(session, title="促进消费", lead="prov.fgw")
    jj = world.actors["jj"]
    home = queries.unit_home(session, actor=jj, settings=settings)
    assert [line.task_id for line in home.to_accept] == [task_id]
    assert not home.reports_due and not home.instructions
    for each in (task_id, other_id):
        task = session.get(Task, each)
        assert task is not None
        tasks.fire_transition(
            session, actor=system_actor(), task=task, transition="accept", reason=""
        )
    task = session.get(Task, task_id)
    assert task is not None
    instructions.create_instruction(
        session,
        actor=world.actors["leader"],
        task=task,
        text="抓紧推进",
        author_name="王副省长",
        settings=settings,
    )
    session.flush()
    time_machine.move_to(local(date(2023, 4, 20), 9), tick=False)
    home = queries.unit_home(session, actor=jj, settings=settings)
    assert not home.to_accept
    # The first report owed is shown, with its day, to the lead and to the co-unit.
    [due] = home.reports_due
    assert (due.task_id, due.note, due.due) == (task_id, "2023-04", date(2023, 4, 25))
    assert [line.task_id for line in home.instructions] == [task_id]
    assert "抓紧推进" in home.instructions[0].note
    swt = queries.unit_home(session, actor=world.actors["swt"], settings=settings)
    assert [line.task_id for line in swt.reports_due] == [task_id] and not swt.instructions


def test_a_units_returned_reports_wait_on_its_home_until_filed_again(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    first = publish_task(session, title="扩大有效投资", lead="prov.cd.jj")
    second = publish_task(session, title="促进消费", lead="prov.cd.jj.cs")
    for each in (first, second):
        task = session.get(Task, each)
        assert task is not None
        tasks.fire_transition(
            session, actor=system_actor(), task=task, transition="accept", reason=""
        )
    time_machine.move_to(local(date(2023, 4, 20), 9), tick=False)
    filed = {
        task_id: progress.submit_report(
            session,
            actor=world.actors[who],
            task_id=task_id,
            data=ReportCreate(progress=20, done="开工"),
            settings=settings,
        )
        for task_id, who in ((second, "cs"), (first, "jj"))
    }
    # Returned in this order: the queue shows the earliest return first.
    for task_id, hour in ((first, 10), (second, 11)):
        time_machine.move_to(local(date(2023, 4, 21), hour), tick=False)
        supervision.review_report(
            session,
            actor=world.actors["office"],
            report_id=filed[task_id].id,
            accept=False,
            comment=f"补充材料{task_id}",
            settings=settings,
        )
    session.flush()

    def returned(who: str) -> list[int]:
        home = queries.unit_home(session, actor=world.actors[who], settings=settings)
        return [line.task_id for line in home.reports_returned]

    # The district sees its own and its subdistrict's; the subdistrict its own; others none.
    assert returned("jj") == [first, second]
    assert returned("cs") == [second]
    assert returned("fgw") == []
    progress.submit_report(
        session,
        actor=world.actors["jj"],
        task_id=first,
        data=ReportCreate(progress=25, done="开工并补充材料"),
        settings=settings,
    )
    session.flush()
    assert returned("jj") == [second]
