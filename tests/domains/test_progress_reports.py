"""Filing, gathering, reviewing and drafting progress reports; instructions answered in them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.progress import instructions, lights
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import LightChange, Report
from luoshi.domains.progress.schemas import InstructionAnswer, ReportCreate, ReportUpdate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks.models import Task
from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StaleEdit
from luoshi.kernel import audit
from luoshi.settings import Settings
from tests.scenario.world import World, local, publish_task


@pytest.fixture
def task_id(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> int:
    """Published 17 March 2023 to the DRC with Commerce as co-unit; accepted on the 20th."""
    task_id = publish_task(
        session,
        title="Expand effective investment",
        lead="prov.fgw",
        co_units=("prov.swt",),
        start=date(2023, 3, 16),
        due=date(2023, 12, 31),
    )
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    supervision.accept_task(session, actor=world.actors["fgw"], task_id=task_id, settings=settings)
    return task_id


def file(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    who: str = "fgw",
    **data: object,
) -> Report:
    values: dict[str, object] = {"progress": 10}
    values.update(data)
    return progress.submit_report(
        session,
        actor=world.actors[who],
        task_id=task_id,
        data=ReportCreate(**values),  # type: ignore[arg-type]
        settings=settings,
    )


def test_a_report_is_filed_for_the_period_owed_and_late_after_its_due_day(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # March's report fell due (27 March) inside the return window: the first one owed is April's.
    time_machine.move_to(local(date(2023, 4, 26)), tick=False)
    april = progress.submit_report(
        session,
        actor=world.actors["fgw"],
        task_id=task_id,
        data=ReportCreate(progress=30, done="Projects started"),
        settings=settings,
    )
    assert (april.period, april.due_on, april.late, april.status) == (
        "2023-04",
        date(2023, 4, 25),
        True,
        "submitted",
    )
    time_machine.move_to(local(date(2023, 5, 25), 17), tick=False)
    may = progress.submit_report(
        session,
        actor=world.actors["fgw"],
        task_id=task_id,
        data=ReportCreate(progress=45),
        settings=settings,
    )
    assert (may.period, may.due_on, may.late) == ("2023-05", date(2023, 5, 25), False)
    task = session.get(Task, task_id)
    assert task is not None and (task.progress, task.status) == (45, "in_progress")
    with pytest.raises(Conflict, match="already filed"):
        file(session, world, settings, task_id, period="2023-05")


def test_a_report_day_on_a_make_up_sunday_is_not_moved(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 6, 25), 16), tick=False)  # Sunday, a working day
    report = progress.submit_report(
        session,
        actor=world.actors["fgw"],
        task_id=task_id,
        data=ReportCreate(period="2023-06", progress=50),
        settings=settings,
    )
    assert (report.due_on, report.late) == (date(2023, 6, 25), False)
    time_machine.move_to(local(date(2023, 6, 26)), tick=False)
    late = file(session, world, settings, task_id, who="swt", period="2023-06")
    assert late.late is True


def test_bad_periods_are_refused(
    session: Session, world: World, settings: Settings, task_id: int
) -> None:
    with pytest.raises(InvalidInput, match="not a monthly period"):
        file(session, world, settings, task_id, period="2023-Q1")
    with pytest.raises(InvalidInput, match="has not started"):
        file(session, world, settings, task_id, period="2023-04")


def test_co_units_file_their_part_and_the_lead_report_gathers_them(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    part = file(session, world, settings, task_id, who="swt", progress=80, done="Trade fairs held")
    assert part.unit_id == world.units["prov.swt"].id
    task = session.get(Task, task_id)
    assert task is not None and task.progress == 0  # a co-unit's part does not move the task
    file(session, world, settings, task_id, progress=35, done="Key projects under way")
    listed = progress.report_details(session, actor=world.actors["office"], task_id=task_id)
    assert [(r.unit_code, r.period, r.is_lead) for r in listed] == [("prov.fgw", "2023-04", True)]
    assert [(p.unit_code, p.progress, p.done) for p in listed[0].parts] == [
        ("prov.swt", 80, "Trade fairs held")
    ]
    detail = progress.get_report_detail(
        session, actor=world.actors["office"], report_id=listed[0].id
    )
    assert [p.unit_code for p in detail.parts] == ["prov.swt"]
    assert task.progress == 35


def test_only_the_tasks_units_file_reports(
    session: Session, world: World, settings: Settings, task_id: int
) -> None:
    with pytest.raises(NotFound):
        file(session, world, settings, task_id, who="jxt")
    with pytest.raises(PermissionDenied):
        file(session, world, settings, task_id, who="leader")


def test_a_report_is_changed_before_its_review_by_its_own_unit_only(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 26)), tick=False)
    lead = file(session, world, settings, task_id, progress=30, period="2023-04")
    part = file(session, world, settings, task_id, who="swt", progress=50, period="2023-04")

    def change(who: str, report: Report, **data: object) -> Report:
        values: dict[str, object] = {"progress": 40, "version": report.version, **data}
        return progress.update_report(
            session, actor=world.actors[who], report_id=report.id, settings=settings,
            data=ReportUpdate.model_validate(values),
        )  # fmt: skip

    for who, report in (("swt", lead), ("fgw", part), ("office", lead)):
        with pytest.raises(PermissionDenied):  # not the unit that filed it
            change(who, report)
    with pytest.raises(NotFound):
        change("jxt", lead)
    with pytest.raises(StaleEdit):
        change("fgw", lead, version=lead.version + 1)
    changed = change("fgw", lead, done="开工10个")
    task = session.get(Task, task_id)
    assert task is not None and (changed.progress, changed.done, task.progress) == (
        40,
        "开工10个",
        40,
    )
    trail = audit.history_of(session, tenant_id="default", object_type="report", object_id=lead.id)
    [event] = [e for e in trail if e.action == "report.update"]
    assert (event.old, event.new) == (
        {"done": "", "progress": 30},
        # The note in Chinese rides beside the English one (docs/i18n.md).
        {"done": "开工10个", "progress": 40, "note_zh": "报告期2023-04"},
    )
    supervision.review_report(
        session, actor=world.actors["office"], report_id=lead.id, accept=True, comment="",
        settings=settings,
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="accepted already"):
        change("fgw", lead)


def test_the_office_returns_a_report_and_the_unit_files_it_again(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 24)), tick=False)
    report = file(session, world, settings, task_id, progress=30)
    office = world.actors["office"]
    with pytest.raises(InvalidInput, match="needs a comment"):
        supervision.review_report(
            session,
            actor=office,
            report_id=report.id,
            accept=False,
            comment=" ",
            settings=settings,
        )
    time_machine.move_to(local(date(2023, 4, 26)), tick=False)
    supervision.review_report(
        session,
        actor=office,
        report_id=report.id,
        accept=False,
        comment="Give the investment figures",
        settings=settings,
    )
    task = session.get(Task, task_id)
    assert task is not None
    assert task.light == "yellow"
    assert task.light_reasons == ["report for 2023-04 returned, not filed again"]
    assert world.users["fgw"].id in _inbox_users(session, "report_returned")
    again = file(session, world, settings, task_id, progress=30, done="¥1.2bn invested")
    assert again.id == report.id
    assert (again.status, again.late, again.review_comment) == ("submitted", True, "")
    supervision.review_report(
        session,
        actor=office,
        report_id=report.id,
        accept=True,
        comment="",
        settings=settings,
    )
    assert report.status == "accepted"
    assert task.light_reasons == ["report for 2023-04 filed late on 2023-04-26 (due 2023-04-25)"]
    with pytest.raises(InvalidInput, match="accepted report cannot be reviewed"):
        supervision.review_report(
            session,
            actor=office,
            report_id=report.id,
            accept=True,
            comment="",
            settings=settings,
        )
    actions = [
        e.action
        for e in audit.history_of(
            session, tenant_id="default", object_type="report", object_id=report.id
        )
    ]
    assert actions == ["report.accept", "report.submit", "report.return", "report.submit"]


def _inbox_users(session: Session, kind: str) -> set[int]:
    from luoshi.domains.supervision.models import InboxItem

    return set(session.scalars(select(InboxItem.user_id).where(InboxItem.kind == kind)))


def test_a_draft_starts_from_the_last_report(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    empty = progress.draft_report(
        session, actor=world.actors["fgw"], task_id=task_id, settings=settings
    )
    assert (empty.period, empty.due_on, empty.progress, empty.based_on_report_id) == (
        "2023-04",
        date(2023, 4, 25),
        0,
        None,
    )
    april = file(
        session,
        world,
        settings,
        task_id,
        progress=30,
        done="Started 12 projects",
        problems="Land quotas",
        next_steps="Start 8 more",
        target_values={"projects": 12},
    )
    time_machine.move_to(local(date(2023, 5, 22)), tick=False)
    draft = progress.draft_report(
        session, actor=world.actors["fgw"], task_id=task_id, settings=settings
    )
    assert draft.model_dump(exclude={"instructions_to_answer", "targets"}) == {
        "task_id": task_id,
        "unit_code": "prov.fgw",
        "period": "2023-05",
        "due_on": date(2023, 5, 25),
        "progress": 30,
        "done": "Started 12 projects",
        "problems": "Land quotas",
        "next_steps": "Start 8 more",
        "target_values": {"projects": 12},
        "based_on_report_id": april.id,
    }
    part = progress.draft_report(
        session, actor=world.actors["swt"], task_id=task_id, settings=settings
    )
    assert (part.unit_code, part.progress, part.based_on_report_id) == ("prov.swt", 0, None)


def test_the_lead_unit_must_answer_an_instruction_in_its_next_report(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 10)), tick=False)
    instruction = supervision.write_instruction(
        session,
        actor=world.actors["leader"],
        task_id=task_id,
        text="Speed up the land approvals",
        settings=settings,
    )
    assert (instruction.author_name, instruction.written_on) == ("王副省长", date(2023, 4, 10))
    assert _inbox_users(session, "instruction") == {
        world.users["fgw"].id,
        world.users["swt"].id,
    }
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    # A co-unit's part need not answer; the lead unit's report must.
    file(session, world, settings, task_id, who="swt", progress=50)
    with pytest.raises(InvalidInput, match="answer the leader's instructions") as refused:
        file(session, world, settings, task_id, progress=30)
    assert refused.value.details == {"unanswered_instructions": [instruction.id]}
    draft = progress.draft_report(
        session, actor=world.actors["fgw"], task_id=task_id, settings=settings
    )
    assert [(i.id, i.answer_due, i.answered) for i in draft.instructions_to_answer] == [
        (instruction.id, date(2023, 4, 25), False)
    ]
    with pytest.raises(InvalidInput, match="not on this task"):
        file(
            session,
            world,
            settings,
            task_id,
            progress=30,
            responses=[InstructionAnswer(instruction_id=instruction.id + 99, text="x")],
        )
    file(
        session,
        world,
        settings,
        task_id,
        progress=30,
        responses=[InstructionAnswer(instruction_id=instruction.id, text="Approvals in 10 days")],
    )
    listed = instructions.list_instructions(
        session, actor=world.actors["office"], task_id=task_id, settings=settings
    )
    assert [(i.text, i.answered, [r.text for r in i.responses]) for i in listed] == [
        ("Speed up the land approvals", True, ["Approvals in 10 days"])
    ]
    task = session.get(Task, task_id)
    assert task is not None
    assert instructions.open_instructions(session, task) == []


def test_an_unanswered_instruction_shows_in_the_light(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 10)), tick=False)
    supervision.write_instruction(
        session,
        actor=world.actors["leader"],
        task_id=task_id,
        text="Report the figures",
        settings=settings,
    )
    task = session.get(Task, task_id)
    assert task is not None
    lights.refresh_light(
        session, actor=world.actors["office"], task=task, settings=settings, on=date(2023, 4, 26)
    )
    assert task.light == "yellow"
    assert task.light_reasons == [
        "no report for 2023-04",
        "leader's instruction of 2023-04-10 not answered",
    ]


def test_every_report_recomputes_the_light_and_keeps_its_history(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 5, 22)), tick=False)
    task = session.get(Task, task_id)
    assert task is not None
    file(session, world, settings, task_id, period="2023-04", progress=0)
    assert (task.light, task.light_reasons) == (
        "yellow",
        [
            "reported 0% with 22% of the time gone",
            "report for 2023-04 filed late on 2023-05-22 (due 2023-04-25)",
        ],
    )
    # May's report, filed before its due day, supersedes April's lateness.
    file(session, world, settings, task_id, period="2023-05", progress=30)
    assert (task.light, task.light_reasons) == (
        "green",
        ["on track: reported 30% with 22% of the time gone"],
    )
    history = session.scalars(
        select(LightChange).where(LightChange.task_id == task_id).order_by(LightChange.id)
    ).all()
    assert [(h.day, h.previous, h.light) for h in history] == [
        (date(2023, 3, 20), None, "green"),
        (date(2023, 5, 22), "green", "yellow"),
        (date(2023, 5, 22), "yellow", "green"),
    ]
    assert history[1].reasons[0] == {
        "code": "behind",
        "severity": "yellow",
        "params": {"progress": 0, "elapsed": 22},
        "en": "reported 0% with 22% of the time gone",
        "zh": "已报进度0%，时间已过22%",
    }
    listed = lights.light_history(session, actor=world.actors["fgw"], task_id=task_id)
    assert [h.light for h in listed] == ["green", "yellow", "green"]  # newest first


def test_evidence_is_stored_once_by_its_digest(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    from luoshi.domains.progress import evidence

    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    report = file(session, world, settings, task_id, progress=20)
    photo = b"\x89PNG\r\n\x1a\n" + b"site" * 100
    first = evidence.add_evidence(
        session,
        actor=world.actors["fgw"],
        report_id=report.id,
        filename="C:\\photos\\site.png",
        content=photo,
        settings=settings,
    )
    again = evidence.add_evidence(
        session,
        actor=world.actors["fgw"],
        report_id=report.id,
        filename="site-copy.png",
        content=photo,
        settings=settings,
    )
    assert (first.filename, first.content_type, first.size) == ("site.png", "image/png", 408)
    assert first.sha256 == again.sha256 and first.id != again.id
    stored = list(Path(settings.evidence_dir).rglob("*"))
    assert [p.name for p in stored if p.is_file()] == [first.sha256]
    row, path = evidence.open_evidence(
        session, actor=world.actors["office"], evidence_id=first.id, settings=settings
    )
    assert path.read_bytes() == photo and row.id == first.id
    with pytest.raises(InvalidInput, match="empty"):
        evidence.add_evidence(
            session,
            actor=world.actors["fgw"],
            report_id=report.id,
            filename="a.pdf",
            content=b"",
            settings=settings,
        )
    with pytest.raises(InvalidInput, match="is not a text file"):
        evidence.add_evidence(
            session,
            actor=world.actors["fgw"],
            report_id=report.id,
            filename="a.txt",
            content=b"\xff\xfe\xfd\x00\x81",
            settings=settings,
        )
    supervision.review_report(
        session,
        actor=world.actors["office"],
        report_id=report.id,
        accept=True,
        comment="",
        settings=settings,
    )
    with pytest.raises(InvalidInput, match="accepted report takes no more evidence"):
        evidence.add_evidence(
            session,
            actor=world.actors["fgw"],
            report_id=report.id,
            filename="late.png",
            content=photo,
            settings=settings,
        )


def test_a_co_units_part_without_a_lead_report_is_listed_on_its_own(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    file(session, world, settings, task_id, progress=30)
    time_machine.move_to(local(date(2023, 5, 20)), tick=False)
    # Left alone it would file for April, the period it still owes; it says May.
    draft = progress.draft_report(
        session, actor=world.actors["swt"], task_id=task_id, settings=settings
    )
    assert draft.period == "2023-04"
    file(session, world, settings, task_id, who="swt", progress=70, period="2023-05")
    listed = progress.report_details(session, actor=world.actors["office"], task_id=task_id)
    assert [(r.period, r.unit_code, len(r.parts)) for r in listed] == [
        ("2023-05", "prov.swt", 0),
        ("2023-04", "prov.fgw", 0),
    ]


def test_a_once_task_reports_once_on_its_due_day(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    task_id = publish_task(
        session,
        title="Hold the investment fair",
        lead="prov.swt",
        due=date(2023, 4, 30),
        cycle="once",
    )  # a Labour Day holiday
    time_machine.move_to(local(date(2023, 3, 20)), tick=False)
    supervision.accept_task(session, actor=world.actors["swt"], task_id=task_id, settings=settings)
    task = session.get(Task, task_id)
    assert task is not None and task.light_reasons == ["first report due on 2023-05-04"]
    time_machine.move_to(local(date(2023, 5, 4), 17), tick=False)
    report = file(session, world, settings, task_id, who="swt", progress=100)
    assert (report.period, report.due_on, report.late) == ("once", date(2023, 5, 4), False)
    with pytest.raises(InvalidInput, match="not a once period"):
        file(session, world, settings, task_id, who="swt", period="2023-05")


def test_the_current_reasons_follow_the_numbers_in_either_language(
    session: Session,
    world: World,
    settings: Settings,
    task_id: int,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(local(date(2023, 5, 22)), tick=False)
    task = session.get(Task, task_id)
    assert task is not None
    file(session, world, settings, task_id, period="2023-05", progress=30)
    before = session.scalar(select(LightChange).order_by(LightChange.id.desc()).limit(1))
    # Two weeks on, only the time gone has moved: the history keeps its row of 22%.
    time_machine.move_to(local(date(2023, 6, 5)), tick=False)
    assert (
        lights.refresh_light(session, actor=world.actors["office"], task=task, settings=settings)
        is None
    )
    after = session.scalar(select(LightChange).order_by(LightChange.id.desc()).limit(1))
    assert after is before and after is not None and "22%" in after.reasons[0]["zh"]
    assert settings.language == "en"
    assert lights.current_reasons(session, task, settings=settings, language="en") == [
        "on track: reported 30% with 27% of the time gone"
    ]
    assert lights.current_reasons(session, task, settings=settings, language="zh") == [
        "进度正常：已报进度30%，时间已过27%"
    ]


def test_a_report_for_a_period_due_before_the_assignment_is_not_late(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # Published on 30 June: June's report day (the 25th) had passed, and nobody owed it.
    time_machine.move_to(local(date(2023, 6, 30)), tick=False)
    task_id = publish_task(session, title="Stabilise employment", lead="prov.fgw")
    supervision.accept_task(session, actor=world.actors["fgw"], task_id=task_id, settings=settings)
    # The form asks for July's report, due on July's report day, not for June's.
    draft = progress.draft_report(
        session, actor=world.actors["fgw"], task_id=task_id, settings=settings
    )
    assert (draft.period, draft.due_on) == ("2023-07", date(2023, 7, 25))
    june = file(session, world, settings, task_id, period="2023-06", progress=5)
    assert not june.late
    # July's is owed: filed after its report day, it is late.
    time_machine.move_to(local(date(2023, 7, 27)), tick=False)
    july = file(session, world, settings, task_id, period="2023-07", progress=10)
    assert july.late
