"""Page routes answer errors with a page in the reader's language, never JSON; the API
keeps answering JSON."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

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
    wrong = office.delete("/tasks?lang=en")
    assert wrong.status_code == 405 and "does not take that kind of request" in wrong.text
    api = office.get("/api/tasks/not-a-number")
    assert api.status_code == 422 and api.json()["error"] == "invalid_input"
