"""Every route needs a login unless declared public; OpenAPI is served."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import World

PUBLIC_API = {
    ("/api/auth/login", "post"),
    ("/api/auth/csrf", "get"),
    ("/api/auth/totp", "post"),
    ("/api/auth/totp/enrol", "post"),
    ("/api/auth/totp/confirm", "post"),
    ("/api/auth/password", "post"),
}
PAGES = [
    "/",
    "/dashboard",
    "/dashboard/screen",
    "/tasks",
    "/tasks/1",
    "/sources",
    "/sources/1",
    "/admin",
    "/admin/users",
    "/admin/audit",
    "/bulletins",
    "/bulletins/1",
]


def test_every_api_route_answers_401_without_a_login(
    app: FastAPI, client: TestClient, world: World
) -> None:
    spec = app.openapi()
    checked = 0
    for path, methods in spec["paths"].items():
        for method in methods:
            if (path, method) in PUBLIC_API:
                continue
            url = re.sub(r"\{[^}]+\}", "1", path)
            response = client.request(method.upper(), url, json={})
            assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"
            checked += 1
    assert checked >= 20


def test_pages_redirect_to_login(client: TestClient, world: World) -> None:
    for page in PAGES:
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303, page
        assert response.headers["location"] == f"/login?next={page}"
    assert client.get("/login").status_code == 200


def test_openapi(login: Callable[[str], TestClient]) -> None:
    office = login("office")
    spec = office.get("/api/openapi.json").json()
    assert "/api/tasks" in spec["paths"] and "/api/sources" in spec["paths"]
    assert office.get("/docs").status_code == 200
