"""What administrators read of the deployment: its settings and its security policy.

Settings come from the environment (settings.py); here they are shown, never changed, and
secrets are never shown: only whether they are set.
"""

from __future__ import annotations

from typing import Any

from luoshi.kernel.permissions import Actor, check
from luoshi.settings import Settings

# Settings whose value is a secret: shown as set / not set.
SECRET_FIELDS = frozenset({"secret_key", "smtp_password", "webhook_secret"})
# The settings that make up the security policy, the security administrator's to hold.
SECURITY_FIELDS = (
    "environment",
    "secret_key",
    "session_max_age_seconds",
    "max_upload_bytes",
    "evidence_max_bytes",
    "evidence_allowed_types",
    "extension_second_approver",
)


def _shown(settings: Settings, name: str) -> Any:
    value = getattr(settings, name)
    if name in SECRET_FIELDS:
        return "set" if value else "not set"
    if isinstance(value, tuple):
        return list(value)
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def settings_view(actor: Actor, settings: Settings) -> dict[str, Any]:
    """Every setting by name (``LUOSHI_`` + upper case in the environment), secrets hidden."""
    check(actor, "settings.view")
    return {name: _shown(settings, name) for name in Settings.model_fields}


def security_policy(actor: Actor, settings: Settings) -> dict[str, Any]:
    """The settings of the security policy, secrets hidden."""
    check(actor, "security.manage")
    return {name: _shown(settings, name) for name in SECURITY_FIELDS}
