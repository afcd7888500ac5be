"""The docking API: dock a national document, the view of every measure and of the
unanswered ones, the office's assignment, the owner's status; refusals change nothing."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from fastapi.testclient import TestClient

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.kernel.permissions import system_actor
from tests.conftest import Database
from tests.scenario.world import World, publish_task
from tests.web.registers_world import registers_app, registers_settings, registers_world

__all__ = ["registers_app", "registers_settings", "registers_world"]

NOTICE = resources.files("luoshi.data").joinpath("national_notice.txt").read_bytes()


def national_source(db: Database) -> tuple[int, int]:
    """The notice as a reviewed source, and a provincial task that can answer a measure."""
    system = system_actor()
    with db.session() as session:
        source, _ = directives.ingest_source(
            session,
            actor=system,
            content=NOTICE,
            data=SourceCreate(kind="central_document", filename="notice.txt"),
            max_bytes=1_000_000,
        )
        for d in directives.list_directives(session, actor=system, source_id=source.id):
            if len(d.text) < 15:
                directives.update_directive(
                    session,
                    actor=system,
                    directive_id=d.id,
                    data=DirectiveUpdate(status="rejected"),
                )
        task_id = publish_task(session, title="县域商业体系建设", lead="prov.swt")
        session.commit()
        return source.id, task_id


def test_a_notice_is_docked_answered_and_its_unanswered_measures_listed(
    db: Database, world: World, login: Callable[[str], TestClient]
) -> None:
    source_id, task_id = national_source(db)
    office, swt = login("office"), login("swt")
    docked = office.post("/api/docking", json={"source_id": source_id})
    assert docked.status_code == 201 and len(docked.json()) == 10
    first, second = docked.json()[:2]
    assigned = office.patch(
        f"/api/docking/{first['id']}",
        json={"version": first["version"], "owner_unit": "prov.swt", "task_id": task_id},
    )
    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["task_id"], assigned.json()["answered"]) == (task_id, True)
    office.patch(
        f"/api/docking/{second['id']}",
        json={"version": second["version"], "owner_unit": "prov.swt"},
    )
    entry = swt.get(f"/api/docking/{second['id']}").json()
    no_reason = swt.post(
        f"/api/docking/{entry['id']}/status",
        json={"version": entry["version"], "status": "not_applicable"},
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["message"]
    assert swt.get(f"/api/docking/{entry['id']}").json()["status"] == "not_started"
    applied = swt.post(
        f"/api/docking/{entry['id']}/status",
        json={"version": entry["version"], "status": "not_applicable", "reason": "本省无此类情形"},
    )
    assert applied.status_code == 200, applied.text
    stale = swt.post(
        f"/api/docking/{entry['id']}/status",
        json={"version": entry["version"], "status": "drafting"},
    )
    assert stale.status_code == 409
    everything = office.get(f"/api/docking?source_id={source_id}").json()
    assert (everything["total"], everything["unanswered"]) == (10, 8)
    open_ = office.get(f"/api/docking?source_id={source_id}&unanswered=true").json()
    assert open_["total"] == 8
    assert {m["id"] for m in open_["items"]}.isdisjoint({first["id"], second["id"]})
    assert all(not m["answered"] for m in open_["items"])
    mine = swt.get("/api/docking").json()
    assert {m["id"] for m in mine["items"]} == {first["id"], second["id"]}
    history = office.get(f"/api/docking/{second['id']}/history").json()
    assert [h["action"] for h in history] == ["docking.status", "docking.assign", "docking.create"]
    assert office.post("/api/docking", json={"source_id": 999_999}).status_code == 404
