"""Personal API tokens: made by a user for themselves, shown once, kept as sha256.

A token is sent as ``Authorization: Bearer <token>``; a ``read`` token may only read, a
``write`` token acts as its owner. Every token expires; its owner may revoke it at any time.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.clock import aware, now
from luoshi.errors import InvalidInput, NotFound
from luoshi.kernel import audit
from luoshi.kernel.models import ApiToken
from luoshi.kernel.permissions import Actor

SCOPES = ("read", "write")
PREFIX = "lso_"
MAX_DAYS = 365
USE_STAMP_SECONDS = 60  # last_used_at moves at most once a minute


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, *, actor: Actor, name: str, scope: str, days: int
) -> tuple[str, ApiToken]:
    """A new token for the actor; the plain value is returned here and never again."""
    if actor.user_id is None:
        raise InvalidInput.of("err_only_person_can_hold_api_token")
    if scope not in SCOPES:
        raise InvalidInput.of("err_scope_must_be_one_scopes", scopes=", ".join(SCOPES))
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput.of("err_token_lasts_from_1_to_max_days", max_days=MAX_DAYS)
    if not name.strip():
        raise InvalidInput.of("err_give_token_name_what_for")
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        tenant_id=actor.tenant_id,
        token_hash=token_hash(plain),
        user_id=actor.user_id,
        name=name.strip()[:100],
        scope=scope,
        expires_at=now() + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.create",
        object_type="api_token",
        object_id=token.id,
        new={"name": token.name, "scope": scope, "expires_at": token.expires_at},
    )
    return plain, token


def list_tokens(session: Session, *, actor: Actor) -> list[ApiToken]:
    """The actor's own tokens, newest first (their values are not kept)."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.tenant_id == actor.tenant_id, ApiToken.user_id == actor.user_id)
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, *, actor: Actor, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.tenant_id != actor.tenant_id or not actor.is_self(token.user_id):
        raise NotFound.of("err_token_not_found")
    if token.revoked_at is None:
        token.revoked_at = now()
        audit.record(
            session,
            actor=actor,
            action="token.revoke",
            object_type="api_token",
            object_id=token.id,
            old={"revoked_at": None},
            new={"revoked_at": token.revoked_at},
        )
    return token


def resolve_token(session: Session, *, tenant_id: str, plain: str) -> ApiToken | None:
    """The live token for a bearer value, or None when unknown, expired or revoked."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(plain)))
    if token is None or token.tenant_id != tenant_id:
        return None
    at = now()
    if not usable(revoked_at=token.revoked_at, expires_at=token.expires_at, at=at):
        return None
    if stamp_due(token.last_used_at, at):
        token.last_used_at = at
    return token


def usable(*, revoked_at: datetime | None, expires_at: datetime, at: datetime) -> bool:
    """Whether a token neither revoked nor expired at ``at`` (the rule of every lookup)."""
    return revoked_at is None and aware(expires_at) > at


def stamp_due(last_used_at: datetime | None, at: datetime) -> bool:
    """Whether a use at ``at`` moves ``last_used_at``: kept to the minute, like a login's
    last_seen_at, since a write on every read would take SQLite's write lock for each GET
    and serialise the readers behind it."""
    return last_used_at is None or at - aware(last_used_at) >= timedelta(seconds=USE_STAMP_SECONDS)
