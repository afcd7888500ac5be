"""What the administrators do to accounts: list, deactivate, reset a password (the system
administrator), grant and revoke roles (the security administrator). Creating an account
is ``users.create_user``.

Two rules keep the three duties apart (kernel/roles.py). No one changes their own account
or roles here. And an account that holds an admin role is out of the system
administrator's reach: to reset an administrator's password or deactivate it, the
security administrator first revokes the admin role, so neither can take over another
administrator's login alone.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.kernel import audit, users
from luoshi.kernel.models import User
from luoshi.kernel.passwords import DEFAULT_POLICY
from luoshi.kernel.permissions import ROLES, Actor, check
from luoshi.kernel.roles import admin_roles_of, check_role_set


def list_users(session: Session, *, actor: Actor, include_inactive: bool = True) -> list[User]:
    """The tenant's accounts, by username (deactivated ones too, unless asked not to)."""
    check(actor, "user.view")
    stmt = select(User).where(User.tenant_id == actor.tenant_id)
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    return list(session.scalars(stmt.order_by(User.username)))


def get_account_for(session: Session, *, actor: Actor, user_id: int, action: str) -> User:
    """Load an account (active or not) and check ``action``; never one's own."""
    check(actor, action)
    user = session.get(User, user_id)
    if user is None or user.tenant_id != actor.tenant_id:
        raise NotFound.of("err_user_not_found")
    if actor.is_self(user.id):
        raise PermissionDenied.of("err_no_one_changes_their_own_account_or")
    return user


def _managed_account(session: Session, actor: Actor, user_id: int) -> User:
    user = get_account_for(session, actor=actor, user_id=user_id, action="user.manage")
    held = admin_roles_of(user.roles)
    if held and not actor.is_system:
        raise PermissionDenied.of(
            "err_username_administrator_held_security_administrator_revokes_t",
            username=user.username,
            held=", ".join(sorted(held)),
            details={"roles": sorted(held)},
        )
    return user


def set_active(session: Session, *, actor: Actor, user_id: int, active: bool) -> User:
    """Deactivate an account (its sessions end at their next request) or reactivate it."""
    user = _managed_account(session, actor, user_id)
    if user.active == active:
        return user
    user.active = active
    if not active:
        users.end_sessions_of(session, user_id=user.id)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        object_type="user",
        object_id=user.id,
        old={"active": not active},
        new={"active": active},
    )
    return user


def reset_password(
    session: Session,
    *,
    actor: Actor,
    user_id: int,
    password: str,
    policy: str = DEFAULT_POLICY,
) -> User:
    """Set a new password for another person's account: the old one and every open session
    of the account stop working."""
    user = _managed_account(session, actor, user_id)
    users.check_new_password(password, username=user.username, policy=policy)
    users.set_password(session, user=user, password=password)
    # The audit trail records that it changed, never the password or its hash.
    audit.record(
        session,
        actor=actor,
        action="user.reset_password",
        object_type="user",
        object_id=user.id,
        new={"username": user.username},
    )
    return user


def grant_role(session: Session, *, actor: Actor, user_id: int, role: str) -> User:
    """Give ``role`` to an account; refused if it would merge duties (roles.check_role_set)."""
    user = get_account_for(session, actor=actor, user_id=user_id, action="role.manage")
    if role not in ROLES:
        raise InvalidInput.of("err_unknown_role_role", role=role, details={"roles": sorted(ROLES)})
    old = list(user.roles)
    if role in old:
        return user
    if not user.active:
        raise InvalidInput.of(
            "err_username_deactivated_reactivate_account_first", username=user.username
        )
    new = [*old, role]
    check_role_set(new)
    _set_roles(session, actor, user, old, new, "role.grant")
    return user


def revoke_role(session: Session, *, actor: Actor, user_id: int, role: str) -> User:
    """Take ``role`` away from an account."""
    user = get_account_for(session, actor=actor, user_id=user_id, action="role.manage")
    old = list(user.roles)
    if role not in old:
        raise InvalidInput.of(
            "err_username_does_not_hold_role_role", username=user.username, role=role
        )
    _set_roles(session, actor, user, old, [r for r in old if r != role], "role.revoke")
    return user


def _set_roles(
    session: Session, actor: Actor, user: User, old: list[str], new: list[str], action: str
) -> None:
    user.roles = new  # a new list: the JSON column sees the change
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.id,
        old={"roles": old},
        new={"roles": new},
        note=user.username,
    )
