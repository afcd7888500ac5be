"""The JSON API under /api. Each module exposes ``router``; login is required by default."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from luoshi.web.api import (
    admin,
    audit,
    auth,
    breakdowns,
    bulletins,
    docking,
    indicators,
    livelihood,
    projects,
    proposals,
    reports,
    sheets,
    supervision,
    support_items,
    tasks,
    units,
)
from luoshi.web.api.routing import API_PREFIX, SectionRouter
from luoshi.web.deps import current_actor
from luoshi.web.errors import LOGGED_IN

# Modules whose routes all require a logged-in actor.
PROTECTED = (
    units,
    breakdowns,
    tasks,
    reports,
    supervision,
    audit,
    admin,
    projects,
    livelihood,
    indicators,
    proposals,
    support_items,
    docking,
    bulletins,
    sheets,
)


def api_router() -> APIRouter:
    # The whole API refuses a page's path at once (its prefix), each module's router a
    # path outside its own sections (web/api/routing.py): a request tries only its routes.
    router = SectionRouter(prefix=API_PREFIX, under=API_PREFIX, heads_only=False)
    router.include_router(auth.public_router)
    router.include_router(auth.router, dependencies=[Depends(current_actor)], responses=LOGGED_IN)
    for module in PROTECTED:
        router.include_router(
            module.router, dependencies=[Depends(current_actor)], responses=LOGGED_IN
        )
    return router
