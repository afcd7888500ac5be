"""The supervision API through the ASGI client: accept/return, reports with evidence and
drafts, extensions, instructions, ladder actions, light history, inbox; all in OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

from luoshi.domains.supervision.jobs import run_jobs
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings, publish_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    # Sessions outlive the months these tests travel through.
    return make_settings(
        tmp_path,
        database_url=db.url,
        secret_key="s" * 40,
        evidence_max_bytes=4096,
        session_max_age_seconds=400 * 86400,
        session_idle_seconds=400 * 86400,
    )


@pytest.fixture
def app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


@pytest.fixture
def task_id(db: Database, world: World) -> int:
    with db.session() as session:
        task_id = publish_task(
            session,
            title="Expand effective investment",
            lead="prov.fgw",
            co_units=("prov.swt",),
            due=date(2023, 12, 31),
        )
        session.commit()
    return task_id


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_the_supervision_routes_are_in_openapi_and_need_a_login(app: FastAPI) -> None:
    with TestClient(app) as anonymous:
        paths = app.openapi()["paths"]
        for path in (
            "/api/tasks/{task_id}/accept",
            "/api/tasks/{task_id}/return",
            "/api/tasks/{task_id}/reports/draft",
            "/api/reports/{report_id}/evidence",
            "/api/evidence/{evidence_id}",
            "/api/tasks/{task_id}/extensions",
            "/api/extensions/{extension_id}/approve",
            "/api/extensions/{extension_id}/refuse",
            "/api/tasks/{task_id}/instructions",
            "/api/tasks/{task_id}/supervision-actions",
            "/api/tasks/{task_id}/urge",
            "/api/tasks/{task_id}/lights",
            "/api/inbox",
            "/api/inbox/{item_id}/read",
            "/api/inbox/read-all",
        ):
            assert path in paths, path
        assert anonymous.get("/api/inbox").status_code == 401


def test_return_is_refused_after_the_window(
    login: Callable[[str], TestClient],
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    fgw = login("fgw")
    time_machine.move_to(local(date(2023, 3, 29)), tick=False)
    refused = fgw.post(f"/api/tasks/{task_id}/return", json={"reason": "not ours"})
    assert refused.status_code == 422
    assert refused.json()["details"] == {"window_end": "2023-03-28"}
    accepted = ok(fgw.post(f"/api/tasks/{task_id}/accept", json={}))
    assert (accepted["status"], accepted["light"]) == ("accepted", "green")


def test_a_return_within_the_window(
    login: Callable[[str], TestClient],
    task_id: int,
) -> None:
    returned = ok(
        login("fgw").post(f"/api/tasks/{task_id}/return", json={"reason": "Commerce leads this"})
    )
    assert (returned["status"], returned["light_reasons"]) == (
        "returned",
        ["returned by the unit: Commerce leads this"],
    )


def test_reports_with_evidence_parts_and_drafts(
    login: Callable[[str], TestClient],
    task_id: int,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    fgw, swt, office = login("fgw"), login("swt"), login("office")
    ok(fgw.post(f"/api/tasks/{task_id}/accept", json={}))
    time_machine.move_to(local(date(2023, 4, 24)), tick=False)
    draft = ok(fgw.get(f"/api/tasks/{task_id}/reports/draft"))
    assert (draft["period"], draft["due_on"], draft["progress"]) == ("2023-04", "2023-04-25", 0)
    ok(swt.post(f"/api/tasks/{task_id}/reports", json={"progress": 60, "done": "Fairs"}), 201)
    report = ok(
        fgw.post(
            f"/api/tasks/{task_id}/reports",
            json={"progress": 35, "done": "Projects", "problems": "Land"},
        ),
        201,
    )
    assert (report["period"], report["late"], report["is_lead"], report["unit_code"]) == (
        "2023-04",
        False,
        True,
        "prov.fgw",
    )
    assert [(p["unit_code"], p["progress"]) for p in report["parts"]] == [("prov.swt", 60)]
    uploaded = ok(
        fgw.post(
            f"/api/reports/{report['id']}/evidence",
            files=[
                ("files", ("site photo.pdf", PDF, "application/pdf")),
                ("files", ("../../etc/notes.txt", "完成投资12亿元".encode(), "text/plain")),
            ],
        ),
        201,
    )
    assert [(e["filename"], e["content_type"], e["size"]) for e in uploaded] == [
        ("site photo.pdf", "application/pdf", len(PDF)),
        ("notes.txt", "text/plain", len("完成投资12亿元".encode())),
    ]
    stored = Path(settings.evidence_dir) / uploaded[0]["sha256"][:2] / uploaded[0]["sha256"]
    assert stored.read_bytes() == PDF
    bad = fgw.post(
        f"/api/reports/{report['id']}/evidence",
        files=[("files", ("run.exe", b"MZ\x90\x00", "application/octet-stream"))],
    )
    assert bad.status_code == 422 and ".exe files are not accepted" in bad.json()["message"]
    fake = fgw.post(
        f"/api/reports/{report['id']}/evidence",
        files=[("files", ("scan.pdf", b"<html>", "application/pdf"))],
    )
    assert fake.status_code == 422 and fake.json()["message"] == "scan.pdf is not a .pdf file"
    big = fgw.post(
        f"/api/reports/{report['id']}/evidence",
        files=[("files", ("big.pdf", b"%PDF" + b"0" * 5000, "application/pdf"))],
    )
    assert big.status_code == 413
    assert (
        swt.post(
            f"/api/reports/{report['id']}/evidence",
            files=[("files", ("x.pdf", PDF, "application/pdf"))],
        ).status_code
        == 403
    )
    download = office.get(f"/api/evidence/{uploaded[0]['id']}")
    assert download.status_code == 200 and download.content == PDF
    assert login("jxt").get(f"/api/evidence/{uploaded[0]['id']}").status_code == 404
    returned = ok(
        office.post(f"/api/reports/{report['id']}/return", json={"comment": "Add the figures"})
    )
    assert (returned["status"], returned["review_comment"]) == ("returned", "Add the figures")
    listed = ok(office.get(f"/api/tasks/{task_id}/reports"))
    assert [(r["period"], r["status"], len(r["evidence"]), len(r["parts"])) for r in listed] == [
        ("2023-04", "returned", 2, 1),
    ]
    time_machine.move_to(local(date(2023, 5, 22)), tick=False)
    redraft = ok(fgw.get(f"/api/tasks/{task_id}/reports/draft"))
    assert (redraft["period"], redraft["problems"], redraft["based_on_report_id"]) == (
        "2023-04",
        "Land",
        report["id"],
    )
    inbox = ok(fgw.get("/api/inbox"))
    assert inbox["unread"] == 1
    assert inbox["items"][0]["title"] == (
        "【进展退回】T00001 2023-04 / Report returned: T00001 2023-04"
    )
    ok(fgw.post(f"/api/inbox/{inbox['items'][0]['id']}/read"))
    assert ok(fgw.get("/api/inbox?unread=true")) == {"items": [], "unread": 0}
    assert office.post(f"/api/inbox/{inbox['items'][0]['id']}/read").status_code == 404


def test_extensions_instructions_actions_and_lights(
    db: Database,
    login: Callable[[str], TestClient],
    task_id: int,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    fgw, office, leader = login("fgw"), login("office"), login("leader")
    ok(fgw.post(f"/api/tasks/{task_id}/accept", json={}))
    time_machine.move_to(local(date(2023, 4, 10)), tick=False)
    written = ok(
        leader.post(f"/api/tasks/{task_id}/instructions", json={"text": "Report the land figures"}),
        201,
    )
    assert (written["author_name"], written["answer_due"], written["answered"]) == (
        "王副省长",
        "2023-04-25",
        False,
    )
    assert fgw.post(f"/api/tasks/{task_id}/instructions", json={"text": "x"}).status_code == 403
    refused = fgw.post(f"/api/tasks/{task_id}/reports", json={"progress": 20})
    assert refused.status_code == 422
    assert refused.json()["details"] == {"unanswered_instructions": [written["id"]]}
    ok(
        fgw.post(
            f"/api/tasks/{task_id}/reports",
            json={
                "progress": 20,
                "responses": [{"instruction_id": written["id"], "text": "320 mu approved"}],
            },
        ),
        201,
    )
    (listed,) = ok(office.get(f"/api/tasks/{task_id}/instructions"))
    assert (listed["answered"], listed["responses"][0]["text"]) == (True, "320 mu approved")
    asked = ok(
        fgw.post(
            f"/api/tasks/{task_id}/extensions",
            json={"requested_due": "2024-03-31", "reason": "Winter works stop"},
        ),
        201,
    )
    assert fgw.post(f"/api/extensions/{asked['id']}/approve", json={}).status_code == 403
    assert ok(office.get("/api/extensions?status=pending"))[0]["id"] == asked["id"]
    approved = ok(office.post(f"/api/extensions/{asked['id']}/approve", json={"comment": "OK"}))
    assert (approved["status"], approved["old_due"], approved["requested_due"]) == (
        "approved",
        "2023-12-31",
        "2024-03-31",
    )
    assert ok(office.get(f"/api/tasks/{task_id}"))["due_date"] == "2024-03-31"
    urged = ok(office.post(f"/api/tasks/{task_id}/urge", json={"comment": "Speed up"}), 201)
    assert (urged["step"], urged["recipients"]) == ("urge", ["user:fgw"])
    run_jobs(db.factory, settings=settings, at=local(date(2023, 5, 26), 8))  # May report missing
    actions = ok(fgw.get(f"/api/tasks/{task_id}/supervision-actions"))
    fgw_id, swt_id = (ok(fgw.get(f"/api/tasks/{task_id}"))[k] for k in ("lead_unit", "co_units"))
    assert [(a["unit_id"], a["step"], a["subject_key"][:14]) for a in actions] == [
        (swt_id[0]["id"], "urge", "report:2023-05"),
        (swt_id[0]["id"], "notice_red", "report:2023-04"),  # Commerce never filed its part
        (fgw_id["id"], "urge", "report:2023-05"),
        (fgw_id["id"], "urge", "manual:2023-04"),
    ]
    assert actions[2]["message_en"] == (
        "Urging for Development and Reform Commission: the 2023-05 progress report on task "
        'T00001 "Expand effective investment" was due on 2023-05-25 and is 1 working day '
        "overdue. File it now."
    )
    history = ok(fgw.get(f"/api/tasks/{task_id}/lights"))
    assert history[0]["light"] == "yellow"
    assert [(r["en"], r["zh"]) for r in history[0]["reasons"]] == [
        ("no report for 2023-05", "2023-05未报送进展")
    ]
    assert login("jxt").get(f"/api/tasks/{task_id}/lights").status_code == 404
    # the instruction, the approved extension, and two urgings
    assert ok(fgw.post("/api/inbox/read-all"))["marked_read"] == 4
