"""Delivery after commit to real local servers: SMTP (aiosmtpd) and webhooks (http.server):
generic JSON, WeCom and DingTalk (signed) robots; retries with backoff; a log of attempts."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from luoshi.domains.supervision import notify
from luoshi.domains.supervision.delivery import deliver_outbox
from luoshi.domains.supervision.models import DeliveryLog, OutboxMessage
from luoshi.domains.tasks.models import Task
from luoshi.kernel.models import Unit, User
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.servers import Hook, Mailbox, smtp_server, webhook_server
from tests.scenario.world import World, build_world, local, make_settings

NOW = local(date(2023, 4, 26), 9)
SECRET = "SEC0123456789abcdef"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_server() as receiver:
        yield receiver


@pytest.fixture
def world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(NOW, tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world


def settings_for(tmp_path: Path, mailbox: Mailbox, hook: Hook, fmt: str = "json") -> Settings:
    return make_settings(
        tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        webhook_url=hook.url,
        webhook_format=fmt,
        webhook_secret=SECRET,
        delivery_backoff_seconds=60,
        delivery_max_attempts=3,
    )


MESSAGE = notify.Message(
    kind="urge",
    subject="【催办】T00001 / Urging: T00001",
    text_zh="请立即报送。",
    text_en="File it now.",
    data={"step": "urge"},
    subject_zh="【催办】T00001",
    subject_en="Urging: T00001",
)


def queue(db: Database, settings: Settings, *, commit: bool = True) -> None:
    with db.session() as session:
        unit = session.scalars(select(Unit).where(Unit.code == "prov.fgw")).one()
        notify.send(
            session,
            tenant_id="default",
            settings=settings,
            message=MESSAGE,
            units=[unit],
            emails=["head@fgw.example"],
            webhook=True,
        )
        if commit:
            session.commit()
        else:
            session.rollback()


def test_nothing_leaves_before_commit_and_everything_once_after(
    db: Database,
    world: World,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
) -> None:
    settings = settings_for(tmp_path, mailbox, hook)
    queue(db, settings, commit=False)
    assert deliver_outbox(db.factory, settings=settings, at=NOW) == []
    queue(db, settings)
    results = deliver_outbox(db.factory, settings=settings, at=NOW)
    assert [(r["channel"], r["to"], r["ok"], r["status"]) for r in results] == [
        ("email", "fgw@luoshi.example", True, "sent"),
        ("email", "head@fgw.example", True, "sent"),
        ("webhook_json", "127.0.0.1", True, "sent"),
    ]
    assert deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(hours=1)) == []
    assert sorted(str(m["To"]) for m in mailbox.messages) == [
        "fgw@luoshi.example",
        "head@fgw.example",
    ]
    # Each reader gets their language only: here the deployment's (English), as neither
    # the unit's user nor the extra address has chosen one.
    mail = mailbox.messages[0]
    assert str(mail["Subject"]) == "Urging: T00001"
    assert str(mail["From"]) == "luoshi@localhost"
    assert mail.get_content().replace("\r\n", "\n") == "File it now.\n"
    (call,) = hook.received
    assert call.path == "/robot/send"
    assert call.body == {
        "event": "urge",
        "subject": "【催办】T00001 / Urging: T00001",
        "text_zh": "请立即报送。",
        "text_en": "File it now.",
        "task": None,
        "step": "urge",
    }


def test_wecom_robot_markdown(
    db: Database,
    world: World,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
) -> None:
    settings = settings_for(tmp_path, mailbox, hook, fmt="wecom")
    queue(db, settings)
    deliver_outbox(db.factory, settings=settings, at=NOW)
    (call,) = hook.received
    assert call.body == {
        "msgtype": "markdown",
        "markdown": {"content": "**【催办】T00001 / Urging: T00001**\n请立即报送。\nFile it now."},
    }
    assert call.query == {"access_token": ["t0ken"]}


def test_dingtalk_robot_is_signed(
    db: Database,
    world: World,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
) -> None:
    settings = settings_for(tmp_path, mailbox, hook, fmt="dingtalk")
    queue(db, settings)
    deliver_outbox(db.factory, settings=settings, at=NOW)
    (call,) = hook.received
    assert call.body["msgtype"] == "markdown"
    assert call.body["markdown"]["title"] == "【催办】T00001 / Urging: T00001"
    timestamp = call.query["timestamp"][0]
    assert timestamp == str(int(NOW.timestamp() * 1000))  # the frozen clock, in ms
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert call.query["sign"] == [expected]
    assert call.query["access_token"] == ["t0ken"]


def test_failures_are_retried_with_backoff_and_logged(
    db: Database,
    world: World,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
) -> None:
    settings = settings_for(tmp_path, mailbox, hook, fmt="dingtalk").model_copy(
        update={"smtp_host": None}
    )
    queue(db, settings)
    hook.answers = [(500, {"error": "busy"}), (200, {"errcode": 310000, "errmsg": "sign"})]
    first = deliver_outbox(db.factory, settings=settings, at=NOW)
    assert [(r["ok"], r["status"]) for r in first] == [(False, "pending")]
    assert first[0]["detail"].startswith("http 500")
    assert deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(seconds=59)) == []
    second = deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(seconds=60))
    assert [(r["ok"], r["status"]) for r in second] == [(False, "pending")]
    assert "robot refused" in second[0]["detail"]
    # The second failure waits twice as long: 120 s after the second attempt.
    assert deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(seconds=179)) == []
    third = deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(seconds=180))
    assert [(r["ok"], r["status"]) for r in third] == [(True, "sent")]
    assert len(hook.received) == 3
    with db.session() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
        log = session.scalars(select(DeliveryLog).order_by(DeliveryLog.id)).all()
        assert [(row.attempt, row.ok) for row in log] == [(1, False), (2, False), (3, True)]


def test_after_the_last_attempt_a_message_fails_for_good(
    db: Database,
    world: World,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
) -> None:
    settings = settings_for(tmp_path, mailbox, hook).model_copy(
        update={"smtp_host": None, "delivery_max_attempts": 2}
    )
    queue(db, settings)
    hook.answers = [(503, {}), (503, {})]
    deliver_outbox(db.factory, settings=settings, at=NOW)
    last = deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(minutes=1))
    assert [(r["ok"], r["status"]) for r in last] == [(False, "failed")]
    assert deliver_outbox(db.factory, settings=settings, at=NOW + timedelta(days=1)) == []


def test_an_unreachable_mail_server_is_a_failed_attempt(
    db: Database,
    world: World,
    tmp_path: Path,
    mailbox: Mailbox,
    hook: Hook,
) -> None:
    settings = settings_for(tmp_path, mailbox, hook).model_copy(
        update={"smtp_port": 9, "webhook_url": None}
    )
    queue(db, settings)
    results = deliver_outbox(db.factory, settings=settings, at=NOW)
    assert [(r["channel"], r["ok"], r["status"]) for r in results] == [
        ("email", False, "pending"),
        ("email", False, "pending"),
    ]
    assert all(r["detail"].startswith("smtp: ") for r in results)


def test_each_recipient_reads_the_mail_in_their_language(
    db: Database, world: World, tmp_path: Path, mailbox: Mailbox, hook: Hook
) -> None:
    """A ladder step's e-mail, from the catalogues: the unit's user who chose Chinese gets
    Chinese, an address with no user the deployment's language (here English)."""
    settings = settings_for(tmp_path, mailbox, hook)
    with db.session() as session:
        unit = session.scalars(select(Unit).where(Unit.code == "prov.fgw")).one()
        user = session.scalars(select(User).where(User.username == "fgw")).one()
        user.language = "zh"
        task = Task(tenant_id="default", code="T00042", title="推进数据共享", progress=40)
        message = notify.ladder_message(
            step="notice_yellow",
            task=task,
            unit=unit,
            subject="report",
            period="2023-03",
            due="2023-04-10",
            days=2,
        )
        notify.send(
            session,
            tenant_id="default",
            settings=settings,
            message=message,
            units=[unit],
            emails=["head@fgw.example"],
        )
        session.commit()
    deliver_outbox(db.factory, settings=settings, at=NOW)
    mails = {str(m["To"]): m for m in mailbox.messages}
    zh, en = mails["fgw@luoshi.example"], mails["head@fgw.example"]
    assert str(zh["Subject"]) == "【黄色督办单】T00042 2023-03进展报告"
    assert zh.get_content().strip() == (
        "【黄色督办单】省发展改革委：任务T00042「推进数据共享」的2023-03进展报告应于2023-04-10前报送，"
        "已逾期2个工作日，请立即报送。"
    )
    assert str(en["Subject"]) == "Yellow supervision notice: T00042 report for 2023-03"
    body = en.get_content().strip()
    assert body.startswith("Yellow supervision notice for Development and Reform Commission:")
    assert "2 working days overdue" in body
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in str(en["Subject"]))
