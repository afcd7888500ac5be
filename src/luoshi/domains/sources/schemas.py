"""Source API shapes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from luoshi.kernel.fields import Day, Name, Title

SOURCE_KINDS = ("readout", "work_report", "central_document", "instruction", "other")
KIND_PATTERN = "^(" + "|".join(SOURCE_KINDS) + ")$"


class SourceCreate(BaseModel):
    title: Title = ""
    kind: str = Field(default="readout", pattern=KIND_PATTERN)
    language: str | None = Field(default=None, pattern="^(en|zh)$")
    doc_date: Day | None = None
    issuer: Name = ""
    filename: Title = ""


class SourceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    kind: str
    language: str
    doc_date: date | None
    issuer: str
    filename: str
    chars: int
    sha256: str
    status: str
    created_at: datetime


class SourceDetail(SourceRead):
    text: str
