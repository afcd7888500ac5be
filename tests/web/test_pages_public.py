"""The public accountability page: no login, only what an office published, nothing
internal, both languages, rate-limited, under the CSP; the switch on the register pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from luoshi.domains.livelihood import matters
from luoshi.domains.livelihood.schemas import MatterCreate, TargetCreate, ValueReport
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate, YearPlanIn
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import USERS, World
from tests.web.registers_world import registers_app, registers_settings, registers_world

__all__ = ["registers_app", "registers_settings", "registers_world"]

Login = Callable[[str], TestClient]
# Strings planted in every internal field: none may reach the public page.
PLANTED = {
    "description": "内部说明-PLANT-DESC",
    "value_note": "内部备注-PLANT-NOTE",
    "report_progress": "进度详情-PLANT-PROG",
    "report_problems": "存在问题-PLANT-PROB",
    "project_description": "项目内部-PLANT-PDESC",
    "hidden_matter": "未公开实事-PLANT-HIDDEN",
    "hidden_project": "未公开项目-PLANT-HIDDENP",
    "project_code": "XM-PLANT-CODE",
}


def _stage(db: Database, settings: Settings) -> dict[str, Any]:
    """A published and an unpublished matter and project, with internal text everywhere."""
    system = system_actor()
    with db.session() as session:
        made = {}
        for number, name, public in (
            (1, "新增公办幼儿园学位", True),
            (2, PLANTED["hidden_matter"], False),
        ):
            matter = matters.create_matter(
                session,
                actor=system,
                settings=settings,
                data=MatterCreate(
                    year=2023,
                    number=number,
                    name=name,
                    description=PLANTED["description"],
                    lead_unit="prov.fgw",
                    targets=[TargetCreate(name="学位", measure="个", target_value=1000)],
                ),
            )
            [target] = matters.targets_of(session, [matter.id])[matter.id]
            matters.report_value(
                session,
                actor=system,
                target_id=target.id,
                settings=settings,
                data=ValueReport(period="2023-03", value=400, note=PLANTED["value_note"]),
            )
            if public:
                matters.set_public(session, actor=system, matter_id=matter.id, public=True)
            made[f"matter_{number}"] = matter.id
        for code, name, public in (
            (PLANTED["project_code"], "集成电路产业园", True),
            ("XM-2", PLANTED["hidden_project"], False),
        ):
            project = projects.create_project(
                session,
                actor=system,
                settings=settings,
                data=ProjectCreate(
                    code=code,
                    name=name,
                    description=PLANTED["project_description"],
                    owner_unit="prov.jxt",
                    region_unit="prov.my",
                    stage="under_construction",
                    actual_start=date(2023, 1, 10),
                    total_investment=Decimal(5000),
                    year_plans=[YearPlanIn(year=2023, planned_investment=Decimal(1200))],
                ),
            )
            projects.submit_report(
                session,
                actor=system,
                project_id=project.id,
                settings=settings,
                data=ProjectReportCreate(
                    period="2023-02",
                    investment_month=Decimal(300),
                    progress=PLANTED["report_progress"],
                    problems=PLANTED["report_problems"],
                ),
            )
            if public:
                projects.set_public(session, actor=system, project_id=project.id, public=True)
            made[code] = project.id
        session.commit()
    return made


def test_anyone_reads_the_published_items_and_nothing_internal(
    app: FastAPI, db: Database, world: World, settings: Settings
) -> None:
    made = _stage(db, settings)
    with TestClient(app) as anonymous:
        page = anonymous.get("/public?lang=zh&year=2023", follow_redirects=False)
        english = anonymous.get("/public/en?year=2023", follow_redirects=False)
    assert page.status_code == 200 and english.status_code == 200
    assert "新增公办幼儿园学位" in page.text and "集成电路产业园" in page.text
    assert "400 / 1000 个" in page.text and "40%" in page.text
    assert "300 / 1200" in page.text and "25%" in page.text  # the year's investment
    assert "2023年民生实事和重点项目进展" in page.text
    assert "Livelihood matters and key projects in 2023" in english.text
    assert "Development and Reform Commission" in english.text or "发展" in english.text
    for html in (page.text, english.text):
        for what, planted in PLANTED.items():
            assert planted not in html, what
        for username, _unit, _roles, display in USERS:
            assert display not in html and f"{username}@" not in html
        # No record ids or links into the logged-in app.
        for internal in ("/livelihood/", "/projects/", "/tasks/", "/api/"):
            assert internal not in html
        for record_id in made.values():
            assert f"#{record_id}" not in html
        # The strict CSP: no inline script or style.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "style=" not in html and "<style" not in html
    assert "script-src" in page.headers["content-security-policy"]


def test_nothing_is_public_by_default(
    app: FastAPI, db: Database, world: World, settings: Settings
) -> None:
    system = system_actor()
    with db.session() as session:
        matters.create_matter(
            session,
            actor=system,
            settings=settings,
            data=MatterCreate(
                year=2023,
                number=1,
                name="城镇老旧小区改造",
                lead_unit="prov.fgw",
                targets=[TargetCreate(name="小区", measure="个", target_value=300)],
            ),
        )
        session.commit()
    with TestClient(app) as anonymous:
        page = anonymous.get("/public?lang=zh&year=2023")
    assert page.status_code == 200
    assert "城镇老旧小区改造" not in page.text
    assert "暂无公开事项" in page.text


def test_the_office_switches_an_item_on_and_off_from_its_page(
    app: FastAPI, db: Database, world: World, settings: Settings, login: Login
) -> None:
    made = _stage(db, settings)
    office = login("office")
    hidden = made["matter_2"]
    page = office.get(f"/livelihood/{hidden}")
    assert f'action="/livelihood/{hidden}/public"' in page.text
    switched = office.post(
        f"/livelihood/{hidden}/public", data={"public": "true"}, follow_redirects=False
    )
    assert switched.status_code == 303
    with TestClient(app) as anonymous:
        assert PLANTED["hidden_matter"] in anonymous.get("/public?year=2023").text
    off = office.post(f"/projects/{made[PLANTED['project_code']]}/public", data={"public": "false"})
    assert off.status_code == 200
    with TestClient(app) as anonymous:
        assert "集成电路产业园" not in anonymous.get("/public?year=2023").text
    # A unit may not publish what its office keeps.
    fgw = login("fgw")
    assert fgw.post(f"/livelihood/{hidden}/public", data={"public": "false"}).status_code == 403
    with db.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.action.in_(("livelihood.public", "project.public"))
            )
        ).all()
    assert sorted(actions) == [
        "livelihood.public",
        "livelihood.public",
        "project.public",
        "project.public",
    ]


def test_the_office_switches_an_item_through_the_api(
    app: FastAPI, db: Database, world: World, settings: Settings, login: Login
) -> None:
    """PUT /api/<register>/<id>/public: the page's switch for API clients, the same rule
    (the office that owns the record), audited, and bad input changes nothing."""
    made = _stage(db, settings)
    office = login("office")
    hidden, project = made["matter_2"], made[PLANTED["project_code"]]
    on = office.put(f"/api/livelihood/{hidden}/public", json={"public": True})
    assert on.status_code == 200 and on.json()["public"] is True
    off = office.put(f"/api/projects/{project}/public", json={"public": False})
    assert off.status_code == 200 and off.json()["public"] is False
    with TestClient(app) as anonymous:
        shown = anonymous.get("/public?year=2023").text
    assert PLANTED["hidden_matter"] in shown and "集成电路产业园" not in shown
    # The same answer again changes nothing and writes no second event.
    assert office.put(f"/api/projects/{project}/public", json={"public": False}).status_code == 200
    # "false" as a string is not a yes: refused with the field named, nothing changed.
    bad = office.put(f"/api/livelihood/{hidden}/public", json={"public": "false"})
    assert bad.status_code == 422 and "public" in bad.text
    assert office.get(f"/api/livelihood/{hidden}").json()["public"] is True
    # Neither the lead unit nor a leader publishes what the office keeps.
    for name in ("fgw", "leader"):
        refused = login(name).put(f"/api/livelihood/{hidden}/public", json={"public": False})
        assert refused.status_code == 403, name
    assert office.get(f"/api/livelihood/{hidden}").json()["public"] is True
    spec = office.get("/api/openapi.json").json()["paths"]
    for path in ("/api/livelihood/{matter_id}/public", "/api/projects/{project_id}/public"):
        assert "put" in spec[path], path
    with db.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("livelihood.public", "project.public")))
        ).all()
    # Two from staging (one per published item), two from the API calls above.
    assert sorted((e.action, e.object_id, e.new["public"]) for e in events) == sorted(
        [
            ("livelihood.public", made["matter_1"], True),
            ("livelihood.public", hidden, True),
            ("project.public", project, True),
            ("project.public", project, False),
        ]
    )


def test_the_public_page_is_rate_limited(app: FastAPI, world: World, settings: Settings) -> None:
    limit = settings.rate_limit_search
    with TestClient(app) as anonymous:
        answers = [anonymous.get("/public").status_code for _ in range(limit + 1)]
    assert answers[:limit] == [200] * limit
    assert answers[-1] == 429
