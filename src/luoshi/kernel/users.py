"""Users, passwords (argon2) and the actor a request or command runs as."""

from __future__ import annotations

from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotAuthenticated, NotFound
from luoshi.kernel import audit
from luoshi.kernel.models import Unit, User
from luoshi.kernel.permissions import ROLES, Actor, check
from luoshi.kernel.roles import admin_roles_of, check_role_set

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def actor_for(session: Session, user: User) -> Actor:
    unit = session.get(Unit, user.unit_id)
    if unit is None:  # foreign key makes this impossible short of corruption
        raise NotFound("the user's unit is missing")
    return Actor(
        user_id=user.id,
        username=user.username,
        unit_id=unit.id,
        unit_path=unit.path,
        roles=_separate_duties(user.roles),
        tenant_id=user.tenant_id,
    )


def _separate_duties(roles: Sequence[str]) -> frozenset[str]:
    """The roles an account acts with: none at all if they merge duties (rows written
    before the rule, or by hand), until ``luoshi roles revoke`` puts them right."""
    try:
        check_role_set(roles)
    except InvalidInput:
        return frozenset()
    return frozenset(roles)


def get_user(session: Session, *, tenant_id: str, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.tenant_id != tenant_id or not user.active:
        raise NotFound("user not found")
    return user


def get_user_by_username(session: Session, *, tenant_id: str, username: str) -> User | None:
    return session.scalar(
        select(User).where(User.tenant_id == tenant_id, User.username == username)
    )


def authenticate(session: Session, *, tenant_id: str, username: str, password: str) -> User:
    """The user if the password is right; one message for every failure."""
    user = get_user_by_username(session, tenant_id=tenant_id, username=username)
    try:
        if user is None or not user.active:
            # Spend the same time as a real check so usernames cannot be probed by timing.
            _hasher.hash(password)
            raise NotAuthenticated("wrong username or password")
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError) as exc:
        raise NotAuthenticated("wrong username or password") from exc
    return user


def validate_password(password: str) -> None:
    if len(password) < 8:
        raise InvalidInput("a password has at least 8 characters")


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    unit_code: str,
    roles: Sequence[str],
    display_name: str = "",
    email: str = "",
    language: str = "zh",
) -> User:
    check(actor, "user.manage")
    if roles:
        # The system administrator opens accounts; only the security administrator gives
        # them roles (三员分立).
        check(actor, "role.manage")
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise InvalidInput(f"unknown roles: {', '.join(unknown)}")
    check_role_set(roles)
    validate_password(password)
    if get_user_by_username(session, tenant_id=actor.tenant_id, username=username):
        raise InvalidInput(f"user {username!r} already exists")
    unit = session.scalar(
        select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == unit_code)
    )
    if unit is None:
        raise InvalidInput(f"unit {unit_code!r} does not exist")
    user = User(
        tenant_id=actor.tenant_id,
        username=username,
        display_name=display_name or username,
        email=email,
        password_hash=hash_password(password),
        unit_id=unit.id,
        roles=list(roles),
        language=language,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.id,
        new={"username": username, "unit": unit_code, "roles": list(roles)},
    )
    return user


def users_of_unit(session: Session, *, unit_id: int) -> list[User]:
    """The unit's active people who receive its business mail; administrators (三员)
    belong to a unit but read no business data, so they are not among them."""
    found = session.scalars(select(User).where(User.unit_id == unit_id, User.active.is_(True)))
    return [u for u in found if not admin_roles_of(u.roles)]
