"""ASGI middleware: security headers on every response, a cap on every request body, and
the signed-cookie session for every request but an API token's."""

from __future__ import annotations

import html
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.sessions import Session, SessionMiddleware
from starlette.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi.i18n import DEFAULT, accepted_language, format_decimal, text

# No inline script or style anywhere (templates hold none; a test checks): an injected
# <script> or on*= attribute does not run even if escaping were ever missed.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIX = "/static/"
# Logging in, its second step, the CSRF token and logging out work on the cookie session
# whatever else the request carries.
LOGIN_PREFIX = "/api/auth/"


def security_headers(path: str, *, hsts: bool) -> dict[str, str]:
    """The headers a response to ``path`` gets unless the route set its own."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if hsts:
        headers["Strict-Transport-Security"] = HSTS
    if not path.startswith(STATIC_PREFIX):
        # Pages and API answers carry business data (and the login form a CSRF token):
        # never keep them in a shared or browser cache.
        headers["Cache-Control"] = "no-store"
    return headers


class SecurityHeaders:
    """Adds :func:`security_headers` to every HTTP response."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope["path"], hsts=self.hsts)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _too_large(scope: Scope, cap: int) -> JSONResponse | HTMLResponse:
    # Answered before the app (no session yet): the browser's language, else the default
    # (English for the API, as web/errors.py answers it).
    headers = Headers(scope=scope)
    api = str(scope.get("path", "")).startswith("/api")
    asked = accepted_language(headers.get("accept-language"))
    language = asked or ("en" if api else DEFAULT)
    message = text("body_too_large", language, cap=format_decimal(cap, language))
    if api:
        return JSONResponse({"error": "too_large", "message": message}, status_code=413)
    title = html.escape(text("error_title", language))
    tag = "en" if language == "en" else "zh-CN"
    page = (
        f'<!doctype html><html lang="{tag}"><meta charset="utf-8">'
        f'<title>{title}</title><link rel="stylesheet" href="/static/luoshi.css">'
        f'<main><h1>{title}</h1><p class="error notice" role="alert">{html.escape(message)}</p>'
        f'<p><a href="/">{html.escape(text("go_home", language))}</a></p></main>'
    )
    return HTMLResponse(page, status_code=413)


class BodyLimit:
    """Refuses (413) a request body over its cap before the body is read: at once when
    Content-Length says so, else as soon as the bytes received pass the cap (a chunked
    or lying client). Multipart bodies (file uploads) have the larger cap."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, multipart_max_bytes: int) -> None:
        self.max_bytes, self.multipart_max_bytes = max_bytes, multipart_max_bytes
        self.plain = RequestBodyLimitMiddleware(app, max_body_size=max_bytes)
        self.multipart = RequestBodyLimitMiddleware(app, max_body_size=multipart_max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else Headers()
        multipart = headers.get("content-type", "").lower().startswith("multipart/")
        cap = self.multipart_max_bytes if multipart else self.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            # Declared too large: answered here, in the API's error body, without reading
            # a byte of it (Starlette's own answer would be plain text).
            await _too_large(scope, cap)(scope, receive, send)
            return
        if multipart:
            await self.multipart(scope, receive, send)
        else:
            await self.plain(scope, receive, send)


def bearer_token(authorization: str) -> str | None:
    """The token of an ``Authorization: Bearer …`` header's value, else None."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def is_token_request(scope: Scope) -> bool:
    """An API request that carries an API token: it authenticates by the token alone
    (web/deps.py) and needs no CSRF token (web/security.py)."""
    if not str(scope.get("path", "")).startswith("/api/"):
        return False
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            return bearer_token(value.decode("latin-1")) is not None
    return False


class CookieSessions:
    """Starlette's signed-cookie session, except for a request with an API token outside
    the login's own routes (``/api/auth/``): that one's cookie, if it sends one, is neither
    verified nor decoded nor written back, and its session starts empty. The token is its
    credential (web/deps.py ignores the cookie then, web/security.py asks no CSRF token),
    so the work was wasted; the rate limits count it by address, as they always counted a
    token client without a cookie; and a refused token no longer clears the login of a
    browser that sends both.

    With a read replica (``keep_for_tokens``) token requests keep the cookie: it carries
    when the client last wrote, so that its next reads go to the primary (web/deps.py)."""

    def __init__(self, app: ASGIApp, /, *, keep_for_tokens: bool, **options: Any) -> None:
        self.app = app
        self.with_cookie = SessionMiddleware(app, **options)
        self.keep_for_tokens = keep_for_tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and not self.keep_for_tokens
            and is_token_request(scope)
            and not str(scope["path"]).startswith(LOGIN_PREFIX)
        ):
            scope["session"] = Session()
            await self.app(scope, receive, send)
            return
        await self.with_cookie(scope, receive, send)
