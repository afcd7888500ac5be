"""Page routes answer errors with a page in the reader's language, never JSON; the API
keeps answering JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.errors import StaleEdit

Login = Callable[[str], TestClient]


def test_an_unknown_page_is_an_html_page_in_the_readers_language(login: Login) -> None:
    office = login("office")
    missing = office.get("/no-such-page?lang=en")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "There is no such page" in missing.text
    assert "没有这个页面" in office.get("/no-such-page?lang=zh").text
    api = office.get("/api/no-such-route")
    assert api.status_code == 404 and api.json()["error"] == "not_found"


def test_a_bad_query_or_method_on_a_page_is_a_page(login: Login) -> None:
    office = login("office")
    bad = office.get("/tasks/not-a-number?lang=en")
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert "Something in the form is not right: task_id:" in bad.text
    assert "任务编号：应为整数" in office.get("/tasks/not-a-number?lang=zh").text
    wrong = office.delete("/tasks?lang=en")
    assert wrong.status_code == 405 and "does not take that kind of request" in wrong.text
    api = office.get("/api/tasks/not-a-number")
    assert api.status_code == 422 and api.json()["error"] == "invalid_input"


def _page(response: Any, status: int) -> str:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html"), response.text[:300]
    return str(response.text)


def test_a_page_behind_login_sends_to_login_keeping_the_query(client: TestClient) -> None:
    answer = client.get("/tasks?light=red&q=%E9%A1%B9%E7%9B%AE", follow_redirects=False)
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": ["/tasks?light=red&q=%E9%A1%B9%E7%9B%AE"]}


def test_a_refusal_is_a_page_in_the_readers_language(login: Login) -> None:
    unit = login("fgw")
    zh = _page(unit.get("/admin/users"), 403)
    assert "fgw没有办理此事项的权限" in zh and "may not" not in zh
    en = _page(unit.get("/admin/users?lang=en"), 403)
    assert "fgw may not user.view" in en
    api = unit.get("/api/admin/users")
    assert api.status_code == 403 and api.headers["content-type"] == "application/json"


def test_every_status_a_page_can_meet_is_a_page(app: FastAPI, login: Login) -> None:
    """409, 413, 422, 429 and 500 as well, each in the reader's language."""
    office = login("office")
    assert "填写的内容有误：任务编号：应为整数" in _page(office.get("/tasks/not-a-number"), 422)
    too_big = office.post(
        "/sources?lang=en",
        content=b"x" * (app.state.settings.request_max_bytes + 1),
        headers={"content-type": "application/x-www-form-urlencoded", "accept-language": "en"},
    )
    assert "larger than" in _page(too_big, 413)
    assert "超过" in _page(
        office.post(
            "/sources",
            content=b"x" * (app.state.settings.request_max_bytes + 1),
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        413,
    )


def test_a_domain_error_speaks_the_readers_language(app: FastAPI, login: Login) -> None:
    def stale() -> None:
        raise StaleEdit.of("stale_edit_message")

    def boom() -> None:
        raise RuntimeError("secret detail")

    app.add_api_route("/test-stale", stale)
    app.add_api_route("/api/test-stale", stale)
    app.add_api_route("/test-boom", boom)
    office = login("office")
    assert "有人同时修改" in _page(office.get("/test-stale"), 409)
    assert "someone else changed" in _page(office.get("/test-stale?lang=en"), 409)
    api = office.get("/api/test-stale", headers={"accept-language": "zh-CN"})
    assert api.status_code == 409 and api.json()["error"] == "stale_edit"
    boom_client = TestClient(app, raise_server_exceptions=False)
    page = _page(boom_client.get("/test-boom"), 500)
    assert "系统内部错误" in page and "secret detail" not in page


def test_the_api_says_why_in_the_readers_language_with_a_stable_code(login: Login) -> None:
    office = login("office")
    long_title = {"text": "题" * 6000}
    zh = office.post(
        "/api/tasks/1/instructions", json=long_title, headers={"accept-language": "zh"}
    )
    assert zh.status_code == 422 and zh.json()["error"] == "invalid_input"
    en = office.post(
        "/api/tasks/1/instructions", json=long_title, headers={"accept-language": "en"}
    )
    assert en.json()["error"] == "invalid_input"
    assert zh.json()["message"] != en.json()["message"]
    assert zh.json()["details"] == en.json()["details"]  # structured, stable


def test_a_refused_form_says_why_in_the_readers_language(login: Login) -> None:
    """The issue's example: "progress is a whole number from 0 to 100, not ''" was English
    in the Chinese interface."""
    unit = login("fgw")
    zh = unit.post("/tasks/1/reports?lang=zh", data={"progress": "七十"})
    assert zh.status_code == 422, zh.text[:300]
    assert "进度应为 0 到 100 之间的整数，而不是“七十”" in zh.text
    en = unit.post("/tasks/1/reports?lang=en", data={"progress": "七十"})
    assert "progress is a whole number from 0 to 100, not '七十'" in en.text.replace("&#39;", "'")
