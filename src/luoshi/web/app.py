"""The web application: ``create_app(settings)`` builds it; nothing is built at import."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

import luoshi
from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import audit
from luoshi.settings import Settings, get_settings
from luoshi.web import errors, security
from luoshi.web.api import api_router
from luoshi.web.apidocs import docs_router
from luoshi.web.middleware import BodyLimit, CookieSessions, SecurityHeaders
from luoshi.web.pages import pages_router

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    read_session_factory: sessionmaker[Session] | None = None,
) -> FastAPI:
    """Build the app for ``settings``; tests pass their own session factories. Read-only
    requests use ``read_session_factory`` (the replica of ``database_replica_url``) when
    there is one."""
    settings = settings or get_settings()
    if session_factory is None:
        session_factory = make_sessionmaker(make_engine(settings.database_url))
    if read_session_factory is None and settings.database_replica_url:
        read_session_factory = make_sessionmaker(make_engine(settings.database_replica_url))
    audit.use_hash(session_factory, settings.audit_hash)
    app = FastAPI(
        title="luoshi 落实",
        version=luoshi.__version__,
        description="Policy implementation supervision: sources, breakdowns, tasks, reports.",
        # Served by docs_router, behind a login unless settings.api_docs_public.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(security.verify_csrf)],
    )
    app.state.settings = settings
    app.state.session_factory = session_factory
    app.state.read_session_factory = read_session_factory
    app.state.rate_limiter = security.make_rate_limiter(settings, session_factory.kw["bind"])
    secure = security.secure_transport(settings)
    # Added innermost first: headers wrap everything, the body cap wraps the session.
    app.add_middleware(
        CookieSessions,
        keep_for_tokens=read_session_factory is not None,
        secret_key=settings.secret_key,
        session_cookie=security.session_cookie_name(settings),
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.request_max_bytes,
        multipart_max_bytes=settings.upload_request_max_bytes,
    )
    app.add_middleware(SecurityHeaders, hsts=secure)
    errors.install(app)
    # The API first: it refuses any other path at once (web/api/routing.py), and the
    # requests that count most, the API's, then try no other router's routes.
    app.include_router(api_router())
    app.include_router(docs_router(public_docs=settings.api_docs_public))
    app.include_router(pages_router())
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_factory() -> FastAPI:
    """Entry point for ``uvicorn --factory luoshi.web.app:app_factory``."""
    return create_app(Settings())
