"""Docking: one row per measure of a national document, carrying the province's answer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, Versioned
from luoshi.kernel.models import TenantMixin


class DockingMeasure(Versioned, TenantMixin, Base):
    """A national measure (a directive of a national source) and its local answer."""

    __tablename__ = "docking_measure"
    __table_args__ = (UniqueConstraint("tenant_id", "directive_id"),)

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directive.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The measure's text as the document says it (verbatim) and its heading, copied when
    # docked: the list reads them without reaching into the directive.
    national_measure: Mapped[str] = mapped_column(Text)
    heading: Mapped[str] = mapped_column(Text, default="")
    # The office that keeps the docking; the owner unit (in its subtree) answers the measure.
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    # Why the measure does not apply to the province (required for not_applicable).
    reason: Mapped[str] = mapped_column(Text, default="")
    # The provincial document or measure that answers it, by name.
    local_measure: Mapped[str] = mapped_column(String(500), default="")
    # The provincial task that answers it (also a kernel link of kind "docks").
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    # The day the current status was reached (issued on, in force from).
    status_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
