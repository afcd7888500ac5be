"""Suggestions and proposals: the register entry, its co-units and its reply rounds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin


class Proposal(Versioned, TenantMixin, Base):
    """A deputy's suggestion (建议) or a member's proposal (提案), from registration to close."""

    __tablename__ = "proposal"
    __table_args__ = (UniqueConstraint("tenant_id", "session", "number"),)
    # The light is derived from the dates: recomputing it is no edit.
    __unversioned__ = frozenset({"light", "light_reasons", "light_at"})

    session: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, default="")
    proposer: Mapped[str] = mapped_column(String(200))
    co_signers: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str] = mapped_column(String(200), default="")
    # The office that keeps the entry and supervises it; lead and co-units lie under it.
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # A proposal split (分办) among units is handled as one child per unit.
    split_from_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    # Reply rounds: 1, and one more for each re-handling after an unsatisfied rating.
    round: Mapped[int] = mapped_column(Integer, default=1)
    assigned_on: Mapped[date | None] = mapped_column(Date)
    reply_due: Mapped[date | None] = mapped_column(Date)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # Who returned it may not also reassign it.
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The current round's outcome and the latest rating (the rounds keep them all).
    outcome: Mapped[str | None] = mapped_column(String(1))
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    light: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    light_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ProposalCoUnit(Base):
    """A co-unit (协办单位) and its countersignature (会签) of the current round's reply."""

    __tablename__ = "proposal_co_unit"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True, default="default")
    signed_round: Mapped[int | None] = mapped_column(Integer)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opinion: Mapped[str] = mapped_column(Text, default="")


class ProposalReply(TenantMixin, Base):
    """One round's reply: drafted by the lead, countersigned, sent by the office, rated."""

    __tablename__ = "proposal_reply"
    __table_args__ = (UniqueConstraint("proposal_id", "round", "tenant_id"),)

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text)
    # What a B or C reply promises, and by when: it is followed as a task once sent.
    commitment: Mapped[str] = mapped_column(Text, default="")
    commitment_due: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_on: Mapped[date | None] = mapped_column(Date)
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    rated_on: Mapped[date | None] = mapped_column(Date)
    rating_note: Mapped[str] = mapped_column(Text, default="")
