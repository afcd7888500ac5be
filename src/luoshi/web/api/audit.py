"""The audit trail, for the audit administrator (三员): search, page through, export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import AwareDatetime, BaseModel, ConfigDict

from luoshi.kernel import audit
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import CurrentActor, DbSession
from luoshi.web.security import rate_limit

router = SectionRouter(tags=["audit"])

DbInt = Annotated[int, Query(ge=0, le=2**31 - 1)]


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seq: int | None
    at: datetime
    actor_id: int | None
    actor_name: str
    actor_roles: str
    actor_unit_id: int | None
    client_address: str
    action: str
    object_type: str
    object_id: int | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    note: str
    result: str


def audit_filter(
    actor_name: Annotated[str | None, Query(alias="actor", max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    object_type: Annotated[str | None, Query(max_length=50)] = None,
    object_id: DbInt | None = None,
    result: audit.Result | None = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
) -> audit.AuditFilter:
    """The search's filters from the query string (times without a zone are refused)."""
    return audit.AuditFilter(
        actor=actor_name,
        action=action,
        object_type=object_type,
        object_id=object_id,
        result=result,
        since=since,
        until=until,
    )


Filters = Annotated[audit.AuditFilter, Depends(audit_filter)]


@router.get("/audit", dependencies=[Depends(rate_limit("search"))])
def list_audit_events(
    actor: CurrentActor,
    session: DbSession,
    where: Filters,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[AuditEventRead]:
    """Audit events, newest first, filtered; page with ``offset`` (needs ``audit.view``)."""
    events = audit.list_events(session, actor=actor, where=where, limit=limit, offset=offset)
    return [AuditEventRead.model_validate(e) for e in events]


@router.get("/audit/export.csv", response_class=Response)
def export_audit_events(actor: CurrentActor, session: DbSession, where: Filters) -> Response:
    """The filtered events as CSV, oldest first; the export itself is audited."""
    body = audit.export_csv(session, actor=actor, where=where)
    return Response(
        content="\ufeff" + body,  # a BOM, so that Excel reads the Chinese text as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
