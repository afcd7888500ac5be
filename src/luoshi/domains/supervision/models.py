"""Supervision: extension requests, the escalation ladder's actions, the inbox, the outbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin


class ExtensionRequest(Versioned, TenantMixin, Base):
    """A unit asks for a later due date; the office approves or refuses. Never deleted."""

    __tablename__ = "extension_request"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    old_due: Mapped[date] = mapped_column(Date)
    requested_due: Mapped[date] = mapped_column(Date)
    # pending → approved | refused; with a second approver required, the first approval
    # is recorded here and the request stays pending until another person approves.
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    first_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_comment: Mapped[str] = mapped_column(Text, default="")


class SupervisionAction(TenantMixin, Base):
    """One step of the ladder taken on a task for a unit: remind, urge, yellow or red notice.

    The unique key makes jobs idempotent: a step is taken once per task, unit and subject
    (``report:2023-04`` for a period's report, ``task:2023-06-30`` for a due date, so an
    extension starts the ladder again; ``manual:…`` for an urging written by the office).
    """

    __tablename__ = "supervision_action"
    __table_args__ = (
        UniqueConstraint("tenant_id", "task_id", "unit_id", "step", "subject_key"),
        # The dashboards' burden view: actions per unit and step since a day.
        Index("ix_supervision_action_burden", "tenant_id", "unit_id", "step", "issued_on"),
    )

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    step: Mapped[str] = mapped_column(String(20), index=True)
    subject_key: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[date | None] = mapped_column(Date)
    days_overdue: Mapped[int] = mapped_column(Integer, default=0)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    message_en: Mapped[str] = mapped_column(Text)
    message_zh: Mapped[str] = mapped_column(Text)
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)


class InboxItem(TenantMixin, Base):
    """A message in one user's in-app inbox."""

    __tablename__ = "inbox_item"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_action.id"))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The page the message is about (a register record's; a task's is known by task_id).
    link: Mapped[str] = mapped_column(String(300), default="")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OutboxMessage(TenantMixin, Base):
    """An e-mail or webhook call queued in the transaction that caused it, sent after commit."""

    __tablename__ = "outbox_message"

    channel: Mapped[str] = mapped_column(String(20))  # email | webhook
    recipient: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_action.id"))
    # pending → sent | failed (after the last attempt)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DeliveryLog(TenantMixin, Base):
    """One attempt to deliver an outbox message, successful or not."""

    __tablename__ = "delivery_log"

    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text, default="")


class Notification(TenantMixin, Base):
    """One event on a task told to one unit (assigned, returned, reassigned, report
    returned, extension decided, instruction written, accepted by default).

    The unique key is what "once" means: an event is told to a unit once per occasion (the
    task's version after the change, the extension request, the instruction, the review),
    so a retried or repeated call, or a job run twice, tells nobody twice.
    """

    __tablename__ = "notification"
    __table_args__ = (UniqueConstraint("tenant_id", "event", "task_id", "unit_id", "occasion"),)

    event: Mapped[str] = mapped_column(String(30))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    occasion: Mapped[str] = mapped_column(String(100))
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)


class RegisterChase(TenantMixin, Base):
    """One ladder step taken on a register record's deadline for a unit (a project's
    monthly report, a proposal's reply, a support item's landing…).

    Like ``SupervisionAction`` for tasks, the unique key makes the jobs idempotent: a step
    is taken once per record, unit and subject (``report:2023-04``, ``reply:2023-06-30``).
    """

    __tablename__ = "register_chase"
    __table_args__ = (
        UniqueConstraint("tenant_id", "object_type", "object_id", "unit_id", "step", "subject_key"),
    )

    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    subject_key: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[date] = mapped_column(Date)
    days_overdue: Mapped[int] = mapped_column(Integer, default=0)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    message_en: Mapped[str] = mapped_column(Text)
    message_zh: Mapped[str] = mapped_column(Text)
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
