"""Each user's in-app inbox: list, mark read. A user sees only their own items."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from luoshi import clock
from luoshi.domains.supervision.models import InboxItem
from luoshi.domains.supervision.schemas import InboxItemRead, InboxPage
from luoshi.errors import NotFound
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor


def _mine(actor: Actor) -> tuple[ColumnElement[bool], ...]:
    if actor.user_id is None:
        raise NotFound.of("err_only_users_have_inbox")
    return (InboxItem.tenant_id == actor.tenant_id, InboxItem.user_id == actor.user_id)


def list_inbox(
    session: Session, *, actor: Actor, unread_only: bool = False, limit: int = 100
) -> InboxPage:
    """The actor's inbox, newest first, and how many items are unread."""
    mine = _mine(actor)
    stmt = select(InboxItem).where(*mine)
    if unread_only:
        stmt = stmt.where(InboxItem.read_at.is_(None))
    rows = session.scalars(stmt.order_by(InboxItem.id.desc()).limit(limit))
    unread = session.scalar(
        select(func.count()).select_from(InboxItem).where(*mine, InboxItem.read_at.is_(None))
    )
    return InboxPage(items=[InboxItemRead.model_validate(r) for r in rows], unread=unread or 0)


def unread_count(session: Session, *, actor: Actor) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(InboxItem)
            .where(*_mine(actor), InboxItem.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, *, actor: Actor, item_id: int) -> InboxItem:
    item = session.get(InboxItem, item_id)
    if item is None or item.tenant_id != actor.tenant_id or item.user_id != actor.user_id:
        raise NotFound.of("err_inbox_item_not_found")
    if item.read_at is None:
        item.read_at = clock.now()
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="inbox.read",
            object_type="inbox_item",
            object_id=item.id,
            old={"read": False},
            new={"read": True},
        )
    return item


def mark_all_read(session: Session, *, actor: Actor) -> int:
    """Mark every unread item read; returns how many were."""
    result = session.execute(
        update(InboxItem)
        .where(*_mine(actor), InboxItem.read_at.is_(None))
        .values(read_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    count = int(result.rowcount)  # type: ignore[attr-defined]
    if count:
        audit.record(
            session,
            actor=actor,
            action="inbox.read_all",
            object_type="user",
            object_id=actor.user_id,
            new={"marked_read": count},
        )
    return count
