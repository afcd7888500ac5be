"""Key projects: the register entry, its annual plans, its stage history, monthly reports.

Amounts are in 万元 (ten thousand yuan), as the offices' tables keep them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin

AMOUNT = Numeric(16, 2)


class Project(Versioned, TenantMixin, Base):
    __tablename__ = "project"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
    # The light is derived from the project and its reports: recomputing it is no edit.
    __unversioned__ = frozenset({"light", "light_reasons", "light_at"})

    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # The owner (业主 / 牵头) unit files the monthly reports; the office keeps the entry and
    # supervises it; the region (city or county) is where it is built and reads it.
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    region_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    industry: Mapped[str] = mapped_column(String(30), index=True)
    level: Mapped[str] = mapped_column(String(30), index=True)
    stage: Mapped[str] = mapped_column(String(30), index=True, default="reserve")
    national_plan: Mapped[str] = mapped_column(String(20), default="none", index=True)
    national_plan_name: Mapped[str] = mapped_column(String(300), default="")
    national_plan_date: Mapped[date | None] = mapped_column(Date)
    total_investment: Mapped[Decimal] = mapped_column(AMOUNT, default=Decimal(0))
    # Investment completed before the first monthly report kept here: the cumulative of
    # every report counts from it.
    investment_before: Mapped[Decimal] = mapped_column(AMOUNT, default=Decimal(0))
    planned_start: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    planned_completion: Mapped[date | None] = mapped_column(Date)
    actual_completion: Mapped[date | None] = mapped_column(Date)
    # The day it went into operation (投产 / 投运).
    operation_date: Mapped[date | None] = mapped_column(Date)
    light: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    light_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Shown on the public accountability page (/public) only when the office says so.
    public: Mapped[bool] = mapped_column(Boolean, default=False)


class ProjectYearPlan(TenantMixin, Base):
    """The investment planned for one calendar year of a project (年度计划投资)."""

    __tablename__ = "project_year_plan"
    __table_args__ = (UniqueConstraint("project_id", "year", "tenant_id"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    planned_investment: Mapped[Decimal] = mapped_column(AMOUNT)


class ProjectStageChange(TenantMixin, Base):
    """One move of a project through its stages, on the day it happened."""

    __tablename__ = "project_stage_change"

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(30))
    to_stage: Mapped[str] = mapped_column(String(30))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    actor_name: Mapped[str] = mapped_column(String(100))


class ProjectReport(Versioned, TenantMixin, Base):
    """The owner unit's report for one month (period ``YYYY-MM``)."""

    __tablename__ = "project_report"
    __table_args__ = (UniqueConstraint("tenant_id", "project_id", "period"),)
    # The cumulative follows the months before it: a correction of an earlier month moves it
    # without being an edit of this report.
    __unversioned__ = frozenset({"investment_cumulative"})

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period: Mapped[str] = mapped_column(String(7))
    due_on: Mapped[date] = mapped_column(Date)
    investment_month: Mapped[Decimal] = mapped_column(AMOUNT)
    # Derived: the project's investment_before plus every month up to this one.
    investment_cumulative: Mapped[Decimal] = mapped_column(AMOUNT)
    progress: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ProjectPhoto(TenantMixin, Base):
    """A photo (or other evidence file) of a monthly report, stored by its sha256 in the
    evidence directory like a task report's evidence."""

    __tablename__ = "project_photo"

    report_id: Mapped[int] = mapped_column(ForeignKey("project_report.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
