"""The steps of a login, shared by the API and the pages.

Password → (second factor, or setting one up) → (a new password when the old one expired)
→ active. Each step is a server-side session row of its own stage; finishing a step
replaces the row and the cookie's id (no id survives a change of privilege).
"""

from __future__ import annotations

from collections.abc import Collection

from fastapi import Request
from sqlalchemy.orm import Session

from luoshi.errors import NotFound
from luoshi.kernel import sessions, users
from luoshi.kernel.models import User, UserSession
from luoshi.settings import Settings
from luoshi.web.security import SESSION_ID_KEY, client_address

# Keys of the signed cookie that outlive a login (display preferences, not credentials).
KEPT_KEYS = ("lang",)


def _set_cookie(request: Request, token: str) -> None:
    kept = {k: request.session[k] for k in KEPT_KEYS if k in request.session}
    request.session.clear()
    request.session.update(kept)
    request.session[SESSION_ID_KEY] = token


def end_current(request: Request, session: Session) -> None:
    sid = request.session.get(SESSION_ID_KEY)
    if isinstance(sid, str):
        sessions.end(session, token=sid)
    request.session.pop(SESSION_ID_KEY, None)


def begin(request: Request, session: Session, settings: Settings, user: User) -> str:
    """The password was right: a new session (new id), at the first step still owed."""
    end_current(request, session)
    token, row = sessions.start(
        session, user=user, settings=settings, client=client_address(request)
    )
    _set_cookie(request, token)
    # A user who chose a language (the header's switch) reads in it from now on; one who has
    # not is left to the browser's and the deployment's (web/language.py).
    if user.language is not None:
        request.session["lang"] = user.language
    return row.stage


def current(
    request: Request, session: Session, settings: Settings, stages: Collection[str]
) -> tuple[UserSession, User] | None:
    """The caller's live session and user when its stage is one of ``stages``."""
    sid = request.session.get(SESSION_ID_KEY)
    if not isinstance(sid, str):
        return None
    row = sessions.resolve(session, tenant_id=settings.tenant, token=sid, settings=settings)
    if row is None or row.stage not in stages:
        return None
    try:
        user = users.get_user(session, tenant_id=settings.tenant, user_id=row.user_id)
    except NotFound:
        return None
    return row, user


def step_done(
    request: Request,
    session: Session,
    settings: Settings,
    row: UserSession,
    user: User,
    *,
    second_factor_done: bool,
) -> str:
    token, new = sessions.advance(
        session,
        row=row,
        user=user,
        settings=settings,
        client=client_address(request),
        second_factor_done=second_factor_done,
    )
    _set_cookie(request, token)
    return new.stage


def second_factor_failed(
    request: Request, session: Session, settings: Settings, user: User
) -> None:
    """A wrong code counts like a wrong password (and may lock the account)."""
    users.register_failure(
        session, user=user, settings=settings, client=client_address(request), reason="totp"
    )


def restart(request: Request, session: Session, settings: Settings, user: User) -> str:
    """After a new password every session of the user has ended: start a fresh one.

    Only called from a session that passed the second factor (``password`` comes after
    ``totp`` and ``enrol``; an active one passed them all).
    """
    token, row = sessions.start(
        session,
        user=user,
        settings=settings,
        client=client_address(request),
        second_factor_done=True,
    )
    _set_cookie(request, token)
    return row.stage
