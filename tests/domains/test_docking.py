"""Docking through the service: a national notice ingested as a source, each measure given
an owner and a local answer, the unanswered ones listed; refusals change nothing."""

from __future__ import annotations

from importlib import resources

import pytest
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockingStatus, DockSource
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.kernel import links
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.scenario.world import World, publish_task

NOTICE = resources.files("luoshi.data").joinpath("national_notice.txt").read_bytes()


def ingest(session: Session, actor: Actor) -> int:
    source, _ = directives.ingest_source(
        session,
        actor=actor,
        content=NOTICE,
        data=SourceCreate(kind="central_document", issuer="国务院", filename="notice.txt"),
        max_bytes=1_000_000,
    )
    # The reviewer rejects what is no measure: the signature and the date under it.
    for d in directives.list_directives(session, actor=actor, source_id=source.id):
        if len(d.text) < 15:
            directives.update_directive(
                session, actor=actor, directive_id=d.id, data=DirectiveUpdate(status="rejected")
            )
    return source.id


def test_docking_a_notice_gives_each_measure_an_entry_once(session: Session, world: World) -> None:
    office = world.actors["office"]
    source_id = ingest(session, office)
    made = docking.dock_source(session, actor=office, data=DockSource(source_id=source_id))
    assert len(made) == 10
    assert made[0].heading == "一、健全县乡村三级商业网络"
    assert made[0].national_measure.startswith("各地要统筹县城")
    assert docking.dock_source(session, actor=office, data=DockSource(source_id=source_id)) == []
    rows, total, unanswered = docking.list_measures(
        session, actor=office, filters=docking.DockingFilter(source_id=source_id)
    )
    assert (len(rows), total, unanswered) == (10, 10, 10)
    with pytest.raises(PermissionDenied):
        docking.dock_source(
            session, actor=world.actors["fgw"], data=DockSource(source_id=source_id)
        )


def test_the_office_assigns_the_owner_answers_and_the_unanswered_list_shrinks(
    session: Session, world: World, settings: Settings
) -> None:
    office, swt = world.actors["office"], world.actors["swt"]
    source_id = ingest(session, office)
    first, second, third, *_ = docking.dock_source(
        session, actor=office, data=DockSource(source_id=source_id)
    )
    task_id = publish_task(session, title="建设县级物流配送中心", lead="prov.swt")
    docking.assign_measure(
        session,
        actor=office,
        docking_id=first.id,
        data=DockingAssign(version=first.version, owner_unit="prov.swt", task_id=task_id),
    )
    found = links.links_of(
        session, tenant_id=first.tenant_id, object_type="directive", object_id=first.directive_id
    )
    assert [(k.kind, k.from_type, k.from_id) for k in found] == [("docks", "task", task_id)]
    docking.assign_measure(
        session,
        actor=office,
        docking_id=second.id,
        data=DockingAssign(version=second.version, owner_unit="prov.swt"),
    )
    # The owner reports its own status; it may not reassign the measure.
    with pytest.raises(PermissionDenied):
        docking.assign_measure(
            session,
            actor=swt,
            docking_id=second.id,
            data=DockingAssign(version=second.version, owner_unit="prov.jxt"),
        )
    with pytest.raises(InvalidInput, match="reason"):
        docking.set_status(
            session,
            actor=swt,
            docking_id=second.id,
            data=DockingStatus(version=second.version, status="not_applicable"),
            settings=settings,
        )
    assert second.status == "not_started"
    docking.set_status(
        session,
        actor=swt,
        docking_id=second.id,
        data=DockingStatus(
            version=second.version, status="drafting", local_measure="冷链设施建设实施方案"
        ),
        settings=settings,
    )
    # A unit that owns nothing of it does not see it.
    with pytest.raises(NotFound):
        docking.set_status(
            session,
            actor=world.actors["jxt"],
            docking_id=third.id,
            data=DockingStatus(version=third.version, status="drafting"),
            settings=settings,
        )
    rows, total, unanswered = docking.list_measures(
        session,
        actor=office,
        filters=docking.DockingFilter(source_id=source_id, unanswered=True),
    )
    assert (total, unanswered) == (8, 8)
    assert first.id not in {r.id for r in rows} and second.id not in {r.id for r in rows}
    mine, total, _ = docking.list_measures(session, actor=swt)
    assert {m.id for m in mine} == {first.id, second.id}
    reads = docking.to_reads(session, [first, second])
    assert [(r.task_id, r.status, r.answered) for r in reads] == [
        (task_id, "not_started", True),
        (None, "drafting", True),
    ]


def test_changing_the_answering_task_moves_its_link(session: Session, world: World) -> None:
    office = world.actors["office"]
    source_id = ingest(session, office)
    first = docking.dock_source(session, actor=office, data=DockSource(source_id=source_id))[0]
    one = publish_task(session, title="一", lead="prov.swt")
    two = publish_task(session, title="二", lead="prov.swt")
    for task_id in (one, two):
        docking.assign_measure(
            session,
            actor=office,
            docking_id=first.id,
            data=DockingAssign(version=first.version, task_id=task_id),
        )
    found = links.links_of(
        session, tenant_id=first.tenant_id, object_type="directive", object_id=first.directive_id
    )
    assert [k.from_id for k in found] == [two]
    docking.assign_measure(
        session,
        actor=office,
        docking_id=first.id,
        data=DockingAssign(version=first.version, clear_task=True),
    )
    assert first.task_id is None
    assert not links.links_of(
        session, tenant_id=first.tenant_id, object_type="directive", object_id=first.directive_id
    )
