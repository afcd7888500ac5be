"""Supervision API shapes: accept/return, extensions, ladder actions, inbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import Day, Note, Version


class TaskAccept(BaseModel):
    version: Version | None = None


class TaskReturn(BaseModel):
    reason: Annotated[Note, Field(min_length=1)]
    version: Version | None = None


class ExtensionCreate(BaseModel):
    requested_due: Day
    reason: Annotated[Note, Field(min_length=1)]


class ExtensionDecision(BaseModel):
    comment: Note = ""


class ExtensionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: int
    unit_id: int
    reason: str
    old_due: date
    requested_due: date
    status: str
    decision_comment: str
    decided_at: datetime | None
    created_at: datetime


class UrgeCreate(BaseModel):
    comment: Annotated[Note, Field(min_length=1)]


class SupervisionActionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: int
    unit_id: int
    step: str
    subject_key: str
    due_on: date | None
    days_overdue: int
    issued_on: date
    actor_name: str
    message_en: str
    message_zh: str
    recipients: list[str]
    created_at: datetime


class InboxItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    task_id: int | None
    action_id: int | None
    title: str
    body: str
    link: str
    read_at: datetime | None
    created_at: datetime


class InboxPage(BaseModel):
    items: list[InboxItemRead]
    unread: int
