"""Key project pages: the list with filters and lights, the metrics, and the project page
with its stages, plans, reports and the forms its viewer may use.

Every form posts here, calls one service and answers 303 back to the project page; a
refused action renders the page again with the service's message and the error's status,
its transaction rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.progress import schedule
from luoshi.domains.projects import access, rules
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import (
    NationalPlanSet,
    ProjectReportCreate,
    StageChange,
    YearPlanSet,
)
from luoshi.errors import InvalidInput, LuoshiError
from luoshi.kernel import audit, permissions, units
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import DATABASE_CONFLICTS, FormRefused, as_domain, status_for
from luoshi.web.pages.forms import CodeForm, NameForm, NoteForm, TitleForm
from luoshi.web.pages.rendering import page_language, render, said
from luoshi.web.security import rate_limit

router = APIRouter()
PAGE_SIZE = 25
FLASH_KEY = "flash"


@router.get("/projects", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))])
def project_list(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    stage: str = "",
    national_plan: str = "",
    light: str = "",
    region: str = "",
    q: str = "",
    page: int = 1,
) -> Response:
    filters = projects.ProjectFilter(
        stage=stage or None,
        national_plan=national_plan or None,
        light=light or None,
        region=region or None,
        q=q or None,
    )
    page = max(page, 1)
    reads, total = projects.list_project_reads(
        session,
        actor=actor,
        on=schedule.today(settings),
        language=page_language(request),
        filters=filters,
        page=page,
        page_size=PAGE_SIZE,
    )
    return render(
        request,
        "projects.html",
        actor=actor,
        projects=reads,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters={
            "stage": stage,
            "national_plan": national_plan,
            "light": light,
            "region": region,
            "q": q,
        },
        stages=rules.STAGES,
        plans=rules.NATIONAL_PLAN,
        regions=[
            u for u in units.unit_choices(session, actor=actor) if u.kind in ("city", "county")
        ],
    )


@router.get("/projects/metrics", response_class=HTMLResponse)
def project_metrics(
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    by: str = "region",
    year: int | None = None,
) -> Response:
    if by not in rules.GROUPINGS:
        by = "region"
    figures = projects.metrics(session, actor=actor, settings=settings, by=by, year=year)
    return render(
        request,
        "project_metrics.html",
        actor=actor,
        figures=figures,
        groupings=rules.GROUPINGS,
    )


# ---------------------------------------------------------------- the project page


def render_project(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    project_id: int,
    error: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    project = projects.get_project_for(
        session, actor=actor, project_id=project_id, action="project.view"
    )
    today = schedule.today(settings)
    lang = page_language(request)
    detail = projects.to_detail(session, project, settings=settings, on=today, language=lang)
    relations = access.relations_to(session, actor, project)
    may_manage = permissions.allows(actor, "project.manage", relations)
    may_report = permissions.allows(actor, "project.report", relations)
    building = rules.building_periods(project.actual_start, project.actual_completion, today)
    since = rules.period_of(projects.reports_since(project, settings))
    filed = {r.period for r in detail.reports}
    # The month to offer: the oldest one owed and missing, else this month if not filed.
    unfiled = [p for p in building if p >= since and p not in filed]
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        "project.html",
        status_code=status_code,
        actor=actor,
        project=detail,
        may_manage=may_manage,
        may_report=may_report,
        report_period=unfiled[0] if unfiled else "",
        today=today,
        history=audit.history_of(
            session, tenant_id=actor.tenant_id, object_type="project", object_id=project.id
        ),
        error=error,
        flash=flash,
        form=form or {},
    )


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_detail(
    request: Request,
    project_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> Response:
    return render_project(request, session, actor=actor, settings=settings, project_id=project_id)


def _do(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    project_id: int,
    action: Callable[[], object],
    flash: str,
    form: dict[str, Any] | None = None,
) -> Response:
    try:
        action()
        session.flush()
    except (LuoshiError, ValidationError, *DATABASE_CONFLICTS) as exc:
        session.rollback()
        refused = (
            FormRefused(exc.errors()[:1], _validation_message(exc))
            if isinstance(exc, ValidationError)
            else as_domain(exc)
        )
        status = status_for(refused)
        try:
            return render_project(
                request,
                session,
                actor=actor,
                settings=settings,
                project_id=project_id,
                error=said(request, refused),
                form=form,
                status_code=status,
            )
        except LuoshiError:  # the project itself is out of reach: say so, without the page
            session.rollback()
            return render(
                request, "error.html", status_code=status, actor=actor, error=said(request, refused)
            )
    request.session[FLASH_KEY] = flash
    return RedirectResponse(f"/projects/{project_id}", status_code=303)


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def _build(kind: type[BaseModel], values: dict[str, Any]) -> Any:
    """A schema from form fields (blank optional fields left out)."""
    return kind.model_validate({k: v for k, v in values.items() if v not in ("", None)})


def _amount(text: str, what: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput.of("err_what_number_not_text", what=what, text=text.strip()) from None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError:
        raise InvalidInput.of("err_date_written_yyyy_mm_dd_not_text", text=text.strip()) from None


Version = Annotated[int | None, Form()]


@router.post("/projects/{project_id}/stage", response_class=HTMLResponse)
def change_stage(
    request: Request,
    project_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    to_stage: CodeForm = "",
    day: CodeForm = "",
    note: NoteForm = "",
    version: Version = None,
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        project_id=project_id,
        flash="flash_project_stage",
        form={"note": note, "day": day},
        action=lambda: projects.change_stage(
            session,
            actor=actor,
            project_id=project_id,
            settings=settings,
            data=_build(
                StageChange,
                {"to_stage": to_stage, "day": _day(day), "note": note, "version": version},
            ),
        ),
    )


@router.post("/projects/{project_id}/public", response_class=HTMLResponse)
def set_public(
    request: Request,
    project_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    public: Annotated[bool, Form()] = False,
) -> Response:
    """Show the project on the public accountability page (/public), or stop."""
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        project_id=project_id,
        flash="flash_public_on" if public else "flash_public_off",
        action=lambda: projects.set_public(
            session, actor=actor, project_id=project_id, public=public
        ),
    )


@router.post("/projects/{project_id}/national-plan", response_class=HTMLResponse)
def set_national_plan(
    request: Request,
    project_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    status: CodeForm = "",
    plan_name: TitleForm = "",
    plan_date: CodeForm = "",
    version: Version = None,
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        project_id=project_id,
        flash="flash_saved_project",
        form={"plan_name": plan_name, "plan_date": plan_date},
        action=lambda: projects.set_national_plan(
            session,
            actor=actor,
            project_id=project_id,
            settings=settings,
            data=_build(
                NationalPlanSet,
                {
                    "status": status,
                    "plan_name": plan_name,
                    "plan_date": _day(plan_date),
                    "version": version,
                },
            ),
        ),
    )


@router.post("/projects/{project_id}/year-plan", response_class=HTMLResponse)
def set_year_plan(
    request: Request,
    project_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    year: Annotated[int, Form()] = 0,
    planned_investment: CodeForm = "",
    version: Version = None,
) -> Response:
    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        project_id=project_id,
        flash="flash_saved_project",
        form={"planned_investment": planned_investment},
        action=lambda: projects.set_year_plan(
            session,
            actor=actor,
            project_id=project_id,
            year=year,
            settings=settings,
            data=_build(
                YearPlanSet,
                {
                    "planned_investment": _amount(planned_investment, "the planned investment"),
                    "version": version,
                },
            ),
        ),
    )


@router.post(
    "/projects/{project_id}/reports",
    response_class=HTMLResponse,
    dependencies=[Depends(rate_limit("upload"))],  # carries photos
)
def file_report(
    request: Request,
    project_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    period: NameForm = "",
    investment_month: CodeForm = "",
    progress: NoteForm = "",
    problems: NoteForm = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    def act() -> None:
        report = projects.submit_report(
            session,
            actor=actor,
            project_id=project_id,
            settings=settings,
            data=_build(
                ProjectReportCreate,
                {
                    "period": period,
                    "investment_month": _amount(investment_month, "this month's investment"),
                    "progress": progress,
                    "problems": problems,
                },
            ),
        )
        for upload in files or []:
            content = upload.file.read(settings.evidence_max_bytes + 1)
            if not upload.filename and not content:
                continue  # an empty file input sends one nameless, empty part
            if len(content) > settings.evidence_max_bytes:
                raise InvalidInput.of(
                    "err_filename_larger_than_evidence_max_bytes_bytes",
                    filename=upload.filename,
                    evidence_max_bytes=settings.evidence_max_bytes,
                )
            projects.add_photo(
                session,
                actor=actor,
                project_id=project_id,
                report_id=report.id,
                filename=upload.filename or "",
                content=content,
                settings=settings,
            )

    return _do(
        request,
        session,
        actor=actor,
        settings=settings,
        project_id=project_id,
        flash="flash_project_report",
        form={"investment_month": investment_month, "progress": progress, "problems": problems},
        action=act,
    )
