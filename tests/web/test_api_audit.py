"""The audit trail through the API: the auditor reads it; nobody else does."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

Login = Callable[[str], TestClient]


def test_auditor_reads_every_change_with_old_and_new(login: Login) -> None:
    office, auditor = login("office"), login("auditor")
    created = office.post("/api/tasks", json={"title": "稳就业", "lead_unit": "p.fgw"}).json()
    office.patch(
        f"/api/tasks/{created['id']}", json={"version": created["version"], "title": "稳岗扩就业"}
    )
    events = auditor.get("/api/audit", params={"object_type": "task", "object_id": created["id"]})
    assert events.status_code == 200
    update, create = [e for e in events.json() if e["action"] != "task.light"]
    assert (update["action"], update["actor_name"]) == ("task.update", "office")
    assert update["old"]["title"] == "稳就业" and update["new"]["title"] == "稳岗扩就业"
    assert create["action"] == "task.create"


def test_others_may_not_read_the_trail(login: Login) -> None:
    for username in ("office", "leader", "fgw"):
        assert login(username).get("/api/audit").status_code == 403


def test_auditor_cannot_change_business_data(login: Login) -> None:
    auditor = login("auditor")
    response = auditor.post("/api/tasks", json={"title": "x", "lead_unit": "p.fgw"})
    assert response.status_code == 403


def _trail(auditor: TestClient, **params: object) -> list[dict[str, Any]]:
    response = auditor.get("/api/audit", params=params)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def test_a_row_says_role_unit_client_address_and_result(login: Login) -> None:
    office, auditor = login("office"), login("auditor")
    created = office.post("/api/tasks", json={"title": "稳就业", "lead_unit": "p.fgw"}).json()
    (row,) = _trail(auditor, action="task.create", object_id=created["id"])
    assert row["actor_roles"] == "office" and row["actor_unit_id"] is not None
    assert row["client_address"] == "testclient" and row["result"] == "success"
    assert row["seq"] is not None


def test_a_refusal_is_audited_though_the_request_is_rolled_back(login: Login) -> None:
    office, fgw, auditor = login("office"), login("fgw"), login("auditor")
    created = office.post("/api/tasks", json={"title": "稳就业", "lead_unit": "p.fgw"}).json()
    # fgw is the lead unit: it may see the task but not rename it (the office's part).
    refused = fgw.patch(f"/api/tasks/{created['id']}", json={"version": 1, "title": "x"})
    assert refused.status_code == 403
    (denial,) = _trail(auditor, actor="fgw", result="denied")
    assert denial["action"] == "task.assign" and denial["client_address"] == "testclient"
    assert office.get(f"/api/tasks/{created['id']}").json()["title"] == "稳就业"
    assert denial["new"] == {"method": "PATCH", "path": f"/api/tasks/{created['id']}"}
    assert "may not" in denial["note"]
    # The auditor reading the trail is refused nothing; the office asking for it is.
    assert office.get("/api/audit").status_code == 403
    assert _trail(auditor, actor="office", result="denied")[0]["action"] == "audit.view"


def test_an_object_out_of_scope_is_a_404_and_a_denial(login: Login) -> None:
    office, city_b, auditor = login("office"), login("city_b"), login("auditor")
    created = office.post("/api/tasks", json={"title": "稳就业", "lead_unit": "p.a"}).json()
    assert city_b.get(f"/api/tasks/{created['id']}").status_code == 404
    (denial,) = _trail(auditor, actor="city_b", result="denied")
    assert denial["action"] == "task.view"
    # A task that does not exist is not a denial: nothing was refused.
    assert city_b.get("/api/tasks/999999").status_code == 404
    assert len(_trail(auditor, actor="city_b", result="denied")) == 1


def test_search_filters_and_pages(login: Login) -> None:
    office, auditor = login("office"), login("auditor")
    ids = [
        office.post("/api/tasks", json={"title": f"任务{i}", "lead_unit": "p.fgw"}).json()["id"]
        for i in range(3)
    ]
    creates = _trail(auditor, actor="office", action="task.create")
    assert [r["object_id"] for r in creates] == ids[::-1]
    assert {r["action"] for r in _trail(auditor, action="task")} >= {"task.create"}
    assert all(r["action"].startswith("task.") for r in _trail(auditor, action="task"))
    page1 = _trail(auditor, action="task.create", limit=2)
    page2 = _trail(auditor, action="task.create", limit=2, offset=2)
    assert [r["object_id"] for r in page1 + page2] == ids[::-1]
    at = creates[0]["at"]
    assert _trail(auditor, action="task.create", since=at)[0]["object_id"] == ids[-1]
    assert _trail(auditor, action="task.create", until="2000-01-01T00:00:00Z") == []
    naive = auditor.get("/api/audit", params={"since": "2023-01-01T00:00:00"})
    assert naive.status_code == 422
    assert _trail(auditor, actor="nobody") == []


def test_export_is_csv_and_is_itself_audited(login: Login) -> None:
    office, auditor = login("office"), login("auditor")
    office.post("/api/tasks", json={"title": '=HYPERLINK("x")', "lead_unit": "p.fgw"})
    response = auditor.get("/api/audit/export.csv", params={"action": "task.create"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "seq", "at"] and len(rows) == 2
    new = rows[1][rows[0].index("new")]
    assert "HYPERLINK" in new
    title_cells = [c for c in rows[1] if "HYPERLINK" in c]
    assert all(not c.startswith("=") for c in title_cells)
    (export,) = _trail(auditor, action="audit.export")
    assert export["new"] == {"filters": {"action": "task.create"}, "rows": 1}
    assert login("office").get("/api/audit/export.csv").status_code == 403
