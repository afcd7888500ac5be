"""Dashboards: every chart with its data for the script and its table, CSV and Excel
downloads (formula cells made text), the big screen, and each actor's scope."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from luoshi.domains.dashboards import charts

Login = Callable[[str], TestClient]
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _accepted(office: TestClient, unit: TestClient, title: str, lead: str) -> int:
    created = office.post("/api/tasks", json={"title": title, "lead_unit": lead})
    assert created.status_code == 201, created.text
    task_id = int(created.json()["id"])
    assert office.post(f"/api/tasks/{task_id}/assign", json={"lead_unit": lead}).is_success
    assert unit.post(f"/api/tasks/{task_id}/accept", json={}).is_success
    return task_id


def _data(page: str, key: str) -> dict[str, object]:
    found = re.search(
        rf'<script type="application/json" id="chart-data-{key}">(.*?)</script>', page, re.S
    )
    assert found, key
    data: dict[str, object] = json.loads(found[1])
    return data


def test_dashboard_charts_tables_downloads_and_scope(login: Login) -> None:
    office, fgw, swt = login("office"), login("fgw"), login("swt")
    # The same thing asked twice of one unit (a duplicate ask), with a title a spreadsheet
    # would run as a formula.
    for _ in range(2):
        _accepted(office, fgw, FORMULA, "p.fgw")
    _accepted(office, swt, "促进消费恢复", "p.swt")

    page = office.get("/dashboard")
    assert page.status_code == 200
    for key in ("lights_unit", "lights_work_line", "trend", "burden"):
        assert f'id="chart-{key}"' in page.text
    lights = _data(page.text, "lights_unit")
    names = [row[0] for row in lights["rows"]]  # type: ignore[attr-defined]
    assert "省发展和改革委员会" in names and "省商务厅" in names
    assert '<script src="/static/vendor/echarts.min.js" defer></script>' in page.text
    # The JSON block cannot end the script early: the title's markup is escaped in it.
    dup = office.get("/dashboard").text.split('id="chart-duplicates"')[1]
    assert "&#34;http://evil.example&#34;" in dup or "&quot;http://evil.example&quot;" in dup
    # Its table: the unit as the row's heading, the title as escaped text, the count a number.
    assert (
        '<tr><th scope="row">省发展和改革委员会</th>'
        "<td>=HYPERLINK(&#34;http://evil.example&#34;,&#34;x&#34;)</td>"
        '<td class="num">2</td></tr>'
    ) in dup

    csv_response = office.get("/dashboard/download?chart=duplicates&format=csv")
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert 'filename="duplicates.csv"' in csv_response.headers["content-disposition"]
    text = csv_response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["单位", "同一事项", "交办次数"]
    assert rows[1] == ["省发展和改革委员会", "'" + FORMULA, "2"]

    xlsx = office.get("/dashboard/download?chart=duplicates&format=xlsx&lang=en")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Unit", "Same matter", "Times asked"]
    assert values[1] == ["Development and Reform Commission", "'" + FORMULA, 2]
    assert office.get("/dashboard/download?chart=nope").status_code == 404
    assert office.get("/dashboard/download?chart=trend&format=pdf").status_code == 422

    # A unit's dashboard holds its own figures only.
    own = fgw.get("/dashboard?lang=zh")
    assert own.status_code == 200
    own_rows = [row[0] for row in _data(own.text, "lights_unit")["rows"]]  # type: ignore[attr-defined]
    assert own_rows == ["省发展和改革委员会"]
    burden = swt.get("/dashboard/download?chart=burden&format=csv").content.decode("utf-8")
    assert "省商务厅" in burden and "省发展和改革委员会" not in burden
    assert FORMULA not in swt.get("/dashboard/download?chart=duplicates").text


def test_the_big_screen_is_dark_large_and_refreshes(login: Login) -> None:
    leader = login("leader")
    for url in ("/dashboard/screen", "/dashboard?screen=1"):
        page = leader.get(url)
        assert page.status_code == 200
        assert 'class="dashboard screen"' in page.text
        assert '<meta http-equiv="refresh" content="300">' in page.text
    assert 'class="dashboard screen"' not in leader.get("/dashboard").text
    # A leader may see every chart its roles allow: the registers' too.
    shown = re.findall(r'id="chart-(\w+)"', leader.get("/dashboard").text)
    assert shown == list(charts.CHARTS)


def test_units_are_summed_one_level_down_with_every_unit_a_click_away(login: Login) -> None:
    office = login("office")
    for title, lead in (("甲", "p.fgw"), ("乙", "p.a"), ("丙", "p.a.x"), ("丁", "p.a.x.t")):
        created = office.post("/api/tasks", json={"title": title, "lead_unit": lead})
        assert created.status_code == 201, created.text
        task_id = created.json()["id"]
        assert office.post(f"/api/tasks/{task_id}/assign", json={"lead_unit": lead}).is_success

    page = office.get("/dashboard?lang=zh").text
    summed = {row[0]: row[-1] for row in _data(page, "lights_unit")["rows"]}  # type: ignore[attr-defined]
    assert summed == {"省发展和改革委员会": 1, "甲市": 3}
    card = page.split('id="chart-lights_unit"')[1].split("</section>")[0]
    assert 'href="/dashboard?full=lights_unit#chart-lights_unit"' in card

    every = office.get("/dashboard?full=lights_unit&lang=zh").text
    rows = {row[0]: row[-1] for row in _data(every, "lights_unit")["rows"]}  # type: ignore[attr-defined]
    assert rows == {"省发展和改革委员会": 1, "甲市": 1, "甲市X县": 1, "X县T镇": 1}
    table = every.split('id="chart-lights_unit"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 4
    assert 'href="/dashboard#chart-lights_unit"' in every  # and back
    # The download holds every unit whichever the page shows.
    csv_text = office.get("/dashboard/download?chart=lights_unit&format=csv").text
    assert "甲市X县" in csv_text and "X县T镇" in csv_text
