"""Sending the outbox after commit: e-mail over SMTP, webhooks over HTTP, with retries.

Each message is claimed before it is sent (its next attempt is pushed a lease ahead in a
committed update that only one runner can win), sent outside any transaction, and its
outcome recorded in a transaction of its own: attempts, backoff, and a delivery_log row.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from luoshi import clock
from luoshi.db import transaction
from luoshi.domains.supervision import rules
from luoshi.domains.supervision.models import DeliveryLog, OutboxMessage
from luoshi.settings import Settings

LEASE = timedelta(minutes=10)
BATCH = 200


class DeliveryError(Exception):
    """A message could not be delivered this time."""


@dataclass(frozen=True)
class Outgoing:
    """What a sender needs of a message, read before the transaction closes."""

    id: int
    channel: str
    recipient: str
    subject: str
    body: str
    payload: dict[str, Any]
    attempts: int


def send_email(settings: Settings, message: Outgoing) -> str:
    if not settings.smtp_host:
        raise DeliveryError("LUOSHI_SMTP_HOST is not set")
    email = EmailMessage()
    email["From"] = settings.smtp_sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(clock.now().timestamp(), localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"luoshi-{message.id}")
    email.set_content(message.body)
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            refused = smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"smtp: {exc!r}") from exc
    if refused:
        raise DeliveryError(f"smtp refused {sorted(refused)}")
    return f"smtp {settings.smtp_host}:{settings.smtp_port} accepted"


def send_webhook(settings: Settings, message: Outgoing) -> str:
    url = message.recipient
    if message.channel == "webhook_dingtalk" and settings.webhook_secret:
        url = rules.signed_dingtalk_url(
            url, settings.webhook_secret, int(clock.now().timestamp() * 1000)
        )
    try:
        response = httpx.post(url, json=message.payload, timeout=settings.webhook_timeout_seconds)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"http: {exc!r}") from exc
    if not response.is_success:
        raise DeliveryError(f"http {response.status_code}: {response.text[:200]}")
    if message.channel in ("webhook_wecom", "webhook_dingtalk"):
        # The robots answer 200 with {"errcode": 0} on success and another code otherwise.
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
            raise DeliveryError(f"robot refused: {answer}")
    return f"http {response.status_code}"


def send_one(settings: Settings, message: Outgoing) -> str:
    if message.channel == "email":
        return send_email(settings, message)
    if message.channel.startswith("webhook_"):
        return send_webhook(settings, message)
    raise DeliveryError(f"unknown channel {message.channel!r}")


def _claim(factory: sessionmaker[Session], message_id: int, at: datetime) -> Outgoing | None:
    with transaction(factory) as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status == "pending",
                OutboxMessage.next_attempt_at <= at,
            )
            .values(next_attempt_at=at + LEASE)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = session.get(OutboxMessage, message_id)
        assert row is not None
        return Outgoing(
            id=row.id,
            channel=row.channel,
            recipient=row.recipient,
            subject=row.subject,
            body=row.body,
            payload=dict(row.payload),
            attempts=row.attempts,
        )


def _record(
    factory: sessionmaker[Session],
    message: Outgoing,
    *,
    ok: bool,
    detail: str,
    at: datetime,
    settings: Settings,
) -> str:
    with transaction(factory) as session:
        row = session.get(OutboxMessage, message.id)
        assert row is not None
        row.attempts = message.attempts + 1
        if ok:
            row.status, row.sent_at, row.last_error = "sent", clock.now(), ""
        else:
            row.last_error = detail
            if row.attempts >= settings.delivery_max_attempts:
                row.status = "failed"
            else:
                row.next_attempt_at = at + rules.backoff(
                    row.attempts, base_seconds=settings.delivery_backoff_seconds
                )
        session.add(
            DeliveryLog(
                tenant_id=row.tenant_id,
                message_id=row.id,
                attempt=row.attempts,
                ok=ok,
                detail=detail[:2000],
            )
        )
        return row.status


def _shown(message: Outgoing) -> str:
    """The recipient as printed: a webhook's URL carries its token, so show only the host."""
    if message.channel == "email":
        return message.recipient
    return httpx.URL(message.recipient).host


def deliver_outbox(
    session_factory: sessionmaker[Session], *, settings: Settings, at: datetime | None = None
) -> list[dict[str, Any]]:
    """Send every queued message whose time has come; one result per attempt."""
    at = at or clock.now()
    with transaction(session_factory) as session:
        ids = list(
            session.scalars(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.tenant_id == settings.tenant,
                    OutboxMessage.status == "pending",
                    OutboxMessage.next_attempt_at <= at,
                )
                .order_by(OutboxMessage.id)
                .limit(BATCH)
            )
        )
    results = []
    for message_id in ids:
        message = _claim(session_factory, message_id, at)
        if message is None:
            continue  # another runner has it
        try:
            detail, ok = send_one(settings, message), True
        except DeliveryError as exc:
            detail, ok = str(exc), False
        status = _record(session_factory, message, ok=ok, detail=detail, at=at, settings=settings)
        results.append(
            {
                "job": "deliver",
                "message": message.id,
                "channel": message.channel,
                "to": _shown(message),
                "ok": ok,
                "status": status,
                "detail": detail,
            }
        )
    return results
