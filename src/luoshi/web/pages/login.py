"""Log in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.errors import NotAuthenticated
from luoshi.kernel import users
from luoshi.kernel.roles import admin_roles_of
from luoshi.web.deps import SESSION_USER_KEY, AppSettings, DbSession, public
from luoshi.web.i18n import translator
from luoshi.web.pages.rendering import page_language, render
from luoshi.web.security import login_rate_limit

public_router = APIRouter(dependencies=[Depends(public)])
router = APIRouter()


def _safe_next(target: str) -> str:
    # Only local paths: never redirect off-site after login.
    return target if target.startswith("/") and not target.startswith("//") else "/tasks"


@public_router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/tasks") -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None)


@public_router.post("/login", response_class=HTMLResponse, dependencies=[Depends(login_rate_limit)])
def login_submit(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/tasks",
) -> Response:
    try:
        user = users.authenticate(
            session, tenant_id=settings.tenant, username=username, password=password
        )
    except NotAuthenticated:
        error = translator(page_language(request))["wrong_login"]
        return render(request, "login.html", status_code=401, next=_safe_next(next), error=error)
    lang = request.session.get("lang")
    request.session.clear()
    request.session[SESSION_USER_KEY] = user.id
    request.session["lang"] = lang or user.language
    target = _safe_next(next)
    if target == "/tasks" and admin_roles_of(user.roles):
        target = "/admin"  # an administrator has no tasks: its home is its jobs
    return RedirectResponse(target, status_code=303)


@public_router.get("/")
def home() -> Response:
    return RedirectResponse("/tasks", status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
