"""The dashboards' scope: the same tasks as the task list's rule, for every actor; and the
figures a unit is shown are its own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.dashboards import charts, queries
from luoshi.domains.dashboards.scope import tasks_seen
from luoshi.domains.tasks import access
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.scenario.world import World, publish_task

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
