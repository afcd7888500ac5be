"""Bulletins and the per-office, per-year counter that numbers them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin


class Bulletin(Versioned, TenantMixin, Base):
    """One bulletin of an office for a month or a quarter.

    A draft keeps only what the office wrote (title, text sections, good practices picked);
    its figures are computed from live data whenever it is shown. Issuing freezes it: the
    whole content is stored in ``content`` and never recomputed, and it gets the next
    number of its office's year.
    """

    __tablename__ = "bulletin"
    __table_args__ = (UniqueConstraint("tenant_id", "office_unit_id", "year", "number"),)

    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    # "2023-05" (a month) or "2023Q1" (a quarter).
    period: Mapped[str] = mapped_column(String(10), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    organ: Mapped[str] = mapped_column(String(200))
    number_prefix: Mapped[str] = mapped_column(String(50), default="")
    title: Mapped[str] = mapped_column(Text)
    intro: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    # [{"kind": "report" | "task", "id": n, "note": "..."}], as the office picked them.
    good_practices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The frozen content of an issued bulletin (schemas.BulletinContent); empty for a draft.
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    issued_on: Mapped[date | None] = mapped_column(Date)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class BulletinSequence(Base):
    """The last number an office gave a bulletin in a year: moved by one UPDATE in the
    issuing transaction, so concurrent issuers queue on its row (no gap, no duplicate)."""

    __tablename__ = "bulletin_sequence"

    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
