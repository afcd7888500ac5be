"""Domain errors → HTTP, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from luoshi.db import transaction
from luoshi.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    LuoshiError,
    NotAuthenticated,
    NotFound,
    OutOfScope,
    PermissionDenied,
)
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor

STATUS: dict[type[LuoshiError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    NotAuthenticated: 401,
    InvalidInput: 422,
    Conflict: 409,
    InvalidTransition: 409,
}


def status_for(exc: LuoshiError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def _audit_denial(request: Request, exc: PermissionDenied | OutOfScope) -> None:
    """Record a refusal in a transaction of its own: the request's was rolled back."""
    actor = getattr(request.state, "actor", None)
    if not isinstance(actor, Actor):
        return
    factory: sessionmaker[Session] = request.app.state.session_factory
    with transaction(factory) as session:
        audit.record(
            session,
            actor=actor,
            action=exc.action or "request",
            object_type="request",
            object_id=None,
            new={"method": request.method, "path": request.url.path},
            note=exc.message,
            result="denied",
        )


async def _handle(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LuoshiError)
    if isinstance(exc, PermissionDenied | OutOfScope):
        # A plain NotFound (no such object) is not a denial; OutOfScope is one.
        await run_in_threadpool(_audit_denial, request, exc)
    status = status_for(exc)
    if status == 401 and not request.url.path.startswith("/api"):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    body: dict[str, object] = {"error": exc.code, "message": exc.message}
    if exc.details is not None:
        body["details"] = exc.details
    return JSONResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(LuoshiError, _handle)
