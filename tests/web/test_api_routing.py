"""The API's routers refuse a path outside their sections at once (web/api/routing.py),
and every URL answers as before."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Match

from luoshi.web.api import PROTECTED, api_router, auth
from luoshi.web.api import tasks as tasks_api
from luoshi.web.api.routing import SectionRouter
from tests.factories import World


def test_a_module_serves_only_its_sections() -> None:
    router = tasks_api.router
    assert router.serves("/api/tasks")
    assert router.serves("/api/tasks/1")
    assert router.serves("/api/tasks/")
    assert not router.serves("/api/units")
    assert not router.serves("/api/tasksx/1")
    assert not router.serves("/api")
    assert not router.serves("/tasks/1")  # the page, not the API
    assert not router.serves("/apis/tasks/1")


def test_the_api_serves_only_its_prefix() -> None:
    router = api_router()
    assert isinstance(router, SectionRouter)
    assert router.serves("/api/anything/at/all")
    assert not router.serves("/tasks/1")
    assert not router.serves("/apix/tasks")


def test_every_api_module_is_a_section() -> None:
    # A plain APIRouter would work, but every request of the API would try its routes.
    for module in (auth, *PROTECTED):
        assert isinstance(module.router, SectionRouter), module.__name__
    assert isinstance(auth.public_router, SectionRouter)


def test_a_route_without_a_literal_head_turns_the_check_off() -> None:
    router = SectionRouter()

    @router.get("/things")
    def things() -> None: ...

    assert not router.serves("/api/other")

    @router.get("/{kind}/list")
    def by_kind(kind: str) -> None: ...

    # Read again after the routes changed: anything under the prefix may be a {kind}.
    assert router.serves("/api/other/list")


def test_a_refused_path_tries_no_route(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[str] = []
    original = APIRoute.matches

    def counting(self: APIRoute, scope: dict[str, object]) -> tuple[Match, dict[str, object]]:
        tried.append(self.endpoint.__module__)
        return original(self, scope)

    monkeypatch.setattr(APIRoute, "matches", counting)
    with TestClient(app) as c:
        assert c.get("/api/tasks/1").status_code == 401  # found, and refused without a login
        assert tried, "no route was tried"
        assert set(tried) == {"luoshi.web.api.tasks"}
        tried.clear()
        assert c.get("/tasks", follow_redirects=False).status_code == 303  # a page
    assert tried, "no route was tried"
    assert not [module for module in tried if module.startswith("luoshi.web.api.")]


def test_urls_methods_and_slashes_answer_as_before(
    login: Callable[[str], TestClient], world: World
) -> None:
    office = login("office")
    assert office.get("/api/tasks?page_size=1").status_code == 200
    assert office.get("/api/units").status_code == 200
    # The detail's route is found; the task is not (the domain's 404, in its own words).
    missing = office.get("/api/tasks/999999")
    no_route = office.get("/api/no-such-section")
    assert missing.status_code == no_route.status_code == 404
    assert missing.json()["message"] != no_route.json()["message"]
    # A known path with a method it does not take: 405, not 404.
    assert office.put("/api/units").status_code == 405
    # A page and the OpenAPI document are still found.
    assert office.get("/tasks", follow_redirects=False).status_code == 200
    assert office.get("/api/openapi.json").status_code == 200
