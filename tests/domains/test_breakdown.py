"""From an uploaded text to reviewed directives to published tasks, with provenance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import PublishOptions
from luoshi.errors import InvalidInput
from luoshi.kernel.models import AuditEvent
from tests.factories import World, build_world

READOUT = b"""On April 2, the provincial government held an executive meeting.

The meeting pointed out that the economy recovered steadily in the first quarter.

The meeting stressed that all departments must speed up the construction of key projects \
and complete the annual investment plan by the end of June. We must do a good job in \
stabilising employment; the Department of Commerce should promote consumption. \
It is necessary to ensure the safety of production in mines before the end of the year.
"""

MAX = 5 * 1024 * 1024


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _ingest(session: Session, world: World, content: bytes = READOUT) -> int:
    source, created = directives.ingest_source(
        session,
        actor=world.office,
        content=content,
        data=SourceCreate(title="executive meeting", doc_date=date(2023, 4, 2), filename="r.txt"),
        max_bytes=MAX,
    )
    assert created
    return source.id


def test_upload_drafts_directives_with_exact_spans(session: Session, world: World) -> None:
    source_id = _ingest(session, world)
    source = sources.get_source_for(
        session, actor=world.office, source_id=source_id, action="source.view"
    )
    drafted = directives.list_directives(session, actor=world.office, source_id=source_id)
    assert drafted, "the extractor found no directive"
    for d in drafted:
        assert source.text[d.start : d.end] == d.text
        assert d.status == "draft"
    assert not any("recovered steadily" in d.text for d in drafted)
    assert any(d.due_date == date(2023, 6, 30) for d in drafted)


def test_a_duplicate_upload_is_detected_not_stored(session: Session, world: World) -> None:
    first = _ingest(session, world)
    again, created = directives.ingest_source(
        session,
        actor=world.office,
        content=READOUT.decode().encode("gb18030"),
        data=SourceCreate(filename="copy.txt"),
        max_bytes=MAX,
    )
    assert (again.id, created) == (first, False)
    assert len(sources.list_sources(session, actor=world.office)) == 1


def test_bad_input_changes_nothing(session: Session, world: World) -> None:
    before = session.scalar(select(func.count()).select_from(AuditEvent))
    for content in (b"", b"\x00\x01\x02binary\x00" * 50, b"x" * (MAX + 1)):
        with pytest.raises(InvalidInput):
            directives.ingest_source(
                session,
                actor=world.office,
                content=content,
                data=SourceCreate(filename="bad.txt"),
                max_bytes=MAX,
            )
    assert sources.list_sources(session, actor=world.office) == []
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_review_then_publish_keeps_provenance(session: Session, world: World) -> None:
    source_id = _ingest(session, world)
    drafted = directives.list_directives(session, actor=world.office, source_id=source_id)
    first, rest = drafted[0], drafted[1:]
    directives.update_directive(
        session,
        actor=world.office,
        directive_id=first.id,
        data=DirectiveUpdate(lead_unit="p.fgw", co_units=["p.swt"], status="confirmed"),
    )
    if rest:
        directives.update_directive(
            session,
            actor=world.office,
            directive_id=rest[-1].id,
            data=DirectiveUpdate(status="rejected"),
        )
    created = tasks.create_from_breakdown(
        session, actor=world.office, source_id=source_id, options=PublishOptions()
    )
    assert len(created) == len(drafted) - (1 if rest else 0)
    task = created[0]
    assert task.status == "assigned" and task.lead_unit_id is not None
    detail = tasks.to_detail(session, task)
    assert detail.source_sentence == first.text
    assert [u.code for u in detail.co_units] == ["p.swt"]
    # Publishing again adds nothing: every kept directive is published.
    again = tasks.create_from_breakdown(
        session, actor=world.office, source_id=source_id, options=PublishOptions()
    )
    assert again == []


def test_merge_covers_both_spans(session: Session, world: World) -> None:
    source_id = _ingest(session, world)
    drafted = directives.list_directives(session, actor=world.office, source_id=source_id)
    if len(drafted) < 2:
        pytest.fail("the sample readout should give at least two directives")
    a, b = drafted[0], drafted[1]
    kept = directives.merge_directives(session, actor=world.office, keep_id=a.id, merge_ids=[b.id])
    assert (kept.start, kept.end) == (min(a.start, b.start), max(a.end, b.end))
    assert b.status == "merged" and b.merged_into_id == a.id
    with pytest.raises(InvalidInput):
        directives.update_directive(
            session, actor=world.office, directive_id=b.id, data=DirectiveUpdate(title="x")
        )


def test_titles_are_tidied_but_spans_stay_verbatim() -> None:
    title = directives.readable_title("to deeply understandThe  general\nsecretary’s call", "en")
    assert title == "To deeply understand the general secretary's call"
    assert directives.readable_title("要抓好春耕备耕", "zh") == "要抓好春耕备耕"


UNDATED = b"""On May 8, the provincial government held an executive meeting.

The meeting required the Department of Commerce to hold a trade fair by the end of June. \
The Department of Finance must improve the management of special funds.
"""


def test_a_directive_without_a_deadline_is_published_without_a_due_date(
    session: Session, world: World
) -> None:
    # Publishing never invents a due date: a directive whose deadline was extracted keeps
    # it, one without waits for the office to set it (no silent 31 December).
    source_id = _ingest(session, world, UNDATED)
    drafted = directives.list_directives(session, actor=world.office, source_id=source_id)
    by_text = {("June" in d.text): d for d in drafted}
    assert by_text[True].due_date == date(2023, 6, 30) and by_text[False].due_date is None
    created = tasks.create_from_breakdown(
        session, actor=world.office, source_id=source_id, options=PublishOptions()
    )
    assert {t.due_date for t in created} == {None, date(2023, 6, 30)}


def test_the_office_may_give_a_default_due_date(session: Session, world: World) -> None:
    source_id = _ingest(session, world, UNDATED)
    created = tasks.create_from_breakdown(
        session, actor=world.office, source_id=source_id,
        options=PublishOptions(default_due=date(2023, 9, 30)),
    )
    assert sorted(t.due_date for t in created) == [date(2023, 6, 30), date(2023, 9, 30)]


def test_a_working_day_deadline_resolves_through_the_tenants_calendar(
    session: Session, world: World
) -> None:
    from luoshi.kernel.models import CalendarDay

    # Monday 2023-04-03 is declared a holiday of this deployment and Wednesday 5 April is
    # Qingming: three working days from Sunday 2 April are Tuesday 4, Thursday 6, Friday 7
    # (without the tenant's holiday: Monday 3, Tuesday 4, Thursday 6).
    session.add(CalendarDay(tenant_id=world.office.tenant_id, day=date(2023, 4, 3),
                            working=False, name="local holiday"))
    session.flush()
    text = (b"On April 2, the county government held an executive meeting. The meeting "
            b"required that all townships must report their flood checks within 3 working "
            b"days.\n")
    source_id = _ingest(session, world, text)
    drafted = directives.list_directives(session, actor=world.office, source_id=source_id)
    assert [d.due_date for d in drafted] == [date(2023, 4, 7)]



def test_the_deployments_calendar_file_is_read_for_a_working_day_deadline_only(
    session: Session, world: World, tmp_path: Path
) -> None:
    # The file makes Monday 3 April 2023 a holiday: three working days from Sunday 2 April
    # are then Tuesday 4, Thursday 6 (Qingming is the 5th), Friday 7.
    calendar_file = tmp_path / "calendar.yaml"
    calendar_file.write_text("days:\n  - {date: 2023-04-03, working: false}\n", encoding="utf-8")
    text = (b"On April 2, the county government held an executive meeting. The meeting "
            b"required that all townships must report their flood checks within 3 working "
            b"days.\n")
    data = SourceCreate(title="executive meeting", doc_date=date(2023, 4, 2), filename="r.txt")
    source, _ = directives.ingest_source(session, actor=world.office, content=text, data=data,
                                        max_bytes=MAX, calendar_file=calendar_file)
    drafted = directives.list_directives(session, actor=world.office, source_id=source.id)
    assert [d.due_date for d in drafted] == [date(2023, 4, 7)]
    # A text with no working-day deadline never opens the file (here: one that is missing).
    source, created = directives.ingest_source(
        session, actor=world.office, content=READOUT, data=data, max_bytes=MAX,
        calendar_file=tmp_path / "missing.yaml",
    )
    assert created
