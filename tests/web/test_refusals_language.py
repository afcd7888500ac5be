"""A domain refusal reaches each reader in their language: Chinese for a Chinese reader,
English for an English one, through the API and the pages alike (docs/i18n.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

import luoshi.web
from luoshi.web.i18n import translator

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


def test_a_chinese_refusal_holds_no_english_word(login: Login) -> None:
    """The action refused, the state and the roles read as words, not as their codes."""
    office = login("office")
    created = office.post("/api/tasks", json={"title": "扩大有效投资", "lead_unit": "p.fgw"})
    assert created.status_code == 201, created.text
    path = f"/api/tasks/{created.json()['id']}/transitions"
    zh = _api(office, "zh-CN", "POST", path, json={"transition": "verify"})
    en = _api(office, "en", "POST", path, json={"transition": "verify"})
    assert zh["error"] == en["error"] == "invalid_transition"
    assert zh["message"] == "任务处于“草稿”状态，不能执行“核验”操作", zh
    assert re.search(r"[A-Za-z]", str(zh["message"])) is None
    assert "verify" in str(en["message"]) and "draft" in str(en["message"])
    assert zh.get("details") == en.get("details")


def _request_parameters(app: FastAPI) -> set[str]:
    """Every path and query parameter of the API, every path parameter of the pages and
    every form field a page declares (by its alias when it has one)."""
    names = {
        parameter["name"]
        for operations in app.openapi()["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    }
    pages = Path(luoshi.web.__file__).parent / "pages"
    for module in pages.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        for path in re.findall(r'@router\.\w+\(\s*"([^"]*)"', source):
            names |= set(re.findall(r"\{(\w+)", path))
        for name, form in re.findall(r"(\w+): Annotated\[[^\]]*?Form\(([^)]*)\)", source):
            alias = re.search(r'alias="(\w+)"', form)
            names.add(alias[1] if alias else name)
    return names


def test_every_request_parameter_has_its_chinese_word(app: FastAPI) -> None:
    """A refused parameter is named in the reader's words (任务编号), not by its code."""
    names = _request_parameters(app)
    assert {"task_id", "page", "q", "view_id", "units", "name_zh", "current"} <= names
    zh = translator("zh")
    assert sorted(n for n in names if n not in zh and f"param_{n}" not in zh) == []


def test_a_refused_parameter_reads_all_chinese(login: Login) -> None:
    office = login("office")
    zh = _api(office, "zh-CN", "GET", "/api/tasks?page=first&page_size=-1")
    assert zh["error"] == "invalid_input"
    assert "页码" in str(zh["message"]) and "每页条数" in str(zh["message"]), zh
    assert re.search(r"[A-Za-z]", str(zh["message"])) is None, zh
    en = _api(office, "en", "GET", "/api/tasks?page=first&page_size=-1")
    assert "page" in str(en["message"]), en
    page = office.get("/tasks/not-a-number?lang=zh")
    assert page.status_code == 422 and "任务编号：应为整数" in page.text
