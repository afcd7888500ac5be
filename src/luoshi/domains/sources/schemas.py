"""Source API shapes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

SOURCE_KINDS = ("readout", "work_report", "central_document", "instruction", "other")


class SourceCreate(BaseModel):
    title: str = Field(default="", max_length=500)
    kind: str = Field(default="readout", pattern="^(" + "|".join(SOURCE_KINDS) + ")$")
    language: str | None = Field(default=None, pattern="^(en|zh)$")
    doc_date: date | None = None
    issuer: str = ""
    filename: str = ""


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
