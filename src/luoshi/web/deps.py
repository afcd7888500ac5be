"""Request dependencies: the transaction, the logged-in actor, settings.

Every route requires a login unless it depends on ``public`` instead of ``current_actor``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from luoshi.errors import NotAuthenticated
from luoshi.kernel import users
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

SESSION_USER_KEY = "uid"


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns without error.

    Used with ``scope="function"`` (below), so the commit runs when the handler returns and
    before the response is sent: a commit that fails reaches the error handlers and the
    client sees 409 or 500, never the 2xx or 303 of a write that did not happen. (The
    default scope of a yield dependency ends after the response has gone out.)
    """
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_session, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]


def current_actor(request: Request, session: DbSession, settings: AppSettings) -> Actor:
    user_id = request.session.get(SESSION_USER_KEY)
    if not isinstance(user_id, int):
        raise NotAuthenticated("log in first")
    try:
        user = users.get_user(session, tenant_id=settings.tenant, user_id=user_id)
    except Exception as exc:
        request.session.clear()
        raise NotAuthenticated("log in again") from exc
    actor = replace(users.actor_for(session, user), client_address=client_address(request))
    # The error handler audits a denial as this actor (web/errors.py).
    request.state.actor = actor
    return actor


def client_address(request: Request) -> str:
    """The peer's address. Behind a reverse proxy, run uvicorn with --proxy-headers and
    --forwarded-allow-ips so that this is the client's and not the proxy's."""
    return request.client.host if request.client else ""


CurrentActor = Annotated[Actor, Depends(current_actor)]


def public() -> None:
    """Marks a route that needs no login (the test of routes checks this marker)."""
