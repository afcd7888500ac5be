"""Progress reports with their evidence, leaders' instructions and answers, light history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin

# On PostgreSQL ``report`` is partitioned by month of ``period_end`` (docs/scale.md,
# "Reports partitioned by month"): every unique key holds ``period_end`` (the tenant key
# too, luoshi.tenant_keys.PARTITION_KEYS), the primary key is ``(id, period_end)`` there
# (luoshi.db renders it), and the rows that refer to a report carry its period end and
# refer by ``(report_id, tenant_id, report_period_end)``. SQLite keeps one plain table with
# the same columns and keys. ``luoshi db partitions`` makes the months ahead.
REPORT_PARTITION_KEY = "period_end"


def _report_reference(table: str) -> ForeignKeyConstraint:
    """The foreign key of a row that refers to a report: by the report's tenant key, its
    period end included, following a report whose period end changes (a re-filed one-off
    report, which moves to another month's partition)."""
    return ForeignKeyConstraint(
        ["report_id", "tenant_id", "report_period_end"],
        ["report.id", "report.tenant_id", "report.period_end"],
        name=f"fk_{table}_report_id_report",
        onupdate="CASCADE",
    )


class Report(Versioned, TenantMixin, Base):
    """A unit's periodic update on a task."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("tenant_id", "task_id", "unit_id", "period", REPORT_PARTITION_KEY),
        # The office's week and its review queue (migration 0025).
        Index("ix_report_submitted", "tenant_id", "submitted_at"),
        Index("ix_report_reviewed", "tenant_id", "reviewed_at"),
        Index("ix_report_review_queue", "tenant_id", "status", "submitted_at", "task_id"),
        {
            "postgresql_partition_by": f"RANGE ({REPORT_PARTITION_KEY})",
            "info": {"partition_key": REPORT_PARTITION_KEY},
        },
    )

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    period_end: Mapped[date] = mapped_column(Date)
    # The working day the report was due (the report day moved past holidays).
    due_on: Mapped[date | None] = mapped_column(Date)
    progress: Mapped[int] = mapped_column(Integer)
    done: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    target_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ReportEvidence(TenantMixin, Base):
    """A file attached to a report, stored once by its sha256 under the evidence directory."""

    __tablename__ = "report_evidence"
    __table_args__ = (_report_reference("report_evidence"),)

    report_id: Mapped[int] = mapped_column(Integer, index=True)
    # The report's period end: the partition key of the report it belongs to.
    report_period_end: Mapped[date] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Instruction(TenantMixin, Base):
    """A leader's written instruction (批示) on a task; the units answer it in a report."""

    __tablename__ = "instruction"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    written_on: Mapped[date] = mapped_column(Date)


class InstructionResponse(TenantMixin, Base):
    """A report's answer to an instruction."""

    __tablename__ = "instruction_response"
    __table_args__ = (
        UniqueConstraint("report_id", "instruction_id", "tenant_id"),
        _report_reference("instruction_response"),
    )

    report_id: Mapped[int] = mapped_column(Integer, index=True)
    # The report's period end: the partition key of the report it answers in.
    report_period_end: Mapped[date] = mapped_column(Date)
    instruction_id: Mapped[int] = mapped_column(ForeignKey("instruction.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    text: Mapped[str] = mapped_column(Text)


class LightChange(TenantMixin, Base):
    """One change of a task's light (or of its reasons), with the reasons in both languages."""

    __tablename__ = "light_change"
    # The office's week and the trend chart: changes by day and light (migration 0025).
    __table_args__ = (
        Index("ix_light_change_day", "tenant_id", "day", "light", "previous", "task_id"),
    )

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    previous: Mapped[str | None] = mapped_column(String(20))
    light: Mapped[str] = mapped_column(String(20))
    # [{"code", "severity", "params", "en", "zh"}]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    actor_name: Mapped[str] = mapped_column(String(100))


# A row whose month has no partition yet lands in the default partition, until the daily
# maintenance gives it a month of its own (luoshi.domains.progress.partitions).
event.listen(
    Report.__table__,
    "after_create",
    DDL(  # type: ignore[no-untyped-call]
        "CREATE TABLE report_default PARTITION OF report DEFAULT"
    ).execute_if(dialect="postgresql"),
)
