"""Demo docking (政策对接): a State Council notice, written for the demo, docked measure
by measure — some answered by the seed's tasks, some by provincial measures being drafted,
issued or in force, one not applicable with its reason, two still unanswered."""

from __future__ import annotations

from datetime import date, datetime, time
from importlib import resources
from typing import Any

from sqlalchemy import Engine

from luoshi import clock
from luoshi.cli.context import unit_of_work
from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockingStatus, DockSource
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.tasks import service as tasks
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

NOTICE_FILE = "national_notice.txt"
ISSUED = date(2023, 4, 10)
RECEIVED = date(2023, 4, 12)
ASSIGNED = date(2023, 4, 14)
# The lines of the notice that are no measure: the reviewer rejects them.
NOT_MEASURES = ("国务院", "2023年4月10日")

# measure number → owner unit, the seed task that answers it (by code), the provincial
# measure's name, and the owner's reports: (date, status, reason)
ANSWERS: dict[int, dict[str, Any]] = {
    1: {
        "owner": "sc.swt",
        "task": "S1-016",
        "measure": "四川省县域商业体系建设实施方案",
        "reports": ((date(2023, 4, 24), "drafting", ""),),
    },
    2: {
        "owner": "sc.nynct",
        "task": "S1-019",
        "measure": "农产品产地冷藏保鲜设施建设实施方案",
        "reports": ((date(2023, 4, 28), "drafting", ""), (date(2023, 6, 9), "issued", "")),
    },
    3: {
        "owner": "sc.jtt",
        "measure": "快递进村工程推进方案",
        "reports": ((date(2023, 5, 8), "drafting", ""),),
    },
    4: {"owner": "sc.czt", "reports": ()},
    5: {
        "owner": "sc.swt",
        "measure": "农村电商人才培训三年行动计划",
        "reports": (
            (date(2023, 4, 20), "drafting", ""),
            (date(2023, 5, 19), "issued", ""),
            (date(2023, 6, 1), "in_force", ""),
        ),
    },
    6: {"owner": "sc.jxt", "reports": ((date(2023, 5, 22), "drafting", ""),)},
    7: {"owner": "sc.swt", "reports": ()},
    8: {
        "owner": "sc.scjgj",
        "measure": "农村假冒伪劣食品专项整治行动方案",
        "reports": ((date(2023, 5, 4), "issued", ""),),
    },
    9: {
        "owner": "sc.zrzyt",
        "reports": (
            (
                date(2023, 4, 26),
                "not_applicable",
                "本省国土空间规划已统筹安排县域商业设施用地，按现行用地政策执行，不另行制定措施",
            ),
        ),
    },
    10: {
        "owner": "sc.bgt",
        "task": "S1-011",
        "measure": "四川省贯彻落实县域商业体系建设通知的工作方案",
        "reports": ((date(2023, 5, 15), "drafting", ""),),
    },
}


def notice_text() -> bytes:
    return resources.files("luoshi.data").joinpath(NOTICE_FILE).read_bytes()


def _at(day: date) -> None:
    clock.travel_to(datetime.combine(day, time(11, 0), tzinfo=clock.LOCAL_TZ))


def load(engine: Engine, settings: Settings, system: Actor, as_of: date) -> int:
    """Ingest and dock the notice, then the owners' answers up to ``as_of``; the number
    of measures docked."""
    if as_of < RECEIVED:
        return 0
    _at(RECEIVED)
    with unit_of_work(engine) as session:
        source, _ = directives.ingest_source(
            session,
            actor=system,
            content=notice_text(),
            data=SourceCreate(
                kind="central_document",
                doc_date=ISSUED,
                issuer="国务院",
                filename="guofa-2023-21.txt",
            ),
            max_bytes=settings.max_upload_bytes,
        )
        for d in directives.list_directives(session, actor=system, source_id=source.id):
            if d.text.strip() in NOT_MEASURES:
                directives.update_directive(
                    session,
                    actor=system,
                    directive_id=d.id,
                    data=DirectiveUpdate(status="rejected"),
                )
        measures = [
            m.id
            for m in docking.dock_source(
                session, actor=system, data=DockSource(source_id=source.id)
            )
        ]
    if as_of < ASSIGNED:
        return len(measures)
    _at(ASSIGNED)
    with unit_of_work(engine) as session:
        rows, _ = tasks.list_tasks(session, actor=system, page_size=500)
        by_code = {t.code: t.id for t in rows}
        for n, answer in ANSWERS.items():
            entry = docking.get_docking_for(
                session, actor=system, docking_id=measures[n - 1], action="docking.view"
            )
            docking.assign_measure(
                session,
                actor=system,
                docking_id=entry.id,
                data=DockingAssign(
                    version=entry.version,
                    owner_unit=answer["owner"],
                    task_id=by_code.get(answer.get("task", "")),
                    local_measure=answer.get("measure"),
                ),
            )
    reports = sorted(
        (on, n, status, reason)
        for n, answer in ANSWERS.items()
        for on, status, reason in answer["reports"]
        if on <= as_of
    )
    for on, n, status, reason in reports:
        _at(on)
        with unit_of_work(engine) as session:
            entry = docking.get_docking_for(
                session, actor=system, docking_id=measures[n - 1], action="docking.view"
            )
            docking.set_status(
                session,
                actor=system,
                docking_id=entry.id,
                data=DockingStatus(version=entry.version, status=status, reason=reason, on=on),
                settings=settings,
            )
    return len(measures)
