"""The API's project list on SQLAlchemy Core: a page as rows, not ORM objects.

As for the tasks (``domains/tasks/queries.py``): a read builds no object graph, so the
identity map and the per-row entity loading were pure cost. ``reads`` returns the same
``ProjectRead`` as ``service.to_reads`` for the same rows, from the same scoped statement
(``service._page``: ``access.visible``, the filters, the order), with the page's three
units (owner, office, region) joined to its rows instead of read in a statement of their own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from luoshi.domains.projects.models import Project
from luoshi.domains.projects.schemas import LightOut, ProjectRead, UnitRef
from luoshi.kernel.models import Unit

_project = Project.__table__.c
# ProjectRead's own columns, and what its light and sums are made from.
_COLUMNS = (
    _project.id,
    _project.code,
    _project.name,
    _project.stage,
    _project.national_plan,
    _project.national_plan_name,
    _project.national_plan_date,
    _project.level,
    _project.industry,
    _project.total_investment,
    _project.investment_before,
    _project.planned_start,
    _project.actual_start,
    _project.planned_completion,
    _project.actual_completion,
    _project.operation_date,
    _project.light,
    _project.light_reasons,
    _project.version,
    _project.public,
)
_NAMES = tuple(c.name for c in _COLUMNS)
_COPIED = tuple(
    name
    for name in _NAMES
    if name not in ("total_investment", "investment_before", "light", "light_reasons")
)
# The three units joined to a page's rows; made once (an alias made per call builds its
# column collection each time).
_OWNER = Unit.__table__.alias("owner")
_OFFICE = Unit.__table__.alias("office")
_REGION = Unit.__table__.alias("region")
_UNITS = tuple(
    column.label(f"{alias.name}_{column.name}")
    for alias in (_OWNER, _OFFICE, _REGION)
    for column in (alias.c.id, alias.c.code, alias.c.name_zh, alias.c.name_en)
)


def count(session: Session, stmt: Any) -> int:
    """How many rows a scoped project statement (``service._scoped``) finds: its own FROM
    and WHERE under ``count(*)``, not a subquery of every column."""
    counted = stmt.with_only_columns(func.count(), maintain_column_froms=True)
    return int(session.connection().execute(counted).scalar_one())


# Where each unit's four columns start in a page row (after _COLUMNS).
_OWNER_AT, _OFFICE_AT, _REGION_AT = (len(_COLUMNS) + 4 * i for i in range(3))


def _ref(row: Any, at: int) -> UnitRef | None:
    # By position: a key lookup on a row per column cost more than the rest of the row.
    unit_id, code, name_zh, name_en = row[at : at + 4]
    if unit_id is None:
        return None
    return UnitRef(id=unit_id, code=code, name_zh=name_zh, name_en=name_en)


def light_of(color: str, reasons: list[dict[str, Any]] | None, language: str) -> LightOut:
    """A light as the API shows it: its reasons in ``language`` (else English)."""
    return LightOut(
        color=color, reasons=[str(r.get(language) or r.get("en") or "") for r in reasons or []]
    )


def page_rows(session: Session, stmt: Any) -> list[Any]:
    """The rows of a scoped, ordered project page (``service._page``) with their owner,
    office and region units, in one statement."""
    joined = (
        stmt.with_only_columns(*_COLUMNS, *_UNITS, maintain_column_froms=False)
        .outerjoin(_OWNER, _OWNER.c.id == _project.owner_unit_id)
        .outerjoin(_OFFICE, _OFFICE.c.id == _project.office_unit_id)
        .outerjoin(_REGION, _REGION.c.id == _project.region_unit_id)
    )
    return list(session.connection().execute(joined).all())


def reads(
    page: list[Any],
    *,
    year: int,
    plans: dict[int, Decimal],
    ytd: dict[int, Decimal],
    total: dict[int, Decimal],
    language: str,
) -> list[ProjectRead]:
    """``page_rows`` as ``ProjectRead``, with this year's plan (``plans``) and investment
    (``ytd``, and ``total`` over every report) of each project by id."""
    result = []
    for row in page:
        values = dict(zip(_NAMES, row, strict=False))
        planned = plans.get(row.id)
        owner, office = _ref(row, _OWNER_AT), _ref(row, _OFFICE_AT)
        assert owner is not None and office is not None  # required columns, kept keys
        result.append(
            ProjectRead(
                **{name: values[name] for name in _COPIED},
                owner_unit=owner,
                office_unit=office,
                region_unit=_ref(row, _REGION_AT),
                total_investment=float(row.total_investment),
                investment_before=float(row.investment_before),
                investment_planned_year=float(planned) if planned is not None else None,
                investment_actual_ytd=float(ytd.get(row.id, Decimal(0))),
                investment_cumulative=float(row.investment_before + total.get(row.id, Decimal(0))),
                year=year,
                light=light_of(row.light, row.light_reasons, language),
            )
        )
    return result
