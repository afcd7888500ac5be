"""Domain errors. Delivery maps them to HTTP status codes in one place (web/errors.py)."""

from __future__ import annotations


class LuoshiError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(
        self, message: str, *, details: object | None = None, action: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        # The catalogue action refused, when a permission check knows it (for the audit).
        self.action = action


class NotFound(LuoshiError):
    """The object does not exist, or the actor may not know it exists."""

    code = "not_found"


class OutOfScope(NotFound):
    """The object lies outside the actor's scope: answered as not found (existence does
    not leak), but recorded as a denial in the audit trail."""


class PermissionDenied(LuoshiError):
    """The actor may see the object but not do this to it."""

    code = "permission_denied"


class NotAuthenticated(LuoshiError):
    code = "not_authenticated"


class InvalidInput(LuoshiError):
    """Bad input: wrong encoding, broken file, missing unit, bad value."""

    code = "invalid_input"


class TooLarge(InvalidInput):
    """An upload or a field larger than the configured limit."""

    code = "too_large"


class Conflict(LuoshiError):
    """A duplicate or a stale edit."""

    code = "conflict"


class StaleEdit(Conflict):
    """Someone else changed the object since it was read (the optimistic lock): the
    version the editor named is old, or a concurrent transaction committed first."""

    code = "stale_edit"


class InvalidTransition(LuoshiError):
    """A status change the state machine does not allow."""

    code = "invalid_transition"


class Unavailable(LuoshiError):
    """A tool the request needs is not installed or failed (LibreOffice for a PDF)."""

    code = "unavailable"
