"""The inbox page: a unit told of an assignment sees it counted in the header, opens it,
and the count goes down; nobody reads another's messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.domains.progress import schedule
from luoshi.domains.supervision.chase import chase
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.factories import World

Login = Callable[[str], TestClient]
# A register chase's settings: no mail server, so nothing leaves the test.
SETTINGS = Settings(environment="test", secret_key="i" * 40)


def _assign(office: TestClient) -> int:
    task = office.post("/api/tasks", json={"title": "扩大有效投资", "lead_unit": "p.fgw"})
    assert task.status_code == 201, task.text
    task_id = int(task.json()["id"])
    assigned = office.post(f"/api/tasks/{task_id}/assign", json={"lead_unit": "p.fgw"})
    assert assigned.status_code == 200, assigned.text
    return task_id


def _badge(page: str) -> int:
    found = re.search(r'class="badge"[^>]*>(\d+)<', page)
    return int(found[1]) if found else 0


def test_a_unit_opens_its_message_and_the_header_count_goes_down(login: Login) -> None:
    task_id = _assign(login("office"))
    fgw = login("fgw")
    before = _badge(fgw.get("/tasks").text)
    assert before >= 1
    page = fgw.get("/inbox")
    assert page.status_code == 200
    [item_id] = re.findall(r'action="/inbox/(\d+)/read"', page.text)[:1]
    opened = fgw.post(f"/inbox/{item_id}/read", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/tasks/{task_id}"
    assert _badge(fgw.get("/inbox").text) == before - 1
    assert f'action="/inbox/{item_id}/read"' not in fgw.get("/inbox?unread=true").text
    # Another unit's liaison cannot read (or learn of) the message.
    assert login("swt").post(f"/inbox/{item_id}/read", follow_redirects=False).status_code == 404


def test_mark_all_read_empties_the_count(login: Login) -> None:
    _assign(login("office"))
    fgw = login("fgw")
    assert _badge(fgw.get("/inbox").text) >= 1
    done = fgw.post("/inbox/read-all", follow_redirects=False)
    assert done.status_code == 303
    assert _badge(fgw.get("/inbox").text) == 0
    assert "没有消息。" not in fgw.get("/inbox").text  # read, still listed
    assert "没有消息。" in fgw.get("/inbox?unread=true").text


def test_a_form_without_the_csrf_token_is_refused(login: Login) -> None:
    _assign(login("office"))
    fgw = login("fgw")
    del fgw.headers["X-CSRF-Token"]
    assert fgw.post("/inbox/read-all", follow_redirects=False).status_code == 403


def test_a_message_title_is_in_the_readers_language(login: Login) -> None:
    """The body was already one language; the title of a task's message said both."""
    task_id = _assign(login("office"))
    fgw = login("fgw")
    code = fgw.get(f"/api/tasks/{task_id}").json()["code"]

    def titles(lang: str) -> list[str]:
        page = fgw.get(f"/inbox?lang={lang}").text
        return re.findall(r"<strong>([^<]*)</strong>", page)

    chinese, english = titles("zh"), titles("en")
    assert f"【交办】{code}" in chinese and not any(" / " in t for t in chinese)
    assert any(t.endswith(f": {code}") for t in english)
    assert not any("【" in t for t in english)


def test_a_register_chase_title_is_in_the_readers_language(
    login: Login, db: Database, world: World
) -> None:
    """A project's report reminder read "提醒 Reminder: the monthly report of …" in both."""
    with db.session() as session:
        fgw_unit = session.scalar(select(Unit).where(Unit.code == "p.fgw"))
        assert fgw_unit is not None
        calendar = schedule.calendar_for(session, settings=SETTINGS, tenant_id="default")
        chase(
            session, actor=system_actor(), settings=SETTINGS, calendar=calendar,
            on=date(2023, 4, 25), object_type="project", object_id=7, unit=fgw_unit,
            subject_key="report:2023-04", due=date(2023, 4, 28),
            title="the monthly report of project XM-07 for 2023-04",
            title_zh="XM-07项目2023-04月报", link="/projects/7",
        )  # fmt: skip
        session.commit()
    fgw = login("fgw")

    def titles(lang: str) -> list[str]:
        page = fgw.get(f"/inbox?lang={lang}").text
        return re.findall(r"<strong>([^<]*)</strong>", page)

    assert titles("zh") == ["【提醒】XM-07项目2023-04月报"]
    assert titles("en") == ["Reminder: the monthly report of project XM-07 for 2023-04"]
