"""The web application: ``create_app(settings)`` builds it; nothing is built at import."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

import luoshi
from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import audit
from luoshi.settings import Settings, get_settings
from luoshi.web import errors
from luoshi.web.api import api_router
from luoshi.web.pages import pages_router

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None, *, session_factory: sessionmaker[Session] | None = None
) -> FastAPI:
    """Build the app for ``settings``; tests pass their own session factory."""
    settings = settings or get_settings()
    if session_factory is None:
        session_factory = make_sessionmaker(make_engine(settings.database_url))
    audit.use_hash(session_factory, settings.audit_hash)
    app = FastAPI(
        title="luoshi 落实",
        version=luoshi.__version__,
        description="Policy implementation supervision: sources, breakdowns, tasks, reports.",
        docs_url="/docs",
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.session_factory = session_factory
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="luoshi_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.environment == "production",
    )
    errors.install(app)
    app.include_router(api_router())
    app.include_router(pages_router())
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_factory() -> FastAPI:
    """Entry point for ``uvicorn --factory luoshi.web.app:app_factory``."""
    return create_app(Settings())
