"""Livelihood matters (民生实事) with their targets and period values; indicators (指标) with
their targets and actuals by period and region."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin

# A light is derived from the values: recomputing it is no edit of the row.
DERIVED = frozenset({"light", "light_reasons", "light_at"})


class LivelihoodMatter(Versioned, TenantMixin, Base):
    """One matter of a year's list (e.g. "new places in public kindergartens")."""

    __tablename__ = "livelihood_matter"
    __table_args__ = (UniqueConstraint("tenant_id", "year", "number"),)
    __unversioned__ = DERIVED

    year: Mapped[int] = mapped_column(Integer, index=True)
    # Its place in the published list (第 N 件).
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    # The unit whose office keeps the list and supervises it; the lead unit is 牵头单位.
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    # "monthly" or "quarterly": the periods its values are reported by.
    report_cycle: Mapped[str] = mapped_column(String(20), default="monthly")
    light: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    light_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Shown on the public accountability page (/public) only when the office says so.
    public: Mapped[bool] = mapped_column(Boolean, default=False)


class LivelihoodTarget(Versioned, TenantMixin, Base):
    """A quantitative target of a matter: from ``baseline`` to ``target_value`` in ``measure``
    by the year's end. Its lead unit reports its values (a co-unit of the matter when it is
    not the matter's lead)."""

    __tablename__ = "livelihood_target"
    __table_args__ = (UniqueConstraint("matter_id", "name", "tenant_id"),)
    __unversioned__ = DERIVED

    matter_id: Mapped[int] = mapped_column(ForeignKey("livelihood_matter.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(500))
    measure: Mapped[str] = mapped_column(String(50))
    baseline: Mapped[float] = mapped_column(Float, default=0.0)
    target_value: Mapped[float] = mapped_column(Float)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    # Codes of the units (cities, counties) where the target lands, for reading.
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    light: Mapped[str] = mapped_column(String(20), default="not_started")
    light_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LivelihoodValue(Versioned, TenantMixin, Base):
    """The value of a target reached by the end of a period (cumulative over the year)."""

    __tablename__ = "livelihood_value"
    __table_args__ = (UniqueConstraint("target_id", "period", "tenant_id"),)

    target_id: Mapped[int] = mapped_column(ForeignKey("livelihood_target.id"), index=True)
    # "2023-04" (a month) or "2023Q2" (a quarter), after the matter's cycle.
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Indicator(Versioned, TenantMixin, Base):
    """A general indicator (GDP growth, fixed-asset investment growth…) owned by a unit."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(String(50))
    # "rate" (a growth rate or a share, in percent: compared in points) or "amount"
    # (compared as a share of the target).
    kind: Mapped[str] = mapped_column(String(20), default="rate")
    # "higher" (higher is better) or "lower".
    direction: Mapped[str] = mapped_column(String(10), default="higher")
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class IndicatorValue(Versioned, TenantMixin, Base):
    """An indicator's target and actual for one period and one region."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period", "region_unit_id", "tenant_id"),)
    __unversioned__ = DERIVED

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    # "2023Q1", "2023H1", "2023Q3" (the first three quarters) or "2023" (the year).
    period: Mapped[str] = mapped_column(String(10), index=True)
    region_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    target_value: Mapped[float | None] = mapped_column(Float)
    actual_value: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    actual_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actual_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    light: Mapped[str] = mapped_column(String(20), default="not_started")
    light_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
