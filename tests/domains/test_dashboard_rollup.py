"""The dashboards' task rollup: equal to a count from scratch after every kind of write, and
every figure read from it equal to the live query's."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from luoshi.domains.dashboards import charts, queries
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.domains.tasks import rollup
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task, TaskCoUnit, TaskRollup
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate, TaskUpdate
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings, publish_task

TENANT = "default"


def from_scratch(session: Session) -> Counter[rollup.RowKey]:
    """The rollup's rows counted in Python over every task and co-unit row: the reference,
    independent of the rollup's own SQL."""
    found: Counter[rollup.RowKey] = Counter()
    cycles: dict[int, tuple[str, str]] = {}
    for task in session.scalars(select(Task).where(Task.tenant_id == TENANT)):
        status, light, cycle = task.status, task.light, task.report_cycle
        cycles[task.id] = (status, cycle)
        found[("lead", task.lead_unit_id, "", "", status, light, cycle)] += 1
        found[("line", None, task.work_line or "", "", status, light, "")] += 1
        month = "" if task.due_date is None else task.due_date.strftime("%Y-%m")
        found[("due", None, "", month, status, light, "")] += 1
    for co in session.scalars(select(TaskCoUnit).where(TaskCoUnit.tenant_id == TENANT)):
        status, cycle = cycles[co.task_id]
        found[("co", co.unit_id, "", "", status, "", cycle)] += 1
    return found


def assert_exact(session: Session, step: str) -> None:
    assert rollup.stored(session, tenant=TENANT) == from_scratch(session), step


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def world(session: Session, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 1), 9), tick=False)
    return build_world(session)


def test_the_rollup_stays_exact_through_services_and_the_lights_job(
    db: Database,
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    system = system_actor()
    office = world.actors["office"]
    ids = [
        publish_task(session, title="扩大有效投资", lead="prov.fgw", due=date(2023, 3, 31)),
        publish_task(
            session,
            title="促进消费",
            lead="prov.swt",
            co_units=("prov.fgw", "prov.cd"),
            due=date(2023, 6, 30),
            cycle="weekly",
        ),
        publish_task(session, title="稳就业", lead="prov.cd.jj", co_units=("prov.cd.jj.cs",)),
    ]
    assert_exact(session, "published")  # read in the same session, before any commit
    session.commit()
    assert_exact(session, "committed")

    supervision.accept_task(session, actor=world.actors["fgw"], task_id=ids[0], settings=settings)
    assert_exact(session, "accepted")
    supervision.return_task(
        session, actor=world.actors["jj"], task_id=ids[2], reason="不属本单位", settings=settings
    )
    assert_exact(session, "returned")
    supervision.assign_task(
        session,
        actor=office,
        task_id=ids[2],
        data=TaskAssign(lead_unit="prov.cd.wh", co_units=["prov.my"]),
        settings=settings,
    )
    assert_exact(session, "reassigned: lead and co-units moved")
    second = session.get(Task, ids[1])
    assert second is not None
    supervision.update_task(
        session,
        actor=office,
        task_id=ids[1],
        data=TaskUpdate(
            version=second.version,
            work_line="促进消费恢复",
            report_cycle="quarterly",
            due_date=date(2023, 9, 30),
        ),
        settings=settings,
    )
    assert_exact(session, "work line, cycle and due month edited")
    supervision.split_task(
        session,
        actor=office,
        task_id=ids[0],
        parts=[TaskCreate(title="省重点项目开工", lead_unit="prov.cd", due_date=date(2023, 3, 20))],
        settings=settings,
    )
    assert_exact(session, "split")
    session.commit()

    # The lights job, weeks later: lights turn in committed batches.
    time_machine.move_to(local(date(2023, 5, 10), 9), tick=False)
    done = run_jobs(db.factory, settings=settings, at=local(date(2023, 5, 10), 8))
    assert any(r.get("job") == "light" for r in done)
    session.expire_all()
    assert_exact(session, "after the lights job")
    assert session.scalar(select(TaskRollup.id).where(TaskRollup.light == "red")) is not None

    # Rows deleted: a co-unit dropped, and a task added then deleted, leave no count behind.
    co = session.scalars(select(TaskCoUnit).where(TaskCoUnit.task_id == ids[1])).first()
    assert co is not None
    session.delete(co)
    session.flush()
    assert_exact(session, "co-unit deleted")
    unit_id = world.units["prov.my"].id
    extra = Task(code="X-1", title="临时", lead_unit_id=unit_id, status="assigned", light="red")
    session.add(extra)
    session.flush()
    session.add(TaskCoUnit(task_id=extra.id, unit_id=world.units["prov.cd"].id))
    assert_exact(session, "added by hand")
    session.execute(delete(TaskCoUnit).where(TaskCoUnit.task_id == extra.id))
    session.delete(extra)
    session.flush()
    assert_exact(session, "deleted")
    session.rollback()
    assert_exact(session, "rolled back")
    # A bulk INSERT through the session (the seeder's way) recounts its tenant whole.
    bulk = {"tenant_id": TENANT, "lead_unit_id": unit_id, "status": "in_progress"}
    session.execute(
        insert(Task),
        [{**bulk, "code": f"B-{n}", "title": "批量", "light": "yellow"} for n in range(3)],
    )
    assert_exact(session, "bulk insert")

    # Written past the session (on its connection), then rebuilt: exact again, and audited.
    session.connection().execute(
        update(Task).where(Task.id == ids[0]).values(status="verified", light="green")
    )
    session.expire_all()
    assert rollup.stored(session, tenant=TENANT) != from_scratch(session)
    rows = rollup.rebuild_recorded(session, actor=system, tenant=TENANT)
    assert rows == len(from_scratch(session))
    assert_exact(session, "rebuilt")
    assert (
        session.scalar(select(AuditEvent.id).where(AuditEvent.action == "dashboards.rebuild"))
        is not None
    )


def test_every_figure_read_from_the_rollup_equals_the_live_query(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    places = [
        ("prov.fgw", (), date(2023, 3, 31), "monthly"),
        ("prov.swt", ("prov.fgw", "prov.cd"), date(2023, 2, 28), "weekly"),
        ("prov.cd.jj", ("prov.cd.jj.cs",), date(2023, 6, 30), "half_monthly"),
        ("prov.cd.wh", ("prov.cd.jj.cs", "prov.swt"), None, "quarterly"),
        ("prov.jxt", ("prov.cd",), date(2023, 1, 31), "monthly"),
        ("prov.my", (), date(2023, 3, 15), "monthly"),
    ]
    for n, (lead, co, due, cycle) in enumerate(places):
        task_id = publish_task(
            session, title=f"任务{n}", lead=lead, co_units=co, due=due, cycle=cycle
        )
        if n % 3:
            task = session.get(Task, task_id)
            assert task is not None
            tasks.fire_transition(
                session, actor=system_actor(), task=task, transition="accept", reason=""
            )
            task.work_line = f"板块{n % 2}"
            task.light = ("red", "yellow", "green")[n % 3]
    session.commit()
    for name, actor in world.actors.items():
        if not actor.can("task.view") or actor.is_admin:
            continue
        rolled_units = queries.lights_by_unit(session, actor=actor)
        assert rolled_units == queries.lights_by_unit(session, actor=actor, live=True), name
        lines = queries.lights_by_work_line(session, actor=actor)
        assert lines == queries.lights_by_work_line(session, actor=actor, live=True), name
        start = queries.good_start(session, actor=actor, settings=settings)
        assert start == queries.good_start(session, actor=actor, settings=settings, live=True)
        burden = charts.burden(session, actor=actor, settings=settings, lang="zh")
        live = charts.burden(session, actor=actor, settings=settings, lang="zh", live=True)
        assert burden == live, name
    # Not vacuous: the office sees every kind of figure filled.
    office = world.actors["office"]
    assert len(queries.lights_by_unit(session, actor=office)) == len(places)
    assert {r.key for r in queries.lights_by_work_line(session, actor=office)} >= {"板块0"}
    assert sum(queries.good_start(session, actor=office, settings=settings).due_in_quarter.values())
    assert [
        row[1] for row in charts.burden(session, actor=office, settings=settings, lang="zh").rows
    ]


def test_the_burden_summed_one_level_down_adds_up_to_every_unit(
    session: Session, world: World, settings: Settings
) -> None:
    for n, (lead, co) in enumerate(
        [("prov.cd.jj", ("prov.cd.jj.cs",)), ("prov.cd.wh", ()), ("prov.fgw", ("prov.cd",))]
    ):
        task_id = publish_task(session, title=f"任务{n}", lead=lead, co_units=co)
        task = session.get(Task, task_id)
        assert task is not None
        tasks.fire_transition(
            session, actor=system_actor(), task=task, transition="accept", reason=""
        )
    office = world.actors["office"]
    every = charts.burden(session, actor=office, settings=settings, lang="zh")
    summed = charts.burden(session, actor=office, settings=settings, lang="zh", full=False)
    assert len(every.rows) == 5
    assert {row[0] for row in summed.rows} == {"成都市", "省发展改革委"}
    assert sum(int(str(row[1])) for row in summed.rows) == sum(
        int(str(row[1])) for row in every.rows
    )
    chengdu = next(row for row in summed.rows if row[0] == "成都市")
    assert chengdu[1] == 4  # the city as co-unit, two districts and a subdistrict
