"""The actor of a request is read afresh on every request (web/deps.py, kernel/credentials.py):
a change to the account, its roles, its unit, its token or its login counts on the very
next request, made by any app instance (no cache between requests to go stale)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from luoshi.kernel import accounts, tokens, users
from luoshi.kernel.models import User
from luoshi.kernel.permissions import system_actor
from tests.conftest import Database
from tests.factories import World

Login = Callable[[str], TestClient]


def _bearer(app: FastAPI, db: Database, username: str) -> TestClient:
    with db.session() as s:
        user = users.get_user_by_username(s, tenant_id="default", username=username)
        assert user is not None
        plain, _ = tokens.create_token(
            s, actor=users.actor_for(s, user), name="t", scope="write", days=1
        )
        s.commit()
    return TestClient(app, headers={"Authorization": f"Bearer {plain}"})


def _user_id(db: Database, username: str) -> int:
    with db.session() as s:
        user = users.get_user_by_username(s, tenant_id="default", username=username)
        assert user is not None
        return user.id


def test_a_role_taken_away_counts_on_the_next_request(
    app: FastAPI, db: Database, world: World
) -> None:
    with _bearer(app, db, "office") as office:
        assert office.get("/api/tasks").status_code == 200
        with db.session() as s:
            accounts.revoke_role(
                s, actor=system_actor(), user_id=_user_id(db, "office"), role="office"
            )
            s.commit()
        assert office.get("/api/tasks").status_code == 403
        with db.session() as s:
            accounts.grant_role(
                s, actor=system_actor(), user_id=_user_id(db, "office"), role="office"
            )
            s.commit()
        assert office.get("/api/tasks").status_code == 200


def test_a_deactivated_account_is_refused_at_once_by_token_and_by_login(
    app: FastAPI, db: Database, world: World, login: Login
) -> None:
    by_login = login("fgw")
    with _bearer(app, db, "fgw") as by_token:
        assert by_token.get("/api/me").status_code == 200
        assert by_login.get("/api/me").status_code == 200
        with db.session() as s:
            accounts.set_active(s, actor=system_actor(), user_id=_user_id(db, "fgw"), active=False)
            s.commit()
        assert by_token.get("/api/me").status_code == 401
        assert by_login.get("/api/me").status_code == 401


def test_a_move_to_another_unit_changes_what_the_next_request_sees(
    app: FastAPI, db: Database, world: World, login: Login
) -> None:
    """The scope comes from the unit read with the credential, not from a kept copy."""
    city_a = login("city_a")
    mine = {t["code"] for t in city_a.get("/api/tasks?page_size=500").json()["items"]}
    office = login("office")
    made = office.post("/api/tasks", json={"title": "城市B的任务", "lead_unit": "p.b"})
    assert made.status_code == 201, made.text
    code = made.json()["code"]
    assert code not in mine
    assert city_a.get(f"/api/tasks/{made.json()['id']}").status_code == 404
    with db.session() as s:
        b_unit = s.scalar(select(User.unit_id).where(User.username == "city_b"))
        s.execute(update(User).where(User.username == "city_a").values(unit_id=b_unit))
        s.commit()
    assert city_a.get(f"/api/tasks/{made.json()['id']}").status_code == 200
    seen = {t["code"] for t in city_a.get("/api/tasks?page_size=500").json()["items"]}
    assert code in seen


def test_a_token_request_leaves_the_cookie_session_alone(
    app: FastAPI, db: Database, world: World, login: Login
) -> None:
    """A request with a token has no cookie session (web/middleware.py, CookieSessions):
    a browser that sends both keeps its login when the token's account is refused."""
    browser = login("office")
    cookies = dict(browser.cookies.items())
    with _bearer(app, db, "fgw") as by_token:
        by_token.cookies.update(cookies)
        listed = by_token.get("/api/tasks")  # the search limit's key reads the session
        assert listed.status_code == 200
        assert "set-cookie" not in listed.headers
        assert "cookie" not in listed.headers.get("vary", "").lower()
        with db.session() as s:
            accounts.set_active(s, actor=system_actor(), user_id=_user_id(db, "fgw"), active=False)
            s.commit()
        refused = by_token.get("/api/me")
        assert refused.status_code == 401
        assert "set-cookie" not in refused.headers
    me = browser.get("/api/me")
    assert me.status_code == 200 and me.json()["username"] == "office"
