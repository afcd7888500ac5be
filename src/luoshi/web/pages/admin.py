"""The administrators' pages (三员分立): each admin sees the pages of its own job.

System administrator: accounts, units, settings, calendar. Security administrator: roles
and the security policy. Audit administrator: the audit trail, searched and exported. The
kernel services decide (kernel/roles.py); a page only shows the forms its viewer may use.
Every form is a plain POST answered by a 303 back to its page; a refused one renders the
page again with the service's message and status, and its transaction is rolled back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BeforeValidator, ValidationError
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, LuoshiError
from luoshi.kernel import accounts, audit, calendar, deployment, units, users
from luoshi.kernel.fields import MAX_ID, iso_day
from luoshi.kernel.permissions import ROLES, Actor, check
from luoshi.kernel.roles import ADMIN_ROLES, grantable
from luoshi.kernel.schemas import UnitCreate
from luoshi.web.api.params import QueryCode, QueryText
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import FormRefused, status_for
from luoshi.web.i18n import translator
from luoshi.web.pages.rendering import page_language, render, said

router = APIRouter()
FLASH_KEY = "admin_flash"
AUDIT_PAGE = 200
EXPORT_FIELDS = ("id", "at", "actor_id", "actor_name", "action", "object_type", "object_id")

# (path, label key, the action that opens the page)
JOBS = (
    ("/admin/users", "admin_users", "user.manage"),
    ("/admin/units", "admin_units", "unit.manage"),
    ("/admin/settings", "admin_settings", "settings.view"),
    ("/admin/calendar", "admin_calendar", "settings.manage"),
    ("/admin/roles", "admin_roles", "role.manage"),
    ("/admin/security", "admin_security", "security.manage"),
    ("/admin/audit", "admin_audit", "audit.view"),
)

Page = Callable[[str | None, int], Response]


def jobs_of(actor: Actor) -> list[tuple[str, str]]:
    return [(path, label) for path, label, action in JOBS if actor.can(action)]


def _page(request: Request, actor: Actor, template: str, **context: Any) -> Response:
    error = context.pop("error", None)
    status = context.pop("status_code", 200)
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        template,
        status_code=status,
        actor=actor,
        jobs=jobs_of(actor),
        error=error,
        flash=flash,
        **context,
    )


def _do(
    request: Request,
    session: Session,
    *,
    action: Callable[[], object],
    back: str,
    flash: tuple[str, str],
    page: Page,
) -> Response:
    """Run one service; 303 back to ``back`` saying ``flash`` (what, label key), or the
    page again with the refusal."""
    try:
        action()
        session.flush()
    except LuoshiError as exc:
        session.rollback()
        return page(said(request, exc), status_for(exc))
    subject, label = flash
    request.session[FLASH_KEY] = f"{subject}: {translator(page_language(request))[label]}"
    return RedirectResponse(back, status_code=303)


@router.get("/admin", response_class=HTMLResponse)
def admin_home(request: Request, actor: CurrentActor) -> Response:
    return _page(request, actor, "admin.html")


# ---------------------------------------------------------------- accounts (sysadmin)


def _users_page(
    request: Request, session: Session, actor: Actor, error: str | None = None, status: int = 200
) -> Response:
    return _page(
        request,
        actor,
        "admin_users.html",
        accounts=accounts.list_users(session, actor=actor),
        units=units.list_units(session, actor=actor),
        admin_roles=ADMIN_ROLES,
        error=error,
        status_code=status,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return _users_page(request, session, actor)


@router.post("/admin/users", response_class=HTMLResponse)
def users_create(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form(max_length=100)],
    unit: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    return _do(
        request,
        session,
        action=lambda: users.create_user(
            session,
            actor=actor,
            username=username.strip(),
            password=password,
            unit_code=unit,
            roles=[],
            display_name=display_name,
            email=email,
            policy=settings.password_policy,
        ),
        back="/admin/users",
        flash=(username, "done_created"),
        page=lambda e, s: _users_page(request, session, actor, e, s),
    )


@router.post("/admin/users/{user_id}/deactivate", response_class=HTMLResponse)
def users_deactivate(
    request: Request, user_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    return _do(
        request,
        session,
        action=lambda: accounts.set_active(session, actor=actor, user_id=user_id, active=False),
        back="/admin/users",
        flash=(str(user_id), "done_deactivated"),
        page=lambda e, s: _users_page(request, session, actor, e, s),
    )


@router.post("/admin/users/{user_id}/activate", response_class=HTMLResponse)
def users_activate(
    request: Request, user_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    return _do(
        request,
        session,
        action=lambda: accounts.set_active(session, actor=actor, user_id=user_id, active=True),
        back="/admin/users",
        flash=(str(user_id), "done_activated"),
        page=lambda e, s: _users_page(request, session, actor, e, s),
    )


@router.post("/admin/users/{user_id}/password", response_class=HTMLResponse)
def users_password(
    request: Request,
    user_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    return _do(
        request,
        session,
        action=lambda: accounts.reset_password(
            session,
            actor=actor,
            user_id=user_id,
            password=password,
            policy=settings.password_policy,
        ),
        back="/admin/users",
        flash=(str(user_id), "done_password_reset"),
        page=lambda e, s: _users_page(request, session, actor, e, s),
    )


# ---------------------------------------------------------------- roles (secadmin)


def _roles_page(
    request: Request, session: Session, actor: Actor, error: str | None = None, status: int = 200
) -> Response:
    # Listing accounts alone would pass for the system administrator: this page is the
    # security administrator's.
    check(actor, "role.manage")
    active = accounts.list_users(session, actor=actor, include_inactive=False)
    return _page(
        request,
        actor,
        "admin_roles.html",
        accounts=active,
        grantable={a.id: grantable(a.roles, sorted(ROLES)) for a in active},
        error=error,
        status_code=status,
    )


@router.get("/admin/roles", response_class=HTMLResponse)
def roles_page(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return _roles_page(request, session, actor)


@router.post("/admin/users/{user_id}/roles/grant", response_class=HTMLResponse)
def roles_grant(
    request: Request,
    user_id: int,
    actor: CurrentActor,
    session: DbSession,
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    return _do(
        request,
        session,
        action=lambda: accounts.grant_role(session, actor=actor, user_id=user_id, role=role),
        back="/admin/roles",
        flash=(role, "done_granted"),
        page=lambda e, s: _roles_page(request, session, actor, e, s),
    )


@router.post("/admin/users/{user_id}/roles/revoke", response_class=HTMLResponse)
def roles_revoke(
    request: Request,
    user_id: int,
    actor: CurrentActor,
    session: DbSession,
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    return _do(
        request,
        session,
        action=lambda: accounts.revoke_role(session, actor=actor, user_id=user_id, role=role),
        back="/admin/roles",
        flash=(role, "done_revoked"),
        page=lambda e, s: _roles_page(request, session, actor, e, s),
    )


# ---------------------------------------------------------------- settings and policy


@router.get("/admin/settings", response_class=HTMLResponse)
def settings_page(request: Request, actor: CurrentActor, settings: AppSettings) -> Response:
    values = deployment.settings_view(actor, settings)
    return _page(request, actor, "admin_settings.html", heading="admin_settings", values=values)


@router.get("/admin/security", response_class=HTMLResponse)
def security_page(request: Request, actor: CurrentActor, settings: AppSettings) -> Response:
    values = deployment.security_policy(actor, settings)
    return _page(request, actor, "admin_settings.html", heading="admin_security", values=values)


# ---------------------------------------------------------------- calendar (sysadmin)


def _calendar_page(
    request: Request, session: Session, actor: Actor, error: str | None = None, status: int = 200
) -> Response:
    return _page(
        request,
        actor,
        "admin_calendar.html",
        days=calendar.list_days(session, actor=actor),
        error=error,
        status_code=status,
    )


@router.get("/admin/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return _calendar_page(request, session, actor)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput.of("err_not_date_yyyy_mm_dd_value", value=value) from exc


@router.post("/admin/calendar", response_class=HTMLResponse)
def calendar_set(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    day: Annotated[str, Form(max_length=20)],
    working: Annotated[str, Form(max_length=5)] = "",
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _do(
        request,
        session,
        action=lambda: calendar.set_day(
            session, actor=actor, day=_day(day), working=working == "on", name=name
        ),
        back="/admin/calendar",
        flash=(day, "done_saved"),
        page=lambda e, s: _calendar_page(request, session, actor, e, s),
    )


@router.post("/admin/calendar/clear", response_class=HTMLResponse)
def calendar_clear(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    day: Annotated[str, Form(max_length=20)],
) -> Response:
    return _do(
        request,
        session,
        action=lambda: calendar.clear_day(session, actor=actor, day=_day(day)),
        back="/admin/calendar",
        flash=(day, "done_cleared"),
        page=lambda e, s: _calendar_page(request, session, actor, e, s),
    )


# ---------------------------------------------------------------- units (sysadmin)


def _units_page(
    request: Request, session: Session, actor: Actor, error: str | None = None, status: int = 200
) -> Response:
    return _page(
        request,
        actor,
        "admin_units.html",
        units=units.list_units(session, actor=actor),
        error=error,
        status_code=status,
    )


@router.get("/admin/units", response_class=HTMLResponse)
def units_page(request: Request, actor: CurrentActor, session: DbSession) -> Response:
    return _units_page(request, session, actor)


@router.post("/admin/units", response_class=HTMLResponse)
def units_create(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    code: Annotated[str, Form(max_length=64)],
    name_zh: Annotated[str, Form(max_length=200)],
    kind: Annotated[str, Form(max_length=32)],
    parent: Annotated[str, Form(max_length=64)] = "",
    name_en: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    def create() -> object:
        try:
            data = UnitCreate(
                code=code.strip(),
                name_zh=name_zh.strip(),
                name_en=name_en.strip(),
                kind=kind,
                parent=parent.strip() or None,
            )
        except ValidationError as exc:
            raise FormRefused(exc.errors(), "; ".join(str(e["msg"]) for e in exc.errors())) from exc
        return units.create_unit(session, actor=actor, data=data)

    return _do(
        request,
        session,
        action=create,
        back="/admin/units",
        flash=(code, "done_created"),
        page=lambda e, s: _units_page(request, session, actor, e, s),
    )


# ---------------------------------------------------------------- audit trail (auditor)


@dataclass(frozen=True)
class TrailQuery:
    """The audit page's search, as the form sends it: a blank field asks for nothing."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    since: date | None = None  # from this day, in the deployment's time zone
    until: date | None = None  # to the end of this day

    def where(self, timezone: str) -> audit.AuditFilter:
        """The filter, the days read in the deployment's ``timezone`` (settings)."""
        zone = ZoneInfo(timezone)

        def day_start(day: date) -> datetime:
            return datetime.combine(day, time(0), tzinfo=zone)

        return audit.AuditFilter(
            actor=self.actor.strip() or None,
            action=self.action.strip() or None,
            object_type=self.object_type.strip() or None,
            object_id=self.object_id,
            since=day_start(self.since) if self.since else None,
            until=day_start(self.until + timedelta(days=1)) if self.until else None,
        )

    def query_string(self) -> str:
        """The same search for the export link."""
        given = {k: v for k, v in asdict(self).items() if v not in ("", None)}
        return urlencode({k: str(v) for k, v in given.items()})


def _blank_is_none(value: object) -> object:
    """A form's empty field asks for nothing (a browser sends ``since=``)."""
    return None if value == "" else value


def _blank_or_day(value: object) -> object:
    return None if value == "" else iso_day(value)


def trail_query(
    actor: QueryText = "",
    action: QueryCode = "",
    object_type: QueryCode = "",
    object_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID), BeforeValidator(_blank_is_none)
    ] = None,
    since: Annotated[date | None, Query(), BeforeValidator(_blank_or_day)] = None,
    until: Annotated[date | None, Query(), BeforeValidator(_blank_or_day)] = None,
) -> TrailQuery:
    return TrailQuery(actor, action, object_type, object_id, since, until)


TrailSearch = Annotated[TrailQuery, Depends(trail_query)]


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    search: TrailSearch,
) -> Response:
    events = audit.list_events(
        session, actor=actor, where=search.where(settings.timezone), limit=AUDIT_PAGE
    )
    return _page(
        request,
        actor,
        "admin_audit.html",
        events=events,
        filters=search,
        export_query=search.query_string(),
        may_export=actor.can("audit.export"),
    )


@router.get("/admin/audit/export.csv")
def audit_export(
    actor: CurrentActor, session: DbSession, settings: AppSettings, search: TrailSearch
) -> Response:
    """The searched events as CSV (UTF-8 with a BOM, which Excel and WPS open as UTF-8)."""
    check(actor, "audit.export")
    where = search.where(settings.timezone)
    events = audit.list_events(session, actor=actor, where=where, limit=1000)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*EXPORT_FIELDS, "old", "new", "note"])
    for e in events:
        writer.writerow(
            [*(getattr(e, f) for f in EXPORT_FIELDS), _json(e.old), _json(e.new), e.note]
        )
    # Reading the trail out is itself an event the next auditor sees.
    audit.record(
        session,
        actor=actor,
        action="audit.export",
        object_type="audit_event",
        object_id=None,
        new={**where.given(), "rows": len(events)},
    )
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
