"""Suggestions and proposals: list, statistics, import, detail, history, and every step
from assignment to close."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from luoshi.domains.proposals import importing, queries
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalCreate,
    ProposalDetail,
    ProposalPage,
    ProposalRate,
    ProposalRead,
    ProposalReturn,
    ProposalSplit,
    ProposalStats,
    ReplyDraft,
    VersionOnly,
)
from luoshi.web.api.imports import (
    IMPORT_DESCRIPTION,
    ReaderLanguage,
    import_response,
    read_upload,
)
from luoshi.web.api.params import PathId, QueryCode, QueryDay, QueryText
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, UPLOAD, WRITE, error_responses
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["proposals"])

QueryUnit = Annotated[
    QueryCode | None, Query(description="unit code: lead or co-unit in its subtree")
]


@router.get(
    "/proposals",
    responses=error_responses(404, 429),
    dependencies=[Depends(rate_limit("search"))],
)
def list_proposals(
    actor: CurrentActor,
    session: DbSession,
    session_name: Annotated[QueryText | None, Query(alias="session")] = None,
    kind: QueryCode | None = None,
    state: QueryCode | None = None,
    outcome: QueryCode | None = None,
    satisfaction: QueryCode | None = None,
    light: QueryCode | None = None,
    unit: QueryUnit = None,
    q: QueryText | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ProposalPage:
    filters = queries.ProposalFilter(
        session=session_name,
        kind=kind,
        state=state,
        outcome=outcome,
        satisfaction=satisfaction,
        light=light,
        unit=unit,
        q=q,
    )
    rows, total = queries.list_proposals(
        session, actor=actor, filters=filters, page=page, page_size=page_size
    )
    return ProposalPage(
        items=queries.to_reads(session, rows), total=total, page=page, page_size=page_size
    )


@router.post("/proposals", status_code=201, responses=WRITE)
def create_proposal(
    data: ProposalCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> ProposalRead:
    proposal = proposals.create_proposal(session, actor=actor, data=data, settings=settings)
    return queries.to_reads(session, [proposal])[0]


@router.get("/proposals/stats", responses=error_responses(404))
def proposal_stats(
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    session_name: Annotated[QueryText | None, Query(alias="session")] = None,
    on: QueryDay | None = None,
) -> ProposalStats:
    """On-time reply rate, outcome class shares and satisfaction, overall, by kind and by
    lead unit, over the proposals the caller sees."""
    return queries.statistics(
        session, actor=actor, settings=settings, on=on, session_name=session_name
    )


@router.post(
    "/proposals/import",
    responses=UPLOAD | error_responses(422),
    dependencies=[Depends(rate_limit("upload"))],
    description=IMPORT_DESCRIPTION,
)
async def import_proposals(
    actor: CurrentActor,
    language: ReaderLanguage,
    session: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description=".csv or .xlsx")],
    dry_run: bool = False,
) -> JSONResponse:
    content, name = await read_upload(file, settings)
    report = importing.import_proposals(
        session, actor=actor, content=content, filename=name, settings=settings, dry_run=dry_run
    )
    return import_response(report, language)


@router.get("/proposals/{proposal_id}", responses=READ)
def get_proposal(
    proposal_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> ProposalDetail:
    proposal = proposals.get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.view"
    )
    return queries.to_detail(session, proposal, settings=settings)


@router.get("/proposals/{proposal_id}/history", responses=READ)
def proposal_history(
    proposal_id: PathId, actor: CurrentActor, session: DbSession
) -> list[dict[str, Any]]:
    """The proposal's audit trail, newest first."""
    return [
        {
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "old": e.old,
            "new": e.new,
            "note": e.note,
        }
        for e in queries.history(session, actor=actor, proposal_id=proposal_id)
    ]


def _detail(session: DbSession, settings: AppSettings, proposal: Any) -> ProposalDetail:
    return queries.to_detail(session, proposal, settings=settings)


@router.post("/proposals/{proposal_id}/assign", responses=WRITE)
def assign_proposal(
    proposal_id: PathId,
    data: ProposalAssign,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    """The office gives the proposal its lead unit and co-units (again, after a return)."""
    p = proposals.assign_proposal(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/split", status_code=201, responses=WRITE)
def split_proposal(
    proposal_id: PathId,
    data: ProposalSplit,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> list[ProposalRead]:
    """分办: one part per unit, each assigned to it and answered on its own."""
    parts = proposals.split_proposal(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings
    )
    return queries.to_reads(session, parts)


@router.post("/proposals/{proposal_id}/accept", responses=WRITE)
def accept_proposal(
    proposal_id: PathId,
    data: VersionOnly,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    p = proposals.accept_proposal(
        session, actor=actor, proposal_id=proposal_id, settings=settings, version=data.version
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/return", responses=WRITE)
def return_proposal(
    proposal_id: PathId,
    data: ProposalReturn,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    """The lead unit returns it with a reason, within the return window."""
    p = proposals.return_proposal(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings
    )
    return _detail(session, settings, p)


@router.put("/proposals/{proposal_id}/reply", responses=WRITE)
def draft_reply(
    proposal_id: PathId,
    data: ReplyDraft,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    """The lead unit writes the current round's reply and its class (A–D)."""
    p = proposals.draft_reply(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/submit", responses=WRITE)
def submit_reply(
    proposal_id: PathId,
    data: VersionOnly,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    """Put the draft to the co-units for countersigning (or to the office without any)."""
    p = proposals.submit_reply(
        session, actor=actor, proposal_id=proposal_id, settings=settings, version=data.version
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/countersign", responses=WRITE)
def countersign_reply(
    proposal_id: PathId,
    data: Countersign,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    unit: QueryUnit = None,
) -> ProposalDetail:
    """A co-unit countersigns (会签) the reply; ``unit`` names which, if the caller speaks
    for several."""
    p = proposals.countersign_reply(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings, unit=unit
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/object", responses=WRITE)
def object_to_reply(
    proposal_id: PathId,
    data: Countersign,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    unit: QueryUnit = None,
) -> ProposalDetail:
    """A co-unit declines to countersign, saying why: the draft goes back to the lead."""
    p = proposals.object_to_reply(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings, unit=unit
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/send", responses=WRITE)
def send_reply(
    proposal_id: PathId,
    data: VersionOnly,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    """The office sends the countersigned reply; a B or C commitment becomes a task."""
    p = proposals.send_reply(
        session, actor=actor, proposal_id=proposal_id, settings=settings, version=data.version
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/rate", responses=WRITE)
def rate_proposal(
    proposal_id: PathId,
    data: ProposalRate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    """The office records the proposer's satisfaction; unsatisfied means a new round."""
    p = proposals.rate_proposal(
        session, actor=actor, proposal_id=proposal_id, data=data, settings=settings
    )
    return _detail(session, settings, p)


@router.post("/proposals/{proposal_id}/close", responses=WRITE)
def close_proposal(
    proposal_id: PathId,
    data: VersionOnly,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ProposalDetail:
    p = proposals.close_proposal(
        session, actor=actor, proposal_id=proposal_id, settings=settings, version=data.version
    )
    return _detail(session, settings, p)
