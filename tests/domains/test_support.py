"""Support items through the service: entered by the office, agreed and landed by the lead
unit, dropped with a reason; refusals change nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.support import service as support
from luoshi.domains.support.models import SupportItem
from luoshi.domains.support.schemas import SupportItemCreate, SupportItemUpdate, SupportTransition
from luoshi.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from luoshi.kernel import links
from luoshi.kernel.models import AuditEvent
from luoshi.settings import Settings
from tests.scenario.world import World, publish_task


def new_item(session: Session, world: World, settings: Settings, **kw: object) -> SupportItem:
    values: dict[str, object] = {
        "code": "ZC-001",
        "title": "争取国家支持成渝中线高铁建设",
        "ministry": "国家发改委",
        "lead_unit": "prov.fgw",
        "asked_on": date(2023, 3, 10),
    }
    values.update(kw)
    return support.create_item(
        session,
        actor=world.actors["office"],
        data=SupportItemCreate.model_validate(values),
        settings=settings,
    )


def step(
    session: Session, world: World, settings: Settings, item: SupportItem, who: str, **kw: object
) -> SupportItem:
    return support.transition_item(
        session,
        actor=world.actors[who],
        item_id=item.id,
        data=SupportTransition.model_validate({"version": item.version, **kw}),
        settings=settings,
    )


def test_the_office_enters_an_item_and_the_ministry_is_known_by_its_alias(
    session: Session, world: World, settings: Settings
) -> None:
    item = new_item(session, world, settings)
    assert (item.status, item.ministry_code, item.light) == ("asked", "cn.ndrc", "green")
    assert [(e.on, e.to_status) for e in support.history_of(session, item)] == [
        (date(2023, 3, 10), "asked")
    ]
    other = new_item(session, world, settings, code="ZC-002", ministry="某某协会")
    assert other.ministry_code is None
    with pytest.raises(Conflict):
        new_item(session, world, settings)


def test_a_unit_cannot_enter_items_nor_oblige_a_unit_outside_its_subtree(
    session: Session, world: World, settings: Settings
) -> None:
    with pytest.raises(PermissionDenied):
        support.create_item(
            session,
            actor=world.actors["fgw"],
            data=SupportItemCreate(code="X", title="t", ministry="财政部", lead_unit="prov.fgw"),
            settings=settings,
        )
    with pytest.raises(InvalidInput, match="not a unit under"):
        new_item(session, world, settings, office_unit="prov.cd", lead_unit="prov.fgw")
    with pytest.raises(InvalidInput, match="does not exist"):
        new_item(session, world, settings, lead_unit="prov.nowhere")


def test_the_lead_agrees_and_lands_it_as_a_fund_the_office_cannot_be_bypassed_on_dropping(
    session: Session, world: World, settings: Settings
) -> None:
    item = new_item(session, world, settings)
    with pytest.raises(PermissionDenied):
        step(session, world, settings, item, "fgw", transition="drop", reason="不再需要")
    with pytest.raises(InvalidInput, match="before the agreement"):
        step(session, world, settings, item, "fgw", transition="agree", expected_on="2023-03-01")
    assert item.status == "asked"
    step(session, world, settings, item, "fgw", transition="agree", expected_on="2023-06-30")
    assert (item.status, item.agreed_on, item.light) == ("agreed", date(2023, 3, 17), "green")
    with pytest.raises(InvalidInput, match="amount"):
        step(session, world, settings, item, "fgw", transition="land", landed_as="fund")
    assert item.status == "agreed"
    step(
        session,
        world,
        settings,
        item,
        "fgw",
        transition="land",
        landed_as="fund",
        fund_amount="5000",
    )
    assert (item.status, item.fund_amount, item.light) == ("landed", Decimal("5000"), "completed")
    with pytest.raises(InvalidTransition):
        step(session, world, settings, item, "office", transition="drop", reason="x")


def test_a_landing_as_a_project_links_the_task_the_actor_can_see(
    session: Session, world: World, settings: Settings
) -> None:
    task_id = publish_task(session, title="推进项目前期工作", lead="prov.fgw")
    hidden = publish_task(session, title="别处的任务", lead="prov.cd")
    item = new_item(session, world, settings)
    step(session, world, settings, item, "fgw", transition="agree")
    with pytest.raises(NotFound):
        step(
            session,
            world,
            settings,
            item,
            "fgw",
            transition="land",
            landed_as="project",
            project_name="成渝中线高铁",
            task_id=hidden,
        )
    assert (item.status, item.landed_as, item.project_name) == ("agreed", None, "")
    step(
        session,
        world,
        settings,
        item,
        "fgw",
        transition="land",
        landed_as="project",
        project_name="成渝中线高铁",
        task_id=task_id,
    )
    found = links.links_of(
        session, tenant_id=item.tenant_id, object_type="support_item", object_id=item.id
    )
    assert [(k.kind, k.to_type, k.to_id) for k in found] == [("relates", "task", task_id)]


def test_a_drop_needs_a_reason_and_a_stale_version_changes_nothing(
    session: Session, world: World, settings: Settings
) -> None:
    item = new_item(session, world, settings)
    with pytest.raises(InvalidInput, match="reason"):
        step(session, world, settings, item, "office", transition="drop")
    with pytest.raises(Conflict):
        support.transition_item(
            session,
            actor=world.actors["office"],
            item_id=item.id,
            data=SupportTransition(transition="agree", version=item.version + 5),
            settings=settings,
        )
    assert item.status == "asked"
    step(session, world, settings, item, "office", transition="drop", reason="国家政策调整")
    assert (item.status, item.drop_reason) == ("dropped", "国家政策调整")
    assert item.light_reasons[0]["en"] == "dropped on 2023-03-17: 国家政策调整"


def test_edits_are_the_offices_and_every_change_is_audited(
    session: Session, world: World, settings: Settings
) -> None:
    item = new_item(session, world, settings)
    with pytest.raises(PermissionDenied):
        support.update_item(
            session,
            actor=world.actors["fgw"],
            item_id=item.id,
            data=SupportItemUpdate(version=item.version, title="改"),
            settings=settings,
        )
    support.update_item(
        session,
        actor=world.actors["office"],
        item_id=item.id,
        data=SupportItemUpdate(version=item.version, ministry="财政部", lead_unit="prov.swt"),
        settings=settings,
    )
    assert item.ministry_code == "cn.mof"
    actions = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "support_item", AuditEvent.object_id == item.id
        )
    ).all()
    assert sorted(actions) == ["support.create", "support.update"]


def test_lists_show_an_item_to_its_office_and_lead_only(
    session: Session, world: World, settings: Settings
) -> None:
    new_item(session, world, settings)
    new_item(session, world, settings, code="ZC-002", lead_unit="prov.cd.jj")
    seen = {
        name: [i.code for i in support.list_items(session, actor=world.actors[name])[0]]
        for name in ("office", "leader", "fgw", "cd", "jj", "wh", "swt")
    }
    assert seen == {
        "office": ["ZC-001", "ZC-002"],
        "leader": ["ZC-001", "ZC-002"],
        "fgw": ["ZC-001"],
        "cd": ["ZC-002"],
        "jj": ["ZC-002"],
        "wh": [],
        "swt": [],
    }
    _, total = support.list_items(
        session,
        actor=world.actors["office"],
        filters=support.SupportFilter(ministry="国家发展改革委"),
    )
    assert total == 2
    assert session.scalar(select(func.count()).select_from(SupportItem)) == 2
