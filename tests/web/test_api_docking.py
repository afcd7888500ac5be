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


def _ledger(rows: list[str]) -> bytes:
    header = "措施序号,责任单位,对接任务,本省措施,进展状态,不适用理由\n"
    return (header + "".join(r + "\n" for r in rows)).encode("gb18030")


def test_a_docking_ledger_imports_all_or_nothing(
    db: Database, world: World, login: Callable[[str], TestClient]
) -> None:
    source_id, task_id = national_source(db)
    office = login("office")
    assert office.post("/api/docking", json={"source_id": source_id}).status_code == 201
    task_code = office.get(f"/api/tasks/{task_id}").json()["code"]
    url = f"/api/docking/import?source_id={source_id}"

    def upload(content: bytes, *, dry_run: bool = False, name: str = "ledger.csv") -> object:
        return office.post(
            f"{url}&dry_run={str(dry_run).lower()}",
            files={"file": (name, content, "text/csv")},
        )

    good = _ledger(
        [
            f"1,省商务厅,{task_code},,起草中,",
            "2,prov.swt,,《关于加快县域商业体系建设的实施方案》,已印发,",
            "9,省商务厅,,,不适用,本省无此类情形",
        ]
    )
    bad = _ledger(
        [
            "1,省商务厅,,,起草中,",
            "11,省商务厅,,,起草中,",  # the notice has ten measures
            "2,无此单位,,,已印发,",
            "3,省商务厅,,,不适用,",  # not applicable needs its reason
        ]
    )
    refused = upload(bad)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    errors = refused.json()["errors"]  # type: ignore[attr-defined]
    assert [(e["row"], e["column"]) for e in errors][:2] == [(3, "number"), (4, "owner_unit")]
    assert len(errors) == 3 and "reason" in errors[2]["message"]
    listed = office.get(f"/api/docking?source_id={source_id}").json()
    assert all(m["owner_unit"] is None and m["status"] == "not_started" for m in listed["items"])
    dry = upload(good, dry_run=True)
    assert dry.status_code == 200 and dry.json()["updated"] == 3  # type: ignore[attr-defined]
    assert office.get(f"/api/docking?source_id={source_id}").json()["unanswered"] == 10
    done = upload(good)
    assert done.status_code == 200 and done.json()["applied"]  # type: ignore[attr-defined]
    after = {
        m["position"]: m for m in office.get(f"/api/docking?source_id={source_id}").json()["items"]
    }
    assert (after[0]["task_id"], after[0]["status"]) == (task_id, "drafting")
    assert after[1]["status"] == "issued" and "实施方案" in after[1]["local_measure"]
    assert (after[8]["status"], after[8]["reason"]) == ("not_applicable", "本省无此类情形")
    again = upload(good)
    assert again.json()["unchanged"] == 3  # type: ignore[attr-defined]
    broken = upload(b"PK\x03\x04broken", name="ledger.xlsx")
    assert broken.status_code == 422 and "workbook" in broken.json()["message"]  # type: ignore[attr-defined]
    # A unit may read the docking but not import the office's ledger.
    refused_unit = login("swt").post(url, files={"file": ("l.csv", good, "text/csv")})
    assert refused_unit.status_code == 403
