"""The task API through the ASGI client: login, scope, filters, transitions, errors."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.factories import World

Login = Callable[[str], TestClient]


def _create(office: TestClient, lead: str = "p.fgw", **extra: object) -> dict[str, object]:
    response = office.post(
        "/api/tasks",
        json={"title": "扩大有效投资", "lead_unit": lead, "due_date": "2023-12-31", **extra},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_login_required(client: TestClient, world: World) -> None:
    response = client.get("/api/tasks")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_wrong_password(client: TestClient, world: World) -> None:
    response = client.post("/api/auth/login", json={"username": "office", "password": "nope"})
    assert response.status_code == 401


def test_create_assign_accept_and_list(login: Login) -> None:
    office, fgw = login("office"), login("fgw")
    task = _create(office)
    assert task["status"] == "draft"
    response = office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    assert response.json()["status"] == "assigned"
    response = fgw.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "accept"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    page = fgw.get("/api/tasks", params={"status": "accepted"}).json()
    assert page["total"] == 1 and page["items"][0]["lead_unit"]["code"] == "p.fgw"


def test_another_units_task_is_404_for_reading_and_writing(login: Login) -> None:
    office, swt = login("office"), login("swt")
    task = _create(office)
    office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    assert swt.get(f"/api/tasks/{task['id']}").status_code == 404
    response = swt.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "accept"})
    assert response.status_code == 404
    assert swt.get("/api/tasks").json()["total"] == 0
    # and nothing changed
    assert office.get(f"/api/tasks/{task['id']}").json()["status"] == "assigned"


def test_illegal_transition_is_409(login: Login) -> None:
    office = login("office")
    task = _create(office)
    response = office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "verify"})
    assert response.status_code == 409
    assert response.json()["error"] == "invalid_transition"


def test_stale_edit_is_409(login: Login) -> None:
    office = login("office")
    task = _create(office)
    first = office.patch(
        f"/api/tasks/{task['id']}", json={"version": task["version"], "title": "甲"}
    )
    assert first.status_code == 200
    second = office.patch(
        f"/api/tasks/{task['id']}", json={"version": task["version"], "title": "乙"}
    )
    assert second.status_code == 409 and "reload" in second.json()["message"]


def test_bad_input_is_422(login: Login) -> None:
    office = login("office")
    response = office.post("/api/tasks", json={"title": "x", "lead_unit": "no.such.unit"})
    assert response.status_code == 422
    assert "no.such.unit" in response.json()["message"]
    assert office.get("/api/tasks").json()["total"] == 0


def test_pagination(login: Login) -> None:
    office = login("office")
    for _ in range(5):
        _create(office)
    page = office.get("/api/tasks", params={"page": 2, "page_size": 2}).json()
    assert (page["total"], len(page["items"]), page["page"]) == (5, 2, 2)


def test_history_lists_every_step(login: Login) -> None:
    office = login("office")
    task = _create(office)
    office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    history = office.get(f"/api/tasks/{task['id']}/history").json()
    # Assigning also lights the task (its first report is due after the return window).
    assert [h["action"] for h in history] == [
        "notify.assigned",  # the lead unit is told
        "task.light",
        "task.assign",
        "task.create",
    ]
    assigned = history[2]
    # The transition's side effect (when it was assigned) is in its audit event too.
    assert assigned["old"] == {"status": "draft", "assigned_at": None}
    assert assigned["new"]["status"] == "assigned" and assigned["new"]["assigned_at"]
    assert assigned["actor"] == "office"
