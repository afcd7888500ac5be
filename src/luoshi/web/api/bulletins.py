"""Supervision bulletins (督查通报): list, draft, edit, issue, read, download."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from luoshi.domains.bulletins import service as bulletins
from luoshi.domains.bulletins.schemas import (
    BulletinContent,
    BulletinCreate,
    BulletinRead,
    BulletinUpdate,
    GoodPractice,
)
from luoshi.interchange.bulletin_document import FORMATS, filename, render
from luoshi.web.api.params import PathId, QueryCode
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, WRITE, error_responses

router = SectionRouter(tags=["bulletins"])


class BulletinDetail(BaseModel):
    bulletin: BulletinRead
    content: BulletinContent


class BulletinIssue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, description="the version edited, if known")


@router.get("/bulletins")
def list_bulletins(
    actor: CurrentActor, session: DbSession, state: QueryCode | None = None
) -> list[BulletinRead]:
    """The bulletins of the actor's office and the offices below it, newest period first."""
    return [
        BulletinRead.model_validate(b)
        for b in bulletins.list_bulletins(session, actor=actor, state=state)
    ]


@router.post("/bulletins", status_code=201, responses=WRITE)
def create_bulletin(
    data: BulletinCreate, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> BulletinRead:
    """A new draft of the actor's office for a month (2023-05) or a quarter (2023Q1)."""
    bulletin = bulletins.create_draft(session, actor=actor, period=data.period, settings=settings)
    return BulletinRead.model_validate(bulletin)


@router.get("/bulletins/{bulletin_id}", responses=READ)
def get_bulletin(
    bulletin_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> BulletinDetail:
    """A bulletin and what it says: as frozen once issued, from live data while a draft."""
    bulletin, content = bulletins.content_of(
        session, actor=actor, bulletin_id=bulletin_id, settings=settings
    )
    return BulletinDetail(bulletin=BulletinRead.model_validate(bulletin), content=content)


@router.patch("/bulletins/{bulletin_id}", responses=WRITE)
def update_bulletin(
    bulletin_id: PathId,
    data: BulletinUpdate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> BulletinRead:
    """Edit a draft's wording and good practices; an issued bulletin answers 409."""
    bulletin = bulletins.update_draft(
        session, actor=actor, bulletin_id=bulletin_id, changes=data, settings=settings
    )
    return BulletinRead.model_validate(bulletin)


@router.post("/bulletins/{bulletin_id}/issue", responses=WRITE)
def issue_bulletin(
    bulletin_id: PathId,
    data: BulletinIssue,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> BulletinRead:
    """Freeze a draft and give it the office's next number of the year."""
    bulletin = bulletins.issue_bulletin(
        session, actor=actor, bulletin_id=bulletin_id, settings=settings, version=data.version
    )
    return BulletinRead.model_validate(bulletin)


@router.get("/bulletins/{bulletin_id}/candidates", responses=READ)
def practice_candidates(
    bulletin_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> list[GoodPractice]:
    """Reports of the period the office may pick as good practice."""
    return bulletins.practice_candidates(
        session, actor=actor, bulletin_id=bulletin_id, settings=settings
    )


@router.get(
    "/bulletins/{bulletin_id}/document",
    responses={
        **error_responses(404, 503),
        200: {"content": {t: {} for t in FORMATS.values()}, "description": "the document"},
    },
    response_class=Response,
)
def bulletin_document(
    bulletin_id: PathId,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    format: Annotated[str, Query(pattern="^(docx|html|pdf)$")] = "docx",
) -> Response:
    """The bulletin as Word (GB/T 9704-2012), printable HTML or PDF (LibreOffice), as a
    download."""
    _, content = bulletins.content_of(
        session, actor=actor, bulletin_id=bulletin_id, settings=settings
    )
    return Response(
        render(content, format),
        media_type=FORMATS[format],
        headers={"Content-Disposition": f'attachment; filename="{filename(content, format)}"'},
    )
