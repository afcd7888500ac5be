"""Proposal services: returns and their window, default acceptance, splitting, who may
do what (separation of duties), stale edits, lists and the job."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.progress import schedule
from luoshi.domains.proposals import jobs, queries
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalCreate,
    ProposalReturn,
    ProposalSplit,
    ReplyDraft,
)
from luoshi.domains.supervision.models import RegisterChase
from luoshi.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied, StaleEdit
from luoshi.kernel import users
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings
from tests.factories import PASSWORD, quick_hashing
from tests.scenario.proposals import stage
from tests.scenario.world import World, local


def _city_office(session: Session, world: World) -> Actor:
    with quick_hashing():
        user = users.create_user(
            session,
            actor=system_actor(),
            username="cdo",
            password=PASSWORD,
            unit_code="prov.cd",
            roles=["office", "unit"],
        )
    world.actors["cdo"] = users.actor_for(session, user)
    return world.actors["cdo"]


def test_a_return_within_the_window_goes_back_to_the_office_and_another_person_reassigns(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    pid = stage(session, world, settings, "assigned")  # on Friday 2023-03-17
    time_machine.move_to(local(date(2023, 3, 24)), tick=False)  # the 5th working day
    p = proposals.return_proposal(
        session,
        actor=world.actors["fgw"],
        proposal_id=pid,
        data=ProposalReturn(reason="属商务厅职责"),
        settings=settings,
    )
    assert (p.state, p.return_reason, p.light) == ("returned", "属商务厅职责", "yellow")
    proposals.assign_proposal(
        session,
        actor=world.actors["office"],
        proposal_id=pid,
        data=ProposalAssign(lead_unit="prov.swt"),
        settings=settings,
    )
    assert (p.state, p.assigned_on, p.reply_due) == (
        "assigned",
        date(2023, 3, 24),
        date(2023, 6, 24),
    )


def test_a_return_after_the_window_is_refused_and_the_job_accepts_by_default(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    pid = stage(session, world, settings, "assigned")
    time_machine.move_to(local(date(2023, 3, 27)), tick=False)  # the 6th working day
    with pytest.raises(InvalidInput, match="return window closed on 2023-03-24"):
        proposals.return_proposal(
            session,
            actor=world.actors["fgw"],
            proposal_id=pid,
            data=ProposalReturn(reason="late"),
            settings=settings,
        )
    calendar = schedule.calendar_for(session, settings=settings, tenant_id="default")
    lines = jobs.run(
        session, actor=system_actor(), settings=settings, calendar=calendar, on=date(2023, 3, 27)
    )
    assert lines[0]["job"] == "proposals.accept_by_default"
    p = proposals.get_proposal_for(
        session, actor=world.actors["office"], proposal_id=pid, action="proposal.view"
    )
    assert p.state == "accepted"
    again = jobs.run(
        session, actor=system_actor(), settings=settings, calendar=calendar, on=date(2023, 3, 27)
    )
    assert not [line for line in again if line["job"] == "proposals.accept_by_default"]


def test_the_job_chases_the_reply_deadline_once_per_step(
    session: Session, world: World, settings: Settings
) -> None:
    pid = stage(session, world, settings, "accepted")  # reply due 2023-06-17 (a Saturday)
    calendar = schedule.calendar_for(session, settings=settings, tenant_id="default")
    system = system_actor()
    day = date(2023, 6, 26)  # past due: urged and noticed, at the lead unit only
    lines = jobs.run(session, actor=system, settings=settings, calendar=calendar, on=day)
    chased = [line for line in lines if line["job"] == "chase"]
    assert chased and {line["unit"] for line in chased} == {"prov.fgw"}
    p = proposals.get_proposal_for(session, actor=system, proposal_id=pid, action="proposal.view")
    assert p.light == "red"
    assert not [
        line
        for line in jobs.run(session, actor=system, settings=settings, calendar=calendar, on=day)
        if line["job"] == "chase"
    ]
    assert session.scalars(select(RegisterChase.object_type)).all()[0] == "proposal"


def test_split_makes_one_part_per_unit_each_assigned(
    session: Session, world: World, settings: Settings
) -> None:
    pid = stage(session, world, settings, "registered")
    parts = proposals.split_proposal(
        session,
        actor=world.actors["office"],
        proposal_id=pid,
        data=ProposalSplit(units=["prov.fgw", "prov.cd"]),
        settings=settings,
    )
    assert [(p.number[-2:], p.state, p.split_from_id) for p in parts] == [
        ("-1", "assigned", pid),
        ("-2", "assigned", pid),
    ]
    parent = proposals.get_proposal_for(
        session, actor=world.actors["office"], proposal_id=pid, action="proposal.view"
    )
    detail = queries.to_detail(session, parent, settings=settings)
    assert (detail.state, detail.part_ids) == ("split", [p.id for p in parts])
    cd_view = proposals.get_proposal_for(
        session, actor=world.actors["cd"], proposal_id=parts[1].id, action="proposal.handle"
    )
    assert cd_view.id == parts[1].id
    with pytest.raises(InvalidInput, match="two different units"):
        proposals.split_proposal(
            session,
            actor=world.actors["office"],
            proposal_id=stage(session, world, settings, "registered"),
            data=ProposalSplit(units=["prov.fgw", "prov.fgw"]),
            settings=settings,
        )


def test_the_drafter_neither_countersigns_nor_sends_their_own_reply(
    session: Session, world: World, settings: Settings
) -> None:
    cdo = _city_office(session, world)
    # A provincial suggestion led by the city with its district as co-unit: the city's
    # person drafts, and speaks for the district too — but does not countersign for it.
    pid = stage(session, world, settings, "accepted", lead="prov.cd", co_units=("prov.cd.jj",))
    proposals.draft_reply(
        session,
        actor=cdo,
        proposal_id=pid,
        data=ReplyDraft(outcome="A", text="已办结。"),
        settings=settings,
    )
    proposals.submit_reply(session, actor=cdo, proposal_id=pid, settings=settings)
    with pytest.raises(PermissionDenied, match="drafted"):
        proposals.countersign_reply(
            session, actor=cdo, proposal_id=pid, data=Countersign(), settings=settings
        )
    proposals.countersign_reply(
        session, actor=world.actors["jj"], proposal_id=pid, data=Countersign(), settings=settings
    )
    # The city's own suggestion, kept and led by the city office: it drafts, so another
    # person sends.
    own = proposals.create_proposal(
        session,
        actor=cdo,
        data=ProposalCreate(
            session="2023 成都市十八届人大二次会议",
            number="001",
            kind="suggestion",
            title="关于优化公交线网的建议",
            proposer="陈代表",
        ),
        settings=settings,
    )
    kw = {"proposal_id": own.id, "settings": settings}
    proposals.assign_proposal(session, actor=cdo, data=ProposalAssign(lead_unit="prov.cd"), **kw)
    proposals.accept_proposal(session, actor=cdo, **kw)
    proposals.draft_reply(session, actor=cdo, data=ReplyDraft(outcome="D", text="留作参考。"), **kw)
    proposals.submit_reply(session, actor=cdo, **kw)
    assert own.state == "countersigned"  # no co-units: nothing to countersign
    with pytest.raises(PermissionDenied, match="drafted"):
        proposals.send_reply(session, actor=cdo, **kw)
    proposals.send_reply(session, actor=world.actors["office"], **kw)
    assert own.state == "replied"


def test_an_objection_sends_the_draft_back_and_lapses_the_signatures(
    session: Session, world: World, settings: Settings
) -> None:
    pid = stage(session, world, settings, "countersigning", co_units=("prov.swt", "prov.jxt"))
    kw = {"proposal_id": pid, "settings": settings}
    proposals.countersign_reply(session, actor=world.actors["swt"], data=Countersign(), **kw)
    p = proposals.object_to_reply(
        session, actor=world.actors["jxt"], data=Countersign(opinion="口径不一致"), **kw
    )
    assert p.state == "replying"
    proposals.draft_reply(
        session,
        actor=world.actors["fgw"],
        data=ReplyDraft(outcome="B", text="修改稿", commitment="年内完成"),
        **kw,
    )
    (read,) = queries.to_reads(session, [p])
    assert [(u.code, u.signed) for u in read.co_units] == [("prov.swt", False), ("prov.jxt", False)]
    proposals.submit_reply(session, actor=world.actors["fgw"], **kw)
    with pytest.raises(InvalidInput, match="says why"):
        proposals.object_to_reply(
            session, actor=world.actors["jxt"], data=Countersign(opinion=" "), **kw
        )


def test_bad_requests_change_nothing(session: Session, world: World, settings: Settings) -> None:
    office, fgw = world.actors["office"], world.actors["fgw"]
    pid = stage(session, world, settings, "accepted")
    p = proposals.get_proposal_for(session, actor=office, proposal_id=pid, action="proposal.view")
    with pytest.raises(StaleEdit):
        proposals.draft_reply(
            session,
            actor=fgw,
            proposal_id=pid,
            data=ReplyDraft(outcome="A", text="x", version=p.version - 1),
            settings=settings,
        )
    with pytest.raises(InvalidInput, match="commits to"):
        proposals.draft_reply(
            session,
            actor=fgw,
            proposal_id=pid,
            data=ReplyDraft(outcome="C", text="条件具备时解决"),
            settings=settings,
        )
    with pytest.raises(InvalidTransition):
        proposals.send_reply(session, actor=office, proposal_id=pid, settings=settings)
    with pytest.raises(Conflict):
        proposals.create_proposal(
            session,
            actor=office,
            data=ProposalCreate(
                session=p.session, number=p.number, kind="proposal", title="t", proposer="x"
            ),
            settings=settings,
        )
    with pytest.raises(InvalidInput, match="is not a unit under"):
        proposals.create_proposal(
            session,
            actor=_city_office(session, world),
            data=ProposalCreate(
                session="s",
                number="1",
                kind="proposal",
                title="t",
                proposer="x",
                office_unit="prov",
            ),
            settings=settings,
        )
    assert p.state == "accepted"


def test_lists_filter_and_scope(session: Session, world: World, settings: Settings) -> None:
    a = stage(session, world, settings, "replied", outcome="A")
    b = stage(session, world, settings, "accepted", lead="prov.jxt", co_units=())
    office = world.actors["office"]

    def ids(actor: Actor, **kw: object) -> list[int]:
        rows, total = queries.list_proposals(
            session,
            actor=actor,
            filters=queries.ProposalFilter(**kw),  # type: ignore[arg-type]
        )
        assert total == len(rows)
        return [r.id for r in rows]

    assert ids(office) == [a, b]
    assert ids(office, outcome="A") == [a]
    assert ids(office, unit="prov.jxt") == [b]
    assert ids(office, state="accepted") == [b]
    assert ids(world.actors["swt"]) == [a]  # a co-unit of the first only
    assert ids(world.actors["jxt"]) == [b]
    assert ids(world.actors["cd"]) == []
