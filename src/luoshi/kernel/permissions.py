"""The permission catalogue: named actions, roles that grant them, deny by default.

Two questions decide every check. The actor's roles must grant the action; and for an
object owned by units of the tree, the actor's *relation* to it must allow the action:
the supervising office acts as office, the lead unit acts for itself, a co-unit reads and
files its own part (RELATION_ACTIONS). Scope is the unit tree: an actor speaks for its own
unit and every unit below it (``Actor.sees_path``, and ``in_subtree`` for queries — the
one rule, in one place). docs/permissions.md lists every action (a test checks).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, literal
from sqlalchemy.orm import InstrumentedAttribute

from luoshi.errors import OutOfScope, PermissionDenied
from luoshi.kernel.roles import ADMIN_ACTION_NAMES, ADMIN_ACTIONS, ADMIN_ROLES

ACTIONS: dict[str, str] = {
    "unit.view": "See units of the tree",
    "unit.manage": "Create, import and edit units",
    **ADMIN_ACTION_NAMES,
    "source.view": "Read source documents and their draft breakdowns",
    "source.create": "Upload a source document and extract its breakdown",
    "directive.review": "Edit, merge and confirm draft directives",
    "task.view": "See a task and its history",
    "task.create": "Create tasks and publish a breakdown as tasks",
    "task.assign": "Assign or reassign lead and co-units, set dates and cycle",
    "task.accept": "Accept or return an assignment on behalf of the lead unit",
    "task.split": "Break a task into sub-tasks for subordinate units",
    "task.transition": "Move a task through its status machine",
    "task.verify": "Verify and close a completed task",
    "report.submit": "File a progress report for a task of one's unit",
    "report.review": "Accept or return a progress report",
    "extension.request": "Ask for a later due date",
    "extension.decide": "Approve or refuse an extension request",
    "instruction.write": "Write a leader's instruction (批示) on a task",
    "supervision.urge": "Issue reminders, urgings and supervision notices",
    "livelihood.view": "See livelihood matters, their targets and reported values",
    "livelihood.manage": "Create, import and edit livelihood matters and their targets",
    "livelihood.report": "Report the period values of a livelihood target of one's unit",
    "indicator.view": "See indicators, their targets and actuals",
    "indicator.manage": "Create and edit indicators, set and import their targets",
    "indicator.report": "Enter or import the actual values of an indicator",
    "project.view": "See a key project, its reports and its history",
    "project.manage": "Register, import and edit key projects, their stage and national plan",
    "project.report": "File a key project's monthly report and its photos",
    "proposal.view": "See suggestions and proposals, their replies and history",
    "proposal.manage": "Register, import, assign, split proposals; send replies, record ratings",
    "proposal.handle": "Accept or return a proposal and draft its reply for the lead unit",
    "proposal.countersign": "Countersign (会签) or object to a reply for a co-unit",
    "support.view": "See support items asked of national ministries and their history",
    "support.manage": "Enter, edit, import and drop support items (the office keeping them)",
    "support.report": "Record that a support item was agreed or landed (its lead unit)",
    "docking.view": "See the docking of national policy measures",
    "docking.manage": "Dock a national document and give each measure its owner and answer",
    "docking.update": "Update the status of a national measure one's unit answers",
    "bulletin.view": "See the supervision bulletins (督查通报) of one's office and those below",
    "bulletin.manage": "Draft, edit and issue supervision bulletins of one's office",
}

ROLES: dict[str, frozenset[str]] = {
    # 督查室: runs the whole flow for its subtree.
    "office": frozenset(
        {
            "unit.view",
            "source.view",
            "source.create",
            "directive.review",
            "task.view",
            "task.create",
            "task.assign",
            "task.split",
            "task.transition",
            "task.verify",
            "report.review",
            "extension.decide",
            "supervision.urge",
            "task.accept",
            "report.submit",
            "extension.request",
            "livelihood.view",
            "livelihood.manage",
            "livelihood.report",
            "indicator.view",
            "indicator.manage",
            "indicator.report",
            "project.view",
            "project.manage",
            "project.report",
            "proposal.view",
            "proposal.manage",
            "proposal.handle",
            "proposal.countersign",
            "support.view",
            "support.manage",
            "support.report",
            "docking.view",
            "docking.manage",
            "docking.update",
            "bulletin.view",
            "bulletin.manage",
        }
    ),
    # A responsible unit's liaison: accepts, splits, reports on its own tasks.
    "unit": frozenset(
        {
            "unit.view",
            "task.view",
            "task.accept",
            "task.split",
            "task.transition",
            "report.submit",
            "extension.request",
            "source.view",
            "livelihood.view",
            "livelihood.report",
            "indicator.view",
            "indicator.report",
            "project.view",
            "project.report",
            "proposal.view",
            "proposal.handle",
            "proposal.countersign",
            "support.view",
            "support.report",
            "docking.view",
            "docking.update",
        }
    ),
    "leader": frozenset(
        {
            "unit.view",
            "task.view",
            "source.view",
            "instruction.write",
            "livelihood.view",
            "indicator.view",
            "project.view",
            "proposal.view",
            "support.view",
            "docking.view",
        }
    ),
    # 三员: three separate administrators (kernel/roles.py). Their relations to business
    # objects give nothing (``Actor.is_admin``), so business data does not even exist for them.
    **ADMIN_ACTIONS,
}


# An actor's relations to a task (or another object owned by units of the tree):
#   office  — at or above the unit whose office issued the task and supervises it;
#   lead    — at or above the lead unit (and not merely the office above it);
#   co_unit — at or above a co-unit (likewise).
# What each relation allows; the actor's roles must grant the action as well.
RELATION_ACTIONS: dict[str, frozenset[str]] = {
    "office": frozenset(
        {
            "task.view",
            "task.assign",
            "task.split",
            "task.verify",
            "report.review",
            "extension.decide",
            "supervision.urge",
            "instruction.write",
            "livelihood.view",
            "livelihood.manage",
            "indicator.view",
            "indicator.manage",
            # The office may enter actuals it takes from the statistics (an import).
            "indicator.report",
            "project.view",
            "project.manage",
            "proposal.view",
            "proposal.manage",
            "support.view",
            "support.manage",
            "support.report",
            "docking.view",
            "docking.manage",
            "docking.update",
            "bulletin.view",
            "bulletin.manage",
        }
    ),
    "lead": frozenset(
        {
            "task.view",
            "task.accept",
            "task.transition",
            "task.split",
            "report.submit",
            "extension.request",
            "instruction.write",
            "livelihood.view",
            "livelihood.report",
            "indicator.view",
            "indicator.report",
            "project.view",
            "project.report",
            "support.view",
            "support.report",
            "docking.view",
            "docking.update",
            "proposal.view",
            "proposal.handle",
        }
    ),
    "co_unit": frozenset(
        {
            "task.view",
            "report.submit",
            "livelihood.view",
            "livelihood.report",
            "project.view",
            "proposal.view",
            "proposal.countersign",
        }
    ),
    # A source: its owner's office reviews and publishes it; units below read it.
    "source_office": frozenset({"source.view", "directive.review", "task.create"}),
    "source_reader": frozenset({"source.view"}),
}
ALL_RELATIONS = frozenset(RELATION_ACTIONS)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the system running a job."""

    user_id: int | None
    username: str
    unit_id: int | None
    unit_path: str
    roles: frozenset[str] = field(default_factory=frozenset)
    tenant_id: str = "default"
    # Jobs and the demo loader: every relation to every object (no person to separate).
    is_system: bool = False
    # Where the request came from (the web sets it; empty for jobs and commands).
    client_address: str = ""

    @property
    def actions(self) -> frozenset[str]:
        granted: set[str] = set()
        for role in self.roles:
            granted |= ROLES.get(role, frozenset())
        return frozenset(granted)

    @property
    def is_admin(self) -> bool:
        """A person holding one of the three admin roles: no relation to business data."""
        return not self.is_system and bool(self.roles & ADMIN_ROLES)

    def can(self, action: str) -> bool:
        if action not in ACTIONS:
            raise KeyError(f"unknown action {action!r}: add it to the catalogue")
        return action in self.actions

    def sees_path(self, path: str) -> bool:
        """Whether an object owned by the unit at ``path`` is inside the actor's subtree."""
        return path.startswith(self.unit_path)

    def sees_any(self, paths: Iterable[str]) -> bool:
        return any(self.sees_path(p) for p in paths)

    def is_self(self, user_id: int | None) -> bool:
        """Whether ``user_id`` is this person (the system is never anyone)."""
        return user_id is not None and user_id == self.user_id


def in_subtree(actor: Actor, path: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """SQL for ``actor.sees_path(path)``: the unit at ``path`` is the actor's or below it."""
    return path.startswith(actor.unit_path, autoescape=True)


def above(actor: Actor, path: InstrumentedAttribute[str]) -> ColumnElement[bool]:
    """SQL for "the unit at ``path`` is the actor's or above it" (a document from above)."""
    return literal(actor.unit_path).startswith(path)


# The username the system actor's events carry (pages word it: web/pages/rendering.py).
SYSTEM_USERNAME = "system"


def system_actor(tenant_id: str = "default") -> Actor:
    """The actor jobs and the demo loader run as: every role, whole tree."""
    return Actor(
        user_id=None,
        username=SYSTEM_USERNAME,
        unit_id=None,
        unit_path="/",
        roles=frozenset({"office", "leader", *ADMIN_ROLES}),
        tenant_id=tenant_id,
        is_system=True,
    )


def check(
    actor: Actor,
    action: str,
    *,
    owner_paths: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    what: str = "object",
) -> None:
    """Deny unless the roles grant ``action`` and the object lies in the actor's scope.

    Scope is either ``owner_paths`` (the object is in the actor's subtree) or the actor's
    ``relations`` to the object, one of which must also allow the action. Out of scope
    (no path seen, no relation) raises OutOfScope, a NotFound, so existence does not leak;
    in scope but not allowed raises PermissionDenied. Both are audited as denials.
    """
    if owner_paths is not None and not actor.sees_any(owner_paths):
        raise OutOfScope.of("object_not_found", what=what, action=action)
    held = frozenset(relations) if relations is not None else None
    if held is not None and not held:
        raise OutOfScope.of("object_not_found", what=what, action=action)
    if not actor.can(action):
        raise PermissionDenied.of("may_not", user=actor.username, act=action, action=action)
    if held is not None and not any(action in RELATION_ACTIONS[r] for r in held):
        raise PermissionDenied.of(
            "may_not_here",
            user=actor.username,
            act=action,
            what=what,
            hint=relation_hint(action),
            details={"relations": sorted(held), "action": action},
            action=action,
        )


def allows(actor: Actor, action: str, relations: Iterable[str]) -> bool:
    """Whether ``check(actor, action, relations=relations)`` would pass (for showing only
    the actions a viewer may take)."""
    return actor.can(action) and any(action in RELATION_ACTIONS[r] for r in relations)


def relation_hint(action: str) -> str:
    """Who may do ``action``, in words, for the refusal message."""
    allowed = sorted(r for r, acts in RELATION_ACTIONS.items() if action in acts)
    words = {
        "office": "the supervising office",
        "lead": "the lead unit",
        "co_unit": "a co-unit",
        "source_office": "the office that owns the document",
        "source_reader": "units below that office",
    }
    return "only " + " or ".join(words[r] for r in allowed) + " may do this"
