"""The three administrators' jobs (三员分立): accounts, roles, settings, calendar, units.

Each route calls one kernel service, which checks the admin action (kernel/roles.py); the
audit trail itself is in api/audit.py.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response

from luoshi.kernel import accounts, calendar, deployment, units, users
from luoshi.kernel.schemas import (
    AccountCreate,
    AccountRead,
    CalendarDayRead,
    CalendarDaySet,
    PasswordReset,
    RoleChange,
    UnitCreate,
    UnitRead,
)
from luoshi.web.api.params import PathCode, PathDay, PathId
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import WRITE

# Every admin route may refuse a body (400), an object (404) or a merge of duties (409).
router = SectionRouter(prefix="/admin", tags=["admin"], responses=WRITE)


@router.get("/users")
def list_accounts(actor: CurrentActor, session: DbSession) -> list[AccountRead]:
    """Every account and its roles (system and security administrators)."""
    return [AccountRead.model_validate(u) for u in accounts.list_users(session, actor=actor)]


@router.post("/users", status_code=201)
def create_account(
    data: AccountCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> AccountRead:
    """Open an account (system administrator); roles are the security administrator's."""
    user = users.create_user(
        session,
        actor=actor,
        username=data.username,
        password=data.password,
        unit_code=data.unit,
        roles=data.roles,
        display_name=data.display_name,
        email=data.email,
        language=data.language,
        policy=settings.password_policy,
    )
    return AccountRead.model_validate(user)


@router.post("/users/{user_id}/deactivate")
def deactivate_account(user_id: PathId, actor: CurrentActor, session: DbSession) -> AccountRead:
    user = accounts.set_active(session, actor=actor, user_id=user_id, active=False)
    return AccountRead.model_validate(user)


@router.post("/users/{user_id}/activate")
def activate_account(user_id: PathId, actor: CurrentActor, session: DbSession) -> AccountRead:
    user = accounts.set_active(session, actor=actor, user_id=user_id, active=True)
    return AccountRead.model_validate(user)


@router.post("/users/{user_id}/password", status_code=204)
def reset_password(
    user_id: PathId,
    data: PasswordReset,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    accounts.reset_password(
        session,
        actor=actor,
        user_id=user_id,
        password=data.password,
        policy=settings.password_policy,
    )
    return Response(status_code=204)


@router.post("/users/{user_id}/roles")
def grant_role(
    user_id: PathId, data: RoleChange, actor: CurrentActor, session: DbSession
) -> AccountRead:
    """Give a role (security administrator only; never to oneself; no merged duties)."""
    user = accounts.grant_role(session, actor=actor, user_id=user_id, role=data.role)
    return AccountRead.model_validate(user)


@router.delete("/users/{user_id}/roles/{role}")
def revoke_role(
    user_id: PathId, role: PathCode, actor: CurrentActor, session: DbSession
) -> AccountRead:
    user = accounts.revoke_role(session, actor=actor, user_id=user_id, role=role)
    return AccountRead.model_validate(user)


@router.get("/settings")
def read_settings(actor: CurrentActor, settings: AppSettings) -> dict[str, Any]:
    """The deployment's settings, secrets shown only as set / not set."""
    return deployment.settings_view(actor, settings)


@router.get("/security")
def read_security_policy(actor: CurrentActor, settings: AppSettings) -> dict[str, Any]:
    """The security policy (security administrator)."""
    return deployment.security_policy(actor, settings)


@router.get("/calendar")
def list_calendar_days(actor: CurrentActor, session: DbSession) -> list[CalendarDayRead]:
    return [CalendarDayRead.model_validate(d) for d in calendar.list_days(session, actor=actor)]


@router.put("/calendar/{day}")
def set_calendar_day(
    day: PathDay, data: CalendarDaySet, actor: CurrentActor, session: DbSession
) -> CalendarDayRead:
    calendar.set_day(session, actor=actor, day=day, working=data.working, name=data.name)
    return CalendarDayRead(day=day, working=data.working, name=data.name)


@router.delete("/calendar/{day}", status_code=204)
def clear_calendar_day(day: PathDay, actor: CurrentActor, session: DbSession) -> Response:
    calendar.clear_day(session, actor=actor, day=day)
    return Response(status_code=204)


@router.post("/units", status_code=201)
def create_unit(data: UnitCreate, actor: CurrentActor, session: DbSession) -> UnitRead:
    """Add a unit to the tree (system administrator)."""
    return UnitRead.model_validate(units.create_unit(session, actor=actor, data=data))
