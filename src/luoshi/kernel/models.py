"""Kernel tables: units, users, roles, audit events, links, calendar overrides."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from luoshi.clock import now
from luoshi.db import Base, UTCDateTime


class TenantMixin:
    """Every top-level business table carries the tenant key (ADR 0001)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True, default="default")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now, onupdate=now)


class Unit(TenantMixin, Base):
    """An organisation in the tree: province, department, city, county, township."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    code: Mapped[str] = mapped_column(String(64))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    short_zh: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # Materialized path of ids, "/1/5/17/": a subtree is a prefix query.
    path: Mapped[str] = mapped_column(String(512), index=True, default="/")
    functions: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    head_email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    # Joined on the id alone: the wide foreign key's tenant pair would make the tenant
    # column look like a second link (tenant_keys.py).
    parent: Mapped[Unit | None] = relationship(
        primaryjoin="Unit.parent_id == remote(Unit.id)", foreign_keys="Unit.parent_id"
    )


class User(TenantMixin, Base):
    __tablename__ = "user_account"
    __table_args__ = (UniqueConstraint("tenant_id", "username"),)

    username: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    # Role codes from the permission catalogue (kernel/permissions.py).
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The interface language the user chose (zh, en); null until they choose (web/language.py).
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Password age (MLPS rotation) counts from here; null for rows older than the column.
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Lockout: consecutive failures, the lock's end, and consecutive locks (each doubles).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    # TOTP (RFC 6238): the secret, when enrolment was confirmed, and the last time step a
    # code was accepted for (a code is good once).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    unit: Mapped[Unit] = relationship(
        primaryjoin="User.unit_id == Unit.id", foreign_keys="User.unit_id"
    )


class PasswordHistory(Base):
    """Earlier password hashes of a user, so that the last few are not reused."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


class UserSession(Base):
    """A login held on the server; the cookie carries only the id, stored here hashed.

    ``stage`` is ``active`` for a full login, or the step still owed before it is one:
    ``totp`` (a second factor), ``enrol`` (set up a second factor), ``password`` (change an
    expired password).
    """

    __tablename__ = "user_session"
    # A hash is unique by itself; the tenant makes it a key Citus can keep (tenant_keys.py).
    __table_args__ = (UniqueConstraint("token_hash", "tenant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    client_address: Mapped[str] = mapped_column(String(64), default="")


class ApiToken(Base):
    """A personal API token: shown once, stored as its sha256, scoped and expiring."""

    __tablename__ = "api_token"
    # A hash is unique by itself; the tenant makes it a key Citus can keep (tenant_keys.py).
    __table_args__ = (UniqueConstraint("token_hash", "tenant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(8))  # read | write
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who did what to which object, old → new, when, from where, with what result (留痕).

    Never updated or deleted (only pruned past the retention, by ``luoshi audit prune``).
    Rows form one hash chain per tenant, in ``seq`` order: each row's ``hash`` covers its
    fields and the previous row's hash (kernel/audit_chain.py).
    """

    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("tenant_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    # The actor's roles (comma-separated codes) and unit when it acted.
    actor_roles: Mapped[str] = mapped_column(String(200), default="", server_default="")
    actor_unit_id: Mapped[int | None] = mapped_column(Integer)
    client_address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    action: Mapped[str] = mapped_column(String(100), index=True)
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(Integer)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    # success, denied (a permission check refused) or failed.
    result: Mapped[str] = mapped_column(String(16), default="success", server_default="success")
    # The chain: position, the previous row's hash, this row's hash and its algorithm.
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    hash_alg: Mapped[str | None] = mapped_column(String(16))


class AuditChain(Base):
    """One tenant's audit chain: its head (so a cut-off tail is found) and its anchor (the
    first row kept after pruning, so the chain still verifies from there)."""

    __tablename__ = "audit_chain"

    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    head_seq: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64))
    anchor_seq: Mapped[int] = mapped_column(Integer, default=1)
    anchor_prev_hash: Mapped[str] = mapped_column(String(64))
    pruned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RateLimitHit(Base):
    """Requests counted in one window of one rate-limit bucket, shared by every instance of
    the app (``LUOSHI_RATE_LIMIT_STORE=database``). The key is a digest: the table keeps no
    address or username."""

    __tablename__ = "rate_limit_hit"

    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hits: Mapped[int] = mapped_column(Integer, default=0)


class Link(TenantMixin, Base):
    """A typed link between two records of any kind (a project ↔ a task, policy ↔ measure)."""

    __tablename__ = "link"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "from_type", "from_id", "to_type", "to_id"),
    )

    kind: Mapped[str] = mapped_column(String(50))
    from_type: Mapped[str] = mapped_column(String(50))
    from_id: Mapped[int] = mapped_column(Integer)
    to_type: Mapped[str] = mapped_column(String(50))
    to_id: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class CalendarDay(TenantMixin, Base):
    """A per-deployment override: this day is a holiday, or a make-up working day."""

    __tablename__ = "calendar_day"
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)

    day: Mapped[date] = mapped_column(Date)
    working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(100), default="")


class UnitExample(TenantMixin, Base):
    """A confirmed (text → unit) pair the suggester learns from.

    Written when an office confirms an assignment and when a task-division plan is imported.
    """

    __tablename__ = "unit_example"

    text: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[str] = mapped_column(String(8), default="lead")
    origin: Mapped[str] = mapped_column(String(32))
    origin_ref: Mapped[str] = mapped_column(String(300), default="")
