"""The unit tree: import all-or-nothing, materialized paths, subtree scope."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.kernel import audit, units
from luoshi.kernel.models import AuditEvent, Unit
from luoshi.kernel.permissions import Actor
from luoshi.kernel.sample import load_sample_province

DATA = Path(__file__).parent.parent / "data"


def _import(session: Session, actor: Actor, name: str, dry_run: bool = False) -> units.ImportResult:
    path = DATA / name
    rows = units.parse_units_file(path.read_bytes(), path.name)
    return units.import_units(session, actor=actor, rows=rows, dry_run=dry_run)


def test_import_builds_paths(session: Session, system: Actor) -> None:
    result = _import(session, system, "units_small.yaml")
    assert (result.created, result.errors) == (8, ())
    town = units.get_unit_by_code(session, tenant_id="default", code="p.a.x.t")
    city = units.get_unit_by_code(session, tenant_id="default", code="p.a")
    assert town.path.startswith(city.path) and town.path.count("/") == 5
    below_a = {u.code for u in units.list_units(session, actor=system, under="p.a")}
    assert below_a == {"p.a", "p.a.x", "p.a.x.t"}


def test_bad_rows_change_nothing_and_are_named(session: Session, system: Actor) -> None:
    result = _import(session, system, "units_bad.csv")
    messages = {e.row: e.message for e in result.errors}
    assert set(messages) == {4, 5, 6, 7}
    assert "duplicate" in messages[4]
    assert "code" in messages[5]
    assert "kind" in messages[6]
    assert "nowhere" in messages[7]
    assert session.scalar(select(func.count()).select_from(Unit)) == 0


def test_dry_run_writes_nothing(session: Session, system: Actor) -> None:
    result = _import(session, system, "units_small.yaml", dry_run=True)
    assert result.created == 8 and result.dry_run
    assert session.scalar(select(func.count()).select_from(Unit)) == 0


def test_reimport_updates_and_audits(session: Session, system: Actor) -> None:
    _import(session, system, "units_small.yaml")
    rows = units.parse_units_file((DATA / "units_small.yaml").read_bytes(), "units_small.yaml")
    rows[3][1]["name_zh"] = "甲市（新）"
    result = units.import_units(session, actor=system, rows=rows)
    assert (result.created, result.updated) == (0, 1)
    events = audit.history_of(
        session,
        tenant_id="default",
        object_type="unit",
        object_id=units.get_unit_by_code(session, tenant_id="default", code="p.a").id,
    )
    assert events[0].action == "unit.update"
    assert events[0].old == {"name_zh": "甲市"} and events[0].new == {"name_zh": "甲市（新）"}


def test_every_creation_is_audited(session: Session, system: Actor) -> None:
    _import(session, system, "units_small.yaml")
    count = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "unit.create")
    )
    assert count == 8


def test_sample_province(session: Session, system: Actor) -> None:
    result = load_sample_province(session, actor=system)
    assert not result.errors
    departments = units.list_units(session, actor=system, kind="department")
    cities = units.list_units(session, actor=system, kind="city")
    assert len(departments) >= 30
    assert len(cities) == 21
    fgw = units.get_unit_by_code(session, tenant_id="default", code="sc.fgw")
    assert "发展" in fgw.name_zh and fgw.functions and fgw.name_en


def test_unit_choices_are_the_listed_units_as_rows(session: Session, system: Actor) -> None:
    """The list pages' filters read ``unit_choices`` (rows, one statement): the same units,
    in the same order, as ``list_units``, with or without ``under`` and ``kind``."""
    assert not load_sample_province(session, actor=system).errors
    city = units.list_units(session, actor=system, kind="city")[0]
    for under, kind in ((None, None), (city.code, None), (None, "city"), (None, "department")):
        listed = units.list_units(session, actor=system, under=under, kind=kind)
        chosen = units.unit_choices(session, actor=system, under=under, kind=kind)
        assert chosen == [(u.id, u.code, u.name_zh, u.name_en, u.kind, u.path) for u in listed], (
            under,
            kind,
        )
        assert len(chosen) > 1 or under is not None
