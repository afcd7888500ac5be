"""ASGI middleware: security headers on every response, a cap on every request body."""

from __future__ import annotations

import html

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
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
