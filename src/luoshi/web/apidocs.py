"""The OpenAPI document and its viewer, behind a login unless ``api_docs_public``.

The document lists every route and field: a map for an attacker, so by default only a
logged-in user gets it. Swagger UI is served from the app's own static files (installed
from the npm registry by ``make install``): nothing loads from the network, so the page
works in a closed government network.
"""

from __future__ import annotations

import re
from base64 import b64encode
from hashlib import sha256

from fastapi import APIRouter, Depends, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from luoshi.web.deps import current_actor, public

OPENAPI_URL = "/api/openapi.json"
SWAGGER = "/static/vendor/swagger-ui"
# The viewer starts from one inline script and styles its widgets inline: allow exactly
# that script (by hash), and inline styles, on this page only.
DOCS_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' {hashes}",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self'",
        "img-src 'self' data:",
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
        return _with_csp(
            get_swagger_ui_html(
                openapi_url=OPENAPI_URL,
                title=request.app.title,
                swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                swagger_css_url=f"{SWAGGER}/swagger-ui.css",
                swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            )
        )

    @router.get("/redoc")
    def redoc() -> RedirectResponse:
        # ReDoc is not shipped (its bundle would bring a second framework): one viewer.
        return RedirectResponse("/docs", status_code=307)

    return router
