"""Routers that say no at once to a path they cannot serve.

FastAPI matches a request by trying the app's included routers in turn, and an included
router by trying each of its routes (a regular expression and a few dictionaries each),
twice: once to find the route and once more to hand the request to it. A request for
``/api/tasks/1`` tried the routes of auth, units and breakdowns before reaching the tasks,
and a page request tried every API route first: a fifth of a task detail's time went there.

A :class:`SectionRouter` knows the first path segments its routes start with (read from
its routes, so a route added later counts) and the prefix it is included under, and
answers "no match" without trying a route when the request's path is elsewhere. It only
ever refuses a path that none of its routes could match, so every URL, method check,
trailing-slash redirect and the OpenAPI document are as before.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

API_PREFIX = "/api"


def _head(path: str) -> str | None:
    """A route path's first segment when it is literal (``/tasks/{id}`` → ``tasks``)."""
    head = path.lstrip("/").split("/", 1)[0]
    if not head or "{" in head:
        return None
    return head


class SectionRouter(APIRouter):
    """An APIRouter included under ``under`` (``/api`` unless told) that refuses, before
    trying its routes, a request whose path does not start with ``under`` followed by one
    of its routes' first segments. With ``heads_only=False`` it checks ``under`` alone
    (a router of routers, such as the whole API)."""

    def __init__(self, *args: Any, under: str = API_PREFIX, heads_only: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._under = under.rstrip("/")
        self._by_heads = heads_only
        self._heads: frozenset[str] | None = None
        self._heads_of = -1  # the number of routes the heads were read from

    def _read_heads(self) -> frozenset[str] | None:
        """The first segments of the routes, or None when one route's is not literal (a
        router that cannot be judged by its paths is not judged)."""
        if self._heads_of != len(self.routes):
            heads: set[str] | None = set()
            for route in self.routes:
                head = _head(route.path) if isinstance(route, APIRoute) else None
                if head is None or heads is None:
                    heads = None
                    continue
                heads.add(head)
            self._heads = frozenset(heads) if heads is not None else None
            self._heads_of = len(self.routes)
        return self._heads

    def serves(self, path: str) -> bool:
        """Whether a route of this router could match ``path`` (False only when none can)."""
        under = self._under
        if under:
            if not path.startswith(under):
                return False
            path = path[len(under) :]
            if path and path[0] != "/":
                return False  # "/apis/..." is not under "/api"
        if not self._by_heads:
            return True
        heads = self._read_heads()
        if heads is None:
            return True
        return path[1:].split("/", 1)[0] in heads

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not self.serves(get_route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)
