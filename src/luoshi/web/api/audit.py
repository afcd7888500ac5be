"""The audit trail, for the audit administrator (三员)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from luoshi.kernel import audit
from luoshi.web.api.params import QueryCode, QueryId
from luoshi.web.deps import CurrentActor, DbSession

router = APIRouter(tags=["audit"])


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: int | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    note: str


@router.get("/audit")
def list_audit_events(
    actor: CurrentActor,
    session: DbSession,
    object_type: QueryCode | None = None,
    object_id: QueryId | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditEventRead]:
    """Audit events, newest first (needs ``audit.view``)."""
    events = audit.list_events(
        session, actor=actor, object_type=object_type, object_id=object_id, limit=limit
    )
    return [AuditEventRead.model_validate(e) for e in events]
