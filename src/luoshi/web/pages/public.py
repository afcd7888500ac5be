"""The public accountability page: what the government promised this year and how far it
has got, readable by anyone without a login (as Decidim's accountability pages are).

Only what an office chose to publish appears (a switch on each livelihood matter and key
project, off by default, audited), and only public fields: names, lead units, targets,
progress and the date of the last update — never staff, reasons, instructions, notes or
record ids. Rate-limited per client address like the other anonymous routes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from luoshi import clock
from luoshi.domains.livelihood import matters
from luoshi.domains.projects import service as projects
from luoshi.web.deps import AppSettings, DbSession, public
from luoshi.web.i18n import translator
from luoshi.web.pages.rendering import page_language, render
from luoshi.web.security import rate_limit

router = APIRouter(dependencies=[Depends(public), Depends(rate_limit("search"))])

Year = Annotated[int | None, Query(ge=2000, le=2100)]


def _page(
    request: Request, session: DbSession, settings: AppSettings, year: int | None, lang: str
) -> Response:
    shown = year or clock.today().year
    return render(
        request,
        "public.html",
        t=translator(lang),
        lang=lang,
        year=shown,
        matters=matters.public_matters(session, tenant_id=settings.tenant, year=shown),
        projects=projects.public_projects(session, tenant_id=settings.tenant, year=shown),
    )


@router.get("/public", response_class=HTMLResponse)
def public_page(
    request: Request, session: DbSession, settings: AppSettings, year: Year = None
) -> Response:
    return _page(request, session, settings, year, page_language(request))


@router.get("/public/en", response_class=HTMLResponse)
def public_page_en(
    request: Request, session: DbSession, settings: AppSettings, year: Year = None
) -> Response:
    return _page(request, session, settings, year, "en")
