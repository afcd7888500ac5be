"""Logins held on the server: the cookie carries only a random id, stored here hashed.

A login may still owe a step before it is complete (``stage``): a second factor, setting
one up, or changing an expired password. Only an ``active`` session lets a request act.
Every change of stage issues a new id (session fixation), and every check of a session
enforces the idle timeout and the absolute lifetime here, whatever the cookie says.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from luoshi.clock import aware, now
from luoshi.kernel import users
from luoshi.kernel.models import User, UserSession
from luoshi.settings import Settings

ACTIVE = "active"
PENDING_STAGES = ("totp", "enrol", "password")
# A login half done (password given, second factor owed) lapses quickly.
PENDING_SECONDS = 5 * 60
# last_seen_at is written at most this often: idle time is exact to within it.
TOUCH_SECONDS = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def next_stage(user: User, *, settings: Settings, second_factor_done: bool) -> str:
    if not second_factor_done and users.requires_totp(user):
        return "totp" if user.totp_enabled_at is not None else "enrol"
    if users.password_expired(user, policy=settings.password_policy):
        return "password"
    return ACTIVE


def _issue(
    session: Session, *, user: User, stage: str, client: str, created: UserSession | None = None
) -> tuple[str, UserSession]:
    token = secrets.token_urlsafe(32)
    at = now()
    row = UserSession(
        tenant_id=user.tenant_id,
        token_hash=token_hash(token),
        user_id=user.id,
        stage=stage,
        # A login's lifetime counts from the password, not from the last step.
        created_at=created.created_at if created is not None else at,
        last_seen_at=at,
        client_address=client[:64],
    )
    session.add(row)
    session.flush()
    if stage == ACTIVE:
        users.record_success(session, user=user, client=client)
    return token, row


def start(
    session: Session,
    *,
    user: User,
    settings: Settings,
    client: str,
    second_factor_done: bool = False,
) -> tuple[str, UserSession]:
    """A new session after a right password; returns the id for the cookie, once.

    ``second_factor_done`` only when the caller's own session already passed it (a new
    password chosen inside a login that gave its code).
    """
    _purge(session, user_id=user.id, settings=settings)
    stage = next_stage(user, settings=settings, second_factor_done=second_factor_done)
    return _issue(session, user=user, stage=stage, client=client)


def advance(
    session: Session,
    *,
    row: UserSession,
    user: User,
    settings: Settings,
    client: str,
    second_factor_done: bool,
) -> tuple[str, UserSession]:
    """The step owed is done: the old id dies and a new one carries the next stage."""
    created = row
    session.delete(row)
    session.flush()
    stage = next_stage(user, settings=settings, second_factor_done=second_factor_done)
    return _issue(session, user=user, stage=stage, client=client, created=created)


def resolve(
    session: Session, *, tenant_id: str, token: str, settings: Settings
) -> UserSession | None:
    """The live session for a cookie's id, or None when unknown, idle too long or too old."""
    row = session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if row is None or row.tenant_id != tenant_id:
        return None
    if not _alive(row, settings=settings):
        return None
    return row


def _alive(row: UserSession, *, settings: Settings) -> bool:
    return alive(
        stage=row.stage,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        settings=settings,
    )


def alive(*, stage: str, created_at: datetime, last_seen_at: datetime, settings: Settings) -> bool:
    """Whether a session of ``stage`` is still usable now (the idle and absolute limits of an
    active login; the short lapse of one half done)."""
    at = now()
    created, seen = aware(created_at), aware(last_seen_at)
    if stage != ACTIVE:
        return at - created <= timedelta(seconds=PENDING_SECONDS)
    return at - seen <= timedelta(seconds=settings.session_idle_seconds) and (
        at - created <= timedelta(seconds=settings.session_max_age_seconds)
    )


def touch(row: UserSession) -> None:
    if touch_due(row.last_seen_at):
        row.last_seen_at = now()


def touch_due(last_seen_at: datetime) -> bool:
    """Whether a request now moves ``last_seen_at`` (at most once a ``TOUCH_SECONDS``)."""
    return now() - aware(last_seen_at) >= timedelta(seconds=TOUCH_SECONDS)


def end(session: Session, *, token: str) -> None:
    """Logout: the row goes, so the id is worthless even if the cookie survives."""
    session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))
    session.flush()


def _purge(session: Session, *, user_id: int, settings: Settings) -> None:
    for row in session.scalars(select(UserSession).where(UserSession.user_id == user_id)):
        if not _alive(row, settings=settings):
            session.delete(row)
    session.flush()
