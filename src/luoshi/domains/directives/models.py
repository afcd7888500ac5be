"""Work lines and directives drafted from a source, reviewed by a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, Versioned
from luoshi.kernel.models import TenantMixin


class WorkLine(TenantMixin, Base):
    __tablename__ = "work_line"

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    heading: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    domain: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer)


class Directive(Versioned, TenantMixin, Base):
    """One thing a source asks for, with its exact span and the extractor's attributes."""

    __tablename__ = "directive"

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    work_line_id: Mapped[int | None] = mapped_column(ForeignKey("work_line.id"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # The reviewer's wording of the task; defaults to the span text.
    title: Mapped[str] = mapped_column(Text)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    deadlines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    targets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    programmes: Mapped[list[str]] = mapped_column(JSON, default=list)
    domain: Mapped[str | None] = mapped_column(String(50))
    suggested_units: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # draft → confirmed → published; or rejected; or merged into another directive.
    status: Mapped[str] = mapped_column(String(32), default="draft")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("directive.id"))
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    co_unit_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    due_date: Mapped[date | None] = mapped_column(Date)
