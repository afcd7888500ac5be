"""The permission catalogue: named actions, roles that grant them, deny by default.

Data scope follows the unit tree: an actor acts on objects owned by units in the subtree
of the actor's own unit. docs/permissions.md lists every action (a test checks).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from luoshi.errors import NotFound, PermissionDenied

ACTIONS: dict[str, str] = {
    "unit.view": "See units of the tree",
    "unit.manage": "Create, import and edit units",
    "user.manage": "Create users and give them roles",
    "audit.view": "Read the audit trail",
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
    "settings.manage": "Change deployment settings and the calendar",
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
        }
    ),
    "leader": frozenset({"unit.view", "task.view", "source.view", "instruction.write"}),
    # 三员: three separate administrators.
    "sysadmin": frozenset({"unit.view", "unit.manage", "user.manage", "settings.manage"}),
    "secadmin": frozenset({"unit.view", "user.manage"}),
    "auditor": frozenset({"unit.view", "audit.view"}),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the system running a job."""

    user_id: int | None
    username: str
    unit_id: int | None
    unit_path: str
    roles: frozenset[str] = field(default_factory=frozenset)
    tenant_id: str = "default"

    @property
    def actions(self) -> frozenset[str]:
        granted: set[str] = set()
        for role in self.roles:
            granted |= ROLES.get(role, frozenset())
        return frozenset(granted)

    def can(self, action: str) -> bool:
        if action not in ACTIONS:
            raise KeyError(f"unknown action {action!r}: add it to the catalogue")
        return action in self.actions

    def sees_path(self, path: str) -> bool:
        """Whether an object owned by the unit at ``path`` is inside the actor's subtree."""
        return path.startswith(self.unit_path)

    def sees_any(self, paths: Iterable[str]) -> bool:
        return any(self.sees_path(p) for p in paths)


def system_actor(tenant_id: str = "default") -> Actor:
    """The actor jobs and the demo loader run as: every role, whole tree."""
    return Actor(
        user_id=None,
        username="system",
        unit_id=None,
        unit_path="/",
        roles=frozenset({"office", "leader", "sysadmin", "auditor"}),
        tenant_id=tenant_id,
    )


def check(actor: Actor, action: str, *, owner_paths: Iterable[str] | None = None) -> None:
    """Deny unless the role grants ``action`` and the object lies in the actor's subtree.

    Out of scope raises NotFound, so existence does not leak; in scope but not granted
    raises PermissionDenied.
    """
    if owner_paths is not None and not actor.sees_any(owner_paths):
        raise NotFound("not found")
    if not actor.can(action):
        raise PermissionDenied(f"{actor.username} may not {action}")
