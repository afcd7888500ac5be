"""A request's credential to its actor in one statement: an API token or a login's session
row read together with its user and the user's unit, with Core (no ORM objects).

The ORM path (``tokens.resolve_token``, ``sessions.resolve``, ``users.get_user``,
``users.actor_for``) took three statements, and on a cheap read most of the request's time
went to SQLAlchemy's per-statement ORM work rather than to SQL. These apply the same rules
(``tokens.usable``, ``sessions.alive``, an active user of the tenant, ``users.acting_roles``)
to the same rows. Nothing is cached between requests: any app instance may log a user out,
revoke a token, change a role or deactivate an account, and the next request on every
instance must see it, so the rows are read each time — once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, bindparam, select, update
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.kernel import sessions, tokens, users
from luoshi.kernel.models import ApiToken, Unit, User, UserSession
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

_token = ApiToken.__table__.c
_login = UserSession.__table__.c
_user = User.__table__.c
_unit = Unit.__table__.c
_PERSON = (
    _user.id.label("user_id"),
    _user.username,
    _user.roles,
    _user.tenant_id.label("user_tenant_id"),
    _user.active,
    _unit.id.label("unit_id"),
    _unit.path,
)


@dataclass(frozen=True)
class Credential:
    """A live credential. ``actor`` is None when its user is gone or inactive; ``grant`` is
    a token's scope (read, write) or a login's stage."""

    actor: Actor | None
    grant: str


def _with_person(*columns: Any) -> Select[Any]:
    # Outer joins: a credential whose user is gone still says so (the login is dropped).
    return (
        select(*columns, *_PERSON)
        .outerjoin(User.__table__, _user.id == columns[0].table.c.user_id)
        .outerjoin(Unit.__table__, _unit.id == _user.unit_id)
    )


# Built once: a statement built per request costs more in SQLAlchemy (coercing each column,
# then its cache key) than the database takes to answer it.
_TOKEN_QUERY = _with_person(
    _token.id, _token.tenant_id, _token.scope, _token.expires_at, _token.last_used_at,
    _token.revoked_at,
).where(_token.token_hash == bindparam("token_hash"))  # fmt: skip
_LOGIN_QUERY = _with_person(
    _login.id, _login.tenant_id, _login.stage, _login.created_at, _login.last_seen_at
).where(_login.token_hash == bindparam("token_hash"))


def _actor(row: Row[Any], tenant_id: str) -> Actor | None:
    if row.user_id is None or row.user_tenant_id != tenant_id or not row.active:
        return None
    return Actor(
        user_id=row.user_id,
        username=row.username,
        unit_id=row.unit_id,
        unit_path=row.path,
        roles=users.acting_roles(row.roles or ()),
        tenant_id=row.user_tenant_id,
    )


def by_token(session: Session, *, tenant_id: str, plain: str) -> Credential | None:
    """The live API token for a bearer value (None: unknown, expired or revoked)."""
    conn = session.connection()
    row = conn.execute(_TOKEN_QUERY, {"token_hash": tokens.token_hash(plain)}).one_or_none()
    if row is None or row.tenant_id != tenant_id:
        return None
    at = now()
    if not tokens.usable(revoked_at=row.revoked_at, expires_at=row.expires_at, at=at):
        return None
    if tokens.stamp_due(row.last_used_at, at):
        conn.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=at))
    return Credential(_actor(row, tenant_id), row.scope)


def by_login(
    session: Session, *, tenant_id: str, token: str, settings: Settings
) -> Credential | None:
    """The live login for a cookie's session id (None: unknown, idle too long or too old).
    An active login's ``last_seen_at`` moves as ``sessions.touch`` moves it."""
    conn = session.connection()
    row = conn.execute(_LOGIN_QUERY, {"token_hash": sessions.token_hash(token)}).one_or_none()
    if row is None or row.tenant_id != tenant_id:
        return None
    if not sessions.alive(
        stage=row.stage,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        settings=settings,
    ):
        return None
    if row.stage == sessions.ACTIVE and sessions.touch_due(row.last_seen_at):
        conn.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now()))
    return Credential(_actor(row, tenant_id), row.stage)
