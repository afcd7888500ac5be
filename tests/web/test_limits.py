"""Rate limits (429 with Retry-After) and the request body cap (413 before the body is
taken in); uploads are checked by content as well as by size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select

from luoshi.kernel import ratelimits
from luoshi.kernel.models import RateLimitHit
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import DatabaseRateLimiter, RateLimiter
from tests.conftest import Database
from tests.factories import PASSWORD, World
from tests.web.conftest import log_in, with_csrf

READOUT = "省政府常务会议纪要\n一要抓好项目投资。省发展改革委要加快重点项目建设。\n".encode()


def make_app(db: Database, tmp_path: Path, **overrides: Any) -> FastAPI:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": db.url,
        "secret_key": "l" * 40,
        "language": "en",
        "evidence_dir": tmp_path / "evidence",
        **overrides,
    }
    return create_app(Settings.model_validate(values), session_factory=db.factory)


@pytest.fixture
def opened() -> Iterator[list[TestClient]]:
    clients: list[TestClient] = []
    yield clients
    for c in clients:
        c.close()


def client_of(app: FastAPI, opened: list[TestClient]) -> TestClient:
    c = TestClient(app)
    opened.append(c)
    return with_csrf(c)


def rows(db: Database, table: str) -> int:
    with db.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(target_metadata().tables[table])) or 0
        )


class Clock:
    """A clock the test moves: the limiter's window passes without waiting for it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def moved_clock(app: FastAPI) -> Clock:
    clock = Clock()
    limiter: RateLimiter | DatabaseRateLimiter = app.state.rate_limiter
    limiter.clock = clock
    return clock


def retry_after(response: Any) -> int:
    assert response.status_code == 429, response.text
    value = int(response.headers["retry-after"])
    assert 1 <= value <= 60
    return value


# ------------------------------------------------------------------------ rate limits


def test_login_is_limited_per_client_address(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(db, tmp_path, rate_limit_login_per_address=3)
    clock = moved_clock(app)
    c = client_of(app, opened)
    for name in ("office", "fgw", "swt"):  # three accounts, one address
        assert (
            c.post("/api/auth/login", json={"username": name, "password": "x"}).status_code == 401
        )
    # The fourth is refused before the password is even checked, the right one included.
    refused = c.post("/api/auth/login", json={"username": "leader", "password": PASSWORD})
    assert retry_after(refused) == 60
    page = c.post("/login", data={"username": "leader", "password": PASSWORD})
    assert page.status_code == 429 and "Too many requests" in page.text
    assert "retry-after" in page.headers
    assert c.get("/api/me").status_code == 401
    clock.now += 61  # the window has passed
    ok = c.post("/api/auth/login", json={"username": "leader", "password": PASSWORD})
    assert ok.status_code == 200


def test_login_is_limited_per_account(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(db, tmp_path, rate_limit_login_per_account=2)
    clock = moved_clock(app)
    c = client_of(app, opened)
    for _ in range(2):
        assert c.post("/login", data={"username": "office", "password": "x"}).status_code == 401
    clock.now += 30
    # The account's limit holds whatever the address, and whether JSON or form.
    retry_after(c.post("/api/auth/login", json={"username": " Office ", "password": PASSWORD}))
    assert retry_after(c.post("/login", data={"username": "office", "password": "y"})) == 30
    # Another account is not held up by it.
    assert (
        c.post("/api/auth/login", json={"username": "fgw", "password": PASSWORD}).status_code == 200
    )


def test_uploads_are_limited(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(db, tmp_path, rate_limit_upload=2)
    office = log_in(client_of(app, opened), "office")
    files = {"file": ("r.txt", READOUT, "text/plain")}
    assert office.post("/api/sources", files=files).status_code == 201
    assert office.post("/sources", files=files, follow_redirects=False).status_code == 303
    retry_after(office.post("/api/sources", files=files))
    assert office.post("/sources", files=files).status_code == 429
    # Counted per account: another user of the same address still uploads.
    city = log_in(client_of(app, opened), "city_a")
    assert city.post("/api/sources", files=files).status_code == 201


def test_search_is_limited(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(db, tmp_path, rate_limit_search=3)
    office = log_in(client_of(app, opened), "office")
    assert office.get("/api/tasks?q=x").status_code == 200
    assert office.get("/tasks?q=x").status_code == 200
    assert office.get("/api/tasks").status_code == 200
    retry_after(office.get("/api/tasks?q=y"))
    assert office.get("/tasks").status_code == 429
    auditor = log_in(client_of(app, opened), "auditor")
    for _ in range(3):
        assert auditor.get("/api/audit").status_code == 200
    retry_after(auditor.get("/api/audit"))
    assert office.get("/api/me").status_code == 200  # other routes are not limited


def test_a_refused_request_is_not_counted() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)
    assert limiter.hit("b", "k", 2) == 0 and limiter.hit("b", "k", 2) == 0
    for _ in range(100):  # hammering while refused does not push the window out
        clock.now += 0.5
        assert limiter.hit("b", "k", 2) > 0
    clock.now = 1060.0
    assert limiter.hit("b", "k", 2) == 0


def test_the_limiter_forgets_keys_beyond_its_bound() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)
    limiter.MAX_KEYS = 10
    for i in range(50):
        limiter.hit("login-account", f"user{i}", 5)
    assert len(limiter._hits) <= 10


# ------------------------------------------------------------------ body size


def test_a_declared_oversized_body_is_refused_before_it_is_read(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(db, tmp_path, request_max_bytes=2048)
    office = log_in(client_of(app, opened), "office")
    tasks = rows(db, "task")
    body = b'{"title": "' + b"x" * 4096 + b'", "lead_unit": "p.fgw"}'
    response = office.post("/api/tasks", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert rows(db, "task") == tasks


def test_an_undeclared_oversized_body_is_cut_off_while_streaming(
    db: Database, tmp_path: Path, world: World
) -> None:
    """A chunked body (no Content-Length) is counted as it arrives: the app stops pulling
    once the cap is passed, it does not read the rest."""
    app = make_app(db, tmp_path, request_max_bytes=2048)
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": pulled < 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/tasks",
        "raw_path": b"/api/tasks",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "state": {},
    }
    anyio.run(app, scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert pulled <= 3  # 3 KiB taken of the 1,000 KiB offered
    assert rows(db, "task") == 0


def test_uploads_have_their_own_larger_cap(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(
        db,
        tmp_path,
        max_upload_bytes=2048,
        evidence_max_bytes=2048,
        request_max_bytes=1024,
        upload_request_max_bytes=8192,
    )
    office = log_in(client_of(app, opened), "office")
    small = office.post("/api/sources", files={"file": ("r.txt", READOUT, "text/plain")})
    assert small.status_code == 201  # above request_max_bytes, under the upload cap
    over_file = office.post("/api/sources", files={"file": ("r.txt", READOUT * 40, "text/plain")})
    # Under the request cap: the route's own file limit speaks, naming the file.
    assert over_file.status_code == 413 and "file" in over_file.json()["message"]
    huge = office.post("/api/sources", files={"file": ("r.txt", READOUT * 200, "text/plain")})
    assert huge.status_code == 413
    page = office.post("/sources", files={"file": ("r.txt", READOUT * 200, "text/plain")})
    assert page.status_code == 413
    assert rows(db, "source") == 1


def test_the_upload_cap_must_leave_room_for_the_largest_file() -> None:
    with pytest.raises(ValidationError, match="UPLOAD_REQUEST_MAX_BYTES"):
        Settings(evidence_max_bytes=10_000_000, upload_request_max_bytes=10_000_000)


# ------------------------------------------------------------- content checks


def test_an_uploaded_text_must_decode(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    app = make_app(db, tmp_path)
    office = log_in(client_of(app, opened), "office")
    binary = bytes(range(256)) * 8
    for name in ("r.txt", "readout"):
        response = office.post("/api/sources", files={"file": (name, binary, "text/plain")})
        assert response.status_code == 422, response.text
        assert "binary" in response.json()["message"]
    page = office.post("/sources", files={"file": ("r.txt", binary, "text/plain")})
    assert page.status_code == 422 and "binary" in page.text
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert (
        office.post("/api/sources", files={"file": ("r.txt", png, "text/plain")}).status_code == 422
    )
    assert rows(db, "source") == 0


def report_of(app: FastAPI, opened: list[TestClient]) -> tuple[TestClient, int, int]:
    """The lead unit's client, its accepted task and a report it filed."""
    office = log_in(client_of(app, opened), "office")
    fgw = log_in(client_of(app, opened), "fgw")
    task = office.post(
        "/api/tasks", json={"title": "T", "lead_unit": "p.fgw", "due_date": "2099-12-31"}
    ).json()
    assert office.post(f"/api/tasks/{task['id']}/assign", json={"lead_unit": "p.fgw"}).is_success
    assert fgw.post(f"/api/tasks/{task['id']}/accept", json={}).is_success
    report = fgw.post(f"/api/tasks/{task['id']}/reports", json={"progress": 5}).json()
    return fgw, int(task["id"]), int(report["id"])


def test_evidence_must_be_what_its_name_says(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    fgw, _, report_id = report_of(make_app(db, tmp_path), opened)
    for name, content in (
        ("scan.pdf", b"<html><script>alert(1)</script>"),
        ("photo.png", b"%PDF-1.4 not a picture"),
        ("notes.txt", b"\xff\xfe\x00\xd8" * 100 + b"\x81"),
        ("tool.exe", b"MZ\x90\x00"),
    ):
        response = fgw.post(
            f"/api/reports/{report_id}/evidence", files=[("files", (name, content))]
        )
        assert response.status_code == 422, (name, response.text)
    assert rows(db, "report_evidence") == 0


def test_evidence_and_reports_with_files_count_as_uploads(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    fgw, task_id, report_id = report_of(make_app(db, tmp_path, rate_limit_upload=2), opened)
    pdf = [("files", ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))]
    for _ in range(2):
        assert fgw.post(f"/api/reports/{report_id}/evidence", files=pdf).status_code == 201
    retry_after(fgw.post(f"/api/reports/{report_id}/evidence", files=pdf))
    page = fgw.post(f"/tasks/{task_id}/reports", data={"progress": "9"}, files=pdf)
    assert page.status_code == 429
    assert rows(db, "report_evidence") == 2


# ------------------------------------------------------------------ shared by instances


def _bad_logins(c: TestClient, count: int) -> list[int]:
    return [
        c.post("/api/auth/login", json={"username": "nobody", "password": "wrong"}).status_code
        for _ in range(count)
    ]


@pytest.mark.pg
def test_two_instances_share_one_limit_when_counted_in_the_database(
    db: Database, tmp_path: Path, world: World, opened: list[TestClient]
) -> None:
    """Behind a balancer, two app instances count one client's logins together; with the
    in-process store each would allow the full limit."""
    limits = {"rate_limit_login_per_address": 4, "rate_limit_login_per_account": 100}
    shared = [make_app(db, tmp_path, rate_limit_store="database", **limits) for _ in range(2)]
    clock = Clock()  # one wall clock for both, that no minute boundary crosses mid-test
    for app in shared:
        app.state.rate_limiter.clock = clock
    first, second = (client_of(app, opened) for app in shared)
    assert _bad_logins(first, 2) + _bad_logins(second, 2) == [401] * 4
    assert _bad_logins(second, 1) == [429]
    assert _bad_logins(first, 1) == [429]
    assert rows(db, "rate_limit_hit") >= 1

    apart = [make_app(db, tmp_path, rate_limit_store="memory", **limits) for _ in range(2)]
    one, other = (client_of(app, opened) for app in apart)
    assert _bad_logins(one, 3) + _bad_logins(other, 3) == [401] * 6


@pytest.mark.pg
def test_the_database_store_slides_and_skips_refused_requests(db: Database) -> None:
    clock = Clock()
    bind = db.factory.kw["bind"]
    limiter = DatabaseRateLimiter(bind, tenant="default", window_seconds=60, clock=clock)
    assert limiter.hit("b", "k", 2) == 0 and limiter.hit("b", "k", 2) == 0
    for _ in range(20):  # hammering while refused does not push the window out
        clock.now += 0.5
        assert limiter.hit("b", "k", 2) > 0
    assert limiter.hit("b", "other", 2) == 0  # keys count apart
    # Two windows later nothing of the old counts is read.
    clock.now += 120
    assert limiter.hit("b", "k", 2) == 0
    with db.session() as session:
        stored = session.scalars(select(RateLimitHit.key_digest)).all()
    assert "k" not in stored and all(len(digest) == 64 for digest in stored)


def test_the_estimate_weights_the_previous_window() -> None:
    # 10 hits in the last window, a quarter into this one: 7.5 still count.
    assert ratelimits._wait(10, 0, 8, 0.25) == pytest.approx(0.0 + 1e-3, abs=1e-2)
    assert ratelimits._wait(10, 0, 5, 0.25) == pytest.approx(0.25 + 1e-3, abs=1e-6)
    assert ratelimits._wait(0, 5, 5, 0.25) == pytest.approx(0.75)
