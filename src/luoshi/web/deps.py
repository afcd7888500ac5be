"""Request dependencies: the transaction, the logged-in actor, settings.

Every route requires a login unless it depends on ``public`` instead of ``current_actor``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.db import open_read_only
from luoshi.errors import NotAuthenticated, PermissionDenied
from luoshi.kernel import credentials, sessions
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from luoshi.web.middleware import bearer_token
from luoshi.web.security import SESSION_ID_KEY, client_address

# The signed cookie holds the server-side session's id under this key, and nothing else
# about the login (the user, the stage and the times live in the user_session row).
# With a read replica it also holds when this client last wrote (WROTE_AT_KEY): for a few
# seconds after, its reads go to the primary, so it sees its own writes.
WROTE_AT_KEY = "wrote_at"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_settings_dep(request: Request) -> Settings:
    # async: a plain read, not worth a hop to the thread pool as a sync dependency takes
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns without error.

    Used with ``scope="function"`` (below), so the commit runs when the handler returns and
    before the response is sent: a commit that fails reaches the error handlers and the
    client sees 409 or 500, never the 2xx or 303 of a write that did not happen. (The
    default scope of a yield dependency ends after the response has gone out.)

    An async generator: opening a session does no I/O (it connects when first used, in the
    handler's thread), so only its end goes to the thread pool, in one hop; as a sync
    generator it took two hops, each a measurable share of a cheap read.
    """
    session: Session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        await _in_thread(_rollback_and_close, session)
        raise
    await _in_thread(_commit_and_close, session)
    if request.method not in SAFE_METHODS and request.app.state.read_session_factory is not None:
        request.session[WROTE_AT_KEY] = int(clock.now().timestamp())


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """A session for a request that only reads: on the read replica when one is set
    (``LUOSHI_DATABASE_REPLICA_URL``), unless this client wrote within the last
    ``replica_read_your_writes_seconds``; it refuses to flush either way."""
    factory = request.app.state.read_session_factory
    if factory is None or _wrote_recently(request):
        factory = request.app.state.session_factory
    session = open_read_only(factory)
    try:
        yield session
    finally:
        await _in_thread(_rollback_and_close, session)


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _rollback_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


async def _in_thread(end: Callable[[Session], None], session: Session) -> None:
    # Shielded: a cancelled request must still give its connection back.
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(end, session)


def _wrote_recently(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    wrote_at = request.session.get(WROTE_AT_KEY)
    if not isinstance(wrote_at, int):
        return False
    return clock.now().timestamp() - wrote_at < settings.replica_read_your_writes_seconds


DbSession = Annotated[Session, Depends(get_session, scope="function")]
ReadSession = Annotated[Session, Depends(get_read_session, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]


def _bearer(request: Request) -> str | None:
    return bearer_token(request.headers.get("authorization", ""))


def current_actor(request: Request, session: DbSession, settings: AppSettings) -> Actor:
    """The actor of an API token (API only) or of a live, complete server-side session:
    the credential, its user and the user's unit in one statement (kernel/credentials.py),
    read on every request so that a change made on any instance counts at once."""
    plain = _bearer(request) if request.url.path.startswith("/api/") else None
    if plain is not None:
        found = credentials.by_token(session, tenant_id=settings.tenant, plain=plain)
        if found is None:
            raise NotAuthenticated.of("token_unknown")
        if found.grant == "read" and request.method not in SAFE_METHODS:
            raise PermissionDenied.of("token_read_only")
        request.state.auth = "token"
    else:
        sid = request.session.get(SESSION_ID_KEY)
        if not isinstance(sid, str):
            raise NotAuthenticated.of("log_in_first")
        found = credentials.by_login(
            session, tenant_id=settings.tenant, token=sid, settings=settings
        )
        if found is None:
            request.session.pop(SESSION_ID_KEY, None)
            raise NotAuthenticated.of("log_in_again")
        if found.grant != sessions.ACTIVE:
            # A login that still owes a step: the login page takes it from there.
            raise NotAuthenticated.of("finish_logging_in")
        request.state.auth = "session"
    if found.actor is None:  # the user is gone or no longer active
        request.session.pop(SESSION_ID_KEY, None)
        raise NotAuthenticated.of("log_in_again")
    actor = replace(found.actor, client_address=client_address(request))
    # The error handler audits a denial as this actor (web/errors.py).
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def public() -> None:
    """Marks a route that needs no login (the test of routes checks this marker)."""
