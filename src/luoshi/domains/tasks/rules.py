"""The task status machine. Pure: no database."""

from __future__ import annotations

from luoshi.errors import InvalidTransition

STATUSES = (
    "draft",
    "assigned",
    "accepted",
    "in_progress",
    "completed",
    "verified",
    "closed",
    "returned",
    "suspended",
)

# transition name → (allowed from-statuses, to-status)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({"draft", "returned"}), "assigned"),
    "accept": (frozenset({"assigned"}), "accepted"),
    "return": (frozenset({"assigned"}), "returned"),
    "start": (frozenset({"accepted"}), "in_progress"),
    "complete": (frozenset({"accepted", "in_progress"}), "completed"),
    "reopen": (frozenset({"completed"}), "in_progress"),
    "verify": (frozenset({"completed"}), "verified"),
    "close": (frozenset({"verified", "returned", "draft"}), "closed"),
    "suspend": (frozenset({"assigned", "accepted", "in_progress"}), "suspended"),
    "resume": (frozenset({"suspended"}), ""),  # back to the status it was suspended from
}

# Who may fire a transition: the lead unit's side or the supervising office.
UNIT_TRANSITIONS = frozenset({"accept", "return", "start", "complete"})
OFFICE_TRANSITIONS = frozenset({"assign", "reopen", "verify", "close", "suspend", "resume"})

OPEN_STATUSES = frozenset({"assigned", "accepted", "in_progress", "returned", "suspended"})
DONE_STATUSES = frozenset({"completed", "verified", "closed"})


def next_status(current: str, transition: str, resume_status: str | None = None) -> str:
    """The status after ``transition`` from ``current``, or InvalidTransition."""
    if transition not in TRANSITIONS:
        raise InvalidTransition.of("err_unknown_transition_transition", transition=transition)
    allowed, target = TRANSITIONS[transition]
    if current not in allowed:
        raise InvalidTransition.of(
            "err_cannot_transition_task_that_current",
            transition=transition,
            current=current,
            details={"status": current, "allowed_from": sorted(allowed)},
        )
    if transition == "resume":
        return resume_status or "accepted"
    return target


def allowed_transitions(current: str) -> list[str]:
    return [name for name, (allowed, _) in TRANSITIONS.items() if current in allowed]
