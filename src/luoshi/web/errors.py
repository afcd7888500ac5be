"""Domain errors → HTTP, in one place.

Every error the API answers has one body, ``ErrorBody``: the domain's errors, the request
validation errors of FastAPI and the HTTP errors of Starlette (a body that is not JSON, a
broken multipart form) alike; routes declare which statuses they answer with
``error_responses`` so that the OpenAPI document tells clients the truth.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from luoshi.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    LuoshiError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooLarge,
)

STATUS: dict[type[LuoshiError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    NotAuthenticated: 401,
    TooLarge: 413,
    InvalidInput: 422,
    Conflict: 409,
    InvalidTransition: 409,
}


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


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _body(error: str, message: str, details: object | None = None) -> dict[str, object]:
    body: dict[str, object] = {"error": error, "message": message}
    if details is not None:
        body["details"] = details
    return body


async def _handle(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LuoshiError)
    status = status_for(exc)
    if status == 401 and not _is_api(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return JSONResponse(_body(exc.code, exc.message, exc.details), status_code=status)


async def _handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if not _is_api(request):
        return await request_validation_exception_handler(request, exc)
    # The offending input is not echoed back: it may be megabytes, or markup.
    details = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]
    first = details[0] if details else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    message = f"{where}: {first['msg']}" if where else str(first["msg"])
    return JSONResponse(_body("invalid_input", message, jsonable_encoder(details)), status_code=422)


async def _handle_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not _is_api(request):
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


def install(app: FastAPI) -> None:
    app.add_exception_handler(LuoshiError, _handle)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
