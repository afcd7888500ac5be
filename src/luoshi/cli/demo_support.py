"""Demo support items (争取支持事项): asks of national ministries in every status.

Written for the demo; the items, amounts and documents are invented. Each step happens on
its own date up to the demo's day; then the register's job runs once, so the lights and
the chasing of items past their landing date read as they would that day.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.cli.context import unit_of_work
from luoshi.domains.progress import schedule
from luoshi.domains.support import jobs as support_jobs
from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import SupportItemCreate, SupportTransition
from luoshi.domains.tasks import service as tasks
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

# code, title, ministry, lead unit, asked on, [(date, transition, fields)]
ITEMS: tuple[tuple[str, str, str, str, date, tuple[tuple[date, str, dict[str, Any]], ...]], ...] = (
    (
        "ZC-2023-01",
        "争取国家支持成渝中线高铁项目加快建设",
        "国家发展改革委",
        "sc.fgw",
        date(2023, 2, 20),
        (
            (date(2023, 3, 28), "agree", {"expected_on": date(2023, 6, 15)}),
            (
                date(2023, 6, 12),
                "land",
                {"landed_as": "project", "project_name": "成渝中线高铁（四川段）", "link": True},
            ),
        ),
    ),
    (
        "ZC-2023-02",
        "争取中央财政衔接推进乡村振兴补助资金倾斜支持",
        "财政部",
        "sc.nynct",
        date(2023, 1, 16),
        (
            (date(2023, 3, 2), "agree", {"expected_on": date(2023, 5, 31)}),
            (
                date(2023, 5, 26),
                "land",
                {
                    "landed_as": "fund",
                    "fund_amount": "86000",
                    "landed_detail": "第一批资金已下达，省级统筹分配到县",
                },
            ),
        ),
    ),
    (
        "ZC-2023-03",
        "争取将成都纳入国家综合货运枢纽补链强链支持城市",
        "交通运输部",
        "sc.jtt",
        date(2023, 3, 1),
        ((date(2023, 4, 20), "agree", {"expected_on": date(2023, 6, 16)}),),
    ),
    (
        "ZC-2023-04",
        "争取国家支持西部陆海新通道川内重点项目纳入年度计划",
        "国家发改委",
        "sc.fgw",
        date(2023, 3, 10),
        ((date(2023, 5, 15), "agree", {"expected_on": date(2023, 7, 10)}),),
    ),
    (
        "ZC-2023-05",
        "争取支持创建国家级制造业创新中心",
        "工业和信息化部",
        "sc.jxt",
        date(2023, 2, 10),
        (),
    ),
    (
        "ZC-2023-06",
        "争取支持开展县域商业体系建设示范县创建",
        "商务部",
        "sc.swt",
        date(2023, 5, 8),
        (),
    ),
    (
        "ZC-2023-07",
        "争取出台金融支持成渝地区双城经济圈建设的政策措施",
        "人民银行",
        "sc.jrj",
        date(2023, 2, 1),
        (
            (date(2023, 3, 20), "agree", {"expected_on": date(2023, 6, 30)}),
            (
                date(2023, 6, 28),
                "land",
                {"landed_as": "policy", "policy_document": "关于金融支持双城经济圈建设的若干措施"},
            ),
        ),
    ),
    (
        "ZC-2023-08",
        "争取增设国家级跨境电子商务综合试验区",
        "商务部",
        "sc.swt",
        date(2023, 1, 20),
        ((date(2023, 4, 10), "drop", {"reason": "国家本年度暂不新设试验区，转入明年申报"}),),
    ),
    (
        "ZC-2023-09",
        "争取支持重大水利工程前期工作和中央投资",
        "水利部",
        "sc.slt",
        date(2023, 3, 15),
        ((date(2023, 4, 25), "agree", {"expected_on": date(2023, 9, 30)}),),
    ),
    (
        "ZC-2023-10",
        "争取支持成都建设国际消费中心城市专项政策",
        "商务部",
        "sc.cd",
        date(2023, 2, 28),
        (
            (date(2023, 4, 12), "agree", {"expected_on": date(2023, 8, 31)}),
            (date(2023, 6, 5), "drop", {"reason": "并入国家统一部署的消费提振行动，不再单列"}),
        ),
    ),
    (
        "ZC-2023-11",
        "争取高标准农田建设任务和中央补助资金倾斜",
        "农业农村部",
        "sc.nynct",
        date(2023, 4, 3),
        ((date(2023, 5, 10), "agree", {"expected_on": date(2023, 12, 31)}),),
    ),
)


def _at(day: date) -> None:
    clock.travel_to(datetime.combine(day, time(10, 0), tzinfo=clock.LOCAL_TZ))


def load(engine: Engine, settings: Settings, system: Actor, as_of: date) -> int:
    """Enter the demo's support items, step by step up to ``as_of``; the count entered."""
    made = 0
    for code, title, ministry, lead, asked_on, steps in ITEMS:
        if asked_on > as_of:
            continue
        _at(asked_on)
        with unit_of_work(engine) as session:
            item = support.create_item(
                session,
                actor=system,
                data=SupportItemCreate(
                    code=code, title=title, ministry=ministry, lead_unit=lead, asked_on=asked_on
                ),
                settings=settings,
            )
            item_id, made = item.id, made + 1
        for on, transition, fields in steps:
            if on > as_of:
                break
            _at(on)
            with unit_of_work(engine) as session:
                _step(session, settings, system, item_id, on, transition, dict(fields))
    _at(as_of)
    with unit_of_work(engine) as session:
        calendar = schedule.calendar_for(session, settings=settings, tenant_id=system.tenant_id)
        support_jobs.run(session, actor=system, settings=settings, calendar=calendar, on=as_of)
    return made


def _step(
    session: Session,
    settings: Settings,
    system: Actor,
    item_id: int,
    on: date,
    transition: str,
    fields: dict[str, Any],
) -> None:
    if fields.pop("link", False):
        # A landed project supports a task of the seed breakdown led by the same unit.
        item = support.get_support_item_for(
            session, actor=system, item_id=item_id, action="support.view"
        )
        led, _ = tasks.list_tasks(session, actor=system, page_size=500)
        fields["task_id"] = next((t.id for t in led if t.lead_unit_id == item.lead_unit_id), None)
    item = support.get_support_item_for(
        session, actor=system, item_id=item_id, action="support.view"
    )
    support.transition_item(
        session,
        actor=system,
        item_id=item_id,
        data=SupportTransition.model_validate(
            {"transition": transition, "version": item.version, "on": on, **fields}
        ),
        settings=settings,
    )
