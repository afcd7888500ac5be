"""Docking without a database: the statuses of a local answer and what each needs."""

from __future__ import annotations

from luoshi.errors import InvalidInput

# How far the province's answer to a national measure has come; or why there is none.
STATUSES = ("not_started", "drafting", "issued", "in_force", "not_applicable")


def check_status(status: str, reason: str) -> None:
    """A known status; "not applicable" only with the reason why."""
    if status not in STATUSES:
        raise InvalidInput.of("err_status_one_statuses", statuses=", ".join(STATUSES))
    if status == "not_applicable" and not reason.strip():
        raise InvalidInput.of("err_measure_marked_not_applicable_needs_reason_why")


def is_answered(*, status: str, task_id: int | None, local_measure: str) -> bool:
    """Whether the province has answered the measure at all: a task or a provincial
    measure names the answer, work on one has begun, or it is declared not applicable."""
    return status != "not_started" or task_id is not None or bool(local_measure.strip())
