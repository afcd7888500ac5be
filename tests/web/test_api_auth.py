"""Authentication through the API: sessions held on the server, lockout, TOTP, tokens."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pyotp
import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.kernel import accounts, users
from luoshi.kernel.models import ApiToken, AuditEvent, UserSession
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_SESSION_KEY, SESSION_ID_KEY, session_cookie_name
from tests.conftest import Database
from tests.factories import PASSWORD, TOTP_SECRET, World, quick_hashing
from tests.web.conftest import with_csrf

Login = Callable[[str], TestClient]
COOKIE = session_cookie_name(Settings(environment="test"))
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def strict_app(db: Database) -> FastAPI:
    """The app with the default session timeouts (30 minutes idle, 8 hours in all)."""
    settings = Settings(environment="test", database_url=db.url, secret_key="t" * 40)
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def strict(strict_app: FastAPI, world: World) -> Iterator[TestClient]:
    with TestClient(strict_app) as c:
        yield c


def _login(c: TestClient, username: str = "office", password: str = PASSWORD) -> dict[str, object]:
    with_csrf(c)
    response = c.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code in (200, 401), response.text
    body: dict[str, object] = response.json()
    with_csrf(c)  # logging in clears the session, and with it the token
    return body


def _post(c: TestClient, path: str, **kwargs: object) -> httpx.Response:
    """A POST of a login step; a step that completes the login changes the token."""
    response = c.post(path, **kwargs)  # type: ignore[arg-type]
    with_csrf(c)
    return response


def _cookie(c: TestClient) -> dict[str, object]:
    signed = c.cookies[COOKIE]
    payload = signed.split(".")[0]
    return dict(json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4))))


def _rows(db: Database, model: type) -> list:  # type: ignore[type-arg]
    with db.session() as s:
        # In insertion order: PostgreSQL returns an unordered scan in heap order, which
        # space freed by earlier tests' rolled-back rows can shuffle.
        return list(s.scalars(select(model).order_by(model.id)))  # type: ignore[attr-defined]


def test_the_cookie_carries_only_a_session_id_kept_hashed(strict: TestClient, db: Database) -> None:
    assert _login(strict)["stage"] == "active"
    cookie = _cookie(strict)
    assert set(cookie) == {SESSION_ID_KEY, CSRF_SESSION_KEY}  # no user id, no roles
    (row,) = _rows(db, UserSession)
    assert row.token_hash == hashlib.sha256(str(cookie["sid"]).encode()).hexdigest()
    assert row.client_address == "testclient" and row.stage == "active"
    assert strict.get("/api/me").json()["username"] == "office"


def test_every_login_gets_a_new_id_and_logout_deletes_it(
    strict: TestClient, strict_app: FastAPI, db: Database
) -> None:
    _login(strict)
    first = strict.cookies[COOKIE]
    _login(strict)
    assert strict.cookies[COOKIE] != first
    with TestClient(strict_app, cookies={COOKIE: first}) as stale:
        assert stale.get("/api/me").status_code == 401  # the old id died at the new login
    kept = strict.cookies[COOKIE]
    assert strict.post("/api/auth/logout").status_code == 204
    assert _rows(db, UserSession) == []
    with TestClient(strict_app, cookies={COOKIE: kept}) as replay:
        assert replay.get("/api/me").status_code == 401  # a copied cookie is worthless


def test_idle_timeout_and_absolute_lifetime_on_the_server(strict: TestClient) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        _login(strict)
        for _ in range(16):  # active every 29 minutes: the idle timeout never strikes
            traveller.shift(timedelta(minutes=29))
            assert strict.get("/api/me").status_code == 200
        traveller.shift(timedelta(minutes=17))  # 8 h 1 min since the password
        assert strict.get("/api/me").status_code == 401  # past the absolute lifetime
        _login(strict)
        traveller.shift(timedelta(minutes=31))
        assert strict.get("/api/me").status_code == 401  # idle too long


def test_deactivation_ends_the_users_sessions(strict: TestClient, db: Database) -> None:
    _login(strict, "fgw")
    assert strict.get("/api/me").status_code == 200
    with db.session() as s:
        fgw = users.get_user_by_username(s, tenant_id="default", username="fgw")
        assert fgw is not None
        accounts.set_active(s, actor=system_actor(), user_id=fgw.id, active=False)
        s.commit()
    assert _rows(db, UserSession) == []
    assert strict.get("/api/me").status_code == 401


def test_lockout_after_five_failures_with_one_message(strict: TestClient, db: Database) -> None:
    unknown = _login(strict, "nobody", "whatever-1A")
    with time_machine.travel(T0, tick=False) as traveller:
        for _ in range(5):
            wrong = _login(strict, "fgw", "wrong-Pass-1")
        locked = _login(strict, "fgw")  # the right password, refused while locked
        assert unknown == wrong == locked  # no way to tell them apart
        assert locked["message"] == users.LOGIN_FAILED
        traveller.shift(timedelta(minutes=16))
        assert _login(strict, "fgw")["stage"] == "active"
    events = [e for e in _rows(db, AuditEvent) if e.action.startswith("login.")]
    actions = [e.action for e in events]
    assert actions.count("login.locked") == 1 and actions[-1] == "login.success"
    assert actions.count("login.failure") == 7  # unknown, 5 wrong, 1 while locked
    assert {e.new["client"] for e in events} == {"testclient"}
    assert {e.client_address for e in events} == {"testclient"}
    assert {e.result for e in events if e.action != "login.success"} == {"failed"}


def test_administrators_give_a_code_used_only_once(strict: TestClient) -> None:
    assert _login(strict, "auditor") == {"stage": "totp", "user": None}
    assert strict.get("/api/audit").status_code == 401  # the password alone is not a login
    wrong = _post(strict, "/api/auth/totp", json={"code": "000000"})
    assert wrong.status_code == 401
    code = pyotp.TOTP(TOTP_SECRET).now()
    half = _cookie(strict)["sid"]
    done = _post(strict, "/api/auth/totp", json={"code": code})
    assert done.status_code == 200 and done.json()["stage"] == "active"
    assert _cookie(strict)["sid"] != half  # the half-done login's id does not become the login
    assert strict.get("/api/audit").status_code == 200
    strict.post("/api/auth/logout")
    _login(strict, "auditor")
    replay = _post(strict, "/api/auth/totp", json={"code": code})
    assert replay.status_code == 401  # the same code again: refused
    assert strict.get("/api/audit").status_code == 401


def test_wrong_codes_count_towards_the_lockout(strict: TestClient) -> None:
    for _ in range(5):
        _login(strict, "auditor")
        _post(strict, "/api/auth/totp", json={"code": "000000"})
    _login(strict, "auditor")
    assert (
        _post(strict, "/api/auth/totp", json={"code": pyotp.TOTP(TOTP_SECRET).now()}).status_code
        == 401
    )


def test_an_administrator_without_a_second_factor_sets_one_up(
    strict: TestClient, db: Database
) -> None:
    with db.session() as s, quick_hashing():
        # The demo's administrators all have a second factor; a new one has none yet.
        users.create_user(
            s,
            actor=system_actor(),
            username="root",
            password=PASSWORD,
            unit_code="p",
            roles=["sysadmin"],
        )
        s.commit()
    assert _login(strict, "root")["stage"] == "enrol"
    assert strict.get("/api/me").status_code == 401
    enrolment = _post(strict, "/api/auth/totp/enrol").json()
    assert enrolment["uri"].startswith("otpauth://totp/luoshi:root?secret=")
    totp = pyotp.TOTP(enrolment["secret"])
    assert _post(strict, "/api/auth/totp/confirm", json={"code": "123456"}).status_code == 422
    done = _post(strict, "/api/auth/totp/confirm", json={"code": totp.now()})
    assert done.status_code == 200 and done.json()["user"]["username"] == "root"
    assert strict.get("/api/me").status_code == 200
    assert _post(strict, "/api/auth/totp/enrol").status_code == 409  # shown once; no second look
    strict.post("/api/auth/logout")
    assert _login(strict, "root")["stage"] == "totp"  # from now on the code is asked for


def test_an_expired_password_must_be_changed_at_login(strict: TestClient) -> None:
    with time_machine.travel(datetime.now(UTC) + timedelta(days=91), tick=False):
        assert _login(strict, "fgw")["stage"] == "password"
        assert strict.get("/api/me").status_code == 401
        same = _post(strict, "/api/auth/password", json={"current": PASSWORD, "new": PASSWORD})
        assert same.status_code == 422 and "last 5" in same.json()["message"]
        weak = _post(strict, "/api/auth/password", json={"current": PASSWORD, "new": "fgw-Pass-12"})
        assert weak.status_code == 422 and "username" in weak.json()["message"]
        done = _post(
            strict, "/api/auth/password", json={"current": PASSWORD, "new": "n3w-Pass-word"}
        )
        assert done.status_code == 200 and done.json()["stage"] == "active"
        assert strict.get("/api/me").status_code == 200


def test_api_tokens_scoped_hashed_expiring_and_revocable(
    login: Login, app: FastAPI, db: Database
) -> None:
    office = login("office")
    made = office.post("/api/auth/tokens", json={"name": "ci", "scope": "read", "days": 7})
    assert made.status_code == 201
    read_token = made.json()["token"]
    write_token = office.post(
        "/api/auth/tokens", json={"name": "sync", "scope": "write", "days": 7}
    ).json()["token"]
    listed = office.get("/api/auth/tokens").json()
    assert [t["name"] for t in listed] == ["sync", "ci"] and "token" not in listed[0]
    stored = {t.token_hash for t in _rows(db, ApiToken)}
    assert hashlib.sha256(read_token.encode()).hexdigest() in stored
    assert read_token not in stored

    def bearer(token: str) -> TestClient:
        return TestClient(app, headers={"Authorization": f"Bearer {token}"})

    body = {"title": "稳就业", "lead_unit": "p.fgw"}
    with bearer(read_token) as reader, bearer(write_token) as writer:
        assert reader.get("/api/tasks").status_code == 200
        assert reader.post("/api/tasks", json=body).status_code == 403
        assert writer.post("/api/tasks", json=body).status_code == 201
        # A token may not mint more tokens (a stolen one must not outlive its expiry).
        assert writer.post("/api/auth/tokens", json={"name": "x"}).status_code == 403
        with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
            assert reader.get("/api/tasks").status_code == 401  # expired
        token_id = made.json()["id"]
        assert office.delete(f"/api/auth/tokens/{token_id}").status_code == 204
        assert reader.get("/api/tasks").status_code == 401  # revoked
        assert writer.get("/api/tasks").status_code == 200
    with bearer("lso_forged") as forged:
        assert forged.get("/api/tasks").status_code == 401
    # Somebody else's token cannot be revoked by id.
    assert login("fgw").delete(f"/api/auth/tokens/{token_id + 1}").status_code == 404


def test_the_fixture_login_gives_the_code(login: Login) -> None:
    # The shared fixture logs administrators in with their second factor.
    assert login("auditor").get("/api/audit").status_code == 200
