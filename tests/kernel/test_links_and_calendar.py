"""Typed links between records, and the deployment's calendar overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, PermissionDenied
from luoshi.kernel import audit, links
from luoshi.kernel.calendar import load_calendar, set_day
from luoshi.kernel.permissions import Actor


def test_links_are_typed_idempotent_and_seen_from_both_ends(
    session: Session, system: Actor
) -> None:
    first = links.create_link(
        session,
        actor=system,
        kind="docks",
        from_type="task",
        from_id=7,
        to_type="directive",
        to_id=3,
    )
    again = links.create_link(
        session,
        actor=system,
        kind="docks",
        from_type="task",
        from_id=7,
        to_type="directive",
        to_id=3,
    )
    assert again.id == first.id
    links.create_link(
        session,
        actor=system,
        kind="supports",
        from_type="project",
        from_id=1,
        to_type="task",
        to_id=7,
    )
    seen = links.links_of(session, tenant_id="default", object_type="task", object_id=7)
    assert [(lk.kind, lk.from_type, lk.to_type) for lk in seen] == [
        ("docks", "task", "directive"),
        ("supports", "project", "task"),
    ]
    assert links.links_of(session, tenant_id="default", object_type="task", object_id=8) == []
    with pytest.raises(ValueError, match="kind"):
        links.create_link(
            session,
            actor=system,
            kind="likes",
            from_type="task",
            from_id=1,
            to_type="task",
            to_id=2,
        )
    events = audit.list_events(session, actor=system, object_type="link")
    assert len(events) == 2  # the repeated link wrote nothing


def test_overrides_from_file_then_table(session: Session, system: Actor, tmp_path: Path) -> None:
    calendar_file = tmp_path / "calendar.yaml"
    # A prefecture's own holiday on a Monday, and a working Saturday.
    calendar_file.write_text(
        "days:\n  - {date: 2023-03-20, working: false, name: local festival}\n"
        "  - {date: 2023-03-18, working: true}\n",
        encoding="utf-8",
    )
    calendar = load_calendar(session, tenant_id="default", calendar_file=calendar_file)
    assert not calendar.is_working_day(date(2023, 3, 20))
    assert calendar.add_working_days(date(2023, 3, 17), 1) == date(2023, 3, 18)
    # The table wins over the file, and the change is audited.
    set_day(session, actor=system, day=date(2023, 3, 20), working=True, name="revoked")
    calendar = load_calendar(session, tenant_id="default", calendar_file=calendar_file)
    assert calendar.is_working_day(date(2023, 3, 20))
    event = audit.list_events(session, actor=system, object_type="calendar_day")[0]
    assert event.new is not None and event.new["working"] is True


def test_bad_calendar_file_and_unauthorised_change(
    session: Session, system: Actor, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("days:\n  - {working: true}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="date"):
        load_calendar(session, tenant_id="default", calendar_file=bad)
    clerk = Actor(user_id=1, username="c", unit_id=1, unit_path="/1/", roles=frozenset({"office"}))
    with pytest.raises(PermissionDenied):
        set_day(session, actor=clerk, day=date(2023, 3, 20), working=False)
