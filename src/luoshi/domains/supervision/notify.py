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
from luoshi.i18n import language_of, text
from luoshi.kernel.models import Unit, User
from luoshi.kernel.users import users_of_unit
from luoshi.settings import Settings

# (中文, English) of each ladder step, from the catalogues (mail_step_<step>).
STEP_LABELS = {
    step: (text(f"mail_step_{step}", "zh"), text(f"mail_step_{step}", "en"))
    for step in ("remind", "urge", "notice_yellow", "notice_red")
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
    # The subject in one language, for an e-mail to a reader of it (else ``subject``).
    subject_zh: str = ""
    subject_en: str = ""

    @property
    def body(self) -> str:
        return f"{self.text_zh}\n\n{self.text_en}\n"

    def for_reader(self, language: str) -> tuple[str, str]:
        """The subject and body of an e-mail to a reader of ``language``: theirs only."""
        if language_of(language) == "en":
            return self.subject_en or self.subject, f"{self.text_en}\n"
        return self.subject_zh or self.subject, f"{self.text_zh}\n"


def say(key: str, /, **params: object) -> tuple[str, str]:
    """A catalogue message in Chinese and English; a (zh, en) pair as a value is a thing's
    two names (a unit's), each language filled with its own."""
    zh = {k: v[0] if isinstance(v, tuple) else v for k, v in params.items()}
    en = {k: v[1] if isinstance(v, tuple) else v for k, v in params.items()}
    return text(key, "zh", **zh), text(key, "en", **en)


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
    unit_zh, unit_en = _unit_names(unit)
    # Each language's words from the catalogue (mail_*): the unit named in that language.
    body_key = f"mail_{subject if subject in ('accept', 'report') else 'task'}_"
    body_key += "remind" if step == "remind" else "step"
    what_key = body_key.rsplit("_", 1)[0].replace("mail_", "mail_what_")
    params = {
        "code": task.code,
        "title": task.title,
        "progress": task.progress,
        "period": period,
        "due": due,
        "days": days,
        "s": "" if days == 1 else "s",
    }
    words: dict[str, tuple[str, str]] = {}
    for language, unit_name in (("zh", unit_zh), ("en", unit_en)):
        label = text(f"mail_step_{step}", language)
        what = text(what_key, language, **params)
        words[language] = (
            text("mail_subject", language, label=label, code=task.code, what=what),
            text(body_key, language, label=label, unit=unit_name, **params),
        )
    zh_label, en_label = STEP_LABELS[step]
    what_zh = text(what_key, "zh", **params)
    what_en = text(what_key, "en", **params)
    zh, en = words["zh"][1], words["en"][1]
    return Message(
        kind=step,
        subject=f"【{zh_label}】{task.code} {what_zh} / {en_label}: {task.code} {what_en}",
        text_zh=zh,
        text_en=en,
        task=task,
        subject_zh=words["zh"][0],
        subject_en=words["en"][0],
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
    subject: str | None = None,
    body: str | None = None,
) -> None:
    session.add(
        OutboxMessage(
            tenant_id=tenant_id,
            channel=channel,
            recipient=recipient,
            subject=(message.subject if subject is None else subject)[:300],
            body=message.body if body is None else body,
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
    # Each address with its reader's language: the user's setting, else the deployment's.
    addresses: dict[str, str] = {}
    for user in sorted(people.values(), key=lambda u: u.username):
        _inbox(session, user, message, action_id)
        recipients.append(f"user:{user.username}")
        if user.email:
            addresses.setdefault(user.email, user.language or settings.language)
    for address in emails:
        if address:
            addresses.setdefault(address, settings.language)
    if settings.smtp_host:
        for address, language in addresses.items():
            subject, body = message.for_reader(language)
            _queue(
                session,
                tenant_id=tenant_id,
                channel="email",
                recipient=address,
                message=message,
                payload={},
                action_id=action_id,
                subject=subject,
                body=body,
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
