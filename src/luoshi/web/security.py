"""Controls at the web edge: the session's CSRF token, in-process rate limits, the cookie.

CSRF: every session (a logged-out one too, so the login form is covered) holds one random
token. Every state-changing request (POST, PUT, PATCH, DELETE) must send it back, as the
form field ``csrf_token`` from a page or the header ``X-CSRF-Token`` from htmx or an API
client; :func:`verify_csrf` is an app-level dependency, so no route can forget it. The
token lives in the signed session cookie, which a page on another site can neither read
nor forge. Logging in clears the session, so the token changes with the login.

Rate limits: sliding windows counted in this process (one count per instance; several
instances behind a balancer each count their own). A refused request is not counted, so a
client that keeps hammering waits one window after it stops, never longer.
"""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy import Connection, Engine

from luoshi.kernel import ratelimits
from luoshi.settings import Settings
from luoshi.web.middleware import bearer_token

# The signed cookie's key for the server-side session's id (kernel/sessions.py).
SESSION_ID_KEY = "sid"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRejected(Exception):
    """A state-changing request without the session's token (web/errors.py answers 403)."""


class RateLimited(Exception):
    """Too many requests of one kind from one client (web/errors.py answers 429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; retry after {retry_after} s")
        self.retry_after = retry_after


# --- CSRF -------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The session's token, made on first use."""
    token = request.session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_SESSION_KEY] = token
    return token


def _has_bearer(request: Request) -> bool:
    return bearer_token(request.headers.get("authorization", "")) is not None


async def verify_csrf(request: Request) -> None:
    """App-level dependency: refuse a state-changing request that lacks the token."""
    if request.method in SAFE_METHODS:
        return
    if request.url.path.startswith("/api/") and _has_bearer(request):
        # An API token authenticates alone (web/deps.py ignores the cookie then), and no
        # page on another site can make a browser send an Authorization header.
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        # FastAPI has parsed the form already for routes with form fields (cached here).
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = request.session.get(CSRF_SESSION_KEY)
    if not isinstance(expected, str) or not expected or not sent:
        raise CsrfRejected("no CSRF token")
    if not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRejected("wrong CSRF token")


@pass_context
def csrf_field(context: dict[str, Any]) -> Markup:
    """Jinja global: the hidden input every form carries."""
    token = csrf_token(context["request"])
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % token


@pass_context
def csrf_token_global(context: dict[str, Any]) -> str:
    """Jinja global ``csrf_token()``: the token itself (htmx's header in base.html)."""
    return csrf_token(context["request"])


# --- the session cookie ------------------------------------------------------------------


def secure_transport(settings: Settings) -> bool:
    """Production is served over HTTPS only: Secure cookies and HSTS."""
    return settings.environment == "production"


def session_cookie_name(settings: Settings) -> str:
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, has
    # Path=/ and no Domain: no sibling subdomain can set or shadow it.
    return "__Host-luoshi" if secure_transport(settings) else "luoshi"


# --- rate limits -------------------------------------------------------------------------


class RateLimiter:
    """Sliding-window counters: at most ``limit`` requests per key in any ``window`` s."""

    MAX_KEYS = 100_000  # a spray of made-up usernames must not grow memory without end

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.window = float(window_seconds)
        self.clock = clock
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()  # sync routes run in a thread pool

    def hit(self, bucket: str, key: str, limit: int) -> float:
        """Count one request; 0 when allowed, else the seconds until one would be."""
        now = self.clock()
        with self._lock:
            hits = self._hits.get((bucket, key))
            if hits is None:
                if len(self._hits) >= self.MAX_KEYS:
                    self._prune(now)
                hits = self._hits[(bucket, key)] = deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= limit:
                return hits[0] + self.window - now
            hits.append(now)
            return 0.0

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]
        while len(self._hits) >= self.MAX_KEYS:  # all busy: forget the oldest key
            del self._hits[next(iter(self._hits))]


class DatabaseRateLimiter:
    """The same counts kept in the database (``LUOSHI_RATE_LIMIT_STORE=database``), so that
    app instances behind a load balancer share one limit. Each hit is a short transaction
    of its own on the primary, committed whatever becomes of the request."""

    PRUNE_EVERY = 1000  # hits between clean-ups of windows no estimate reads any more

    def __init__(
        self,
        bind: Engine | Connection,
        *,
        tenant: str,
        window_seconds: float,
        clock: Callable[[], float] = time.time,
    ):
        self.bind = bind
        self.tenant = tenant
        self.window = float(window_seconds)
        self.clock = clock  # wall time: instances on several machines share it
        self._count = 0
        self._lock = threading.Lock()

    def hit(self, bucket: str, key: str, limit: int) -> float:
        now = self.clock()
        with self._transaction() as conn:
            wait = ratelimits.hit(
                conn,
                tenant=self.tenant,
                bucket=bucket,
                key=key,
                limit=limit,
                window_seconds=self.window,
                now=now,
            )
            with self._lock:
                self._count += 1
                prune = self._count % self.PRUNE_EVERY == 0
            if prune:
                ratelimits.prune(conn, before_window=int(now // self.window) - 1)
        return wait

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        if isinstance(self.bind, Connection):  # tests: inside the test's outer transaction
            with self.bind.begin_nested():
                yield self.bind
            return
        with self.bind.begin() as conn:
            yield conn


def make_rate_limiter(
    settings: Settings, bind: Engine | Connection
) -> RateLimiter | DatabaseRateLimiter:
    """The limiter ``settings.rate_limit_store`` asks for."""
    if settings.rate_limit_store == "database":
        return DatabaseRateLimiter(
            bind, tenant=settings.tenant, window_seconds=settings.rate_limit_window_seconds
        )
    return RateLimiter(settings.rate_limit_window_seconds)


def _check(request: Request, bucket: str, key: str, limit: int) -> None:
    limiter: RateLimiter | DatabaseRateLimiter = request.app.state.rate_limiter
    wait = limiter.hit(bucket, key, limit)
    if wait > 0:
        raise RateLimited(max(1, math.ceil(wait)))


def client_address(request: Request) -> str:
    """The peer's address. Behind a reverse proxy, run uvicorn with --proxy-headers and
    --forwarded-allow-ips so that this is the client's and not the proxy's."""
    return request.client.host if request.client else ""


def _client_key(request: Request) -> str:
    # Offices sit behind one NAT address: count a logged-in user by account.
    sid = request.session.get(SESSION_ID_KEY)
    return f"session:{sid}" if isinstance(sid, str) else f"addr:{client_address(request)}"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def rate_limit(bucket: str) -> Callable[[Request], None]:
    """A route dependency counting requests of ``bucket`` ("upload" or "search")."""
    field = {"upload": "rate_limit_upload", "search": "rate_limit_search"}[bucket]

    def dependency(request: Request) -> None:
        _check(request, bucket, _client_key(request), int(getattr(_settings(request), field)))

    return dependency


async def _username(request: Request) -> str | None:
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith(_FORM_TYPES):
            value = (await request.form()).get("username")
        else:
            data = await request.json()
            value = data.get("username") if isinstance(data, dict) else None
    except Exception:  # an unreadable body is the route's to refuse, not ours
        return None
    return value.strip().casefold() if isinstance(value, str) and value.strip() else None


async def login_rate_limit(request: Request) -> None:
    """Login attempts: per client address, and per account named (guessing spread over
    many addresses still meets the account's limit)."""
    settings = _settings(request)
    _check(request, "login", client_address(request), settings.rate_limit_login_per_address)
    username = await _username(request)
    if username is not None:
        _check(request, "login-account", username, settings.rate_limit_login_per_account)
