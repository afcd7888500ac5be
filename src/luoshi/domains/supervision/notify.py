"""Notifications: an inbox item per user now, e-mails and webhook calls queued for after
commit (the outbox; ``delivery.deliver_outbox`` sends them). Texts in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.domains.supervision.models import InboxItem, OutboxMessage
from luoshi.domains.tasks.models import Task
from luoshi.kernel.models import Unit, User
from luoshi.kernel.users import users_of_unit
from luoshi.settings import Settings

STEP_LABELS = {
    "remind": ("提醒", "Reminder"),
    "urge": ("催办", "Urging"),
    "notice_yellow": ("黄色督办单", "Yellow supervision notice"),
    "notice_red": ("红色督办单", "Red supervision notice"),
}


@dataclass(frozen=True)
class Message:
    """One notification, in both languages."""

    kind: str
    subject: str
    text_zh: str
    text_en: str
    task: Task | None = None
    data: dict[str, Any] = field(default_factory=dict)
    link: str = ""

    @property
    def body(self) -> str:
        return f"{self.text_zh}\n\n{self.text_en}\n"


def _unit_names(unit: Unit) -> tuple[str, str]:
    return unit.name_zh, unit.name_en or unit.name_zh


def ladder_message(
    *,
    step: str,
    task: Task,
    unit: Unit,
    subject: str,
    period: str | None,
    due: str,
    days: int,
) -> Message:
    """The text of a ladder step on a report (``subject == "report"``), an acceptance
    awaited (``"accept"``) or a task deadline (``"task"``)."""
    zh_label, en_label = STEP_LABELS[step]
    unit_zh, unit_en = _unit_names(unit)
    title, code, progress = task.title, task.code, task.progress
    working_days = f"{days} working day{'' if days == 1 else 's'}"
    if subject == "accept":
        what_zh, what_en = "签收", f"acceptance by {due}"
        if step == "remind":
            zh = (
                f"【提醒】{unit_zh}：任务{code}「{title}」已交办贵单位牵头办理，请于{due}前签收"
                "或说明理由退回；逾期视为签收。"
            )
            en = (
                f'Reminder for {unit_en}: task {code} "{title}" awaits your acceptance. '
                f"Accept it, or return it with a reason, by {due}; after that it counts as "
                "accepted."
            )
        else:
            zh = (
                f"【{zh_label}】{unit_zh}：今天（{due}）是任务{code}「{title}」签收或退回的最后"
                "一天；明日起视为签收。"
            )
            en = (
                f"{en_label} for {unit_en}: today ({due}) is the last day to accept task "
                f'{code} "{title}" or return it with a reason; from tomorrow it counts as '
                "accepted."
            )
    elif subject == "report":
        what_zh, what_en = f"{period}进展报告", f"report for {period}"
        if step == "remind":
            zh = f"【提醒】{unit_zh}：任务{code}「{title}」的{period}进展报告应于{due}前报送。"
            en = (
                f"Reminder for {unit_en}: the {period} progress report on task {code} "
                f'"{title}" is due on {due}.'
            )
        else:
            zh = (
                f"【{zh_label}】{unit_zh}：任务{code}「{title}」的{period}进展报告应于{due}前"
                f"报送，已逾期{days}个工作日，请立即报送。"
            )
            en = (
                f"{en_label} for {unit_en}: the {period} progress report on task {code} "
                f'"{title}" was due on {due} and is {working_days} overdue. File it now.'
            )
    else:
        what_zh, what_en = "任务到期", f"task due {due}"
        if step == "remind":
            zh = f"【提醒】{unit_zh}：任务{code}「{title}」应于{due}前完成，当前进度{progress}%。"
            en = (
                f'Reminder for {unit_en}: task {code} "{title}" is due on {due}; '
                f"progress is {progress}%."
            )
        else:
            zh = (
                f"【{zh_label}】{unit_zh}：任务{code}「{title}」应于{due}前完成，已逾期{days}"
                f"个工作日，当前进度{progress}%，请抓紧办理并说明情况。"
            )
            en = (
                f'{en_label} for {unit_en}: task {code} "{title}" was due on {due} and is '
                f"{working_days} overdue at {progress}%. Act now and explain the delay."
            )
    return Message(
        kind=step,
        subject=f"【{zh_label}】{code} {what_zh} / {en_label}: {code} {what_en}",
        text_zh=zh,
        text_en=en,
        task=task,
        data={
            "step": step,
            "unit": unit.code,
            "subject": subject,
            "period": period,
            "due": due,
            "days_overdue": days,
        },
    )


def _inbox(session: Session, user: User, message: Message, action_id: int | None) -> None:
    session.add(
        InboxItem(
            tenant_id=user.tenant_id,
            user_id=user.id,
            kind=message.kind,
            task_id=message.task.id if message.task else None,
            action_id=action_id,
            title=message.subject[:300],
            body=message.body,
            link=message.link[:300],
        )
    )


def _queue(
    session: Session,
    *,
    tenant_id: str,
    channel: str,
    recipient: str,
    message: Message,
    payload: dict[str, Any],
    action_id: int | None,
) -> None:
    session.add(
        OutboxMessage(
            tenant_id=tenant_id,
            channel=channel,
            recipient=recipient,
            subject=message.subject[:300],
            body=message.body,
            payload=payload,
            action_id=action_id,
            next_attempt_at=clock.now(),
        )
    )


def webhook_payload(message: Message, webhook_format: str) -> dict[str, Any]:
    """The body a group robot expects: generic JSON, WeCom or DingTalk markdown."""
    if webhook_format == "wecom":
        return {
            "msgtype": "markdown",
            "markdown": {"content": f"**{message.subject}**\n{message.text_zh}\n{message.text_en}"},
        }
    if webhook_format == "dingtalk":
        return {
            "msgtype": "markdown",
            "markdown": {
                "title": message.subject,
                "text": f"#### {message.subject}\n\n{message.text_zh}\n\n{message.text_en}",
            },
        }
    task = message.task
    return {
        "event": message.kind,
        "subject": message.subject,
        "text_zh": message.text_zh,
        "text_en": message.text_en,
        "task": {"id": task.id, "code": task.code, "title": task.title} if task else None,
        **message.data,
    }


def send(
    session: Session,
    *,
    tenant_id: str,
    settings: Settings,
    message: Message,
    units: Sequence[Unit] = (),
    users: Iterable[User] = (),
    emails: Iterable[str] = (),
    webhook: bool = False,
    action_id: int | None = None,
) -> list[str]:
    """Notify the users of ``units`` and ``users`` (inbox, and e-mail when SMTP is set up),
    the extra addresses ``emails``, and the group robot when ``webhook``. Returns the
    recipients as ``user:NAME``, ``email:ADDRESS`` and ``webhook``."""
    people: dict[int, User] = {}
    for unit in units:
        people.update({u.id: u for u in users_of_unit(session, unit_id=unit.id)})
    people.update({u.id: u for u in users if u.active})
    recipients: list[str] = []
    addresses: list[str] = []
    for user in sorted(people.values(), key=lambda u: u.username):
        _inbox(session, user, message, action_id)
        recipients.append(f"user:{user.username}")
        if user.email:
            addresses.append(user.email)
    addresses += [e for e in emails if e]
    if settings.smtp_host:
        for address in dict.fromkeys(addresses):
            _queue(
                session,
                tenant_id=tenant_id,
                channel="email",
                recipient=address,
                message=message,
                payload={},
                action_id=action_id,
            )
            recipients.append(f"email:{address}")
    if webhook and settings.webhook_url:
        _queue(
            session,
            tenant_id=tenant_id,
            channel=f"webhook_{settings.webhook_format}",
            recipient=settings.webhook_url,
            message=message,
            payload=webhook_payload(message, settings.webhook_format),
            action_id=action_id,
        )
        recipients.append("webhook")
    session.flush()
    return recipients
