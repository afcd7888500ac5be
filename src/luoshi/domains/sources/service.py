"""Storing source documents verbatim, once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.sources.models import Source
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.errors import NotFound
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor, check


@dataclass(frozen=True)
class StoredSource:
    source: Source
    created: bool  # False when the same text was stored before


def text_sha256(text: str) -> str:
    """The digest of the decoded text, so one document in GBK and in UTF-8 is one source."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_source(
    session: Session,
    *,
    actor: Actor,
    text: str,
    language: str,
    data: SourceCreate,
    encoding: str = "utf-8",
) -> StoredSource:
    """Store a source verbatim; a second upload of the same text returns the first."""
    check(actor, "source.create")
    digest = text_sha256(text)
    existing = find_source(session, tenant_id=actor.tenant_id, text=text)
    if existing is not None:
        return StoredSource(existing, created=False)
    source = Source(
        tenant_id=actor.tenant_id,
        title=data.title or _first_line(text),
        kind=data.kind,
        language=language,
        doc_date=data.doc_date,
        issuer=data.issuer,
        filename=data.filename,
        encoding=encoding,
        text=text,
        chars=len(text),
        sha256=digest,
        created_by_id=actor.user_id,
    )
    session.add(source)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="source.create",
        object_type="source",
        object_id=source.id,
        new={"title": source.title, "sha256": digest, "chars": source.chars},
    )
    return StoredSource(source, created=True)


def find_source(session: Session, *, tenant_id: str, text: str) -> Source | None:
    """The source already stored with exactly this text, if any."""
    digest = text_sha256(text)
    return session.scalar(
        select(Source).where(Source.tenant_id == tenant_id, Source.sha256 == digest)
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return "untitled"


def get_source_for(session: Session, *, actor: Actor, source_id: int, action: str) -> Source:
    """Load a source and check ``action`` on it (sources belong to the whole tenant)."""
    source = session.get(Source, source_id)
    if source is None or source.tenant_id != actor.tenant_id:
        raise NotFound("source not found")
    check(actor, action)
    return source


def list_sources(session: Session, *, actor: Actor) -> list[Source]:
    check(actor, "source.view")
    stmt = select(Source).where(Source.tenant_id == actor.tenant_id).order_by(Source.id.desc())
    return list(session.scalars(stmt))


def set_status(session: Session, *, actor: Actor, source: Source, status: str) -> None:
    old = source.status
    if old == status:
        return
    source.status = status
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="source.status",
        object_type="source",
        object_id=source.id,
        old={"status": old},
        new={"status": status},
    )
