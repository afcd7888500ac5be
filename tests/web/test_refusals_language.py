"""A domain refusal reaches each reader in their language: Chinese for a Chinese reader,
English for an English one, through the API and the pages alike (docs/i18n.md)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

Login = Callable[[str], TestClient]


def _api(
    client: TestClient, language: str, method: str, path: str, **kwargs: object
) -> dict[str, object]:
    answer = client.request(method, path, headers={"accept-language": language}, **kwargs)  # type: ignore[arg-type]
    assert answer.status_code >= 400, answer.text[:300]
    body: dict[str, object] = answer.json()
    return body


def test_the_api_refuses_in_the_readers_language(login: Login) -> None:
    office = login("office")
    samples = [
        ("GET", "/api/tasks/999999", {}, "not_found", "未找到该任务", "task not found"),
        (
            "GET",
            "/api/tasks?unit=nowhere",
            {},
            "invalid_input",
            "单位 'nowhere' 不存在",
            "unit 'nowhere' does not exist",
        ),
        ("POST", "/api/inbox/999999/read", {}, "not_found", "未找到该消息", "inbox item not found"),
    ]
    for method, path, kwargs, code, zh_words, en_words in samples:
        zh = _api(office, "zh-CN", method, path, **kwargs)
        en = _api(office, "en", method, path, **kwargs)
        assert zh["error"] == en["error"] == code, (path, zh, en)
        assert zh_words in str(zh["message"]), (path, zh)
        assert en_words in str(en["message"]), (path, en)
        assert zh.get("details") == en.get("details")


def test_a_page_refuses_in_the_readers_language(login: Login) -> None:
    office = login("office")
    zh = office.get("/tasks/999999?lang=zh")
    assert zh.status_code == 404 and "未找到该任务" in zh.text
    en = office.get("/tasks/999999?lang=en")
    assert en.status_code == 404 and "task not found" in en.text and "未找到该任务" not in en.text
