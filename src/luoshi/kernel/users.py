"""Users, passwords (argon2id), lockout, and the actor a request or command runs as."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from luoshi.clock import aware, now
from luoshi.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from luoshi.i18n import text
from luoshi.kernel import audit
from luoshi.kernel.models import PasswordHistory, Unit, User, UserSession
from luoshi.kernel.passwords import DEFAULT_POLICY, policy_named, problem_keys
from luoshi.kernel.permissions import ROLES, Actor, check
from luoshi.kernel.roles import ADMIN_ROLES, admin_roles_of, check_role_set
from luoshi.settings import Settings

# argon2-cffi's default type is argon2id (RFC 9106's first recommendation).
_hasher = PasswordHasher()


# One message for every failed login, so that it tells nobody whether the account exists,
# whether the password was wrong or whether the account is locked.
LOGIN_FAILED = "wrong username or password, or the account is locked after repeated failures"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_for(session: Session, user: User) -> Actor:
    unit = session.get(Unit, user.unit_id)
    if unit is None:  # foreign key makes this impossible short of corruption
        raise NotFound.of("err_user_s_unit_missing")
    return Actor(
        user_id=user.id,
        username=user.username,
        unit_id=unit.id,
        unit_path=unit.path,
        roles=acting_roles(user.roles),
        tenant_id=user.tenant_id,
    )


def acting_roles(roles: Sequence[str]) -> frozenset[str]:
    """The roles an account acts with: none at all if they merge duties (rows written
    before the rule, or by hand), until ``luoshi roles revoke`` puts them right."""
    return _acting_roles(tuple(roles))


@lru_cache(maxsize=256)
def _acting_roles(roles: tuple[str, ...]) -> frozenset[str]:
    # Cached: every request asks, and an account's few roles make few distinct sets.
    try:
        check_role_set(roles)
    except InvalidInput:
        return frozenset()
    return frozenset(roles)


def get_user(session: Session, *, tenant_id: str, user_id: int) -> User:
    # With its unit in the same query: the actor of every request needs both.
    user = session.get(User, user_id, options=[joinedload(User.unit)])
    if user is None or user.tenant_id != tenant_id or not user.active:
        raise NotFound.of("err_user_not_found")
    return user


def get_user_by_username(session: Session, *, tenant_id: str, username: str) -> User | None:
    return session.scalar(
        select(User).where(User.tenant_id == tenant_id, User.username == username)
    )


def requires_totp(user: User) -> bool:
    """Administrators always; anyone else once they have set a second factor up."""
    # The three administrators (三员) must log in with a second factor.
    return bool(admin_roles_of(user.roles)) or user.totp_enabled_at is not None


def password_expired(user: User, *, policy: str) -> bool:
    max_age = policy_named(policy).max_age
    if max_age is None:
        return False
    changed = user.password_changed_at or user.created_at
    return now() - aware(changed) > max_age


def check_new_password(password: str, *, username: str, policy: str) -> None:
    """Refuse a password the deployment's policy does not accept, saying every reason."""
    found = problem_keys(password, username=username, policy=policy_named(policy))
    if found:
        raise InvalidInput.of_each(
            found, details={"password": [text(k, "en", **p) for k, p in found]}
        )


# --- login -------------------------------------------------------------------------------


def _claimant(tenant_id: str, username: str, client: str = "") -> Actor:
    """Whoever typed ``username``, from ``client``: not yet anyone (an actor with no id)."""
    return Actor(
        user_id=None,
        username=username[:100],
        unit_id=None,
        unit_path="",
        tenant_id=tenant_id,
        client_address=client,
    )


def _audit_login(
    session: Session,
    *,
    tenant_id: str,
    username: str,
    action: str,
    user: User | None,
    client: str,
    **extra: object,
) -> None:
    audit.record(
        session,
        actor=_claimant(tenant_id, username, client),
        action=action,
        object_type="user",
        object_id=user.id if user is not None else None,
        new={"client": client, **extra},
        # A failure and a lock-out are the attempt's result, findable by `result=failed`.
        result="success" if action == "login.success" else "failed",
    )


def authenticate(
    session: Session,
    *,
    tenant_id: str,
    username: str,
    password: str,
    settings: Settings,
    client: str = "",
) -> User | None:
    """The user when the password is right and the account not locked; None otherwise.

    A failure is counted and audited rather than raised, so that the caller's transaction
    commits it (a raised error would roll the count back). The login is complete only when
    ``record_success`` runs, after any second factor.
    """
    user = get_user_by_username(session, tenant_id=tenant_id, username=username)
    if user is None or not user.active:
        # Spend the same time as a real check so usernames cannot be probed by timing.
        _hasher.hash(password)
        _audit_login(
            session,
            tenant_id=tenant_id,
            username=username,
            action="login.failure",
            user=None,
            client=client,
            reason="unknown user",
        )
        return None
    at = now()
    if user.locked_until is not None and aware(user.locked_until) > at:
        _hasher.hash(password)
        _audit_login(
            session,
            tenant_id=tenant_id,
            username=username,
            action="login.failure",
            user=user,
            client=client,
            reason="locked",
        )
        return None
    if not _verify(user.password_hash, password):
        register_failure(session, user=user, settings=settings, client=client, reason="password")
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def register_failure(
    session: Session, *, user: User, settings: Settings, client: str, reason: str
) -> None:
    """Count a failed password or second factor; lock the account after too many.

    Each lock in a row lasts twice the one before, up to ``lockout_max_seconds``: an
    attacker slows guessing down without being able to shut the owner out for good, and the
    owner's next successful login starts the count again.
    """
    at = now()
    user.failed_logins = (user.failed_logins or 0) + 1
    _audit_login(
        session,
        tenant_id=user.tenant_id,
        username=user.username,
        action="login.failure",
        user=user,
        client=client,
        reason=reason,
        failures=user.failed_logins,
    )
    if user.failed_logins < settings.lockout_threshold:
        session.flush()
        return
    seconds = min(
        settings.lockout_seconds * 2 ** min(user.lockouts or 0, 30), settings.lockout_max_seconds
    )
    user.locked_until = at + timedelta(seconds=seconds)
    user.lockouts = (user.lockouts or 0) + 1
    user.failed_logins = 0
    end_sessions_of(session, user_id=user.id)
    _audit_login(
        session,
        tenant_id=user.tenant_id,
        username=user.username,
        action="login.locked",
        user=user,
        client=client,
        until=user.locked_until,
        seconds=seconds,
    )


def is_locked(user: User) -> bool:
    return user.locked_until is not None and aware(user.locked_until) > now()


def record_success(session: Session, *, user: User, client: str) -> None:
    """A complete login: the failure and lock counts start again."""
    user.failed_logins = 0
    user.lockouts = 0
    user.locked_until = None
    _audit_login(
        session,
        tenant_id=user.tenant_id,
        username=user.username,
        action="login.success",
        user=user,
        client=client,
    )


def end_sessions_of(session: Session, *, user_id: int) -> None:
    """Log a user out everywhere (deactivation, a new password, a lock)."""
    session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    session.flush()


# --- accounts ----------------------------------------------------------------------------


def set_password(session: Session, *, user: User, password: str) -> None:
    """The one writer of a password (checked by the caller): hashed, dated, remembered
    for the history rule, and every session of the account ended."""
    user.password_hash = hash_password(password)
    user.password_changed_at = now()
    _remember_password(session, user)
    end_sessions_of(session, user_id=user.id)


def _remember_password(session: Session, user: User) -> None:
    session.add(
        PasswordHistory(tenant_id=user.tenant_id, user_id=user.id, password_hash=user.password_hash)
    )
    session.flush()


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
    language: str | None = None,
    policy: str = DEFAULT_POLICY,
) -> User:
    check(actor, "user.manage")
    if roles:
        # The system administrator opens accounts; only the security administrator gives
        # them roles (三员分立).
        check(actor, "role.manage")
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise InvalidInput.of("err_unknown_roles_unknown", unknown=", ".join(unknown))
    check_role_set(roles)
    check_new_password(password, username=username, policy=policy)
    if get_user_by_username(session, tenant_id=actor.tenant_id, username=username):
        raise InvalidInput.of("err_user_username_already_exists", username=username)
    unit = session.scalar(
        select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == unit_code)
    )
    if unit is None:
        raise InvalidInput.of("err_unit_unit_code_does_not_exist", unit_code=unit_code)
    user = User(
        tenant_id=actor.tenant_id,
        username=username,
        display_name=display_name or username,
        email=email,
        password_hash=hash_password(password),
        password_changed_at=now(),
        unit_id=unit.id,
        roles=list(roles),
        language=language,
    )
    session.add(user)
    session.flush()
    _remember_password(session, user)
    audit.record(
        session,
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.id,
        new={"username": username, "unit": unit_code, "roles": list(roles)},
    )
    return user


def create_first_admin(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    unit_code: str,
    role: str,
    policy: str = DEFAULT_POLICY,
) -> User:
    """The first administrator of one of the three kinds (``luoshi users create-admin``).

    No account exists until someone runs this: migrations and start-up create none. Once
    an active user holds the role, later administrators are made in the application.
    """
    if role not in ADMIN_ROLES:
        raise InvalidInput.of(
            "err_administrator_s_role_one_admin_roles", admin_roles=", ".join(sorted(ADMIN_ROLES))
        )
    holders = session.scalars(
        select(User).where(User.tenant_id == actor.tenant_id, User.active.is_(True))
    )
    if any(role in (u.roles or []) for u in holders):
        raise Conflict.of("err_active_user_already_holds_role_role_make", role=role)
    return create_user(
        session,
        actor=actor,
        username=username,
        password=password,
        unit_code=unit_code,
        roles=[role],
        policy=policy,
    )


def change_password(
    session: Session, *, actor: Actor, user: User, current: str, new: str, policy: str
) -> None:
    """A user's own new password; every session of theirs ends (the caller starts one)."""
    if not actor.is_self(user.id):
        raise NotFound.of("err_user_not_found")
    if not _verify(user.password_hash, current):
        raise NotAuthenticated.of("err_current_password_not_right")
    check_new_password(new, username=user.username, policy=policy)
    keep = policy_named(policy).history
    if keep:
        recent = session.scalars(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_id == user.id)
            .order_by(PasswordHistory.id.desc())
            .limit(keep)
        )
        if any(_verify(h, new) for h in [user.password_hash, *recent]):
            raise InvalidInput.of("err_new_password_may_not_be_one_last", keep=keep)
    set_password(session, user=user, password=new)
    audit.record(
        session, actor=actor, action="user.password_change", object_type="user", object_id=user.id
    )


def set_language(session: Session, *, actor: Actor, language: str) -> User:
    """The interface language the actor reads in (``zh`` or ``en``), kept across logins."""
    if language not in ("zh", "en"):
        raise InvalidInput.of("language_unknown", language=language[:16])
    if actor.user_id is None:
        raise NotFound.of("err_no_such_user")
    user = get_user(session, tenant_id=actor.tenant_id, user_id=actor.user_id)
    if user.language != language:
        old = user.language
        user.language = language
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="user.language",
            object_type="user",
            object_id=user.id,
            old={"language": old},
            new={"language": language},
        )
    return user


def users_of_unit(session: Session, *, unit_id: int) -> list[User]:
    """The unit's active people who receive its business mail; administrators (三员)
    belong to a unit but read no business data, so they are not among them."""
    found = session.scalars(select(User).where(User.unit_id == unit_id, User.active.is_(True)))
    return [u for u in found if not admin_roles_of(u.roles)]
