"""The OpenAPI document and its two viewers, behind a login unless ``api_docs_public``.

The document lists every route and field: a map for an attacker, so by default only a
logged-in user gets it.
"""

from __future__ import annotations

import re
from base64 import b64encode
from hashlib import sha256

from fastapi import APIRouter, Depends, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from luoshi.web.deps import current_actor, public

OPENAPI_URL = "/api/openapi.json"
# The viewers load their bundles from jsDelivr and start from one inline script: allow
# exactly that script (by hash) and those hosts on these two pages only.
DOCS_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' https://cdn.jsdelivr.net {hashes}",
        "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com",
        "font-src 'self' https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    scripts = re.findall(r"<script>(.*?)</script>", bytes(page.body).decode(), re.S)
    hashes = " ".join(
        f"'sha256-{b64encode(sha256(s.encode()).digest()).decode()}'" for s in scripts
    )
    page.headers["Content-Security-Policy"] = DOCS_CSP.format(hashes=hashes)
    return page


def docs_router(*, public_docs: bool) -> APIRouter:
    guard = public if public_docs else current_actor
    router = APIRouter(include_in_schema=False, dependencies=[Depends(guard)])

    @router.get(OPENAPI_URL)
    def openapi(request: Request) -> JSONResponse:
        return JSONResponse(request.app.openapi())

    @router.get("/docs")
    def swagger(request: Request) -> HTMLResponse:
        return _with_csp(get_swagger_ui_html(openapi_url=OPENAPI_URL, title=request.app.title))

    @router.get("/redoc")
    def redoc(request: Request) -> HTMLResponse:
        return _with_csp(get_redoc_html(openapi_url=OPENAPI_URL, title=request.app.title))

    return router
