"""The login pages: one message for every failure, then the administrator's code."""

from __future__ import annotations

import re

import pyotp
from fastapi.testclient import TestClient

from luoshi.web.security import CSRF_HEADER
from tests.factories import PASSWORD, TOTP_SECRET, World
from tests.web.conftest import with_csrf


def _form_token(page: str) -> str:
    """The CSRF field of the page's form: a browser posts the login forms with it alone."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def test_wrong_password_and_unknown_user_read_the_same(client: TestClient, world: World) -> None:
    wrong = client.post("/login", data={"username": "office", "password": "nope-Nope-1"})
    unknown = client.post("/login", data={"username": "ghost", "password": "nope-Nope-1"})
    assert wrong.status_code == unknown.status_code == 401
    assert "或账户因多次失败已被暂时锁定" in wrong.text and wrong.text == unknown.text


def test_a_unit_user_goes_straight_in(client: TestClient, world: World) -> None:
    response = client.post(
        "/login",
        data={"username": "fgw", "password": PASSWORD, "next": "/sources"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/sources"
    assert client.get("/tasks", follow_redirects=False).status_code == 200


def test_an_administrator_gives_the_code_on_a_second_form(client: TestClient, world: World) -> None:
    first = client.post(
        "/login",
        data={"username": "auditor", "password": PASSWORD, "next": "/sources"},
        follow_redirects=False,
    )
    assert first.status_code == 200 and 'action="/login/totp"' in first.text
    # The password step cleared the session: the code form carries the new token.
    del client.headers[CSRF_HEADER]
    token = _form_token(first.text)
    assert client.get("/tasks", follow_redirects=False).status_code == 303  # not in yet
    assert 'action="/login/totp"' in client.get("/login").text  # the step is remembered
    wrong = client.post(
        "/login/totp", data={"code": "000000", "next": "/sources", "csrf_token": token}
    )
    assert wrong.status_code == 401 and "动态口令错误" in wrong.text
    done = client.post(
        "/login/totp",
        data={"code": pyotp.TOTP(TOTP_SECRET).now(), "next": "/sources", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/sources"
    with_csrf(client)  # the completed login has a session, and a token, of its own
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert client.get("/tasks", follow_redirects=False).status_code == 303
