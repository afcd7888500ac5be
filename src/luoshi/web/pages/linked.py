"""The records a task is linked with (a proposal it is a commitment of, the national measure
it docks, a support item that landed as it), shown on the task page as links.

The page of each record decides who may read it; here the viewer sees only the kind of
record, the kind of link and the link's note, never the other record's content.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.errors import NotFound
from luoshi.kernel import links
from luoshi.kernel.permissions import Actor

# Where each kind of record is shown; a kind without a page is listed without a link.
PAGES: dict[str, str] = {
    "task": "/tasks/{id}",
    "source": "/sources/{id}",
    "project": "/projects/{id}",
    "proposal": "/proposals/{id}",
    "livelihood_matter": "/livelihood/{id}",
    "indicator": "/indicators/{id}",
    "support_item": "/support-items/{id}",
}


@dataclass(frozen=True)
class Linked:
    kind: str  # the link's kind: replies, docks, relates…
    object_type: str
    object_id: int
    note: str
    href: str | None


def linked_records(session: Session, *, actor: Actor, task_id: int) -> list[Linked]:
    """The other end of every link of the task, provenance (``derived_from``) aside: the
    task page shows its source already."""
    found = []
    for link in links.links_of(
        session, tenant_id=actor.tenant_id, object_type="task", object_id=task_id
    ):
        if link.kind == "derived_from":
            continue
        outgoing = link.from_type == "task" and link.from_id == task_id
        kind, other = (link.to_type, link.to_id) if outgoing else (link.from_type, link.from_id)
        found.append(Linked(link.kind, kind, other, link.note, _href(session, actor, kind, other)))
    return found


def _href(session: Session, actor: Actor, object_type: str, object_id: int) -> str | None:
    if object_type == "directive":
        # A directive is read on its source's page, where its span is marked.
        try:
            directive = directives.get_directive_for(
                session, actor=actor, directive_id=object_id, action="source.view"
            )
        except NotFound:
            return None
        return f"/sources/{directive.source_id}#dir-{directive.id}"
    page = PAGES.get(object_type)
    return page.format(id=object_id) if page else None
