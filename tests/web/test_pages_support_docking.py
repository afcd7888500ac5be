"""The support-item and docking pages: lists with their lights and filters, details with
their history, and forms that post with the CSRF token of the page and answer 303 (or the
page again with the service's message, nothing changed)."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from luoshi.domains.directives import service as directives
from luoshi.domains.docking import service as docking
from luoshi.domains.docking.schemas import DockingAssign, DockSource
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.support import service as support
from luoshi.domains.support.schemas import SupportItemCreate
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from luoshi.web.security import CSRF_HEADER
from tests.conftest import Database
from tests.scenario.world import World
from tests.web.registers_world import registers_app, registers_settings, registers_world

__all__ = ["registers_app", "registers_settings", "registers_world"]


def staged(db: Database, settings: Settings) -> tuple[int, int]:
    system = system_actor()
    with db.session() as session:
        item = support.create_item(
            session,
            actor=system,
            data=SupportItemCreate(
                code="ZC-P1",
                title="争取国家支持物流枢纽",
                ministry="交通运输部",
                lead_unit="prov.cd",
            ),
            settings=settings,
        )
        measure = "各地要在年内完成县域商业网点布局。"
        text = f"国务院关于县域商业的通知\n\n{measure}\n"
        source = sources.store_source(
            session,
            actor=system,
            text=text,
            language="zh",
            data=SourceCreate(kind="central_document"),
        ).source
        begin = text.index(measure)
        directives.draft_breakdown(
            session,
            actor=system,
            source=source,
            extraction={
                "source": {"language": "zh"},
                "directives": [
                    {"id": "D1", "start": begin, "end": begin + len(measure), "text": measure}
                ],
            },
        )
        [entry] = docking.dock_source(session, actor=system, data=DockSource(source_id=source.id))
        docking.assign_measure(
            session,
            actor=system,
            docking_id=entry.id,
            data=DockingAssign(version=entry.version, owner_unit="prov.cd"),
        )
        session.commit()
        return item.id, entry.id


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def version_in(html: str, form_id: str) -> str:
    form = html[html.index(f'id="{form_id}"') :]
    found = re.search(r'name="version" value="(\d+)"', form)
    assert found
    return found.group(1)


def test_the_support_pages_list_show_and_take_a_form(
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    item_id, _ = staged(db, settings)
    cd = login("cd")
    listing = cd.get("/support-items?lang=zh")
    assert listing.status_code == 200
    assert "争取国家支持物流枢纽" in listing.text and "已提出" in listing.text
    assert "ZC-P1" not in login("fgw").get("/support-items").text
    page = cd.get(f"/support-items/{item_id}")
    assert page.status_code == 200 and 'id="agree"' in page.text
    assert 'id="drop"' not in page.text  # dropping is the office's
    del cd.headers[CSRF_HEADER]  # a browser's form carries the token in its body
    no_token = cd.post(
        f"/support-items/{item_id}/transitions",
        data={"transition": "agree", "version": version_in(page.text, "agree")},
        follow_redirects=False,
    )
    assert no_token.status_code == 403
    agreed = cd.post(
        f"/support-items/{item_id}/transitions",
        data={
            "csrf_token": form_token(page.text),
            "transition": "agree",
            "version": version_in(page.text, "agree"),
            "expected_on": "2023-06-30",
        },
        follow_redirects=False,
    )
    assert agreed.status_code == 303 and agreed.headers["location"] == f"/support-items/{item_id}"
    after = cd.get(f"/support-items/{item_id}")
    assert "已达成一致" in after.text and "2023-06-30" in after.text
    refused = cd.post(
        f"/support-items/{item_id}/transitions",
        data={
            "csrf_token": form_token(after.text),
            "transition": "land",
            "version": version_in(after.text, "land"),
            "landed_as": "fund",
        },
        follow_redirects=False,
    )
    assert refused.status_code == 422 and "amount" in refused.text
    assert "已达成一致" in cd.get(f"/support-items/{item_id}").text


def test_the_docking_pages_list_show_and_take_the_owners_status(
    db: Database,
    world: World,
    settings: Settings,
    login: Callable[[str], TestClient],
) -> None:
    _, entry_id = staged(db, settings)
    office, cd = login("office"), login("cd")
    listing = office.get("/docking?unanswered=true&lang=zh")
    assert listing.status_code == 200 and "尚未对接" in listing.text
    page = cd.get(f"/docking/{entry_id}")
    assert page.status_code == 200 and 'id="status"' in page.text and 'id="assign"' not in page.text
    del cd.headers[CSRF_HEADER]
    posted = cd.post(
        f"/docking/{entry_id}/status",
        data={
            "csrf_token": form_token(page.text),
            "version": version_in(page.text, "status"),
            "status": "drafting",
            "local_measure": "县域商业网点布局方案",
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303, posted.text
    assert "县域商业网点布局方案" in cd.get(f"/docking/{entry_id}").text
    assert "县域商业网点布局方案" in office.get("/docking").text
    assert office.get("/docking?unanswered=true").text.count(f'href="/docking/{entry_id}"') == 0


def test_the_office_enters_a_support_item_from_the_list_page(
    db: Database, world: World, settings: Settings, login: Callable[[str], TestClient]
) -> None:
    office = login("office")
    listing = office.get("/support-items?lang=en")
    assert 'id="new-support-item"' in listing.text
    assert 'id="new-support-item"' not in login("swt").get("/support-items").text
    values = {
        "code": "ZC-N1",
        "title": "Support for a cold-chain hub",
        "ministry": "国家发展改革委",
        "lead_unit": "prov.swt",
        "asked_on": "2023-03-20",
    }
    missing = office.post("/support-items?lang=en", data={**values, "title": ""})
    assert missing.status_code == 422 and "title" in missing.text
    assert "ZC-N1" not in office.get("/support-items").text
    made = office.post("/support-items", data=values, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = office.get(made.headers["location"])
    assert "Support for a cold-chain hub" in page.text
    twice = office.post("/support-items", data=values)
    assert twice.status_code == 409  # the code is taken
    # A unit is refused (it does not keep the register).
    assert login("swt").post("/support-items", data=values).status_code == 403
