"""The task page as the place of work, through the ASGI client: each form shows only to
whom may use it, works, and a refused or bad post shows the service's message with a 4xx
status and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from luoshi import clock
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.factories import World

Login = Callable[[str], TestClient]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def app(db: Database, tmp_path: Path) -> FastAPI:
    settings = Settings(
        environment="test",
        database_url=db.url,
        secret_key="t" * 40,
        language="en",
        evidence_dir=tmp_path / "evidence",
        evidence_max_bytes=4096,
    )
    return create_app(settings, session_factory=db.factory)


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def make_task(office: TestClient, *, accept_as: TestClient | None = None) -> int:
    """A task of the provincial DRC (lead) and Commerce (co-unit), assigned, due in 4 months."""
    due = (clock.today() + timedelta(days=120)).isoformat()
    task = ok(
        office.post(
            "/api/tasks", json={"title": "扩大有效投资", "lead_unit": "p.fgw", "due_date": due}
        ),
        201,
    )
    ok(
        office.post(
            f"/api/tasks/{task['id']}/assign", json={"lead_unit": "p.fgw", "co_units": ["p.swt"]}
        )
    )
    if accept_as is not None:
        ok(accept_as.post(f"/api/tasks/{task['id']}/accept", json={}))
    return int(task["id"])


def post(client: TestClient, url: str, data: dict[str, Any], **kw: Any) -> Response:
    return client.post(url, data=data, follow_redirects=False, **kw)


def redirected(response: Response, task_id: int) -> None:
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"/tasks/{task_id}")


def status_of(client: TestClient, task_id: int) -> str:
    return str(ok(client.get(f"/api/tasks/{task_id}"))["status"])


# ---------------------------------------------------------------- accept and return


def test_the_lead_unit_accepts_and_only_it_is_offered_to(login: Login) -> None:
    office, fgw, swt, leader, city_b = (
        login(u) for u in ("office", "fgw", "swt", "leader", "city_b")
    )
    task_id = make_task(office)
    accept = f'action="/tasks/{task_id}/accept"'
    page = fgw.get(f"/tasks/{task_id}")
    assert page.status_code == 200
    assert accept in page.text and f'action="/tasks/{task_id}/return"' in page.text
    assert "return it with a reason by" in page.text
    for viewer in (swt, leader):  # a co-unit and a leader see the task, not the form
        assert accept not in viewer.get(f"/tasks/{task_id}").text
    refused = post(swt, f"/tasks/{task_id}/accept", {})
    assert refused.status_code == 403
    assert "only the lead unit" in refused.text and "<html" in refused.text
    assert post(leader, f"/tasks/{task_id}/accept", {}).status_code == 403
    assert city_b.get(f"/tasks/{task_id}").status_code == 404
    outside = post(city_b, f"/tasks/{task_id}/accept", {})
    assert outside.status_code == 404 and "task not found" in outside.text
    assert status_of(office, task_id) == "assigned"

    redirected(post(fgw, f"/tasks/{task_id}/accept", {"version": "2"}), task_id)
    assert status_of(office, task_id) == "accepted"
    after = fgw.get(f"/tasks/{task_id}")
    assert "Accepted." in after.text and accept not in after.text
    # a second click on a stale page is refused with the service's word
    stale = post(fgw, f"/tasks/{task_id}/accept", {"version": "2"})
    assert stale.status_code == 409


def test_a_return_needs_a_reason_and_the_window(
    login: Login, time_machine: time_machine.TimeMachineFixture
) -> None:
    office, fgw = login("office"), login("fgw")
    task_id = make_task(office)
    empty = post(fgw, f"/tasks/{task_id}/return", {"reason": "  "})
    assert empty.status_code == 422 and "a returned task needs a reason" in empty.text
    assert status_of(office, task_id) == "assigned"
    redirected(post(fgw, f"/tasks/{task_id}/return", {"reason": "商务厅牵头更合适"}), task_id)
    assert status_of(office, task_id) == "returned"

    late_id = make_task(office)
    time_machine.move_to(clock.now() + timedelta(days=30), tick=False)
    fgw = login("fgw")
    page = fgw.get(f"/tasks/{late_id}").text
    assert f'action="/tasks/{late_id}/return"' not in page
    assert "The return window closed on" in page
    refused = post(fgw, f"/tasks/{late_id}/return", {"reason": "not ours"})
    assert refused.status_code == 422 and "the return window closed on" in refused.text
    assert status_of(login("office"), late_id) == "assigned"


def test_a_returned_task_is_assigned_again_from_its_page(login: Login) -> None:
    office, fgw = login("office"), login("fgw")
    task_id = make_task(office)
    redirected(post(fgw, f"/tasks/{task_id}/return", {"reason": "商务厅牵头更合适"}), task_id)
    page = office.get(f"/tasks/{task_id}").text
    assert f'action="/tasks/{task_id}/reassign"' in page and "商务厅牵头更合适" in page
    # The lead that returned it is offered nothing of the kind, nor is the co-unit.
    assert "/reassign" not in fgw.get(f"/tasks/{task_id}").text
    assert post(fgw, f"/tasks/{task_id}/reassign", {"lead_unit": "p.swt"}).status_code == 403
    version = ok(office.get(f"/api/tasks/{task_id}"))["version"]
    empty = post(office, f"/tasks/{task_id}/reassign", {"lead_unit": "", "version": version})
    assert empty.status_code == 422 and "choose the lead unit" in empty.text
    stale = post(office, f"/tasks/{task_id}/reassign", {"lead_unit": "p.swt", "version": 0})
    assert stale.status_code == 409 and status_of(office, task_id) == "returned"
    done = post(
        office,
        f"/tasks/{task_id}/reassign",
        {"lead_unit": "p.swt", "co_units": ["p.fgw"], "version": version},
    )
    redirected(done, task_id)
    task = ok(office.get(f"/api/tasks/{task_id}"))
    assert (task["status"], task["lead_unit"]["code"]) == ("assigned", "p.swt")
    assert [u["code"] for u in task["co_units"]] == ["p.fgw"]
    assert task["return_reason"] == ""


# ---------------------------------------------------------------- reports


def test_report_once_review_and_file_again(login: Login) -> None:
    office, fgw, leader = login("office"), login("fgw"), login("leader")
    task_id = make_task(office)
    assert 'name="progress"' not in fgw.get(f"/tasks/{task_id}").text  # accept it first
    ok(fgw.post(f"/api/tasks/{task_id}/accept", json={}))
    page = fgw.get(f"/tasks/{task_id}").text
    assert f'action="/tasks/{task_id}/reports"' in page and 'name="progress"' in page
    assert 'name="progress"' not in leader.get(f"/tasks/{task_id}").text

    for bad in ("abc", "150"):
        refused = post(fgw, f"/tasks/{task_id}/reports", {"progress": bad, "done": "Typed"})
        assert refused.status_code == 422 and "progress is a whole number" in refused.text
        assert "Typed" in refused.text  # what was typed is kept
    assert ok(fgw.get(f"/api/tasks/{task_id}/reports")) == []
    assert post(leader, f"/tasks/{task_id}/reports", {"progress": "10"}).status_code == 403

    filed = post(
        fgw,
        f"/tasks/{task_id}/reports",
        {
            "progress": "40",
            "done": "Signed 12 projects",
            "problems": "Land quotas",
            "next_steps": "Start 8 more",
        },
    )
    redirected(filed, task_id)
    assert filed.headers["location"].endswith("#reports")
    [report] = ok(fgw.get(f"/api/tasks/{task_id}/reports"))
    assert (report["progress"], report["status"], report["done"]) == (
        40,
        "submitted",
        "Signed 12 projects",
    )
    assert ok(office.get(f"/api/tasks/{task_id}"))["progress"] == 40
    page = fgw.get(f"/tasks/{task_id}").text
    assert "Report filed." in page and "has been filed" in page
    assert 'name="progress"' not in page  # this period is filed
    review = f'action="/tasks/{task_id}/reports/{report["id"]}/review"'
    assert review not in page

    # the office reviews; a unit may not
    assert review in office.get(f"/tasks/{task_id}").text
    refused = post(fgw, f"/tasks/{task_id}/reports/{report['id']}/review", {"decision": "accept"})
    assert refused.status_code == 403
    bare = post(
        office,
        f"/tasks/{task_id}/reports/{report['id']}/review",
        {"decision": "return", "comment": ""},
    )
    assert bare.status_code == 422 and "a returned report needs a comment" in bare.text
    assert ok(office.get(f"/api/reports/{report['id']}"))["status"] == "submitted"
    redirected(
        post(
            office,
            f"/tasks/{task_id}/reports/{report['id']}/review",
            {"decision": "return", "comment": "Name the 12 projects"},
        ),
        task_id,
    )
    assert ok(office.get(f"/api/reports/{report['id']}"))["status"] == "returned"

    # the unit sees the comment and a form pre-filled from the returned report
    page = fgw.get(f"/tasks/{task_id}").text
    assert "Name the 12 projects" in page
    assert 'value="40"' in page and "Signed 12 projects</textarea>" in page
    redirected(
        post(
            fgw,
            f"/tasks/{task_id}/reports",
            {"progress": "40", "done": "Signed 12 projects: A, B, C…"},
        ),
        task_id,
    )
    redirected(
        post(office, f"/tasks/{task_id}/reports/{report['id']}/review", {"decision": "accept"}),
        task_id,
    )
    again = ok(office.get(f"/api/reports/{report['id']}"))
    assert (again["status"], again["done"]) == ("accepted", "Signed 12 projects: A, B, C…")


def test_a_co_unit_files_its_part_with_evidence_all_or_nothing(login: Login) -> None:
    office, fgw, swt = login("office"), login("fgw"), login("swt")
    task_id = make_task(office, accept_as=fgw)
    page = swt.get(f"/tasks/{task_id}").text
    assert 'name="progress"' in page and 'name="files"' in page
    refused = post(
        swt,
        f"/tasks/{task_id}/reports",
        {"progress": "30", "done": "Fairs"},
        files=[("files", ("virus.exe", b"MZ\x90\x00", "application/octet-stream"))],
    )
    assert refused.status_code == 422 and "virus.exe" in refused.text
    assert ok(swt.get(f"/api/tasks/{task_id}/reports")) == []

    filed = post(
        swt,
        f"/tasks/{task_id}/reports",
        {"progress": "30", "done": "Fairs"},
        files=[("files", ("fairs.pdf", PDF, "application/pdf"))],
    )
    redirected(filed, task_id)
    [part] = ok(swt.get(f"/api/tasks/{task_id}/reports"))
    assert (part["unit_code"], part["is_lead"]) == ("p.swt", False)
    assert [e["filename"] for e in part["evidence"]] == ["fairs.pdf"]
    assert ok(office.get(f"/api/tasks/{task_id}"))["progress"] == 0  # only the lead moves it
    page = office.get(f"/tasks/{task_id}").text
    assert f'href="/api/evidence/{part["evidence"][0]["id"]}"' in page and "co-unit" in page


# ---------------------------------------------------------------- extensions


def test_extensions_requested_and_decided(login: Login) -> None:
    office, fgw, swt = login("office"), login("fgw"), login("swt")
    task_id = make_task(office, accept_as=fgw)
    due = date.fromisoformat(ok(office.get(f"/api/tasks/{task_id}"))["due_date"])
    form = f'action="/tasks/{task_id}/extensions"'
    assert form in fgw.get(f"/tasks/{task_id}").text
    assert form not in swt.get(f"/tasks/{task_id}").text  # the lead unit asks
    for value, message in (
        ("next spring", "is not a date"),
        (due.isoformat(), "must be after the current one"),
    ):
        refused = post(
            fgw, f"/tasks/{task_id}/extensions", {"requested_due": value, "reason": "Land approval"}
        )
        assert refused.status_code == 422 and message in refused.text
    assert (
        post(
            swt,
            f"/tasks/{task_id}/extensions",
            {"requested_due": (due + timedelta(days=30)).isoformat(), "reason": "x"},
        ).status_code
        == 403
    )
    assert ok(office.get(f"/api/tasks/{task_id}/extensions")) == []

    new_due = (due + timedelta(days=30)).isoformat()
    redirected(
        post(
            fgw,
            f"/tasks/{task_id}/extensions",
            {"requested_due": new_due, "reason": "Land approval takes longer"},
        ),
        task_id,
    )
    [request] = ok(office.get(f"/api/tasks/{task_id}/extensions"))
    page = fgw.get(f"/tasks/{task_id}").text
    assert "An extension request is pending." in page and form not in page
    decide = f'action="/tasks/{task_id}/extensions/{request["id"]}/decide"'
    assert decide not in page and decide in office.get(f"/tasks/{task_id}").text
    assert (
        post(
            fgw, f"/tasks/{task_id}/extensions/{request['id']}/decide", {"decision": "approve"}
        ).status_code
        == 403
    )
    bare = post(
        office,
        f"/tasks/{task_id}/extensions/{request['id']}/decide",
        {"decision": "refuse", "comment": ""},
    )
    assert bare.status_code == 422 and "a refusal needs a comment" in bare.text
    redirected(
        post(
            office,
            f"/tasks/{task_id}/extensions/{request['id']}/decide",
            {"decision": "approve", "comment": "Agreed"},
        ),
        task_id,
    )
    assert ok(office.get(f"/api/tasks/{task_id}"))["due_date"] == new_due
    page = fgw.get(f"/tasks/{task_id}").text
    assert "Land approval takes longer" in page and "Approved" in page and "Agreed" in page


# ---------------------------------------------------------------- instructions


def test_a_leaders_instruction_and_the_units_answer(login: Login) -> None:
    office, fgw, leader = login("office"), login("fgw"), login("leader")
    task_id = make_task(office, accept_as=fgw)
    form = f'action="/tasks/{task_id}/instructions"'
    assert form in leader.get(f"/tasks/{task_id}").text
    assert form not in fgw.get(f"/tasks/{task_id}").text
    assert form not in office.get(f"/tasks/{task_id}").text
    assert post(fgw, f"/tasks/{task_id}/instructions", {"text": "Hurry"}).status_code == 403
    empty = post(leader, f"/tasks/{task_id}/instructions", {"text": " "})
    assert empty.status_code == 422 and "an instruction needs a text" in empty.text
    redirected(
        post(leader, f"/tasks/{task_id}/instructions", {"text": "Speed up the land approvals"}),
        task_id,
    )
    [instruction] = ok(fgw.get(f"/api/tasks/{task_id}/instructions"))

    page = fgw.get(f"/tasks/{task_id}").text
    assert "Speed up the land approvals" in page and 'name="answer_text"' in page
    unanswered = post(fgw, f"/tasks/{task_id}/reports", {"progress": "20"})
    assert unanswered.status_code == 422
    assert "answer the leader&#39;s instructions" in unanswered.text
    redirected(
        post(
            fgw,
            f"/tasks/{task_id}/reports",
            {
                "progress": "20",
                "answer_id": str(instruction["id"]),
                "answer_text": "Approvals now take 20 days",
            },
        ),
        task_id,
    )
    [answered] = ok(fgw.get(f"/api/tasks/{task_id}/instructions"))
    assert answered["answered"] is True
    page = leader.get(f"/tasks/{task_id}").text
    assert "Approvals now take 20 days" in page and "Answered" in page


# ---------------------------------------------------------------- supervision


def test_the_supervision_record_and_urging(login: Login, world: World) -> None:
    office, fgw = login("office"), login("fgw")
    task_id = make_task(office, accept_as=fgw)
    form = f'action="/tasks/{task_id}/urge"'
    assert form not in fgw.get(f"/tasks/{task_id}").text
    assert post(fgw, f"/tasks/{task_id}/urge", {"comment": "Hurry"}).status_code == 403
    page = office.get(f"/tasks/{task_id}").text
    assert form in page and 'class="lights"' in page
    redirected(
        post(office, f"/tasks/{task_id}/urge", {"comment": "Report the land approvals"}), task_id
    )
    [action] = ok(office.get(f"/api/tasks/{task_id}/supervision-actions"))
    assert action["step"] == "urge"
    page = fgw.get(f"/tasks/{task_id}").text
    assert 'class="ladder"' in page and "Report the land approvals" in page
    assert action["issued_on"] in page


def test_page_forms_need_a_login(client: TestClient, world: World) -> None:
    response = client.post("/tasks/1/accept", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/tasks/1/accept"


def test_the_page_speaks_chinese(login: Login) -> None:
    office, fgw = login("office"), login("fgw")
    task_id = make_task(office)
    page = fgw.get(f"/tasks/{task_id}", params={"lang": "zh"}).text
    assert "签收" in page and "待办" in page and "亮灯记录" in page


def test_light_reasons_follow_the_page_language(login: Login) -> None:
    office = login("office")
    created = office.post("/api/tasks", json={"title": "稳外贸", "lead_unit": "p.fgw"}).json()
    office.post(f"/api/tasks/{created['id']}/transitions", json={"transition": "assign"})

    def reasons(lang: str) -> str:
        page = office.get(f"/tasks/{created['id']}?lang={lang}").text
        return page.split('<ul class="reasons">', 1)[1].split("</ul>", 1)[0]

    assert "awaiting acceptance" in reasons("en")
    chinese = reasons("zh")
    assert "awaiting" not in chinese and "签收" in chinese


def test_the_history_says_the_systems_notes_in_the_page_language(login: Login) -> None:
    """The assignment's notice, its note and the light's date are written by the system in
    both languages; the Chinese page shows their Chinese, the English page their English."""
    office = login("office")
    task_id = make_task(office)

    def history(lang: str) -> str:
        page = office.get(f"/tasks/{task_id}?lang={lang}").text
        return page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]

    english, chinese = history("en"), history("zh")
    assert "Assigned to" in english and "as of " in english
    assert "【交办】" in chinese and "截至 " in chinese
    assert "Assigned to" not in chinese and "as of " not in chinese
    # The assignment's own note, a word the task service writes.
    assert 'title="assigned"' in english and 'title="交办"' in chinese


def test_the_task_page_links_the_records_it_is_linked_with(login: Login, db: Database) -> None:
    from luoshi.kernel import links
    from luoshi.kernel.permissions import system_actor

    office = login("office")
    task_id = make_task(office)
    with db.session() as session:
        for kind, to_type in (("replies", "proposal"), ("derived_from", "directive")):
            links.create_link(
                session,
                actor=system_actor(),
                kind=kind,
                from_type="task",
                from_id=task_id,
                to_type=to_type,
                to_id=5,
                note="class B commitment",
            )
        session.commit()
    page = office.get(f"/tasks/{task_id}?lang=en").text
    assert "Linked records" in page
    assert '<a href="/proposals/5">proposal #5</a>' in page and "class B commitment" in page
    assert "measure #5" not in page  # provenance is shown as the source, not as a link


def test_a_reports_unit_is_named_in_the_page_language(login: Login) -> None:
    """The reports named their unit in Chinese on an English page."""
    office, fgw = login("office"), login("fgw")
    task_id = make_task(office, accept_as=fgw)
    redirected(post(fgw, f"/tasks/{task_id}/reports", {"progress": "40"}), task_id)
    english = office.get(f"/tasks/{task_id}", params={"lang": "en"}).text
    chinese = office.get(f"/tasks/{task_id}", params={"lang": "zh"}).text
    assert "</strong> · Development and Reform Commission" in english, english
    assert "</strong> · 省发展和改革委员会" in chinese
