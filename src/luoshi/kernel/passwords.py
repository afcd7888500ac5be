"""Password policy profiles: which passwords a deployment accepts, and when one expires.

Two profiles (``LUOSHI_PASSWORD_POLICY``):

- ``mlps`` (default) — GB/T 22239-2019 level 3 practice as assessors read it: at least 8
  characters from at least three of four classes (lower case, upper case, digits, symbols),
  changed every 90 days, none of the last 5 reused.
- ``asvs`` — OWASP ASVS 5.0 (V6.2): at least 12 characters, up to 128 or more, any
  characters, no composition rules and no forced rotation.

Both refuse a password from the common-password list shipped with the package and one that
contains the username.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from luoshi.i18n import text

COMMON_FILE = "common_passwords.txt"
# Letter-for-symbol swaps people make to pass composition rules ("P@ssw0rd").
_UNLEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s",
                         "5": "s", "7": "t", "+": "t"})  # fmt: skip


@dataclass(frozen=True)
class PasswordPolicy:
    name: str
    min_length: int
    max_length: int
    min_classes: int  # of lower, upper, digit, symbol
    max_age: timedelta | None  # None: no forced rotation
    history: int  # how many previous passwords may not be reused


POLICIES: dict[str, PasswordPolicy] = {
    "mlps": PasswordPolicy("mlps", 8, 128, 3, timedelta(days=90), 5),
    "asvs": PasswordPolicy("asvs", 12, 256, 0, None, 0),
}
DEFAULT_POLICY = "mlps"


def policy_named(name: str) -> PasswordPolicy:
    try:
        return POLICIES[name]
    except KeyError:
        raise ValueError(
            f"unknown password policy {name!r}: use one of {sorted(POLICIES)}"
        ) from None


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("luoshi.data").joinpath(COMMON_FILE).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_common(password: str) -> bool:
    """On the list as typed, with symbols for letters undone ("p@ssw0rd"), or once the
    digits and symbols tacked on the end are taken off ("Sunshine!2024")."""
    lowered = password.lower()
    base = lowered.rstrip("0123456789!@#$%^&*()_+-=.,;:?~ ")
    common = common_passwords()
    return any(
        form in common
        for form in (lowered, lowered.translate(_UNLEET), base, base.translate(_UNLEET))
    )


def classes_of(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def problems(password: str, *, username: str, policy: PasswordPolicy) -> list[str]:
    """What is wrong with ``password`` under ``policy``, in words; empty when it is fine."""
    return [
        text(key, "en", **params)
        for key, params in problem_keys(password, username=username, policy=policy)
    ]


def problem_keys(
    password: str, *, username: str, policy: PasswordPolicy
) -> list[tuple[str, dict[str, Any]]]:
    """What is wrong with ``password``, as catalogue messages (each reader reads their own)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if len(password) < policy.min_length:
        found.append(("err_password_min_length", {"min_length": policy.min_length}))
    if len(password) > policy.max_length:
        found.append(("err_password_max_length", {"max_length": policy.max_length}))
    if policy.min_classes and classes_of(password) < policy.min_classes:
        found.append(("err_password_min_classes", {"min_classes": policy.min_classes}))
    if username and username.lower() in password.lower():
        found.append(("err_password_contains_username", {}))
    if is_common(password):
        found.append(("err_password_common", {}))
    return found
