"""三员分立 through the API: each administrator does its job, is refused the others' and
sees no business data; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import PASSWORD, World
from tests.web.conftest import log_in, with_csrf

Login = Callable[[str], TestClient]
ADMINS = ("sysadmin", "secadmin", "auditor")


def _users(client: TestClient) -> dict[str, dict[str, Any]]:
    response = client.get("/api/admin/users")
    assert response.status_code == 200, response.text
    return {u["username"]: u for u in response.json()}


@pytest.fixture
def business(db: Database, world: World, login: Login) -> dict[str, int]:
    """A task, its report and a source, made by the office and the lead unit."""
    office = login("office")
    task = office.post("/api/tasks", json={"title": "稳就业", "lead_unit": "p.fgw"}).json()
    with db.session() as session:
        source = sources.store_source(
            session,
            actor=world.office,
            text="省政府常务会议要求：稳就业。",
            language="zh",
            data=SourceCreate(title="会议纪要"),
        ).source
        session.commit()
        source_id = source.id
    return {"task": task["id"], "source": source_id}


def test_sysadmin_opens_deactivates_and_resets_accounts(login: Login) -> None:
    sysadmin = login("sysadmin")
    created = sysadmin.post(
        "/api/admin/users",
        json={"username": "zhang", "unit": "p.fgw", "password": PASSWORD, "display_name": "张"},
    )
    assert created.status_code == 201, created.text
    zhang = created.json()
    assert zhang["roles"] == [] and zhang["active"] is True
    reset = sysadmin.post(
        f"/api/admin/users/{zhang['id']}/password", json={"password": "new-pass-99"}
    )
    assert reset.status_code == 204
    client = with_csrf(TestClient(sysadmin.app))
    assert (
        client.post(
            "/api/auth/login", json={"username": "zhang", "password": "new-pass-99"}
        ).status_code
        == 200
    )
    off = sysadmin.post(f"/api/admin/users/{zhang['id']}/deactivate")
    assert off.status_code == 200 and off.json()["active"] is False
    # The deactivated account's open session ends at its next request.
    assert client.get("/api/me").status_code == 401
    with_csrf(client)  # the ended session took its token with it
    assert (
        client.post(
            "/api/auth/login", json={"username": "zhang", "password": "new-pass-99"}
        ).status_code
        == 401
    )
    assert sysadmin.post(f"/api/admin/users/{zhang['id']}/activate").json()["active"] is True
    client.close()


def test_sysadmin_keeps_units_settings_and_calendar(login: Login) -> None:
    sysadmin = login("sysadmin")
    unit = sysadmin.post(
        "/api/admin/units", json={"code": "p.c", "name_zh": "丙市", "kind": "city", "parent": "p"}
    )
    assert unit.status_code == 201 and unit.json()["path"].count("/") == 3
    settings = sysadmin.get("/api/admin/settings").json()
    assert settings["secret_key"] == "set" and settings["tenant"] == "default"
    assert "t" * 40 not in str(settings)
    day = sysadmin.put("/api/admin/calendar/2024-10-12", json={"working": True, "name": "调休"})
    assert day.status_code == 200
    assert sysadmin.get("/api/admin/calendar").json() == [
        {"day": "2024-10-12", "working": True, "name": "调休"}
    ]
    assert sysadmin.delete("/api/admin/calendar/2024-10-12").status_code == 204
    assert sysadmin.get("/api/admin/calendar").json() == []


def test_secadmin_grants_and_revokes_and_holds_the_policy(login: Login) -> None:
    secadmin = login("secadmin")
    fgw = _users(secadmin)["fgw"]
    granted = secadmin.post(f"/api/admin/users/{fgw['id']}/roles", json={"role": "leader"})
    assert granted.status_code == 200 and granted.json()["roles"] == ["unit", "leader"]
    revoked = secadmin.delete(f"/api/admin/users/{fgw['id']}/roles/leader")
    assert revoked.status_code == 200 and revoked.json()["roles"] == ["unit"]
    policy = secadmin.get("/api/admin/security").json()
    # The test app's setting (tests/web/conftest.py), not the default: the page shows what runs.
    assert policy["session_max_age_seconds"] == 10**9 and policy["secret_key"] == "set"
    trail = (
        login("auditor")
        .get("/api/audit", params={"object_type": "user", "object_id": fgw["id"]})
        .json()
    )
    assert [(e["action"], e["old"], e["new"]) for e in trail[:2]] == [
        ("role.revoke", {"roles": ["unit", "leader"]}, {"roles": ["unit"]}),
        ("role.grant", {"roles": ["unit"]}, {"roles": ["unit", "leader"]}),
    ]


def test_self_grant_and_merged_duties_are_refused(login: Login) -> None:
    secadmin = login("secadmin")
    accounts = _users(secadmin)
    me = accounts["secadmin"]["id"]
    assert (
        secadmin.post(f"/api/admin/users/{me}/roles", json={"role": "auditor"}).status_code == 403
    )
    assert secadmin.delete(f"/api/admin/users/{me}/roles/secadmin").status_code == 403
    auditor = accounts["auditor"]["id"]
    merged = secadmin.post(f"/api/admin/users/{auditor}/roles", json={"role": "sysadmin"})
    assert merged.status_code == 422 and "at most one" in merged.json()["message"]
    office = accounts["office"]["id"]
    mixed = secadmin.post(f"/api/admin/users/{office}/roles", json={"role": "auditor"})
    assert mixed.status_code == 422
    assert _users(secadmin)["office"]["roles"] == ["office"]
    assert _users(secadmin)["auditor"]["roles"] == ["auditor"]


@pytest.mark.parametrize(
    ("username", "refused"),
    [
        (
            "sysadmin",
            [
                ("POST", "/api/admin/users/{fgw}/roles", {"role": "office"}),
                ("DELETE", "/api/admin/users/{fgw}/roles/unit", None),
                ("GET", "/api/admin/security", None),
                ("GET", "/api/audit", None),
                (
                    "POST",
                    "/api/admin/users",
                    {"username": "y", "unit": "p", "password": PASSWORD, "roles": ["office"]},
                ),
                # An administrator's account: the secadmin revokes the role first.
                ("POST", "/api/admin/users/{auditor}/password", {"password": "taken-over-1"}),
                ("POST", "/api/admin/users/{secadmin}/deactivate", None),
            ],
        ),
        (
            "secadmin",
            [
                ("POST", "/api/admin/users", {"username": "y", "unit": "p", "password": PASSWORD}),
                ("POST", "/api/admin/users/{fgw}/deactivate", None),
                ("POST", "/api/admin/users/{fgw}/password", {"password": "taken-over-1"}),
                ("GET", "/api/admin/settings", None),
                ("PUT", "/api/admin/calendar/2024-10-12", {"working": True}),
                ("POST", "/api/admin/units", {"code": "p.z", "name_zh": "z", "kind": "city"}),
                ("GET", "/api/audit", None),
            ],
        ),
        (
            "auditor",
            [
                ("GET", "/api/admin/users", None),
                ("POST", "/api/admin/users", {"username": "y", "unit": "p", "password": PASSWORD}),
                ("POST", "/api/admin/users/{fgw}/roles", {"role": "office"}),
                ("POST", "/api/admin/users/{fgw}/deactivate", None),
                ("GET", "/api/admin/settings", None),
                ("GET", "/api/admin/security", None),
                ("GET", "/api/admin/calendar", None),
                ("PUT", "/api/admin/calendar/2024-10-12", {"working": True}),
                ("GET", "/api/units", None),
            ],
        ),
        (
            "office",
            [
                ("GET", "/api/admin/users", None),
                ("POST", "/api/admin/users/{fgw}/roles", {"role": "leader"}),
                ("GET", "/api/admin/settings", None),
                ("PUT", "/api/admin/calendar/2024-10-12", {"working": True}),
            ],
        ),
    ],
)
def test_each_is_refused_the_others_jobs(
    login: Login, world: World, username: str, refused: list[tuple[str, str, Any]]
) -> None:
    ids = {
        "fgw": world.fgw.user_id,
        "auditor": world.auditor.user_id,
        "secadmin": world.secadmin.user_id,
    }
    client = login(username)
    for method, path, body in refused:
        response = client.request(method, path.format(**ids), json=body)
        assert response.status_code == 403, f"{username} {method} {path}: {response.status_code}"
    # Nothing changed: the roles and the accounts are as the world made them.
    accounts = _users(login("secadmin"))
    assert accounts["fgw"]["roles"] == ["unit"] and accounts["fgw"]["active"]
    assert "y" not in accounts


@pytest.mark.parametrize("username", ADMINS)
def test_admins_see_no_business_data(login: Login, business: dict[str, int], username: str) -> None:
    client = login(username)
    task, source = business["task"], business["source"]
    # Single objects do not exist for them (404); lists are refused (403).
    for path in (
        f"/api/tasks/{task}",
        f"/api/tasks/{task}/history",
        f"/api/tasks/{task}/reports",
        f"/api/tasks/{task}/lights",
        f"/api/tasks/{task}/instructions",
        f"/api/sources/{source}",
        f"/api/sources/{source}/breakdown",
    ):
        response = client.get(path)
        assert response.status_code == 404, f"{username} GET {path}: {response.status_code}"
    for path in ("/api/tasks", "/api/sources", "/api/extensions"):
        response = client.get(path)
        assert response.status_code == 403, f"{username} GET {path}: {response.status_code}"
    assert client.post("/api/tasks", json={"title": "x", "lead_unit": "p.fgw"}).status_code == 403


def test_only_the_auditor_reads_and_the_office_still_works(
    login: Login, business: dict[str, int]
) -> None:
    events = login("auditor").get("/api/audit", params={"object_type": "task"}).json()
    assert any(e["action"] == "task.create" for e in events)
    for username in ("sysadmin", "secadmin", "office"):
        assert login(username).get("/api/audit").status_code == 403
    assert login("office").get(f"/api/tasks/{business['task']}").status_code == 200


@pytest.mark.parametrize("path", ["/api/admin/users", "/admin/users"])
def test_accounts_are_opened_under_the_deployments_password_policy(
    db: Database, world: World, path: str
) -> None:
    # A long passphrase of two character classes: ASVS takes it, MLPS would not.
    passphrase = "plain words make a long passphrase"
    settings = Settings(
        environment="test",
        database_url=db.url,
        secret_key="t" * 40,
        password_policy="asvs",
    )
    with TestClient(create_app(settings, session_factory=db.factory)) as client:
        sysadmin = log_in(client, "sysadmin")
        body = {"username": "li", "unit": "p.swt", "password": passphrase}
        if path.startswith("/api"):
            opened = sysadmin.post(path, json=body)
            assert opened.status_code == 201, opened.text
        else:
            opened = sysadmin.post(path, data=body, follow_redirects=False)
            assert opened.status_code == 303, opened.text
        assert "li" in _users(sysadmin)
