"""Domain errors → HTTP, in one place.

Every error the API answers has one body, ``ErrorBody``: the domain's errors, the request
validation errors of FastAPI and the HTTP errors of Starlette (a body that is not JSON, a
broken multipart form) alike; routes declare which statuses they answer with
``error_responses`` so that the OpenAPI document tells clients the truth.

The database's own refusals are domain errors too: a lost optimistic-lock race
(``StaleDataError``) is a ``StaleEdit`` and a violated constraint (``IntegrityError``,
also when the commit itself fails on it) a ``Conflict``, so both answer 409 with a
message, whether raised in a handler or by the request's commit. Any other failure of
the commit is a 500: the client never sees success for a write that was not stored.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

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
    StaleEdit,
    TooLarge,
    Unavailable,
)
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor
from luoshi.web.i18n import translator
from luoshi.web.middleware import security_headers
from luoshi.web.security import CsrfRejected, RateLimited, secure_transport

STATUS: dict[type[LuoshiError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    NotAuthenticated: 401,
    TooLarge: 413,
    InvalidInput: 422,
    Conflict: 409,
    InvalidTransition: 409,
    Unavailable: 503,
}

STALE_MESSAGE = "someone else changed this record at the same time; reload and try again"
INTEGRITY_MESSAGE = (
    "the change conflicts with what is stored (a duplicate, or a record that is gone); "
    "reload and try again"
)

# What the database raises that is the client's race, not the server's fault.
DATABASE_CONFLICTS = (StaleDataError, IntegrityError)


def as_domain(exc: Exception) -> LuoshiError:
    """The domain error a refusal of the database stands for (others pass through)."""
    if isinstance(exc, LuoshiError):
        return exc
    if isinstance(exc, StaleDataError):
        return StaleEdit(STALE_MESSAGE)
    if isinstance(exc, IntegrityError):
        return Conflict(INTEGRITY_MESSAGE)
    raise TypeError(f"not a domain or database conflict: {exc!r}") from exc


class ErrorBody(BaseModel):
    """What every API error answers."""

    error: str = Field(description="a stable ASCII code, e.g. not_found, invalid_input")
    message: str = Field(description="what went wrong, for a person")
    details: Any = Field(default=None, description="structured detail, when there is some")


_DESCRIPTIONS = {
    400: "Malformed request: the body is not JSON, or the form is not valid multipart",
    401: "Not logged in",
    403: "Logged in, but not allowed to do this",
    404: "No such object, or one the user may not know of",
    409: "Conflict: a stale version, a duplicate or a transition the status does not allow",
    413: "The upload is larger than the configured limit",
    422: "The request does not match the schema, or a value is refused",
    429: "Too many requests; try again later",
    503: "A tool the request needs is not installed here (LibreOffice for a PDF)",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route or router that may answer ``statuses``."""
    return {s: {"model": ErrorBody, "description": _DESCRIPTIONS[s]} for s in statuses}


# What the routes of the API answer besides their success, in three shapes.
READ = error_responses(404)  # a GET of one object (or of what hangs on it)
WRITE = error_responses(400, 404, 409)  # a JSON body that changes an object
UPLOAD = error_responses(400, 404, 409, 413, 429)  # a multipart upload
# Every route behind login: not logged in, not allowed, a parameter refused.
LOGGED_IN = error_responses(401, 403, 422)


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


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _body(error: str, message: str, details: object | None = None) -> dict[str, object]:
    body: dict[str, object] = {"error": error, "message": message}
    if details is not None:
        body["details"] = details
    return body


async def _handle(request: Request, exc: Exception) -> Response:
    error = as_domain(exc)
    if isinstance(error, PermissionDenied | OutOfScope):
        # A plain NotFound (no such object) is not a denial; OutOfScope is one.
        await run_in_threadpool(_audit_denial, request, error)
    status = status_for(error)
    if not _is_api(request):
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        # A page's form refused after its handler returned (by the commit): say so on a
        # page, not in JSON. Imported here because the pages import this module.
        from luoshi.web.pages.rendering import render

        return render(request, "error.html", status_code=status, error=error.message)
    return JSONResponse(_body(error.code, error.message, error.details), status_code=status)


async def _handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # The offending input is not echoed back: it may be megabytes, or markup.
    details = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]
    first = details[0] if details else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    message = f"{where}: {first['msg']}" if where else str(first["msg"])
    if not _is_api(request):
        # A page names the field, not where in the request it travelled ("body", "query").
        field = ".".join(str(part) for part in first["loc"][1:]) or where
        detail = f"{field}: {first['msg']}" if field else str(first["msg"])
        return _refusal(request, 422, "invalid_request", detail=detail)
    return JSONResponse(_body("invalid_input", message, jsonable_encoder(details)), status_code=422)


async def _handle_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not _is_api(request):
        page_codes = {404: "page_not_found", 405: "method_not_allowed"}
        if exc.status_code in page_codes:
            headers = dict(exc.headers) if exc.headers else None
            return _refusal(request, exc.status_code, page_codes[exc.status_code], headers)
        return await http_exception_handler(request, exc)
    try:
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        code = "error"
    if exc.status_code == 400:
        code = "malformed_request"
    return JSONResponse(
        _body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
    )


def _refusal(
    request: Request,
    status: int,
    code: str,
    headers: dict[str, str] | None = None,
    **params: str,
) -> Response:
    """A generic answer: JSON under /api, else the error page; the message is ours, never
    the exception's (``params`` fill its blanks)."""
    if request.url.path.startswith("/api"):
        message = translator("en")[code].format(**params)
        return JSONResponse({"error": code, "message": message}, status, headers=headers)
    # Imported here: the pages package imports this module (status_for).
    from luoshi.web.pages.rendering import page_language, render

    try:
        lang = page_language(request)
    except AssertionError:  # no session in scope: the failure came before it
        lang = request.app.state.settings.language
    message = translator(lang)[code].format(**params)
    try:
        page: Response = render(request, "error.html", status_code=status, error=message)
    except Exception:  # the error page itself failed: still no detail to the client
        page = HTMLResponse(f"<!doctype html><title>{status}</title><p>{message}</p>", status)
    page.headers.update(headers or {})
    return page


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    return _refusal(request, 403, "csrf_rejected")


async def _rate_limited(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RateLimited)
    return _refusal(request, 429, "rate_limited", {"Retry-After": str(exc.retry_after)})


async def _unhandled(request: Request, exc: Exception) -> Response:
    # Starlette's outermost middleware calls this, logs the traceback and re-raises it
    # for the server's log; the client gets no traceback or exception text. That layer
    # sits outside SecurityHeaders, so the headers are added here.
    response = _refusal(request, 500, "server_error")
    hsts = secure_transport(request.app.state.settings)
    for name, value in security_headers(request.url.path, hsts=hsts).items():
        response.headers.setdefault(name, value)
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(LuoshiError, _handle)
    for cls in DATABASE_CONFLICTS:
        app.add_exception_handler(cls, _handle)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(RateLimited, _rate_limited)
    app.add_exception_handler(Exception, _unhandled)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
