"""Suggestion and proposal pages: the list with its filters and lights, and one
proposal's page with its replies, tasks, history and the forms its viewer may use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.proposals import queries
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalRate,
    ProposalReturn,
    ProposalSplit,
    ReplyDraft,
)
from luoshi.errors import InvalidInput, LuoshiError, NotFound
from luoshi.kernel import units
from luoshi.kernel.fields import NOTE_MAX
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import DATABASE_CONFLICTS, FormRefused, as_domain, status_for
from luoshi.web.pages.forms import CodeForm, NameForm, NoteForm
from luoshi.web.pages.rendering import render, said
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 25
FLASH_KEY = "flash"


@router.get("/proposals", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))])
def proposal_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    kind: str = "",
    state: str = "",
    light: str = "",
    outcome: str = "",
    q: str = "",
    page: int = 1,
) -> Response:
    filters = queries.ProposalFilter(
        kind=kind or None,
        state=state or None,
        light=light or None,
        outcome=outcome or None,
        q=q or None,
    )
    rows, total = queries.list_proposals(
        session, actor=actor, filters=filters, page=max(page, 1), page_size=PAGE_SIZE
    )
    return render(
        request,
        "proposals.html",
        actor=actor,
        proposals=queries.to_reads(session, rows),
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={"kind": kind, "state": state, "light": light, "outcome": outcome, "q": q},
        stats=queries.statistics(session, actor=actor, settings=settings).overall,
    )


def render_proposal(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    proposal_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    proposal = proposals.get_proposal_for(
        session, actor=actor, proposal_id=proposal_id, action="proposal.view"
    )
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    office = units.get_unit(session, actor=actor, unit_id=proposal.office_unit_id)
    return render(
        request,
        "proposal.html",
        status_code=status_code,
        actor=actor,
        p=queries.to_detail(session, proposal, settings=settings),
        steps=queries.steps_for(session, actor=actor, proposal=proposal),
        history=queries.history(session, actor=actor, proposal_id=proposal_id),
        units=[
            u for u in units.unit_choices(session, actor=actor) if u.path.startswith(office.path)
        ],
        error=error,
        flash=flash,
    )


@router.get("/proposals/{proposal_id}", response_class=HTMLResponse)
def proposal_detail(
    request: Request,
    proposal_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    return render_proposal(
        request, session, actor=actor, settings=settings, proposal_id=proposal_id
    )


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace("，", ",").split(",") if c.strip()]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError as exc:
        raise InvalidInput.of("err_text_not_date_yyyy_mm_dd", text=text) from exc


@router.post("/proposals/{proposal_id}/{step}", response_class=HTMLResponse)
def proposal_step(
    request: Request,
    proposal_id: int,
    step: str,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    version: Annotated[int | None, Form()] = None,
    lead_unit: NameForm = "",
    co_units: NameForm = "",
    units_: Annotated[str, Form(alias="units", max_length=NOTE_MAX)] = "",
    reason: NoteForm = "",
    outcome: CodeForm = "",
    text: NoteForm = "",
    commitment: NoteForm = "",
    commitment_due: CodeForm = "",
    opinion: NoteForm = "",
    satisfaction: CodeForm = "",
    note: NoteForm = "",
) -> Response:
    """One step of the proposal's handling from its page's form, then back to the page."""
    kw: dict[str, Any] = {"actor": actor, "proposal_id": proposal_id, "settings": settings}
    steps: dict[str, Callable[[], object]] = {
        "assign": lambda: proposals.assign_proposal(
            session,
            data=ProposalAssign(lead_unit=lead_unit, co_units=_codes(co_units), version=version),
            **kw,
        ),
        "split": lambda: proposals.split_proposal(
            session, data=ProposalSplit(units=_codes(units_), version=version), **kw
        ),
        "accept": lambda: proposals.accept_proposal(session, version=version, **kw),
        "return": lambda: proposals.return_proposal(
            session, data=ProposalReturn(reason=reason, version=version), **kw
        ),
        "draft": lambda: proposals.draft_reply(
            session,
            data=ReplyDraft(
                outcome=outcome,
                text=text,
                commitment=commitment,
                commitment_due=_day(commitment_due),
                version=version,
            ),
            **kw,
        ),
        "submit": lambda: proposals.submit_reply(session, version=version, **kw),
        "countersign": lambda: proposals.countersign_reply(
            session, data=Countersign(opinion=opinion, version=version), **kw
        ),
        "object": lambda: proposals.object_to_reply(
            session, data=Countersign(opinion=opinion, version=version), **kw
        ),
        "send": lambda: proposals.send_reply(session, version=version, **kw),
        "rate": lambda: proposals.rate_proposal(
            session,
            data=ProposalRate(satisfaction=satisfaction, note=note, version=version),
            **kw,
        ),
        "close": lambda: proposals.close_proposal(session, version=version, **kw),
    }
    action = steps.get(step)
    if action is None:
        raise NotFound.of("err_no_such_step")
    try:
        try:
            action()
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise FormRefused([first], f"{where}: {first['msg']}") from exc
        session.flush()
    except (LuoshiError, *DATABASE_CONFLICTS) as exc:
        domain = as_domain(exc)
        session.rollback()
        try:
            return render_proposal(
                request,
                session,
                actor=actor,
                settings=settings,
                proposal_id=proposal_id,
                error=said(request, domain),
                status_code=status_for(domain),
            )
        except LuoshiError:
            session.rollback()
            return render(
                request,
                "error.html",
                status_code=status_for(domain),
                actor=actor,
                error=said(request, domain),
            )
    request.session[FLASH_KEY] = "pp_done"
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
