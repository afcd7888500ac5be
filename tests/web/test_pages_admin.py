"""The administrators' pages: each admin's home shows its own jobs, the forms work, and a
refused post shows the service's message with its status and changes nothing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pyotp
from fastapi.testclient import TestClient

from luoshi import clock
from luoshi.web.pages.admin import TrailQuery
from luoshi.web.security import CSRF_HEADER
from tests.factories import PASSWORD, TOTP_SECRET, World
from tests.web.conftest import with_csrf

Login = Callable[[str], TestClient]


def _page_login(client: TestClient, username: str) -> str:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    if 'action="/login/totp"' in response.text:
        # An administrator's second step, posted as the browser does with the form's token
        # (the password step cleared the session and its token).
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        assert match
        del client.headers[CSRF_HEADER]
        code = pyotp.TOTP(TOTP_SECRET).now()
        response = client.post(
            "/login/totp", data={"code": code, "csrf_token": match.group(1)}, follow_redirects=False
        )
    assert response.status_code == 303, response.text
    with_csrf(client)
    return str(response.headers["location"])


def test_admins_land_on_their_jobs_and_business_users_on_tasks(
    client: TestClient, world: World
) -> None:
    assert _page_login(client, "sysadmin") == "/admin"
    home = client.get("/admin").text
    for path in ("/admin/users", "/admin/units", "/admin/settings", "/admin/calendar"):
        assert f'href="{path}"' in home
    for path in ("/admin/roles", "/admin/security", "/admin/audit", 'href="/tasks"'):
        assert path not in home
    other = with_csrf(TestClient(client.app))
    assert _page_login(other, "office") == "/"
    other.close()


def test_sysadmin_pages_open_accounts_and_set_the_calendar(login: Login) -> None:
    sysadmin = login("sysadmin")
    page = sysadmin.get("/admin/users")
    assert page.status_code == 200 and 'action="/admin/users"' in page.text
    made = sysadmin.post(
        "/admin/users",
        data={"username": "li", "unit": "p.swt", "password": PASSWORD},
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"] == "/admin/users"
    page = sysadmin.get("/admin/users").text
    assert "li: 已创建" in page and ">li<" in page
    short = sysadmin.post("/admin/users", data={"username": "wu", "unit": "p", "password": "x"})
    assert short.status_code == 422 and "不少于 8 个字符" in short.text and ">wu<" not in short.text
    saved = sysadmin.post(
        "/admin/calendar",
        data={"day": "2024-10-12", "working": "on", "name": "调休"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "2024-10-12" in sysadmin.get("/admin/calendar").text
    assert "LUOSHI_SECRET_KEY" in sysadmin.get("/admin/settings").text
    assert "t" * 40 not in sysadmin.get("/admin/settings").text
    units = sysadmin.post(
        "/admin/units",
        data={"code": "p.c", "name_zh": "丙市", "kind": "city", "parent": "p"},
        follow_redirects=False,
    )
    assert units.status_code == 303 and "丙市" in sysadmin.get("/admin/units").text
    # A unit's kind in the page's words (the list and the form showed the codes).
    chinese = sysadmin.get("/admin/units", params={"lang": "zh"}).text
    english = sysadmin.get("/admin/units", params={"lang": "en"}).text
    assert "<td>市</td>" in chinese and '<option value="city">市</option>' in chinese
    assert "<td>City</td>" in english and "<td>city</td>" not in english


def test_sysadmin_is_refused_an_administrators_account(login: Login, world: World) -> None:
    sysadmin = login("sysadmin")
    page = sysadmin.get("/admin/users").text
    assert f'action="/admin/users/{world.auditor.user_id}/password"' not in page
    assert f'action="/admin/users/{world.fgw.user_id}/password"' in page
    refused = sysadmin.post(
        f"/admin/users/{world.auditor.user_id}/password", data={"password": "taken-over-1"}
    )
    assert refused.status_code == 403 and "撤销该角色" in refused.text


def test_secadmin_grants_on_the_roles_page_and_never_to_itself(login: Login, world: World) -> None:
    secadmin = login("secadmin")
    page = secadmin.get("/admin/roles").text
    assert f'action="/admin/users/{world.fgw.user_id}/roles/grant"' in page
    assert f'action="/admin/users/{world.secadmin.user_id}/roles/grant"' not in page
    # An administrator can be given nothing more: no form is offered.
    assert f'action="/admin/users/{world.auditor.user_id}/roles/grant"' not in page
    granted = secadmin.post(
        f"/admin/users/{world.fgw.user_id}/roles/grant",
        data={"role": "leader"},
        follow_redirects=False,
    )
    assert granted.status_code == 303
    mine = secadmin.post(
        f"/admin/users/{world.secadmin.user_id}/roles/grant", data={"role": "auditor"}
    )
    assert mine.status_code == 403 and "本人的账号或角色" in mine.text
    merged = secadmin.post(
        f"/admin/users/{world.office.user_id}/roles/grant", data={"role": "sysadmin"}
    )
    assert merged.status_code == 422 and "不得同时担任业务角色" in merged.text
    assert secadmin.get("/admin/security").status_code == 200


def test_auditor_searches_and_exports_the_trail(login: Login, world: World) -> None:
    login("secadmin").post(f"/admin/users/{world.fgw.user_id}/roles/grant", data={"role": "leader"})
    auditor = login("auditor")
    page = auditor.get("/admin/audit", params={"object_type": "user"})
    assert page.status_code == 200 and "role.grant" in page.text
    export = auditor.get("/admin/audit/export.csv", params={"object_type": "user"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))
    grant = next(r for r in rows if r["action"] == "role.grant")
    assert grant["actor_name"] == "secadmin" and '"leader"' in grant["new"]
    again = auditor.get("/admin/audit", params={"object_type": "audit_event"}).text
    assert "audit.export" in again


def test_the_trail_is_searched_by_actor_action_and_days_with_labelled_fields(
    login: Login, world: World
) -> None:
    login("secadmin").post(f"/admin/users/{world.fgw.user_id}/roles/grant", data={"role": "leader"})
    login("office").post("/api/tasks", json={"title": "按人查", "lead_unit": "p.fgw"})
    auditor = login("auditor")
    form = auditor.get("/admin/audit").text
    for name in ("actor", "action", "object_type", "object_id", "since", "until"):
        # Each field sits in its label, which stays when the field is filled.
        assert re.search(rf'<label>[^<]+<input[^>]* name="{name}"', form), name
    # What an empty form sends, as a browser sends it.
    blank = {
        "actor": "",
        "action": "",
        "object_type": "",
        "object_id": "",
        "since": "",
        "until": "",
    }
    assert auditor.get("/admin/audit", params=blank).status_code == 200
    today = clock.today().isoformat()
    page = auditor.get(
        "/admin/audit", params={**blank, "actor": "secadmin", "action": "role", "since": today}
    ).text
    assert "role.grant" in page and "task.create" not in page
    assert 'href="/admin/audit/export.csv?actor=secadmin&amp;action=role&amp;since=' in page
    later = (clock.today() + timedelta(days=1)).isoformat()
    assert "role.grant" not in auditor.get("/admin/audit", params={"since": later}).text
    export = auditor.get("/admin/audit/export.csv", params={"actor": "office", "until": today})
    rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))
    assert rows and {r["actor_name"] for r in rows} == {"office"}
    assert auditor.get("/admin/audit", params={"since": "2023-13-45"}).status_code == 422


def test_the_trail_shows_chinese_values_as_written_and_escapes_markup(
    login: Login, world: World
) -> None:
    office = login("office")
    made = office.post("/api/tasks", json={"title": "审计<b>标题</b>", "lead_unit": "p.fgw"})
    assert made.status_code == 201, made.text
    page = login("auditor").get(
        "/admin/audit", params={"object_type": "task", "object_id": made.json()["id"]}
    )
    assert page.status_code == 200
    assert "审计&lt;b&gt;标题&lt;/b&gt;" in page.text
    assert "\\u5ba1" not in page.text and "<b>标题" not in page.text


def test_each_admin_page_is_refused_to_the_others(login: Login) -> None:
    refused = {
        "sysadmin": ["/admin/roles", "/admin/security", "/admin/audit", "/admin/audit/export.csv"],
        "secadmin": ["/admin/settings", "/admin/calendar", "/admin/audit", "/tasks", "/sources"],
        "auditor": ["/admin/users", "/admin/roles", "/admin/settings", "/admin/units", "/tasks"],
        "office": ["/admin/users", "/admin/roles", "/admin/settings", "/admin/audit"],
    }
    for username, pages in refused.items():
        client = login(username)
        for page in pages:
            assert client.get(page).status_code == 403, f"{username} {page}"


def test_the_trails_days_are_the_deployments_days() -> None:
    """A day searched is a day where the deployment is (its ``timezone`` setting), not a
    fixed zone: 1 June in Beijing begins at 16:00 UTC the day before."""
    days = TrailQuery(since=date(2023, 6, 1), until=date(2023, 6, 1))
    beijing, utc = days.where("Asia/Shanghai"), days.where("UTC")
    assert beijing.since == datetime(2023, 5, 31, 16, tzinfo=UTC)
    assert beijing.until == datetime(2023, 6, 1, 16, tzinfo=UTC)
    assert (utc.since, utc.until) == (
        datetime(2023, 6, 1, tzinfo=UTC),
        datetime(2023, 6, 2, tzinfo=UTC),
    )
