"""Every text a client or a form can send has a length limit, from ``kernel/fields.py``, and
an over-long value is refused with 422 naming the field, never stored and never a 500.

The routes are walked from the app: a new route or field is covered without a new test.
Over-long values are refused by validation before a handler runs, so each try is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from annotated_types import MaxLen
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from luoshi import i18n
from luoshi.kernel import fields

Login = Callable[[str], TestClient]
WRITES = ("POST", "PUT", "PATCH")
# Strings with a format of their own are bounded by it.
FORMATTED = {"date", "date-time", "binary", "email", "uuid"}
LARGEST = max(fields.CODE_MAX, fields.NAME_MAX, fields.TITLE_MAX, fields.NOTE_MAX, fields.TEXT_MAX)


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _strings(
    spec: dict[str, Any], schema: dict[str, Any], where: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every string (and array) a request schema holds, with where it sits."""
    schema = _resolve(spec, schema)
    options = schema.get("anyOf", []) + schema.get("oneOf", [])
    if any(option.get("type") == "number" for option in options):
        # A decimal (number or numeric string): bounded by its own digits and range.
        return
    for option in options + schema.get("allOf", []):
        yield from _strings(spec, option, where)
    kind = schema.get("type")
    if kind == "string":
        yield where, schema
    elif kind == "array":
        yield where, schema
        yield from _strings(spec, schema.get("items", {}), (*where, "0"))
    elif kind == "object" or "properties" in schema:
        for name, sub in schema.get("properties", {}).items():
            yield from _strings(spec, sub, (*where, name))


def _bodies(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method.upper() not in WRITES or "requestBody" not in operation:
                continue
            for media, content in operation["requestBody"]["content"].items():
                yield method.upper(), path, media, content["schema"]


# An anchored pattern with no open repetition (a choice of codes, a month) bounds a string.
CLOSED_PATTERN = re.compile(r"\^[^*+]*\$")


def _unbounded(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "array":
        # Files are bounded by the upload caps, in number as in size.
        return "maxItems" not in schema and "contentMediaType" not in schema.get("items", {})
    return not (
        "maxLength" in schema
        or "enum" in schema
        or "const" in schema
        or schema.get("format") in FORMATTED
        or "contentMediaType" in schema  # a file: bounded by the upload caps
        or CLOSED_PATTERN.fullmatch(schema.get("pattern", "")) is not None
    )


def test_every_text_the_api_takes_is_bounded(app: FastAPI) -> None:
    spec = app.openapi()
    found, unbounded = 0, []
    for method, path, _, schema in _bodies(spec):
        for where, string in _strings(spec, schema):
            found += 1
            if _unbounded(string):
                unbounded.append(f"{method} {path} {'.'.join(where)}")
    assert found > 100  # the walk reaches the schemas
    assert not unbounded, unbounded


def _text_kind(annotation: Any) -> str | None:
    """ "text" for a str, "list" for a list of str (either optional), else None."""
    options = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, UnionType) and len(options) == 1:
        annotation = options[0]
    if annotation is str:
        return "text"
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if get_origin(item) is Annotated:
            item = get_args(item)[0]
        return "list" if item is str else None
    return None


def _page_forms(app: FastAPI) -> Iterator[tuple[str, str, str, str, int | None]]:
    """(method, path, form field, "text" or "list", its max length or count) of every
    page route's form."""
    for context in iter_route_contexts(app.routes):
        route = context.route
        if not isinstance(route, APIRoute) or context.path.startswith("/api"):
            continue
        for param in route.dependant.body_params:
            kind = _text_kind(param.field_info.annotation)
            if kind is None:
                continue
            limit = next(
                (m.max_length for m in param.field_info.metadata if isinstance(m, MaxLen)), None
            )
            for method in sorted(context.methods or ()):
                yield method, context.path, param.alias, kind, limit


def test_every_text_a_page_form_takes_is_bounded(app: FastAPI) -> None:
    forms = list(_page_forms(app))
    assert len(forms) > 60
    unbounded = [f"{m} {p} {name}" for m, p, name, _, limit in forms if limit is None]
    assert not unbounded, unbounded
    assert all(limit is None or limit <= LARGEST for *_, limit in forms)


def _fill(path: str) -> str:
    return re.sub(r"\{\w+\}", "1", path)


def _over(limit: int) -> str:
    return "字" * (limit + 1)


def test_an_over_long_value_on_every_api_text_field_answers_422(app: FastAPI, login: Login) -> None:
    office = login("office")
    spec = app.openapi()
    tried = 0
    for method, path, media, schema in _bodies(spec):
        for where, string in _strings(spec, schema):
            if string.get("type") != "string" or "maxLength" not in string or len(where) != 1:
                continue
            name, value = where[0], _over(string["maxLength"])
            if media == "application/json":
                answer = office.request(method, _fill(path), json={name: value})
            else:
                answer = office.request(method, _fill(path), data={name: value})
            tried += 1
            assert answer.status_code == 422, (method, path, name, answer.status_code)
            details = answer.json()["details"]
            assert any(d["loc"][-1] == name and d["type"] == "string_too_long" for d in details), (
                method,
                path,
                name,
                details,
            )
    assert 60 < tried < 400  # every field, and a bounded number of requests


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_an_over_long_value_on_every_page_form_answers_a_422_page(
    app: FastAPI, login: Login, language: str
) -> None:
    office = login("office")
    tried = 0
    for method, path, name, kind, limit in _page_forms(app):
        if limit is None or path in ("/login", "/login/totp", "/logout"):
            continue
        value: str | list[str] = _over(limit) if kind == "text" else ["A"] * (limit + 1)
        answer = office.request(method, f"{_fill(path)}?lang={language}", data={name: value})
        tried += 1
        assert answer.status_code == 422, (method, path, name, answer.status_code)
        assert answer.headers["content-type"].startswith("text/html")
        key = "field_too_long" if kind == "text" else "field_too_many"
        sentence = i18n.text(key, language, limit=limit)
        assert sentence in answer.text, (method, path, name)
    assert tried > 50


def test_the_named_cases_of_the_issue(login: Login) -> None:
    """A source title over 500 characters, a 10,000-character task title and a
    50,000-character report: each a 422 naming the field, in the reader's language."""
    office = login("office")
    title = office.post(
        "/sources?lang=en",
        data={"title": "题" * 501},
        files={"file": ("a.txt", "一要抓好项目投资。".encode(), "text/plain")},
    )
    assert title.status_code == 422
    assert "at most 500 characters" in title.text
    task_title = office.post("/sources/1/directives/1?lang=zh", data={"title": "题" * 10_000})
    # A task title is bounded as the API bounds it (TaskCreate): directives are sentences.
    assert task_title.status_code == 422 and "最多 5000 个字" in task_title.text
    report = office.post("/tasks/1/reports?lang=zh", data={"done": "报" * 50_000})
    assert report.status_code == 422 and "最多 5000 个字" in report.text
    api = office.post("/api/tasks/1/reports", json={"done": "报" * 50_000, "progress": 10})
    assert api.status_code == 422
