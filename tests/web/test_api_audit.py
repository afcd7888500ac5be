"""The audit trail through the API: the auditor reads it; nobody else does."""

from __future__ import annotations

from collections.abc import Callable

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
