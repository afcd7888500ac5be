"""Domain errors. Delivery maps them to HTTP status codes in one place (web/errors.py).

An error raised with ``Error.of("key", **params)`` names a catalogue message (luoshi/i18n.py):
its ``message`` is the English text (for logs, the audit trail and the CLI) and delivery
answers each reader in their own language. One raised with a plain message is shown as is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Self

from luoshi.i18n import labels, language_of, text

# Parameters that hold a stored code (a task's status, a project's stage): a reader of
# another language than English reads the code's word from the catalogue, not the code.
CODE_PARAMS = frozenset({"status", "current", "state", "stage", "to_stage", "cycle", "light"})
# The prefixes some families of codes carry in the catalogue (docs/i18n.md).
CODE_PREFIXES = ("", "pp_", "support_", "docking_", "stage_")
# Parameters that hold a code or an English phrase of the code's own (an action, a role, what
# a field is): a non-English reader reads its word, ``prefix + slug`` in the catalogue
# (``transition="accept"`` → ``transition_accept`` 签收; ``what="owner unit"`` →
# ``word_owner_unit`` 责任单位); a list ("office, unit") word by word. English keeps the value.
WORD_PARAMS = {
    "transition": "transition_",
    "role": "role_",
    "roles": "role_",
    "held": "role_",
    "admin_roles": "role_",
    "what": "word_",
    "kind": "word_",
}
_LIST_SEPARATOR = {"zh": "、", "en": ", "}


def word_key(param: str, value: str) -> str:
    """The catalogue key of the word for ``value`` in blank ``param`` (``WORD_PARAMS``)."""
    slug = re.sub(r"[^a-z0-9]+", "_", value.lower().replace("'", "")).strip("_")
    return WORD_PARAMS[param] + slug


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
        # The catalogue message this error is, when it is one (see ``of``).
        self.key: str | None = None
        self.params: dict[str, Any] = {}
        # Several catalogue messages said at once (every reason a password is refused).
        self.parts: list[tuple[str, dict[str, Any]]] = []

    @classmethod
    def of(
        cls, key: str, *, details: object | None = None, action: str | None = None, **params: Any
    ) -> Self:
        """The error that catalogue message ``key`` describes, its blanks filled."""
        error = cls(text(key, "en", **params), details=details, action=action)
        error.key, error.params = key, params
        return error

    @classmethod
    def of_each(
        cls,
        keyed: Sequence[tuple[str, Mapping[str, Any]]],
        *,
        details: object | None = None,
        action: str | None = None,
    ) -> Self:
        """One error that says several catalogue messages, each with its blanks filled."""
        parts = [(key, dict(params)) for key, params in keyed]
        error = cls.of(parts[0][0], details=details, action=action, **parts[0][1])
        error.parts = parts
        error.message = error.message_in("en")
        error.args = (error.message,)
        return error

    def message_in(self, language: str) -> str:
        """What went wrong, in ``language`` when the catalogue has it, else as raised."""
        if self.key is None:
            return self.message
        if self.parts:
            separator = "; " if language_of(language) == "en" else "；"
            return separator.join(
                text(key, language, **worded(params, language)) for key, params in self.parts
            )
        return text(self.key, language, **worded(self.params, language))


def worded(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """``params`` with each stored code (``CODE_PARAMS``) in the reader's words, when the
    catalogue has a word for it; English keeps the codes (logs and the CLI read them)."""
    if language_of(language) == "en":
        return dict(params)
    words = labels(language)
    said = dict(params)
    for name in CODE_PARAMS & said.keys():
        value = said[name]
        if isinstance(value, str):
            said[name] = next(
                (words[p + value] for p in CODE_PREFIXES if p + value in words), value
            )
    for name in WORD_PARAMS.keys() & said.keys():
        value = said[name]
        if isinstance(value, str) and value:
            parts = [words.get(word_key(name, part), part) for part in value.split(", ")]
            said[name] = _LIST_SEPARATOR.get(language_of(language), ", ").join(parts)
    return said


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
