"""Support items: what the province asked of a national ministry, and what came of it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin


class SupportItem(Versioned, TenantMixin, Base):
    """One thing asked of a ministry: asked → agreed → landed, or dropped."""

    __tablename__ = "support_item"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
    # The light is derived from the item and the date: recomputing it is no edit.
    __unversioned__ = frozenset({"light", "light_reasons", "light_at"})

    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, default="")
    # The ministry as people name it; its code when it is one of data/national_units.yaml.
    ministry: Mapped[str] = mapped_column(String(200))
    ministry_code: Mapped[str | None] = mapped_column(String(64))
    # The unit whose office keeps the entry and follows it up; the lead (owner) unit lies
    # in its subtree and does the asking.
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="asked", index=True)
    asked_on: Mapped[date | None] = mapped_column(Date)
    agreed_on: Mapped[date | None] = mapped_column(Date)
    # When the agreed support is expected to land: the follow-up deadline.
    expected_on: Mapped[date | None] = mapped_column(Date)
    landed_on: Mapped[date | None] = mapped_column(Date)
    dropped_on: Mapped[date | None] = mapped_column(Date)
    drop_reason: Mapped[str] = mapped_column(Text, default="")
    landed_as: Mapped[str | None] = mapped_column(String(20))
    # A fund's amount in 万元 (ten thousand yuan), as ministries announce it.
    fund_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    policy_document: Mapped[str] = mapped_column(String(500), default="")
    project_name: Mapped[str] = mapped_column(String(500), default="")
    landed_detail: Mapped[str] = mapped_column(Text, default="")
    light: Mapped[str] = mapped_column(String(20), default="green", index=True)
    light_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class SupportItemEvent(TenantMixin, Base):
    """A dated step of an item's history: the day it happened, not the day it was typed."""

    __tablename__ = "support_item_event"

    item_id: Mapped[int] = mapped_column(ForeignKey("support_item.id"), index=True)
    on: Mapped[date] = mapped_column(Date)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_name: Mapped[str] = mapped_column(String(200), default="")
