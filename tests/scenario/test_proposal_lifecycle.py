"""A deputy's suggestion from assignment through a countersigned reply, an unsatisfied
rating, re-handling and a second reply, with its class B commitment followed as a task —
on frozen days, on SQLite and PostgreSQL (issue #8, "Done when")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.proposals import queries
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalCreate,
    ProposalRate,
    ReplyDraft,
)
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.models import InboxItem
from luoshi.domains.tasks import service as tasks
from luoshi.errors import InvalidTransition, PermissionDenied
from luoshi.kernel import audit, links
from luoshi.kernel.models import User
from luoshi.settings import Settings
from tests.scenario.world import World, build_world, local, make_settings

SESSION = "2023 省十四届人大一次会议"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def inbox_titles(session: Session, username: str) -> list[str]:
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    return list(
        session.scalars(
            select(InboxItem.title).where(InboxItem.user_id == user.id).order_by(InboxItem.id)
        )
    )


def test_a_suggestion_from_assignment_to_close_with_a_commitment_followed_as_a_task(
    session: Session, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> None:
    def on(day: date) -> None:
        time_machine.move_to(local(day), tick=False)

    on(date(2023, 3, 6))
    world: World = build_world(session)
    office, fgw, swt = world.actors["office"], world.actors["fgw"], world.actors["swt"]

    # The office registers the deputy's suggestion and assigns it: lead and one co-unit.
    p = proposals.create_proposal(
        session,
        actor=office,
        data=ProposalCreate(
            session=SESSION,
            number="0012",
            kind="suggestion",
            title="关于加快县域商业体系建设的建议",
            content="建议统筹县乡村三级商业网点……",
            proposer="张代表",
            co_signers=["李代表", "王代表"],
            category="财经",
        ),
        settings=settings,
    )
    assert (p.state, p.light) == ("registered", "not_started")
    proposals.assign_proposal(
        session,
        actor=office,
        proposal_id=p.id,
        data=ProposalAssign(lead_unit="prov.fgw", co_units=["prov.swt"], version=p.version),
        settings=settings,
    )
    assert (p.state, p.assigned_on, p.reply_due) == (
        "assigned",
        date(2023, 3, 6),
        date(2023, 6, 6),
    )
    assert any("0012" in t for t in inbox_titles(session, "fgw"))
    assert any("0012" in t for t in inbox_titles(session, "swt"))

    # The lead unit accepts and drafts a class B reply; the co-unit countersigns it.
    on(date(2023, 3, 8))
    proposals.accept_proposal(session, actor=fgw, proposal_id=p.id, settings=settings)
    on(date(2023, 5, 10))
    proposals.draft_reply(
        session,
        actor=fgw,
        proposal_id=p.id,
        data=ReplyDraft(
            outcome="B",
            text="已纳入今年县域商业体系建设计划，正在推进。",
            commitment="2023年底前在全省建成县级物流配送中心30个",
            commitment_due=date(2023, 12, 31),
        ),
        settings=settings,
    )
    proposals.submit_reply(session, actor=fgw, proposal_id=p.id, settings=settings)
    assert p.state == "countersigning"
    with pytest.raises(InvalidTransition):  # not before every co-unit has signed
        proposals.send_reply(session, actor=office, proposal_id=p.id, settings=settings)
    with pytest.raises(PermissionDenied):  # the lead does not sign for its co-units
        proposals.countersign_reply(
            session, actor=fgw, proposal_id=p.id, data=Countersign(), settings=settings
        )
    proposals.countersign_reply(
        session, actor=swt, proposal_id=p.id, data=Countersign(opinion="同意"), settings=settings
    )
    assert p.state == "countersigned"

    # The office sends it on time; the commitment becomes a task sent to the same units.
    on(date(2023, 5, 20))
    proposals.send_reply(session, actor=office, proposal_id=p.id, settings=settings)
    assert (p.state, p.outcome, p.light) == ("replied", "B", "completed")
    (read,) = queries.to_reads(session, [p])
    (task_id,) = read.task_ids
    task = tasks.get_task_for(session, actor=fgw, task_id=task_id, action="task.view")
    assert task.status == "assigned"
    assert task.due_date == date(2023, 12, 31)
    assert tasks.to_read(session, task).lead_unit is not None
    assert [u.code for u in tasks.co_units_of(session, task)] == ["prov.swt"]
    assert "县级物流配送中心" in task.title
    (link,) = [
        li
        for li in links.links_of(
            session, tenant_id="default", object_type="task", object_id=task_id
        )
        if li.kind == "replies"
    ]
    assert (link.to_type, link.to_id) == ("proposal", p.id)

    # The deputy is not satisfied: a second round, due a month after the rating.
    on(date(2023, 6, 1))
    proposals.rate_proposal(
        session,
        actor=office,
        proposal_id=p.id,
        data=ProposalRate(satisfaction="unsatisfied", note="进度偏慢"),
        settings=settings,
    )
    assert (p.state, p.round, p.reply_due) == ("rehandling", 2, date(2023, 7, 1))
    assert any("0012" in t for t in inbox_titles(session, "fgw")[-1:])

    # The task is followed like any task meanwhile.
    supervision.accept_task(session, actor=fgw, task_id=task_id, settings=settings)
    assert task.status == "accepted"

    on(date(2023, 6, 20))
    proposals.draft_reply(
        session,
        actor=fgw,
        proposal_id=p.id,
        data=ReplyDraft(outcome="A", text="已建成县级物流配送中心18个，其余年内建成。"),
        settings=settings,
    )
    proposals.submit_reply(session, actor=fgw, proposal_id=p.id, settings=settings)
    proposals.countersign_reply(
        session, actor=swt, proposal_id=p.id, data=Countersign(), settings=settings
    )
    on(date(2023, 6, 25))
    proposals.send_reply(session, actor=office, proposal_id=p.id, settings=settings)
    proposals.rate_proposal(
        session,
        actor=office,
        proposal_id=p.id,
        data=ProposalRate(satisfaction="satisfied"),
        settings=settings,
    )
    proposals.close_proposal(session, actor=office, proposal_id=p.id, settings=settings)

    detail = queries.to_detail(session, p, settings=settings)
    assert (detail.state, detail.outcome, detail.satisfaction) == ("closed", "A", "satisfied")
    assert [(r.round, r.outcome, r.satisfaction, r.on_time) for r in detail.replies] == [
        (1, "B", "unsatisfied", True),
        (2, "A", "satisfied", True),
    ]
    assert detail.task_ids == [task_id]  # a class A second round promises nothing new
    trail = [e.action for e in reversed(queries.history(session, actor=office, proposal_id=p.id))]
    for step in (
        "proposal.create",
        "proposal.assign",
        "proposal.accept",
        "proposal.draft_reply",
        "proposal.submit_reply",
        "proposal.countersign",
        "proposal.send_reply",
        "proposal.rate",
        "proposal.close",
    ):
        assert step in trail
    assert trail.count("proposal.send_reply") == 2
    assert trail.count("proposal.rate") == 2
    stats = queries.statistics(session, actor=office, settings=settings)
    assert stats.overall["on_time_rate"] == 1.0
    assert stats.overall["outcomes"]["A"] == 1
    assert stats.overall["satisfaction"]["satisfied"] == 1
    assert [u.unit for u in stats.by_unit] == ["prov.fgw"]
    session.commit()
    assert audit.history_of(session, tenant_id="default", object_type="proposal", object_id=p.id)
