"""The demo province from 17 March to 30 June 2023, day by day with the clock frozen.

Six tasks are published on Friday 17 March. The units accept them (one is returned and
reassigned, one is split into city sub-tasks, one city never answers and is accepted by
default), file monthly reports (some late, one returned), answer a leader's instructions
(one late), ask for extensions (one approved, one refused) and complete two tasks. The
jobs run twice every morning: the lights change with the right reasons, and reminders,
urgings and supervision notices go out on the right working days around Qingming
(5 April), the Labour Day holiday (29 April – 3 May, with make-up working days on Sunday
23 April and Saturday 6 May) and the Dragon Boat holiday (22–24 June, make-up Sunday 25
June) — by e-mail to a real local SMTP server and to a WeCom robot webhook — and nothing
is sent twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from time_machine import TimeMachineFixture

from luoshi import clock
from luoshi.domains.progress import lights
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import Report
from luoshi.domains.progress.schemas import InstructionAnswer, ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.jobs import run_jobs
from luoshi.domains.supervision.models import OutboxMessage, SupervisionAction
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.kernel import audit
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.servers import Hook, Mailbox, smtp_server, webhook_server
from tests.scenario.world import World, build_world, local, make_settings, publish_task

FIRST, LAST = date(2023, 3, 17), date(2023, 6, 30)
T1, T2, T3, T4, T5, T6 = "T00001", "T00002", "T00003", "T00004", "T00005", "T00006"
T41, T42 = "T00004.1", "T00004.2"

Event = Callable[[Session, World, Settings], None]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_server(path="/cgi-bin/webhook/send?key=demo") as receiver:
        yield receiver


# ---------------------------------------------------------------- what people do, by day


def task_id(session: Session, code: str) -> int:
    return session.scalars(select(Task.id).where(Task.code == code)).one()


def report(
    who: str, code: str, pct: int, *, period: str | None = None, answer: str | None = None,
) -> Event:
    def act(session: Session, world: World, settings: Settings) -> None:
        tid = task_id(session, code)
        responses = []
        if answer is not None:
            from luoshi.domains.progress.instructions import open_instructions

            task = session.get(Task, tid)
            assert task is not None
            responses = [InstructionAnswer(instruction_id=i.id, text=answer)
                         for i in open_instructions(session, task)]
        progress.submit_report(
            session, actor=world.actors[who], task_id=tid, settings=settings,
            data=ReportCreate(period=period, progress=pct, done=f"{code}: {pct}% done",
                              responses=responses),
        )
    return act


def transition(who: str, code: str, name: str, reason: str = "") -> Event:
    def act(session: Session, world: World, settings: Settings) -> None:
        supervision.transition_task(
            session, actor=world.actors[who], task_id=task_id(session, code), transition=name,
            reason=reason, settings=settings,
        )
    return act


def publish(session: Session, world: World, settings: Settings) -> None:
    publish_task(session, title="Start 300 key projects", lead="prov.fgw",
                 co_units=("prov.swt",), due=date(2023, 12, 31), leader="王副省长")
    publish_task(session, title="Recover consumption", lead="prov.jxt", due=date(2023, 12, 31))
    publish_task(session, title="A good start in the first quarter", lead="prov.jxt",
                 due=date(2023, 3, 31), leader="王副省长")
    publish_task(session, title="Thirty livelihood matters", lead="prov.fgw",
                 due=date(2023, 12, 31))
    publish_task(session, title="Stabilise foreign trade", lead="prov.my", due=date(2023, 6, 21))
    publish_task(session, title="Spring ploughing and sowing", lead="prov.cd",
                 due=date(2023, 4, 26))


def reassign_consumption(session: Session, world: World, settings: Settings) -> None:
    supervision.assign_task(session, actor=world.actors["office"], task_id=task_id(session, T2),
                            data=TaskAssign(lead_unit="prov.swt"), settings=settings)


def split_livelihood(session: Session, world: World, settings: Settings) -> None:
    supervision.split_task(
        session, actor=world.actors["office"], task_id=task_id(session, T4), settings=settings,
        parts=[TaskCreate(title="Chengdu: 20 matters", lead_unit="prov.cd", weight=2),
               TaskCreate(title="Mianyang: 10 matters", lead_unit="prov.my", weight=1)],
    )


def instruct(code: str, text: str) -> Event:
    def act(session: Session, world: World, settings: Settings) -> None:
        supervision.write_instruction(session, actor=world.actors["leader"],
                                      task_id=task_id(session, code), text=text,
                                      settings=settings)
    return act


def review(code: str, period: str, accept: bool, comment: str = "") -> Event:
    def act(session: Session, world: World, settings: Settings) -> None:
        tid = task_id(session, code)
        task = session.get(Task, tid)
        assert task is not None
        row = session.scalars(select(Report).where(
            Report.task_id == tid, Report.period == period, Report.unit_id == task.lead_unit_id,
        )).one()
        supervision.review_report(session, actor=world.actors["office"], report_id=row.id,
                                  accept=accept, comment=comment, settings=settings)
    return act


def extend(who: str, code: str, due: date, approve: bool, comment: str) -> tuple[Event, Event]:
    def ask(session: Session, world: World, settings: Settings) -> None:
        supervision.request_extension(session, actor=world.actors[who],
                                      task_id=task_id(session, code), requested_due=due,
                                      reason="Port congestion" if code == T5 else "New phase",
                                      settings=settings)

    def decide(session: Session, world: World, settings: Settings) -> None:
        (pending,) = supervision.list_extensions(session, actor=world.actors["office"],
                                                 task_id=task_id(session, code),
                                                 status="pending")
        supervision.decide_extension(session, actor=world.actors["office"],
                                     extension_id=pending.id, approve=approve,
                                     comment=comment, settings=settings)
    return ask, decide


t1_ask, t1_decide = extend("fgw", T1, date(2024, 3, 31), True, "Agreed for the new phase")
t5_ask, t5_decide = extend("my", T5, date(2023, 7, 31), False, "Finish on time")

EVENTS: dict[date, list[Event]] = {
    date(2023, 3, 17): [publish],
    date(2023, 3, 20): [transition("fgw", T1, "accept"), transition("jxt", T3, "accept"),
                        transition("fgw", T4, "accept"), transition("my", T5, "accept"),
                        transition("cd", T6, "accept")],
    date(2023, 3, 21): [transition("jxt", T2, "return",
                                   "Consumption is the Department of Commerce's remit")],
    date(2023, 3, 22): [reassign_consumption],
    date(2023, 3, 23): [transition("swt", T2, "accept")],
    date(2023, 3, 24): [split_livelihood],
    date(2023, 3, 27): [transition("cd", T41, "accept"), report("jxt", T3, 80)],
    date(2023, 4, 10): [instruct(T1, "Speed up the land approvals")],
    date(2023, 4, 18): [transition("jxt", T3, "complete")],
    date(2023, 4, 24): [report("fgw", T1, 20, answer="Land approvals within 10 days"),
                        report("swt", T1, 30), report("fgw", T4, 10)],
    date(2023, 4, 25): [report("cd", T41, 50), report("my", T42, 20), report("my", T5, 30),
                        report("cd", T6, 90)],
    date(2023, 4, 26): [review(T1, "2023-04", False, "Give the investment figures")],
    date(2023, 4, 27): [report("fgw", T1, 20), report("swt", T2, 25)],
    date(2023, 4, 28): [review(T1, "2023-04", True)],
    date(2023, 5, 10): [instruct(T2, "Push the car trade-in programme")],
    date(2023, 5, 15): [transition("cd", T6, "complete")],
    date(2023, 5, 24): [report("swt", T1, 45), report("my", T42, 40)],
    date(2023, 5, 25): [report("fgw", T1, 40), report("fgw", T4, 40), report("cd", T41, 70),
                        report("my", T5, 60)],
    date(2023, 6, 5): [t1_ask],
    date(2023, 6, 6): [t1_decide],
    date(2023, 6, 9): [report("swt", T2, 35, period="2023-05",
                              answer="12,000 cars traded in")],
    date(2023, 6, 12): [t5_ask],
    date(2023, 6, 13): [t5_decide],
    date(2023, 6, 21): [report("fgw", T1, 55), report("fgw", T4, 60), report("cd", T41, 85),
                        report("my", T42, 60)],
    date(2023, 6, 25): [report("swt", T1, 60), report("swt", T2, 50)],
}

# ---------------------------------------------------------------- what luoshi must do

R04, R05, R06 = "report:2023-04", "report:2023-05", "report:2023-06"
EXPECTED_LADDER = [
    # A good start in the first quarter, due Friday 31 March, never finished in time.
    ("2023-03-28", T3, "prov.jxt", "remind", "task:2023-03-31"),
    # Mianyang neither accepts nor returns its sub-task: reminded three working days before
    # its window closes, urged on the last day, then accepted by default (below).
    ("2023-03-30", T42, "prov.my", "remind", "accept:2023-04-04"),
    ("2023-04-03", T3, "prov.jxt", "urge", "task:2023-03-31"),
    ("2023-04-04", T42, "prov.my", "urge", "accept:2023-04-04"),
    ("2023-04-10", T3, "prov.jxt", "notice_yellow", "task:2023-03-31"),  # Qingming skipped
    ("2023-04-17", T3, "prov.jxt", "notice_red", "task:2023-03-31"),
    # April reports are due Tuesday 25 April: everyone who owes one is reminded on the 21st.
    ("2023-04-21", T6, "prov.cd", "remind", R04),
    ("2023-04-21", T5, "prov.my", "remind", R04),
    ("2023-04-21", T1, "prov.fgw", "remind", R04),
    ("2023-04-21", T1, "prov.swt", "remind", R04),
    ("2023-04-21", T2, "prov.swt", "remind", R04),
    ("2023-04-21", T4, "prov.fgw", "remind", R04),
    ("2023-04-21", T41, "prov.cd", "remind", R04),
    ("2023-04-21", T42, "prov.my", "remind", R04),
    # Spring ploughing, due Wednesday 26 April: reminded on a make-up Sunday.
    ("2023-04-23", T6, "prov.cd", "remind", "task:2023-04-26"),
    ("2023-04-26", T2, "prov.swt", "urge", R04),
    ("2023-04-27", T6, "prov.cd", "urge", "task:2023-04-26"),
    ("2023-05-06", T6, "prov.cd", "notice_yellow", "task:2023-04-26"),  # make-up Saturday
    ("2023-05-12", T6, "prov.cd", "notice_red", "task:2023-04-26"),
    ("2023-05-22", T5, "prov.my", "remind", R05),
    ("2023-05-22", T1, "prov.fgw", "remind", R05),
    ("2023-05-22", T1, "prov.swt", "remind", R05),
    ("2023-05-22", T2, "prov.swt", "remind", R05),
    ("2023-05-22", T4, "prov.fgw", "remind", R05),
    ("2023-05-22", T41, "prov.cd", "remind", R05),
    ("2023-05-22", T42, "prov.my", "remind", R05),
    # Commerce files nothing for May on Recover consumption until 9 June.
    ("2023-05-26", T2, "prov.swt", "urge", R05),
    ("2023-06-01", T2, "prov.swt", "notice_yellow", R05),
    ("2023-06-08", T2, "prov.swt", "notice_red", R05),
    # Stabilise foreign trade, due Wednesday 21 June, just before the Dragon Boat holiday.
    ("2023-06-16", T5, "prov.my", "remind", "task:2023-06-21"),
    ("2023-06-19", T5, "prov.my", "remind", R06),  # June reports are due Sunday 25 June
    ("2023-06-19", T2, "prov.swt", "remind", R06),
    ("2023-06-19", T4, "prov.fgw", "remind", R06),
    ("2023-06-19", T41, "prov.cd", "remind", R06),
    ("2023-06-19", T42, "prov.my", "remind", R06),
    ("2023-06-19", T1, "prov.fgw", "remind", R06),  # last: now due in March 2024
    ("2023-06-19", T1, "prov.swt", "remind", R06),
    ("2023-06-25", T5, "prov.my", "urge", "task:2023-06-21"),  # the make-up Sunday
    ("2023-06-26", T5, "prov.my", "urge", R06),
    ("2023-06-29", T5, "prov.my", "notice_yellow", "task:2023-06-21"),
    ("2023-06-30", T5, "prov.my", "notice_yellow", R06),
]

NOT_WORKING = {
    "2023-03-18", "2023-03-19", "2023-03-25", "2023-03-26", "2023-04-01", "2023-04-02",
    "2023-04-05", "2023-04-08", "2023-04-09", "2023-04-15", "2023-04-16", "2023-04-22",
    "2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03", "2023-05-07",
    "2023-05-13", "2023-05-14", "2023-05-20", "2023-05-21", "2023-05-27", "2023-05-28",
    "2023-06-03", "2023-06-04", "2023-06-10", "2023-06-11", "2023-06-17", "2023-06-18",
    "2023-06-22", "2023-06-23", "2023-06-24",
}


@pytest.mark.slow
def test_demo_province_march_to_june_2023(
    db: Database, tmp_path: Path, mailbox: Mailbox, hook: Hook,
    time_machine: TimeMachineFixture,
) -> None:
    settings = make_settings(
        tmp_path, smtp_host="127.0.0.1", smtp_port=mailbox.port, webhook_url=hook.url,
        webhook_format="wecom",
    )
    time_machine.move_to(local(FIRST, 7), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()

    lines: list[dict[str, Any]] = []
    day = FIRST
    while day <= LAST:
        time_machine.move_to(local(day, 8), tick=False)
        first = run_jobs(db.factory, settings=settings, at=clock.now())
        time_machine.move_to(local(day, 8) + timedelta(minutes=5), tick=False)
        second = run_jobs(db.factory, settings=settings, at=clock.now())
        # Running again finds nothing to do (a holiday says so again; nothing else).
        assert [x for x in second if x.get("skipped") != "not a working day"] == [], day
        assert all(x["ok"] for x in first if x["job"] == "deliver"), first
        lines += first
        for n, event in enumerate(EVENTS.get(day, [])):
            time_machine.move_to(local(day, 10) + timedelta(minutes=10 * n), tick=False)
            with db.session() as session:
                event(session, world, settings)
                session.commit()
        day += timedelta(days=1)

    ladder = [x for x in lines if x["job"] == "ladder" and "step" in x]
    assert [(x["on"], x["task"], x["unit"], x["step"], x["subject"]) for x in ladder] == (
        EXPECTED_LADDER
    )
    skipped = {x["on"] for x in lines if x.get("skipped") == "not a working day"}
    assert skipped == NOT_WORKING
    assert [(x["on"], x["task"]) for x in lines if x["job"] == "accept_by_default"] == [
        ("2023-04-05", T42),  # Mianyang never answered; its window closed on 4 April
    ]

    with db.session() as session:
        check_lights(session)
        check_tasks(session)
        check_notices_and_audit(session, mailbox, hook)


def check_lights(session: Session) -> None:
    system = system_actor()

    def history(code: str) -> list[tuple[str, str | None, str, list[str]]]:
        rows = lights.light_history(session, actor=system, task_id=task_id(session, code))
        return [(r.day.isoformat(), r.previous, r.light, [x.en for x in r.reasons])
                for r in reversed(rows)]

    assert history(T3) == [
        ("2023-03-18", None, "not_started",
         ["assigned on 2023-03-17, awaiting acceptance until 2023-03-28"]),
        ("2023-03-20", "not_started", "green", ["first report due on 2023-03-31"]),
        ("2023-03-24", "green", "yellow", ["due in 5 working days (2023-03-31) at 0%"]),
        # Reporting 80% on the 27th keeps it yellow (still due soon); on the day it is short.
        ("2023-03-31", "yellow", "yellow",
         ["reported 80% with 100% of the time gone", "due today (2023-03-31) at 80%"]),
        ("2023-04-01", "yellow", "red", ["past the due date 2023-03-31"]),  # a Saturday
        ("2023-04-03", "red", "red", ["overdue by 1 working day (due 2023-03-31)"]),
        ("2023-04-18", "red", "completed", ["completed"]),
    ]
    assert history(T2) == [
        ("2023-03-18", None, "not_started",
         ["assigned on 2023-03-17, awaiting acceptance until 2023-03-28"]),
        ("2023-03-21", "not_started", "not_started",
         ["returned by the unit: Consumption is the Department of Commerce's remit"]),
        ("2023-03-22", "not_started", "not_started",
         ["assigned on 2023-03-22, awaiting acceptance until 2023-03-31"]),
        ("2023-03-23", "not_started", "green", ["first report due on 2023-04-25"]),
        ("2023-04-26", "green", "yellow", ["no report for 2023-04"]),
        ("2023-04-27", "yellow", "yellow",
         ["report for 2023-04 filed late on 2023-04-27 (due 2023-04-25)"]),
        ("2023-05-26", "yellow", "yellow",
         ["no report for 2023-05", "leader's instruction of 2023-05-10 not answered"]),
        ("2023-06-09", "yellow", "yellow",
         ["report for 2023-05 filed late on 2023-06-09 (due 2023-05-25)"]),
        # 64 of 195 working days from 22 March to the end of the year.
        ("2023-06-25", "yellow", "green",
         ["on track: reported 50% with 33% of the time gone"]),
    ]
    t1 = history(T1)
    assert ("2023-04-26", "green", "yellow",
            ["report for 2023-04 returned, not filed again"]) in t1
    assert ("2023-04-27", "yellow", "yellow",
            ["report for 2023-04 filed late on 2023-04-27 (due 2023-04-25)"]) in t1
    # Foreign trade: behind, then past its deadline over the Dragon Boat holiday.
    t5 = history(T5)
    assert t5[-4:] == [
        ("2023-06-21", "red", "red",
         ["reported 60% with 100% of the time gone", "due today (2023-06-21) at 60%"]),
        ("2023-06-22", "red", "red", ["past the due date 2023-06-21"]),  # a holiday
        ("2023-06-25", "red", "red", ["overdue by 1 working day (due 2023-06-21)"]),  # Sunday
        ("2023-06-26", "red", "red",
         ["overdue by 2 working days (due 2023-06-21)", "no report for 2023-06"]),
    ]


def check_tasks(session: Session) -> None:
    by_code = {t.code: t for t in session.scalars(select(Task))}
    summary = {
        code: (t.status, t.progress, t.light, t.due_date.isoformat() if t.due_date else None)
        for code, t in by_code.items()
    }
    assert summary == {
        T1: ("in_progress", 55, "green", "2024-03-31"),  # the approved extension
        T2: ("in_progress", 50, "green", "2023-12-31"),
        T3: ("completed", 100, "completed", "2023-03-31"),
        T4: ("in_progress", 77, "green", "2023-12-31"),  # (85 × 2 + 60) / 3
        T41: ("in_progress", 85, "green", "2023-12-31"),
        T42: ("in_progress", 60, "green", "2023-12-31"),
        T5: ("in_progress", 60, "red", "2023-06-21"),  # the extension was refused
        T6: ("completed", 100, "completed", "2023-04-26"),
    }
    assert by_code[T5].light_reasons == [
        "overdue by 6 working days (due 2023-06-21)", "no report for 2023-06",
    ]
    assert by_code[T2].lead_unit_id != by_code[T3].lead_unit_id  # reassigned to Commerce
    assert by_code[T42].parent_id == by_code[T4].id and by_code[T42].depth == 1
    late = session.scalars(
        select(Report.period).where(Report.late.is_(True)).order_by(Report.id)
    ).all()
    assert late == ["2023-04", "2023-04", "2023-05"]  # T1 re-filed, T2 April, T2 May


def check_notices_and_audit(session: Session, mailbox: Mailbox, hook: Hook) -> None:
    actions = session.scalars(select(SupervisionAction).order_by(SupervisionAction.id)).all()
    assert len(actions) == len(EXPECTED_LADDER)
    # Every step is in the task's audit trail, by the system, with its subject.
    audited = Counter(
        (e.object_id, e.action, e.new["subject"])  # type: ignore[index]
        for e in audit.list_events(session, actor=system_actor(), object_type="task",
                                   limit=100_000)
        if e.action.startswith("supervision.")
    )
    assert audited == Counter((a.task_id, f"supervision.{a.step}", a.subject_key)
                              for a in actions)
    # Nothing was sent twice: one e-mail per address and subject, one robot call per step.
    sent = Counter((str(m["To"]), str(m["Subject"])) for m in mailbox.messages)
    assert max(sent.values()) == 1
    outbox = session.scalars(select(OutboxMessage)).all()
    assert {m.status for m in outbox} == {"sent"}
    assert len(mailbox.messages) == sum(1 for m in outbox if m.channel == "email")
    assert len(hook.received) == len(actions)
    assert {r.query["key"][0] for r in hook.received} == {"demo"}
    # An e-mail is in its reader's language only: here the deployment's (English).
    red = [m for m in mailbox.messages if "T00003" in str(m["Subject"])
           and "Red supervision notice" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in red) == [
        "head@jxt.example", "jxt@luoshi.example", "leader@luoshi.example",
    ]
    assert {parsedate_to_datetime(str(m["Date"])).astimezone(clock.LOCAL_TZ).date()
            for m in red} == {date(2023, 4, 17)}
    urging = "Urging: T00005 task due 2023-06-21"
    sunday = [m for m in mailbox.messages if str(m["Subject"]) == urging]
    assert [str(m["To"]) for m in sunday] == ["my@luoshi.example"]
    assert parsedate_to_datetime(str(sunday[0]["Date"])).astimezone(
        clock.LOCAL_TZ).date() == date(2023, 6, 25)
    assert {"msgtype": "markdown", "markdown": {"content": (
        "**【催办】T00005 任务到期 / Urging: T00005 task due 2023-06-21**\n"
        "【催办】绵阳市：任务T00005「Stabilise foreign trade」应于2023-06-21前完成，"
        "已逾期1个工作日，"
        "当前进度60%，请抓紧办理并说明情况。\n"
        'Urging for Mianyang: task T00005 "Stabilise foreign trade" was due on 2023-06-21 and '
        "is 1 working day overdue at 60%. Act now and explain the delay."
    )}} in [r.body for r in hook.received]
    # The people's side of the story is audited too.
    actions_done = Counter(e.action for e in audit.list_events(
        session, actor=system_actor(), limit=100_000))
    assert actions_done["report.submit"] == 23
    assert (actions_done["report.return"], actions_done["report.accept"]) == (1, 1)
    assert (actions_done["extension.approve"], actions_done["extension.refuse"]) == (1, 1)
    assert actions_done["instruction.write"] == 2
    assert actions_done["task.return"] == 1
