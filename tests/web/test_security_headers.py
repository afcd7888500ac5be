"""Security headers, the session cookie, generic error pages, and the API docs behind a
login: each control checked from the outside, through the HTTP client."""

from __future__ import annotations

import re
from base64 import b64encode
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import World
from tests.web.conftest import log_in, with_csrf

Login = Callable[[str], TestClient]
TEMPLATES = Path(__file__).parents[2] / "src" / "luoshi" / "web" / "templates"


def make_app(db: Database, **overrides: object) -> FastAPI:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": db.url,
        "secret_key": "h" * 40,
        **overrides,
    }
    return create_app(Settings.model_validate(values), session_factory=db.factory)


# ------------------------------------------------------------------------- headers


def csp(response: object) -> dict[str, str]:
    header = response.headers["content-security-policy"]  # type: ignore[attr-defined]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
    }


def test_every_page_and_answer_carries_the_headers(login: Login) -> None:
    office = login("office")
    for url in ("/login", "/tasks", "/sources", "/api/tasks", "/api/me"):
        response = office.get(url)
        assert response.status_code == 200, url
        policy = csp(response)
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
        # Business data and the login form's token are never cached.
        assert response.headers["cache-control"] == "no-store", url
        assert "strict-transport-security" not in response.headers  # test: plain HTTP
    static = office.get("/static/luoshi.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
    assert static.headers["x-content-type-options"] == "nosniff"


def test_errors_and_refusals_carry_the_headers(client: TestClient, world: World) -> None:
    for response in (
        client.get("/api/tasks"),  # 401
        client.get("/nowhere"),  # 404 from the router
        client.post("/api/auth/login", json={}, headers={"X-CSRF-Token": "x"}),  # 403
    ):
        assert response.status_code >= 400
        assert csp(response)["default-src"] == "'self'"
        assert response.headers["cache-control"] == "no-store"


def test_no_template_holds_inline_script_or_style() -> None:
    """The CSP forbids inline script and style; a template that had some would break."""
    checked = 0
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            # A file, or data for one (a JSON block the browser never runs).
            data = 'type="application/json"' in tag and "src=" not in tag
            assert "src=" in tag or data, f"{template.name}: inline script"
        assert "<style" not in text, template.name
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template.name}: on*= handler"
        assert not re.search(r"\sstyle\s*=", text), f"{template.name}: style attribute"
        assert "javascript:" not in text.lower(), template.name
        checked += 1
    assert checked >= 10


def test_production_sends_hsts_and_a_host_only_secure_cookie(db: Database, world: World) -> None:
    app = make_app(db, environment="production")
    with TestClient(app, base_url="https://luoshi.example") as browser:
        response = browser.get("/login")
        assert response.headers["strict-transport-security"].startswith("max-age=31536000")
        cookie = response.headers["set-cookie"]
        name, _, attributes = cookie.partition(";")
        assert name.startswith("__Host-luoshi=")
        flags = {a.strip().split("=")[0].lower(): a.strip() for a in attributes.split(";")}
        assert {"secure", "httponly", "samesite", "path"} <= set(flags)
        assert flags["samesite"].lower() == "samesite=lax"
        assert flags["path"] == "path=/" and "domain" not in flags
        # The cookie works: log in over HTTPS with it.
        log_in(browser, "office")
        assert browser.get("/api/me").status_code == 200


def test_development_and_test_use_the_plain_cookie(db: Database, world: World) -> None:
    for environment in ("development", "test"):
        with TestClient(make_app(db, environment=environment)) as browser:
            response = browser.get("/login")
            cookie = response.headers["set-cookie"]
            assert cookie.startswith("luoshi=") and "secure" not in cookie.lower()
            assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
            assert "strict-transport-security" not in response.headers


# -------------------------------------------------------------------- error pages


SECRET = "db password is hunter2 at 10.0.0.7"


def boom() -> None:
    raise RuntimeError(SECRET)


@pytest.fixture
def failing_app(app: FastAPI) -> FastAPI:
    """The test app with two routes that fail (they exist only here)."""
    app.add_api_route("/api/boom", boom, methods=["GET"])
    app.add_api_route("/boom", boom, methods=["GET"], include_in_schema=False)
    return app


def test_an_unhandled_error_is_a_generic_500(failing_app: FastAPI, world: World) -> None:
    with TestClient(failing_app, raise_server_exceptions=False) as c:
        api = c.get("/api/boom")
        assert api.status_code == 500
        assert api.json() == {
            "error": "server_error",
            "message": "Something went wrong on the server (it is logged); please try again later",
        }
        page = c.get("/boom?lang=en")
        assert page.status_code == 500 and "text/html" in page.headers["content-type"]
        assert "Something went wrong on the server" in page.text
        for response in (api, page):
            for leak in (SECRET, "RuntimeError", "Traceback", "boom", 'File "'):
                assert leak not in response.text
            assert csp(response)["script-src"] == "'self'"
            assert response.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------------ API docs


def test_the_api_docs_need_a_login_by_default(
    client: TestClient, login: Login, world: World
) -> None:
    assert client.get("/api/openapi.json").status_code == 401
    for page in ("/docs", "/redoc"):
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next={page}"
    office = login("office")
    assert "/api/tasks" in office.get("/api/openapi.json").json()["paths"]
    docs = office.get("/docs")
    assert docs.status_code == 200
    assert office.get("/redoc").url.path == "/docs"
    # The viewer and its styles come from the app itself, not from a CDN.
    assert "https://" not in docs.text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text):
        assert office.get(asset).status_code == 200, asset
    assert "cdn" not in docs.headers["Content-Security-Policy"]


def test_the_api_docs_can_be_made_public(db: Database, world: World) -> None:
    with TestClient(make_app(db, api_docs_public=True)) as anonymous:
        spec = anonymous.get("/api/openapi.json")
        assert spec.status_code == 200 and "/api/tasks" in spec.json()["paths"]
        docs = anonymous.get("/docs")
        assert docs.status_code == 200
        # The viewer's one inline script is allowed by its hash, and nothing else inline.
        [script] = re.findall(r"<script>(.*?)</script>", docs.text, re.S)
        digest = b64encode(sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp(docs)["script-src"]
        assert "'unsafe-inline'" not in csp(docs)["script-src"]
        assert anonymous.get("/redoc").status_code == 200  # redirected to /docs
        # Only the docs are public: the API still needs a login.
        assert with_csrf(anonymous).get("/api/tasks").status_code == 401
