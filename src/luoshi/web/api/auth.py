"""Login, its second steps, logout, and personal API tokens.

The API uses the same server-side session cookie as the pages. A failed step answers 401
with one message and is *returned*, not raised, so that the request's transaction commits
the failure count and its audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from luoshi.errors import NotAuthenticated, PermissionDenied
from luoshi.kernel import tokens, totp, users
from luoshi.kernel.fields import Name
from luoshi.kernel.models import User
from luoshi.kernel.schemas import UserRead
from luoshi.web import auth_flow
from luoshi.web.api.params import PathId
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession, public
from luoshi.web.errors import WRITE, error_responses
from luoshi.web.security import client_address, csrf_token, login_rate_limit

# Long enough for any passphrase; short enough that hashing it costs nothing unusual.
PASSWORD_MAX = 1024

public_router = SectionRouter(
    tags=["auth"],
    dependencies=[Depends(public)],
    # A refused login has one message for every failure (401).
    responses=error_responses(400, 401, 422, 429),
)
router = SectionRouter(tags=["auth"], responses=WRITE)


class Login(BaseModel):
    username: Name
    password: str = Field(max_length=PASSWORD_MAX)


class CsrfToken(BaseModel):
    csrf_token: str


@public_router.get("/auth/csrf")
def csrf(request: Request) -> CsrfToken:
    """The session's CSRF token: send it as ``X-CSRF-Token`` on every POST, PUT, PATCH and
    DELETE. Logging in changes it; ask again after login."""
    return CsrfToken(csrf_token=csrf_token(request))


class Code(BaseModel):
    code: str = Field(max_length=16)


class PasswordChange(BaseModel):
    current: str = Field(max_length=PASSWORD_MAX)
    new: str = Field(max_length=PASSWORD_MAX)


class LoginRead(BaseModel):
    """Where the login stands: ``active``, or the step still owed (``totp``: send a code
    to /api/auth/totp; ``enrol``: set up a second factor; ``password``: choose a new one).
    The user is shown only once the login is complete."""

    stage: Literal["active", "totp", "enrol", "password"]
    user: UserRead | None = None


class EnrolmentRead(BaseModel):
    secret: str
    uri: str


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scope: Literal["read", "write"] = "read"
    days: int = Field(default=30, ge=1, le=tokens.MAX_DAYS)


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    scope: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenRead):
    token: str  # shown this once


def _refused(message: str = users.LOGIN_FAILED) -> JSONResponse:
    return JSONResponse({"error": "not_authenticated", "message": message}, status_code=401)


def _state(stage: str, user: User) -> LoginRead:
    if stage == "active":
        return LoginRead(stage="active", user=UserRead.model_validate(user))
    return LoginRead.model_validate({"stage": stage})


@public_router.post(
    "/auth/login",
    response_model=LoginRead,
    responses=error_responses(400, 401, 422, 429),
    dependencies=[Depends(login_rate_limit)],
)
def login(data: Login, request: Request, session: DbSession, settings: AppSettings) -> Response:
    user = users.authenticate(
        session,
        tenant_id=settings.tenant,
        username=data.username,
        password=data.password,
        settings=settings,
        client=client_address(request),
    )
    if user is None:
        auth_flow.end_current(request, session)
        return _refused()
    stage = auth_flow.begin(request, session, settings, user)
    return JSONResponse(_state(stage, user).model_dump(mode="json"))


@public_router.post(
    "/auth/totp", response_model=LoginRead, dependencies=[Depends(login_rate_limit)]
)
def second_factor(
    data: Code, request: Request, session: DbSession, settings: AppSettings
) -> Response:
    """The second step of a login: a code from the user's authenticator, good once."""
    found = auth_flow.current(request, session, settings, ("totp",))
    if found is None:
        return _refused("log in with your password first")
    row, user = found
    if users.is_locked(user) or not totp.verify(user, data.code):
        if not users.is_locked(user):
            auth_flow.second_factor_failed(request, session, settings, user)
        return _refused("the code is wrong or was already used")
    stage = auth_flow.step_done(request, session, settings, row, user, second_factor_done=True)
    return JSONResponse(_state(stage, user).model_dump(mode="json"))


@public_router.post("/auth/totp/enrol", dependencies=[Depends(login_rate_limit)])
def enrol(request: Request, session: DbSession, settings: AppSettings) -> EnrolmentRead:
    """A new TOTP secret, shown once: during a login that must set one up, or when logged in."""
    found = auth_flow.current(request, session, settings, ("enrol", "active"))
    if found is None:
        raise NotAuthenticated.of("err_log_in_with_your_password_first")
    enrolment = totp.begin_enrolment(found[1])
    return EnrolmentRead(secret=enrolment.secret, uri=enrolment.uri)


@public_router.post(
    "/auth/totp/confirm", response_model=LoginRead, dependencies=[Depends(login_rate_limit)]
)
def confirm(data: Code, request: Request, session: DbSession, settings: AppSettings) -> Response:
    found = auth_flow.current(request, session, settings, ("enrol", "active"))
    if found is None:
        return _refused("log in with your password first")
    row, user = found
    totp.confirm_enrolment(session, actor=users.actor_for(session, user), user=user, code=data.code)
    if row.stage == "active":
        return JSONResponse(_state("active", user).model_dump(mode="json"))
    stage = auth_flow.step_done(request, session, settings, row, user, second_factor_done=True)
    return JSONResponse(_state(stage, user).model_dump(mode="json"))


@public_router.post(
    "/auth/password", response_model=LoginRead, dependencies=[Depends(login_rate_limit)]
)
def change_password(
    data: PasswordChange, request: Request, session: DbSession, settings: AppSettings
) -> Response:
    """A new password: when the old one expired during login, or any time when logged in.
    Every other session of the user ends."""
    found = auth_flow.current(request, session, settings, ("password", "active"))
    if found is None:
        return _refused("log in with your password first")
    _, user = found
    users.change_password(
        session,
        actor=users.actor_for(session, user),
        user=user,
        current=data.current,
        new=data.new,
        policy=settings.password_policy,
    )
    stage = auth_flow.restart(request, session, settings, user)
    return JSONResponse(_state(stage, user).model_dump(mode="json"))


@router.post("/auth/logout", status_code=204)
def logout(request: Request, session: DbSession) -> None:
    auth_flow.end_current(request, session)


@router.get("/me")
def me(actor: CurrentActor, session: DbSession, settings: AppSettings) -> UserRead:
    assert actor.user_id is not None
    return UserRead.model_validate(
        users.get_user(session, tenant_id=settings.tenant, user_id=actor.user_id)
    )


def _by_session(request: Request) -> None:
    # A token may not mint or revoke tokens: a stolen one must not outlive its expiry.
    if getattr(request.state, "auth", None) != "session":
        raise PermissionDenied.of("err_api_tokens_are_managed_from_logged_in")


@router.post("/auth/tokens", status_code=201)
def create_token(
    data: TokenCreate, request: Request, actor: CurrentActor, session: DbSession
) -> TokenCreated:
    _by_session(request)
    plain, token = tokens.create_token(
        session, actor=actor, name=data.name, scope=data.scope, days=data.days
    )
    return TokenCreated.model_validate(
        {**TokenRead.model_validate(token).model_dump(), "token": plain}
    )


@router.get("/auth/tokens")
def list_tokens(actor: CurrentActor, session: DbSession) -> list[TokenRead]:
    return [TokenRead.model_validate(t) for t in tokens.list_tokens(session, actor=actor)]


@router.delete("/auth/tokens/{token_id}", status_code=204)
def revoke_token(
    token_id: PathId, request: Request, actor: CurrentActor, session: DbSession
) -> None:
    _by_session(request)
    tokens.revoke_token(session, actor=actor, token_id=token_id)
