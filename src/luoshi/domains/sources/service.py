"""Storing source documents verbatim, once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.domains.sources.models import Source
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.errors import NotFound
from luoshi.kernel import audit, units
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, above, check, in_subtree


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
        owner_unit_id=units.acting_unit(session, actor=actor).id,
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


def owner_of(session: Session, source: Source) -> Unit:
    """The unit whose office owns the source (the tenant's top unit for old rows)."""
    owner = session.get(Unit, source.owner_unit_id) if source.owner_unit_id else None
    if owner is None:
        owner = session.scalar(
            select(Unit)
            .where(Unit.tenant_id == source.tenant_id, Unit.parent_id.is_(None))
            .order_by(Unit.id)
            .limit(1)
        )
    if owner is None:
        raise NotFound.of("err_source_s_unit_missing")
    return owner


def relations_to(session: Session, actor: Actor, source: Source) -> frozenset[str]:
    """``source_office`` for the owner's office and those above it; ``source_reader`` for
    the units below it, which read the documents their tasks come from."""
    if actor.is_system:
        return frozenset({"source_office", "source_reader"})
    # An administrator (三员) has no relation to business data, wherever its unit sits.
    if source.tenant_id != actor.tenant_id or actor.is_admin:
        return frozenset()
    owner = owner_of(session, source)
    if actor.sees_path(owner.path):
        return frozenset({"source_office"})
    if actor.unit_path.startswith(owner.path):
        return frozenset({"source_reader"})
    return frozenset()


def get_source_for(session: Session, *, actor: Actor, source_id: int, action: str) -> Source:
    """Load a source and check ``action`` against the actor's roles and relation to it."""
    source = session.get(Source, source_id)
    if source is None or source.tenant_id != actor.tenant_id:
        raise NotFound.of("err_source_not_found")
    check(actor, action, relations=relations_to(session, actor, source), what="source")
    return source


def list_sources(session: Session, *, actor: Actor) -> list[Source]:
    """The sources of the actor's part of the tree and those sent down from above it."""
    check(actor, "source.view")
    stmt = select(Source).where(Source.tenant_id == actor.tenant_id)
    if not actor.is_system and actor.unit_path != "/":
        owner = select(Unit.id).where(
            Unit.id == Source.owner_unit_id,
            or_(in_subtree(actor, Unit.path), above(actor, Unit.path)),
        )
        stmt = stmt.where(or_(Source.owner_unit_id.is_(None), owner.exists()))
    return list(session.scalars(stmt.order_by(Source.id.desc())))


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
