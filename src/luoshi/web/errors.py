"""Domain errors → HTTP, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from luoshi.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    LuoshiError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)

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


async def _handle(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LuoshiError)
    status = status_for(exc)
    if status == 401 and not request.url.path.startswith("/api"):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    body: dict[str, object] = {"error": exc.code, "message": exc.message}
    if exc.details is not None:
        body["details"] = exc.details
    return JSONResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(LuoshiError, _handle)
