"""Log in (password, then the second factor or its set-up, then an expired password) and out.

A refused step renders the form again with status 401 instead of raising, so that the
request's transaction commits the failure count and its audit event.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.errors import LuoshiError
from luoshi.kernel import sessions, totp, users
from luoshi.kernel.models import User, UserSession
from luoshi.kernel.roles import admin_roles_of
from luoshi.settings import Settings
from luoshi.web import auth_flow
from luoshi.web.deps import AppSettings, DbSession, public
from luoshi.web.i18n import translator
from luoshi.web.pages.rendering import page_language, render
from luoshi.web.security import client_address, login_rate_limit

public_router = APIRouter(dependencies=[Depends(public)])
router = APIRouter()

NextField = Annotated[str, Form()]


def _safe_next(target: str) -> str:
    # Only local paths: never redirect off-site after login.
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _t(request: Request, key: str) -> str:
    return translator(page_language(request))[key]


def _after(
    request: Request,
    stage: str,
    next: str,
    *,
    user: User | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    """Where a login goes once a step is done: the next step's form, or the page asked for."""
    if stage == sessions.ACTIVE:
        target = _safe_next(next)
        if target in ("/", "/tasks") and user is not None and admin_roles_of(user.roles):
            target = "/admin"  # an administrator has no tasks: its home is its jobs
        return RedirectResponse(target, status_code=303)
    return render(
        request, "login.html", status_code=status, step=stage, next=_safe_next(next), error=error
    )


def _pending(
    request: Request, session: DbSession, settings: Settings, stage: str
) -> tuple[UserSession, User] | None:
    return auth_flow.current(request, session, settings, (stage,))


def _start_over(request: Request, next: str) -> Response:
    return render(request, "login.html", status_code=401, next=_safe_next(next), error=None)


@public_router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, session: DbSession, settings: AppSettings, next: str = "/"
) -> Response:
    found = auth_flow.current(request, session, settings, sessions.PENDING_STAGES)
    step = found[0].stage if found is not None else None
    return render(request, "login.html", next=_safe_next(next), error=None, step=step)


@public_router.post("/login", response_class=HTMLResponse, dependencies=[Depends(login_rate_limit)])
def login_submit(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: NextField = "/",
) -> Response:
    user = users.authenticate(
        session,
        tenant_id=settings.tenant,
        username=username,
        password=password,
        settings=settings,
        client=client_address(request),
    )
    if user is None:
        auth_flow.end_current(request, session)
        error = _t(request, "wrong_login")
        return render(request, "login.html", status_code=401, next=_safe_next(next), error=error)
    request.session.setdefault("lang", user.language)
    stage = auth_flow.begin(request, session, settings, user)
    return _after(request, stage, next, user=user)


@public_router.post("/login/totp", response_class=HTMLResponse)
def totp_submit(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    code: Annotated[str, Form(max_length=16)],
    next: NextField = "/",
) -> Response:
    found = _pending(request, session, settings, "totp")
    if found is None:
        return _start_over(request, next)
    row, user = found
    if users.is_locked(user) or not totp.verify(user, code):
        if not users.is_locked(user):
            auth_flow.second_factor_failed(request, session, settings, user)
        if users.is_locked(user):
            return _start_over(request, next)
        return _after(request, "totp", next, error=_t(request, "totp_wrong"), status=401)
    stage = auth_flow.step_done(request, session, settings, row, user, second_factor_done=True)
    return _after(request, stage, next, user=user)


@public_router.post("/login/enrol", response_class=HTMLResponse)
def enrol_start(
    request: Request, session: DbSession, settings: AppSettings, next: NextField = "/"
) -> Response:
    found = _pending(request, session, settings, "enrol")
    if found is None:
        return _start_over(request, next)
    enrolment = totp.begin_enrolment(found[1])
    return render(
        request, "login.html", step="enrol", enrolment=enrolment, next=_safe_next(next), error=None
    )


@public_router.post("/login/enrol/confirm", response_class=HTMLResponse)
def enrol_confirm(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    code: Annotated[str, Form(max_length=16)],
    next: NextField = "/",
) -> Response:
    found = _pending(request, session, settings, "enrol")
    if found is None:
        return _start_over(request, next)
    row, user = found
    try:
        totp.confirm_enrolment(session, actor=users.actor_for(session, user), user=user, code=code)
    except LuoshiError as exc:
        # The secret is not yet in force: show it again so the user can retry the code.
        enrolment = totp.Enrolment(secret=user.totp_secret or "", uri=totp.uri_for(user))
        return render(
            request,
            "login.html",
            status_code=422,
            step="enrol",
            enrolment=enrolment,
            next=_safe_next(next),
            error=exc.message,
        )
    stage = auth_flow.step_done(request, session, settings, row, user, second_factor_done=True)
    return _after(request, stage, next, user=user)


@public_router.post("/login/password", response_class=HTMLResponse)
def password_submit(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
    next: NextField = "/",
) -> Response:
    found = _pending(request, session, settings, "password")
    if found is None:
        return _start_over(request, next)
    _, user = found
    try:
        users.change_password(
            session,
            actor=users.actor_for(session, user),
            user=user,
            current=current,
            new=new,
            policy=settings.password_policy,
        )
    except LuoshiError as exc:  # refused before anything was written
        return _after(request, "password", next, error=exc.message, status=422)
    stage = auth_flow.restart(request, session, settings, user)
    return _after(request, stage, next, user=user)


@router.post("/logout")
def logout(request: Request, session: DbSession) -> Response:
    auth_flow.end_current(request, session)
    return RedirectResponse("/login", status_code=303)
