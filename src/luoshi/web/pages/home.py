"""Each role's home at ``/``: the office's desk, a unit's to-do list, a leader's view.

A person with several roles sees the sections of each; the administrators and the auditor
(三员, no relation to business data) land on their own pages under /admin.
"""

from __future__ import annotations

from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.domains.dashboards import queries
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.pages.rendering import page_language, render

router = APIRouter()
T = TypeVar("T")

# A home shows the head of its unit tables; a province has some 2,000 units, whose full
# tables (and their downloads) are the dashboard's. The league shows its top and its tail.
UNIT_ROWS = 15
LEAGUE_TOP, LEAGUE_TAIL = 10, 5


def league_excerpt(league: list[T]) -> list[tuple[int, T] | None]:
    """The league's first and last places with their ranks, ``None`` where places are
    left out between them."""
    ranked: list[tuple[int, T] | None] = list(enumerate(league, start=1))
    if len(ranked) <= LEAGUE_TOP + LEAGUE_TAIL:
        return ranked
    return [*ranked[:LEAGUE_TOP], None, *ranked[-LEAGUE_TAIL:]]


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> Response:
    if actor.is_admin or not actor.can("task.view"):
        return RedirectResponse("/admin" if actor.is_admin else "/inbox", status_code=303)
    office = unit = leader = None
    if "office" in actor.roles:
        office = queries.office_home(session, actor=actor, settings=settings)
    if "unit" in actor.roles:
        unit = queries.unit_home(session, actor=actor, settings=settings)
    if "leader" in actor.roles:
        leader = queries.leader_home(
            session, actor=actor, settings=settings, language=page_language(request)
        )
    return render(
        request,
        "home.html",
        actor=actor,
        office=office,
        unit=unit,
        leader=leader,
        unit_rows=UNIT_ROWS,
        league=league_excerpt(leader.league) if leader else [],
        lights=("red", "yellow", "green", "completed", "not_started"),
    )
