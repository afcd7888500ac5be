"""Two registers through 2023 with the clock frozen, day by day, on both databases.

A support item: the Department of Commerce asks the NDRC on 20 March for central budget
money for county logistics centres; the ministry agrees on 14 April, to land by 30 June.
The job runs every working morning: the light turns yellow a fortnight before the date and
red after it, the ladder reminds, urges and sends yellow and red notices on the right
working days, and once the fund of 5000万元 lands on 18 July (linked to the task that
builds the centres) the light is completed and the chasing stops.

A national document: a State Council notice of ten measures is ingested as a source on 12
April, the reviewer rejects what is no measure, the office docks it and gives the measures
their owners and answers (tasks, provincial measures by name, one not applicable with its
reason); the owners report their status over the following weeks; at the end the view
lists every measure with its answer and the two still unanswered.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from time_machine import TimeMachineFixture

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockingStatus, DockSource
from luoshi.domains.progress import schedule
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.supervision.chase import chases_of
from luoshi.domains.support import jobs as support_jobs
from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import SupportItemCreate, SupportTransition
from luoshi.kernel import links
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings, publish_task

NOTICE = resources.files("luoshi.data").joinpath("national_notice.txt").read_bytes()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def world(db: Database, time_machine: TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def test_a_support_item_is_asked_agreed_chased_and_lands_as_a_fund(
    db: Database, world: World, settings: Settings, time_machine: TimeMachineFixture
) -> None:
    lights: dict[date, str] = {}
    steps: list[tuple[date, str, int]] = []
    item_id = task_id = 0
    for day in days(date(2023, 3, 20), date(2023, 7, 31)):
        time_machine.move_to(local(day, 9), tick=False)
        with db.session() as session:
            calendar = schedule.calendar_for(session, settings=settings, tenant_id="default")
            if day == date(2023, 3, 20):
                task_id = publish_task(session, title="建设县级物流配送中心", lead="prov.swt")
                item_id = support.create_item(
                    session,
                    actor=world.actors["office"],
                    data=SupportItemCreate(
                        code="ZC-2023-01",
                        title="争取中央预算内投资支持县级物流配送中心建设",
                        ministry="国家发展改革委",
                        lead_unit="prov.swt",
                    ),
                    settings=settings,
                ).id
            if day == date(2023, 4, 14):
                _step(session, world, settings, item_id, "swt", "agree", expected_on="2023-06-30")
            if day == date(2023, 7, 18):
                _step(
                    session,
                    world,
                    settings,
                    item_id,
                    "swt",
                    "land",
                    landed_as="fund",
                    fund_amount="5000",
                    landed_detail="下达中央预算内投资5000万元",
                    task_id=task_id,
                )
            if calendar.is_working_day(day):
                for line in support_jobs.run(
                    session, actor=system_actor(), settings=settings, calendar=calendar, on=day
                ):
                    if "step" in line:
                        steps.append((day, line["step"], line["days_overdue"]))
            item = support.get_support_item_for(
                session, actor=world.actors["office"], item_id=item_id, action="support.view"
            )
            lights[day] = item.light
            session.commit()

    assert lights[date(2023, 3, 20)] == "green"
    assert lights[date(2023, 6, 14)] == "green"
    assert lights[date(2023, 6, 15)] == "yellow"  # 15 days left
    assert lights[date(2023, 6, 30)] == "yellow"
    assert lights[date(2023, 7, 3)] == "red"  # the job's first working day past the date
    assert lights[date(2023, 7, 18)] == lights[date(2023, 7, 31)] == "completed"
    # Reminded three working days ahead, urged the first working day after, yellow after
    # five working days overdue, red after ten; nothing once it landed.
    assert steps == [
        (date(2023, 6, 27), "remind", 0),
        (date(2023, 7, 3), "urge", 1),
        (date(2023, 7, 7), "notice_yellow", 5),
        (date(2023, 7, 14), "notice_red", 10),
    ]
    with db.session() as session:
        item = support.get_support_item_for(
            session, actor=world.actors["swt"], item_id=item_id, action="support.view"
        )
        history = [(e.on, e.from_status, e.to_status) for e in support.history_of(session, item)]
        assert history == [
            (date(2023, 3, 20), None, "asked"),
            (date(2023, 4, 14), "asked", "agreed"),
            (date(2023, 7, 18), "agreed", "landed"),
        ]
        assert (item.landed_as, str(item.fund_amount), item.ministry_code) == (
            "fund",
            "5000.00",
            "cn.ndrc",
        )
        found = links.links_of(
            session, tenant_id="default", object_type="support_item", object_id=item_id
        )
        assert [(k.to_type, k.to_id) for k in found] == [("task", task_id)]
        chased = chases_of(
            session, tenant_id="default", object_type="support_item", object_id=item_id
        )
        assert {c.unit_id for c in chased} == {world.units["prov.swt"].id}
        detail = support.to_detail(session, world.actors["swt"], item, language="en")
        assert [(c.issued_on, c.step, c.days_overdue) for c in detail.chases] == steps


def _step(
    session: Session,
    world: World,
    settings: Settings,
    item_id: int,
    who: str,
    transition: str,
    **kw: Any,
) -> None:
    item = support.get_support_item_for(
        session, actor=world.actors[who], item_id=item_id, action="support.view"
    )
    support.transition_item(
        session,
        actor=world.actors[who],
        item_id=item_id,
        data=SupportTransition.model_validate(
            {"transition": transition, "version": item.version, **kw}
        ),
        settings=settings,
    )


# measure → (owner, answer) as the office gives them on 14 April
ASSIGNED: dict[int, dict[str, Any]] = {
    1: {"owner_unit": "prov.swt", "task": "建设县级物流配送中心和乡镇商贸中心"},
    2: {"owner_unit": "prov.fgw", "local_measure": "农产品产地冷链设施建设实施方案"},
    3: {"owner_unit": "prov.swt", "task": "推进快递服务进村全覆盖"},
    4: {"owner_unit": "prov.fgw"},
    5: {"owner_unit": "prov.jxt", "local_measure": "农村电商人才培训行动计划"},
    6: {"owner_unit": "prov.jxt"},
    7: {"owner_unit": "prov.swt"},
    9: {"owner_unit": "prov.fgw"},
}
# (day, measure, owner's status, reason or measure name)
REPORTED = (
    (date(2023, 4, 20), 1, "drafting", ""),
    (date(2023, 4, 25), 2, "drafting", ""),
    (date(2023, 5, 10), 9, "not_applicable", "本省已出台商业设施用地保障专项政策，继续执行"),
    (date(2023, 5, 30), 1, "issued", ""),
    (date(2023, 6, 5), 5, "issued", ""),
    (date(2023, 6, 15), 1, "in_force", ""),
    (date(2023, 6, 20), 4, "drafting", "县域商业设施改造资金管理办法"),
)


def test_a_national_notice_is_docked_measure_by_measure(
    db: Database, world: World, settings: Settings, time_machine: TimeMachineFixture
) -> None:
    office = world.actors["office"]
    measures: dict[int, int] = {}
    tasks_of: dict[int, int] = {}
    for day in days(date(2023, 4, 12), date(2023, 6, 30)):
        time_machine.move_to(local(day, 10), tick=False)
        with db.session() as session:
            if day == date(2023, 4, 12):
                source, _ = directives.ingest_source(
                    session,
                    actor=office,
                    content=NOTICE,
                    data=SourceCreate(
                        kind="central_document", issuer="国务院", filename="guofa-2023-21.txt"
                    ),
                    max_bytes=settings.max_upload_bytes,
                )
                assert source.title == "国务院关于加快县域商业体系建设促进农村消费的通知"
                for d in directives.list_directives(session, actor=office, source_id=source.id):
                    if d.text.strip() in ("国务院", "2023年4月10日"):
                        directives.update_directive(
                            session,
                            actor=office,
                            directive_id=d.id,
                            data=DirectiveUpdate(status="rejected"),
                        )
                made = docking.dock_source(
                    session, actor=office, data=DockSource(source_id=source.id)
                )
                measures = {n: m.id for n, m in enumerate(made, 1)}
                source_id = source.id
            if day == date(2023, 4, 14):
                for n, plan in ASSIGNED.items():
                    task_id = None
                    if "task" in plan:
                        task_id = publish_task(session, title=plan["task"], lead=plan["owner_unit"])
                        tasks_of[n] = task_id
                    entry = docking.get_docking_for(
                        session, actor=office, docking_id=measures[n], action="docking.view"
                    )
                    docking.assign_measure(
                        session,
                        actor=office,
                        docking_id=entry.id,
                        data=DockingAssign(
                            version=entry.version,
                            owner_unit=plan["owner_unit"],
                            task_id=task_id,
                            local_measure=plan.get("local_measure"),
                        ),
                    )
            for on, n, status, text in REPORTED:
                if on != day:
                    continue
                owner = {"prov.swt": "swt", "prov.fgw": "fgw", "prov.jxt": "jxt"}[
                    ASSIGNED[n]["owner_unit"]
                ]
                entry = docking.get_docking_for(
                    session,
                    actor=world.actors[owner],
                    docking_id=measures[n],
                    action="docking.view",
                )
                docking.set_status(
                    session,
                    actor=world.actors[owner],
                    docking_id=entry.id,
                    data=DockingStatus(
                        version=entry.version,
                        status=status,
                        reason=text if status == "not_applicable" else "",
                        local_measure=text if status != "not_applicable" and text else None,
                    ),
                    settings=settings,
                )
            session.commit()

    with db.session() as session:
        rows, total, unanswered = docking.list_measures(
            session, actor=office, filters=docking.DockingFilter(source_id=source_id)
        )
        view = {
            n: (r.status, r.task_id, r.owner_unit.code if r.owner_unit else None, r.answered)
            for n, r in enumerate(docking.to_reads(session, rows), 1)
        }
        assert total == 10 and unanswered == 4
        assert view == {
            1: ("in_force", tasks_of[1], "prov.swt", True),
            2: ("drafting", None, "prov.fgw", True),
            3: ("not_started", tasks_of[3], "prov.swt", True),
            4: ("drafting", None, "prov.fgw", True),
            5: ("issued", None, "prov.jxt", True),
            6: ("not_started", None, "prov.jxt", False),
            7: ("not_started", None, "prov.swt", False),
            8: ("not_started", None, None, False),
            9: ("not_applicable", None, "prov.fgw", True),
            10: ("not_started", None, None, False),
        }
        first = rows[0]
        assert (first.status_on, rows[8].reason) == (
            date(2023, 6, 15),
            "本省已出台商业设施用地保障专项政策，继续执行",
        )
        open_rows, open_total, _ = docking.list_measures(
            session,
            actor=office,
            filters=docking.DockingFilter(source_id=source_id, unanswered=True),
        )
        assert open_total == 4
        assert [r.heading for r in open_rows] == [
            "六、开展新能源汽车和绿色智能家电下乡",
            "七、改造提升传统农贸市场",
            "八、强化农村市场监管",
            "十、强化组织实施",
        ]
        # The owner sees only its own measures; the answering task is linked as "docks".
        mine, _, _ = docking.list_measures(session, actor=world.actors["jxt"])
        assert {m.id for m in mine} == {measures[5], measures[6]}
        found = links.links_of(
            session, tenant_id="default", object_type="task", object_id=tasks_of[1]
        )
        assert [(k.kind, k.to_type, k.to_id) for k in found] == [
            ("docks", "directive", first.directive_id)
        ]
        history = docking.history_of(session, first)
        assert [e["action"] for e in reversed(history)] == [
            "docking.create",
            "docking.assign",
            "docking.status",
            "docking.status",
            "docking.status",
        ]
