"""Indicators: the board of target against actual by region for a period (the quarter's
"good start" beside the year's goals), an indicator's page, and its target and actual
forms."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import indicators
from luoshi.domains.livelihood.schemas import ActualSet, TargetSet
from luoshi.errors import InvalidInput, LuoshiError
from luoshi.kernel import units
from luoshi.kernel.permissions import Actor
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import DATABASE_CONFLICTS, FormRefused, as_domain, status_for
from luoshi.web.pages.forms import CodeForm, NameForm
from luoshi.web.pages.rendering import page_language, render, said
from luoshi.web.security import rate_limit

router = APIRouter()
FLASH_KEY = "flash"
# The board shows this many indicators (columns) a page: a province tracks hundreds, and
# all of them at once made a page of thousands of cells (docs/web.md, page times).
BOARD_COLUMNS = 20


@router.get(
    "/indicators", response_class=HTMLResponse, dependencies=[Depends(rate_limit("search"))]
)
def board_page(
    request: Request, actor: CurrentActor, session: DbSession, period: str = "", page: int = 1
) -> Response:
    chosen = period.strip() or indicators.default_period(session, actor=actor)
    page = max(page, 1)
    board = (
        indicators.board(
            session,
            actor=actor,
            period=chosen,
            language=page_language(request),
            offset=(page - 1) * BOARD_COLUMNS,
            limit=BOARD_COLUMNS,
        )
        if chosen
        else None
    )
    return render(
        request,
        "indicators.html",
        actor=actor,
        board=board,
        page=page,
        pages=max(1, -(-board.total // BOARD_COLUMNS)) if board else 1,
        period=chosen or "",
        periods=[code for code, _ in indicators.periods_in_use(session, actor=actor)],
        indicators=indicators.to_reads(session, indicators.list_indicators(session, actor=actor)),
    )


def render_indicator(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    indicator_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    indicator = indicators.get_indicator_for(
        session, actor=actor, indicator_id=indicator_id, action="indicator.view"
    )
    manage, report = indicators.viewer_rights(session, actor=actor, indicator=indicator)
    flash = request.session.pop(FLASH_KEY, None) if error is None else None
    return render(
        request,
        "indicator.html",
        status_code=status_code,
        actor=actor,
        indicator=indicators.to_detail(session, indicator, language=page_language(request)),
        manage=manage,
        report=report,
        regions=units.list_units(session, actor=actor, kind="city") if manage else [],
        history=indicators.history(session, actor=actor, indicator_id=indicator.id),
        error=error,
        flash=flash,
    )


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator_detail(
    request: Request, indicator_id: int, actor: CurrentActor, session: DbSession
) -> Response:
    return render_indicator(request, session, actor=actor, indicator_id=indicator_id)


def _number(value: str) -> float | None:
    text = value.strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput.of("err_value_number_not_value", value=value) from None


def _version(value: str) -> int | None:
    try:
        return int(value) if value.strip() else None
    except ValueError:
        raise InvalidInput.of("err_version_whole_number_not_value", value=value) from None


def _do(
    request: Request,
    session: Session,
    *,
    actor: Actor,
    indicator_id: int,
    action: Callable[[], object],
) -> Response:
    try:
        action()
        session.flush()
    except (LuoshiError, ValidationError, *DATABASE_CONFLICTS) as exc:
        session.rollback()
        error = (
            FormRefused(exc.errors()[:1], exc.errors()[0]["msg"])
            if isinstance(exc, ValidationError)
            else as_domain(exc)
        )
        try:
            return render_indicator(
                request,
                session,
                actor=actor,
                indicator_id=indicator_id,
                error=said(request, error),
                status_code=status_for(error),
            )
        except LuoshiError:
            session.rollback()
            return render(
                request,
                "error.html",
                status_code=status_for(error),
                actor=actor,
                error=said(request, error),
            )
    request.session[FLASH_KEY] = "flash_value_saved"
    return RedirectResponse(f"/indicators/{indicator_id}", status_code=303)


@router.post("/indicators/{indicator_id}/actuals", response_class=HTMLResponse)
def set_actual(
    request: Request,
    indicator_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    period: NameForm = "",
    region: NameForm = "",
    value: CodeForm = "",
    version: CodeForm = "",
) -> Response:
    def enter() -> None:
        indicators.set_actual(
            session,
            actor=actor,
            indicator_id=indicator_id,
            settings=settings,
            data=ActualSet(
                period=period, region=region, actual_value=_number(value), version=_version(version)
            ),
        )

    return _do(request, session, actor=actor, indicator_id=indicator_id, action=enter)


@router.post("/indicators/{indicator_id}/targets", response_class=HTMLResponse)
def set_target(
    request: Request,
    indicator_id: int,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    period: NameForm = "",
    region: NameForm = "",
    value: CodeForm = "",
    version: CodeForm = "",
) -> Response:
    def enter() -> None:
        indicators.set_target(
            session,
            actor=actor,
            indicator_id=indicator_id,
            settings=settings,
            data=TargetSet(
                period=period, region=region, target_value=_number(value), version=_version(version)
            ),
        )

    return _do(request, session, actor=actor, indicator_id=indicator_id, action=enter)
