"""Server-rendered pages (Jinja2; htmx where it helps, working without it)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from luoshi.web.deps import current_actor
from luoshi.web.pages import (
    admin,
    bulletins,
    dashboard,
    docking,
    home,
    inbox,
    indicators,
    livelihood,
    login,
    projects,
    proposals,
    sheets,
    sources,
    support_items,
    task_actions,
    tasks,
)


def pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.include_router(login.public_router)
    router.include_router(login.router, dependencies=[Depends(current_actor)])
    router.include_router(home.router, dependencies=[Depends(current_actor)])
    router.include_router(dashboard.router, dependencies=[Depends(current_actor)])
    router.include_router(sheets.router, dependencies=[Depends(current_actor)])
    router.include_router(tasks.router, dependencies=[Depends(current_actor)])
    router.include_router(task_actions.router, dependencies=[Depends(current_actor)])
    router.include_router(sources.router, dependencies=[Depends(current_actor)])
    router.include_router(proposals.router, dependencies=[Depends(current_actor)])
    router.include_router(admin.router, dependencies=[Depends(current_actor)])
    router.include_router(livelihood.router, dependencies=[Depends(current_actor)])
    router.include_router(indicators.router, dependencies=[Depends(current_actor)])
    router.include_router(inbox.router, dependencies=[Depends(current_actor)])
    router.include_router(projects.router, dependencies=[Depends(current_actor)])
    router.include_router(support_items.router, dependencies=[Depends(current_actor)])
    router.include_router(docking.router, dependencies=[Depends(current_actor)])
    router.include_router(bulletins.router, dependencies=[Depends(current_actor)])
    return router
