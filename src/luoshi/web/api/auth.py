"""Login and logout for API clients (the same session cookie as the pages)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from luoshi.kernel import users
from luoshi.kernel.fields import Name
from luoshi.kernel.schemas import UserRead
from luoshi.web.deps import SESSION_USER_KEY, AppSettings, CurrentActor, DbSession, public
from luoshi.web.errors import error_responses
from luoshi.web.security import csrf_token, login_rate_limit

# Long enough for any passphrase; short enough that hashing it costs nothing unusual.
PASSWORD_MAX = 1024

public_router = APIRouter(tags=["auth"], dependencies=[Depends(public)])
router = APIRouter(tags=["auth"])


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


@public_router.post(
    "/auth/login",
    responses=error_responses(400, 401, 422, 429),
    dependencies=[Depends(login_rate_limit)],
)
def login(data: Login, request: Request, session: DbSession, settings: AppSettings) -> UserRead:
    user = users.authenticate(
        session, tenant_id=settings.tenant, username=data.username, password=data.password
    )
    request.session.clear()
    request.session[SESSION_USER_KEY] = user.id
    return UserRead.model_validate(user)


@router.post("/auth/logout", status_code=204)
def logout(request: Request) -> None:
    request.session.clear()


@router.get("/me")
def me(actor: CurrentActor, session: DbSession, settings: AppSettings) -> UserRead:
    assert actor.user_id is not None
    return UserRead.model_validate(
        users.get_user(session, tenant_id=settings.tenant, user_id=actor.user_id)
    )
