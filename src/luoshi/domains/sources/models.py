"""Source documents, stored verbatim."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, Versioned
from luoshi.kernel.models import TenantMixin


class Source(Versioned, TenantMixin, Base):
    """A readout, work report, central document or leader instruction, verbatim."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("tenant_id", "sha256"),)

    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(32), default="readout")
    language: Mapped[str] = mapped_column(String(8))
    doc_date: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(200), default="")
    filename: Mapped[str] = mapped_column(String(300), default="")
    encoding: Mapped[str] = mapped_column(String(32), default="utf-8")
    text: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # The extractor's whole output as produced, kept for provenance and re-review.
    extraction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(32), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The unit whose office loaded the source: it and the units above review and publish
    # it; the units below read it.
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
