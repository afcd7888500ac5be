"""Who may open the role homes and the dashboards: every business role gets its own page,
the three administrators (三员) none (the home sends them to /admin), nobody anonymous."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

Login = Callable[[str], TestClient]
ROUTES = ("/", "/dashboard", "/dashboard/screen", "/dashboard/download?chart=burden&format=xlsx")
BUSINESS = ("office", "fgw", "city_a", "leader")
ADMINS = ("sysadmin", "secadmin", "auditor")


def test_homes_and_dashboards_by_role(login: Login, client: TestClient) -> None:
    for name in BUSINESS:
        c = login(name)
        for route in ROUTES:
            response = c.get(route, follow_redirects=False)
            assert response.status_code == 200, f"{name} {route}: {response.status_code}"
    for name in ADMINS:
        c = login(name)
        home = c.get("/", follow_redirects=False)
        assert (home.status_code, home.headers["location"]) == (303, "/admin"), name
        for route in ROUTES[1:]:
            response = c.get(route, follow_redirects=False)
            assert response.status_code == 403, f"{name} {route}: {response.status_code}"
    for route in ROUTES:
        response = client.get(route, follow_redirects=False)
        assert response.status_code == 303, route
        assert response.headers["location"].startswith("/login?next="), route
