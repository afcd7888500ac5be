"""The language is the user's setting, switched from the header with the page's filters kept;
anonymous readers get their browser's language; history speaks words, not codes."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.kernel.models import AuditEvent, User
from tests.conftest import Database
from tests.factories import World
from tests.web.conftest import log_in, with_csrf

Login = Callable[[str], TestClient]


def _html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found, page[:200]
    return found.group(1)


def test_the_switch_keeps_the_filters_and_the_users_setting(
    app: FastAPI, db: Database, login: Login, world: World
) -> None:
    office = login("office")
    listing = office.get("/tasks?light=red&status=assigned", headers={"accept-language": "en"})
    # A user who has not chosen reads the deployment's language, whatever the browser says.
    assert _html_lang(listing.text) == "zh-CN"
    # The header's form carries the page with its query string.
    assert 'name="next" value="/tasks?light=red&amp;status=assigned"' in listing.text
    switched = office.post(
        "/language",
        data={"lang": "en", "next": "/tasks?light=red&lang=zh&status=assigned"},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/tasks?light=red&status=assigned"
    assert _html_lang(office.get(switched.headers["location"]).text) == "en"
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == "office"))
        assert user is not None and user.language == "en"
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.language")
        ).all()
        assert [(e.old, e.new) for e in events] == [({"language": None}, {"language": "en"})]
    # Kept across logins, on another browser.
    with TestClient(app) as again:
        log_in(again, "office")
        assert _html_lang(again.get("/tasks").text) == "en"


def test_an_anonymous_reader_gets_the_browsers_language_and_may_switch(
    client: TestClient, world: World
) -> None:
    assert (
        _html_lang(client.get("/login", headers={"accept-language": "en-GB,en;q=0.9"}).text) == "en"
    )
    assert _html_lang(client.get("/login").text) == "zh-CN"  # the deployment's default
    switched = client.post(
        "/language", data={"lang": "en", "next": "/login"}, follow_redirects=False
    )
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    assert _html_lang(client.get("/login").text) == "en"


def test_the_switch_refuses_what_it_should(client: TestClient, world: World) -> None:
    offsite = client.post(
        "/language", data={"lang": "zh", "next": "https://example.org/x"}, follow_redirects=False
    )
    assert offsite.headers["location"] == "/"
    assert (
        client.post(
            "/language", data={"lang": "zh", "next": "//example.org"}, follow_redirects=False
        ).headers["location"]
        == "/"
    )
    unknown = client.post("/language", data={"lang": "fr", "next": "/login"})
    assert unknown.status_code == 422 and "fr" in unknown.text
    with TestClient(client.app) as no_token:  # type: ignore[arg-type]
        assert no_token.post("/language", data={"lang": "en"}).status_code == 403
    with_csrf(client)


def test_history_shows_words_in_the_readers_language(login: Login) -> None:
    login("office")  # a login.success event in the trail
    auditor = login("auditor")
    trail = auditor.get("/admin/audit?lang=zh")
    assert trail.status_code == 200
    assert '<td>登录 <small class="code">login.success</small></td>' in trail.text
    english = auditor.get("/admin/audit?lang=en").text
    assert '<td>Logged in <small class="code">login.success</small></td>' in english
