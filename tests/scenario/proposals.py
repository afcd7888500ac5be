"""Proposals staged through the services in any state, for the web and CLI tests: a
deputy's suggestion kept by the provincial office, led by the Development and Reform
Commission with the Department of Commerce as co-unit."""

from __future__ import annotations

from itertools import count

from sqlalchemy.orm import Session

from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalCreate,
    ProposalRate,
    ProposalReturn,
    ReplyDraft,
)
from luoshi.settings import Settings
from tests.scenario.world import World

SESSION = "2023 省十四届人大一次会议"
ORDER = (
    "registered",
    "assigned",
    "accepted",
    "replying",
    "countersigning",
    "countersigned",
    "replied",
    "rated",
)
_numbers = count(1)


def stage(
    session: Session,
    world: World,
    settings: Settings,
    state: str,
    *,
    outcome: str = "B",
    lead: str = "prov.fgw",
    co_units: tuple[str, ...] = ("prov.swt",),
) -> int:
    """A new suggestion brought to ``state`` (one of ORDER, or ``returned``)."""
    office, lead_actor = world.actors["office"], world.actors[lead.split(".")[-1]]
    p = proposals.create_proposal(
        session,
        actor=office,
        data=ProposalCreate(
            session=SESSION,
            number=f"{next(_numbers):04d}",
            kind="suggestion",
            title="关于加快县域商业体系建设的建议",
            proposer="张代表",
            co_signers=["李代表"],
            category="财经",
        ),
        settings=settings,
    )
    kw = {"proposal_id": p.id, "settings": settings}
    target = "assigned" if state == "returned" else state
    steps = ORDER[1 : ORDER.index(target) + 1]
    for step in steps:
        if step == "assigned":
            proposals.assign_proposal(
                session,
                actor=office,
                data=ProposalAssign(lead_unit=lead, co_units=list(co_units)),
                **kw,
            )
        elif step == "accepted":
            proposals.accept_proposal(session, actor=lead_actor, **kw)
        elif step == "replying":
            commitment = "年内出台实施方案" if outcome in ("B", "C") else ""
            proposals.draft_reply(
                session,
                actor=lead_actor,
                data=ReplyDraft(outcome=outcome, text="已研究办理。", commitment=commitment),
                **kw,
            )
        elif step == "countersigning":
            proposals.submit_reply(session, actor=lead_actor, **kw)
        elif step == "countersigned":
            for code in co_units:
                proposals.countersign_reply(
                    session, actor=world.actors[code.split(".")[-1]], data=Countersign(), **kw
                )
        elif step == "replied":
            proposals.send_reply(session, actor=office, **kw)
        elif step == "rated":
            proposals.rate_proposal(
                session, actor=office, data=ProposalRate(satisfaction="satisfied"), **kw
            )
    if state == "returned":
        proposals.return_proposal(
            session, actor=lead_actor, data=ProposalReturn(reason="不属于本单位职责"), **kw
        )
    return p.id
