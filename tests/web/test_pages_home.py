"""Each role's home at ``/``: the office's desk, a unit's to-do list and a leader's view,
each with its own sections and nothing of another unit's; administrators land on /admin."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from luoshi.web.pages import home

Login = Callable[[str], TestClient]


def _assigned(office: TestClient, title: str, lead: str) -> tuple[int, str]:
    created = office.post("/api/tasks", json={"title": title, "lead_unit": lead})
    assert created.status_code == 201, created.text
    task_id = int(created.json()["id"])
    assigned = office.post(f"/api/tasks/{task_id}/assign", json={"lead_unit": lead})
    assert assigned.status_code == 200, assigned.text
    return task_id, str(created.json()["code"])


def _section(page: str, name: str) -> str:
    found = re.search(rf'<section class="home-section" id="home-{name}".*?</section>', page, re.S)
    return found[0] if found else ""


def test_each_role_sees_its_sections_and_a_unit_only_its_own(login: Login) -> None:
    office = login("office")
    fgw_task, fgw_code = _assigned(office, "扩大有效投资", "p.fgw")
    swt_task, swt_code = _assigned(office, "促进消费恢复", "p.swt")
    swt = login("swt")
    assert swt.post(f"/api/tasks/{swt_task}/return", json={"reason": "不是本单位职责"}).is_success

    desk = office.get("/")
    assert desk.status_code == 200
    mine = _section(desk.text, "office")
    assert mine and not _section(desk.text, "unit") and not _section(desk.text, "leader")
    # Lights by unit link to the filtered list; the returned and the unaccepted are queued.
    assert "/tasks?unit=p.fgw" in mine and "/tasks?unit=p.swt" in mine
    returned, unaccepted = mine.split('id="review-queue"')[1].split("<h3>")[1:3]
    assert f"/tasks/{swt_task}" in returned and f"/tasks/{fgw_task}" not in returned
    assert f"/tasks/{fgw_task}" in unaccepted and f"/tasks/{swt_task}" not in unaccepted

    todo = login("fgw").get("/")
    unit = _section(todo.text, "unit")
    assert unit and not _section(todo.text, "office") and not _section(todo.text, "leader")
    assert fgw_code in unit and f"/tasks/{fgw_task}" in unit
    # A second unit sees nothing of the first's tasks or figures.
    assert swt_code not in unit and "p.swt" not in todo.text and "省商务厅" not in todo.text
    other = _section(swt.get("/").text, "unit")
    assert other and fgw_code not in other and "省发展和改革委员会" not in other

    view = login("leader").get("/")
    leader = _section(view.text, "leader")
    assert leader and not _section(view.text, "office") and not _section(view.text, "unit")
    assert "省发展和改革委员会" in leader and 'href="/dashboard"' in leader

    # A person with the office and the unit roles (a city's office) sees both sections.
    both = login("city_a").get("/").text
    assert _section(both, "office") and _section(both, "unit")


def test_a_home_shows_the_head_of_its_unit_tables_and_links_the_rest(
    login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's home would draw some 2,000 units twice: it shows the first rows of
    lights by unit and the league's top and tail (ranks kept), and links the dashboard for
    all of them. Here the limits are lowered so that four units exceed them."""
    monkeypatch.setattr(home, "UNIT_ROWS", 2)
    monkeypatch.setattr(home, "LEAGUE_TOP", 1)
    monkeypatch.setattr(home, "LEAGUE_TAIL", 1)
    office = login("office")
    for title, lead in (("甲", "p.fgw"), ("乙", "p.swt"), ("丙", "p.a"), ("丁", "p.b")):
        _assigned(office, title, lead)

    desk = _section(office.get("/").text, "office")
    by_unit = desk.split('class="lights-table"')[1].split("</table>")[0]
    assert by_unit.count('<th scope="row">') == 2
    assert "/dashboard?full=lights_unit#chart-lights_unit" in desk and "共 4 个单位" in desk
    # The link leads to every unit (the dashboard first sums them one level below).
    every = office.get("/dashboard?full=lights_unit").text.split('id="chart-lights_unit"')[1]
    table = every.split("</table>")[0]
    assert table.count('<th scope="row">') == 4, table

    leader = _section(login("leader").get("/").text, "leader")
    league = leader.split('class="league"')[1].split("</table>")[0]
    ranks = re.findall(r'<td class="num">(\d+)</td><th scope="row">', league)
    assert ranks == ["1", "4"], league
    assert 'class="gap"' in league and "/dashboard?full=lights_unit#chart-lights_unit" in league
