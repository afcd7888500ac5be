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

import html
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
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
from luoshi.i18n import FIELD_MESSAGES, accepted_language, language_of, text
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor
from luoshi.web.i18n import translator
from luoshi.web.language import request_language
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


# What the database raises that is the client's race, not the server's fault.
DATABASE_CONFLICTS = (StaleDataError, IntegrityError)


def as_domain(exc: Exception) -> LuoshiError:
    """The domain error a refusal of the database stands for (others pass through)."""
    if isinstance(exc, LuoshiError):
        return exc
    if isinstance(exc, StaleDataError):
        return StaleEdit.of("stale_edit_message")
    if isinstance(exc, IntegrityError):
        return Conflict.of("integrity_conflict")
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


def reader_language(request: Request) -> str:
    """A page speaks the reader's language (web/language.py). The API's ``message`` follows
    ``Accept-Language`` (a browser sends it), else English: a program reads the stable
    ``error`` code, and its logs keep one language whoever ran it. An import report's row
    errors follow the same choice."""
    if _is_api(request):
        return accepted_language(request.headers.get("accept-language")) or "en"
    return request_language(request)


def message_for(error: LuoshiError, language: str) -> str:
    """A domain error's message for a reader of ``language``: its catalogue message when it
    names one; else, for a Chinese reader, the general sentence of its kind first."""
    if error.key is not None or language == "en":
        return error.message_in(language)
    general = text(f"error_{error.code}", language)
    return f"{general}（{error.message}）" if general != f"error_{error.code}" else error.message


class FormRefused(InvalidInput):
    """A form's fields refused by their schema: English as pydantic words it (logs, tests),
    and for any other reader each field by its label and what is wrong, in their words."""

    def __init__(self, errors: Sequence[Mapping[str, Any]], message: str) -> None:
        super().__init__(message)
        self.errors = [dict(e) for e in errors]
        self.key = "field_invalid"  # a catalogue message: message_for asks message_in

    def message_in(self, language: str) -> str:
        if language_of(language) == "en" or not self.errors:
            return self.message
        return "；".join(dict.fromkeys(field_message(e, language) for e in self.errors[:10]))


def _login_redirect(request: Request) -> Response:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='/')}", status_code=303)


async def _handle(request: Request, exc: Exception) -> Response:
    error = as_domain(exc)
    if isinstance(error, PermissionDenied | OutOfScope):
        # A plain NotFound (no such object) is not a denial; OutOfScope is one.
        await run_in_threadpool(_audit_denial, request, error)
    status = status_for(error)
    language = reader_language(request)
    message = message_for(error, language)
    if not _is_api(request):
        if status == 401:
            return _login_redirect(request)
        return _page(request, status, message)
    return JSONResponse(_body(error.code, message, error.details), status_code=status)


def field_message(error: Mapping[str, Any], language: str) -> str:
    """One refusal of the request's schema in words: the field by its label, and what is
    wrong with it (a length, a count, a missing value), in ``language``."""
    loc = [str(part) for part in error.get("loc", ())]
    # A page names the field, not where in the request it travelled ("body", "query").
    where = loc[1:] if len(loc) > 1 and loc[0] in ("body", "query", "path", "form") else loc
    name = next((part for part in reversed(where) if not part.isdigit()), "")
    labels = translator(language)
    # A field by its label; a request's parameter (task_id, page) by its word (param_*).
    field = next(
        (labels[k] for k in (name, f"param_{name}") if name and k in labels), ".".join(where)
    )
    ctx = error.get("ctx") or {}
    kind = str(error.get("type", ""))
    if kind in FIELD_MESSAGES:
        key = FIELD_MESSAGES[kind]
        limit = ctx.get("max_length", ctx.get("min_length", ctx.get("limit_value", "")))
        sentence = text(key, language, limit=limit)
    elif language == "en":
        sentence = str(error.get("msg", ""))
    else:
        sentence = text("field_invalid", language)
    return text("field_says", language, field=field, what=sentence) if field else sentence


async def _handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # The offending input is not echoed back: it may be megabytes, or markup.
    details = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]
    language = reader_language(request)
    errors = list(exc.errors()) or [{"loc": (), "msg": "invalid request", "type": ""}]
    message = "; ".join(dict.fromkeys(field_message(e, language) for e in errors[:10]))
    if not _is_api(request):
        return _refusal(request, 422, "invalid_request", detail=message)
    return JSONResponse(_body("invalid_input", message, jsonable_encoder(details)), status_code=422)


# What a page answers for each HTTP status Starlette raises (a key of the catalogue).
PAGE_CODES = {
    400: "malformed_request",
    403: "forbidden",
    404: "page_not_found",
    405: "method_not_allowed",
    409: "error_conflict",
    413: "request_too_large",
    422: "invalid_request_page",
    429: "rate_limited",
}


async def _handle_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else None
    if not _is_api(request):
        if exc.status_code == 401:
            return _login_redirect(request)
        code = PAGE_CODES.get(exc.status_code, "server_error" if exc.status_code >= 500 else "")
        if not code:
            return _refusal(
                request, exc.status_code, "error_status", headers, number=str(exc.status_code)
            )
        return _refusal(request, exc.status_code, code, headers)
    try:
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        code = "error"
    if exc.status_code == 400:
        code = "malformed_request"
    # Starlette's own details ("Not Found") are English; ours come from the catalogue.
    message = (
        text(PAGE_CODES[exc.status_code], reader_language(request))
        if exc.status_code in PAGE_CODES
        else str(exc.detail)
    )
    return JSONResponse(_body(code, message), status_code=exc.status_code, headers=headers)


def _page(request: Request, status: int, message: str) -> Response:
    # Imported here: the pages package imports this module (status_for).
    from luoshi.web.pages.rendering import render

    try:
        page: Response = render(
            request, "error.html", status_code=status, error=message, status=status
        )
    except Exception:  # the error page itself failed: still no detail to the client
        page = HTMLResponse(
            f"<!doctype html><title>{status}</title><p>{html.escape(message)}</p>", status
        )
    return page


def _refusal(
    request: Request,
    status: int,
    code: str,
    headers: dict[str, str] | None = None,
    **params: str,
) -> Response:
    """A generic answer: JSON under /api, else the error page; the message is ours, never
    the exception's (``params`` fill its blanks), in the reader's language."""
    message = text(code, reader_language(request), **params)
    if _is_api(request):
        return JSONResponse({"error": code, "message": message}, status, headers=headers)
    page = _page(request, status, message)
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
