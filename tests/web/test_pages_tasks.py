"""The task list page: filters, search and order in the URL; rows for htmx, the whole page
otherwise; the language switch keeps the filters; tooltips in the reader's language."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

from fastapi.testclient import TestClient

from luoshi.web.pages.task_actions import fold_actions

Login = Callable[[str], TestClient]
HX = {"HX-Request": "true"}


def _task(office: TestClient, title: str, lead: str, due: str) -> int:
    made = office.post("/api/tasks", json={"title": title, "lead_unit": lead, "due_date": due})
    assert made.status_code == 201, made.text
    task_id = int(made.json()["id"])
    assert office.post(f"/api/tasks/{task_id}/assign", json={"lead_unit": lead}).status_code == 200
    return task_id


def _titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<td class="title"><a [^>]*>([^<]*)</a>', page)]


def test_search_and_order_are_read_from_the_url(login: Login) -> None:
    office = login("office")
    _task(office, "加快推进重点项目建设", "p.swt", "2023-09-30")
    _task(office, "重点项目资金保障", "p.fgw", "2023-06-30")
    _task(office, "稳就业 Stabilise employment", "p.fgw", "2023-03-31")

    page = office.get("/tasks?q=项目&sort=due")
    assert page.status_code == 200
    assert _titles(page.text) == ["重点项目资金保障", "加快推进重点项目建设"]
    assert 'value="项目"' in page.text
    assert '<option value="due" selected>' in page.text
    assert _titles(office.get("/tasks?q=项目&sort=unit").text) == [
        "重点项目资金保障",  # p.fgw before p.swt
        "加快推进重点项目建设",
    ]
    assert _titles(office.get("/tasks?q=employ").text) == ["稳就业 Stabilise employment"]
    # The switch to English keeps the query.
    switch = re.search(r'id="lang-next" name="next" value="([^"]*)"', page.text)
    assert switch and html.unescape(switch[1]) == "/tasks?q=%E9%A1%B9%E7%9B%AE&sort=due"


def test_htmx_gets_the_rows_and_a_language_switch_for_the_new_url(login: Login) -> None:
    office = login("office")
    _task(office, "促进消费恢复", "p.swt", "2023-12-31")
    rows = office.get("/tasks?q=消费&light=&sort=light", headers=HX)
    assert rows.status_code == 200
    assert "<form" not in rows.text and "<html" not in rows.text
    assert _titles(rows.text) == ["促进消费恢复"]
    assert "HX-Request" in rows.headers["vary"]
    oob = re.search(r'id="lang-next" name="next" hx-swap-oob="true" value="([^"]*)"', rows.text)
    assert oob and html.unescape(oob[1]).startswith("/tasks?") and "sort=light" in oob[1]
    # Back to a page htmx no longer holds: it asks for the whole page.
    restore = office.get("/tasks?q=消费", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<form" in restore.text and _titles(restore.text) == ["促进消费恢复"]


def test_a_wrong_order_is_a_clear_422(login: Login) -> None:
    office = login("office")
    refused = office.get("/tasks?sort=title")
    assert refused.status_code == 422
    assert "<html" in refused.text and "排序方式应为以下之一" in refused.text
    assert office.get("/api/tasks?sort=title").status_code == 422
    assert office.get("/api/tasks?sort=light").status_code == 200


def test_row_tooltips_give_the_reasons_in_the_readers_language(login: Login) -> None:
    office = login("office")
    _task(office, "重点项目资金保障", "p.fgw", "2023-06-30")
    zh = office.get("/tasks?lang=zh").text
    en = office.get("/tasks?lang=en").text
    zh_title = re.search(r'class="light [a-z_]+" title="([^"]*)"', zh)
    en_title = re.search(r'class="light [a-z_]+" title="([^"]*)"', en)
    assert zh_title and en_title and zh_title[1] and en_title[1]
    assert re.search(r"[\u4e00-\u9fff]", html.unescape(zh_title[1]))
    assert not re.search(r"[\u4e00-\u9fff]", html.unescape(en_title[1]))


def test_the_ladder_folds_repeated_steps_per_unit() -> None:
    def step(kind: str, unit: int, day: int, overdue: int = 0) -> SimpleNamespace:
        return SimpleNamespace(
            step=kind,
            unit_id=unit,
            issued_on=date(2023, 5, day),
            days_overdue=overdue,
            message_zh=f"{kind}{day}",
            message_en=f"{kind} {day}",
        )

    newest_first = [
        step("notice_red", 7, 30, 12),
        *(step("urge", 7, d, d - 10) for d in range(29, 11, -1)),
        step("urge", 8, 20),
        step("remind", 7, 10),
    ]
    folded = fold_actions(newest_first)
    assert [(f.step, f.count, f.unit_ids) for f in folded] == [
        ("notice_red", 1, (7,)),
        ("urge", 19, (7, 8)),
        ("remind", 1, (7,)),
    ]
    urge = folded[1]
    assert (urge.first, urge.last) == (date(2023, 5, 12), date(2023, 5, 29))
    assert urge.message_zh == "urge29" and urge.days_overdue == 19  # the latest one's
    assert urge.entries[0] == (date(2023, 5, 29), 7) and len(urge.entries) == 19
    assert (date(2023, 5, 20), 8) in urge.entries


def test_an_office_saves_a_view_and_opens_it_from_the_list(login: Login) -> None:
    office = login("office")
    _task(office, "促进消费恢复", "p.swt", "2023-12-31")
    saved = office.post(
        "/tasks/views",
        data={"view_name": "商务厅的消费", "q": "消费", "unit": "p.swt", "sort": "due"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/tasks?unit=p.swt&q=%E6%B6%88%E8%B4%B9&sort=due"
    page = office.get("/tasks").text
    link = re.search(r'<a href="(/tasks\?[^"]*)">商务厅的消费</a>', page)
    assert link and _titles(office.get(html.unescape(link[1])).text) == ["促进消费恢复"]
    # Shared by the office's staff, not seen by a unit.
    assert "商务厅的消费" not in login("swt").get("/tasks").text
    view_id = re.search(r'action="/tasks/views/(\d+)/delete"', page)
    assert view_id
    assert login("swt").post(f"/tasks/views/{view_id[1]}/delete").status_code == 404
    gone = office.post(f"/tasks/views/{view_id[1]}/delete", follow_redirects=False)
    assert gone.status_code == 303 and "商务厅的消费" not in office.get("/tasks").text
    assert office.post("/tasks/views", data={"view_name": ""}).status_code == 422


def test_the_homes_work_line_links_filter_the_list(login: Login) -> None:
    office = login("office")
    for title, line in (("抓投资", "一、抓好项目投资"), ("促消费", "二、促进消费"), ("稳就业", "")):
        made = office.post(
            "/api/tasks", json={"title": title, "lead_unit": "p.fgw", "work_line": line}
        )
        assert made.status_code == 201, made.text
    page = office.get("/tasks", params={"work_line": "二、促进消费"})
    assert _titles(page.text) == ["促消费"]
    assert 'name="work_line" value="二、促进消费"' in page.text  # htmx changes keep it
    assert office.get("/api/tasks", params={"work_line": "一、抓好项目投资"}).json()["total"] == 1
    assert len(_titles(office.get("/tasks").text)) == 3
