"""The three administrators (三员分立) and the rule that keeps their duties apart.

MLPS level 3 (GB/T 22239-2019 8.1.4.2 d, 8.1.5.1-8.1.5.3, 8.1.7.1) asks for a system
administrator, a security administrator and an audit administrator who are different
people, each holding only the rights of their job:

- ``sysadmin`` keeps the system running: user accounts (create, deactivate, reset a
  password), the unit tree, settings and the working-day calendar. It gives no roles and
  reads no business data and no audit trail.
- ``secadmin`` decides who may do what: it is the only one who grants and revokes roles
  (business roles and admin roles alike) and it holds the security policy.
- ``auditor`` reads the audit trail, searches and exports it, and nothing else.

A person holds at most one admin role and no business role beside it, so no account can
merge two of these duties or an admin duty with the business it oversees. Pure module: no
database, imported by the permission catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

from luoshi.errors import InvalidInput

SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITOR = "auditor"
ADMIN_ROLES = frozenset({SYSADMIN, SECADMIN, AUDITOR})

# The admin actions each admin role grants (the catalogue describes them).
ADMIN_ACTIONS: dict[str, frozenset[str]] = {
    SYSADMIN: frozenset(
        {"unit.view", "unit.manage", "user.view", "user.manage", "settings.view", "settings.manage"}
    ),
    SECADMIN: frozenset({"unit.view", "user.view", "role.manage", "security.manage"}),
    AUDITOR: frozenset({"audit.view", "audit.export"}),
}

# The catalogue entries of the actions only administrators hold.
ADMIN_ACTION_NAMES: dict[str, str] = {
    "user.view": "List user accounts and their roles",
    "user.manage": "Create user accounts, deactivate them, reset their passwords",
    "role.manage": "Grant and revoke roles",
    "security.manage": "Read and set the security policy",
    "settings.view": "Read the deployment's settings",
    "settings.manage": "Change deployment settings and the working-day calendar",
    "audit.view": "Read and search the audit trail",
    "audit.export": "Export the audit trail",
}


def admin_roles_of(roles: Iterable[str]) -> frozenset[str]:
    return frozenset(roles) & ADMIN_ROLES


def check_role_set(roles: Iterable[str]) -> None:
    """Refuse a set of roles that would merge duties: two admin roles, or an admin role
    beside a business role."""
    held = frozenset(roles)
    admin = held & ADMIN_ROLES
    if len(admin) > 1:
        raise InvalidInput.of(
            "err_at_most_one_admin_role",
            roles=", ".join(sorted(admin)),
            details={"roles": sorted(held)},
        )
    if admin and held - admin:
        raise InvalidInput.of(
            "err_administrator_holds_no_business_role",
            role=next(iter(admin)),
            roles=", ".join(sorted(held - admin)),
            details={"roles": sorted(held)},
        )


def grantable(held: Iterable[str], candidates: Iterable[str]) -> list[str]:
    """The ``candidates`` an account holding ``held`` could be given without merging
    duties (for offering only what a grant would accept)."""
    current = frozenset(held)
    found = []
    for role in candidates:
        if role in current:
            continue
        try:
            check_role_set(current | {role})
        except InvalidInput:
            continue
        found.append(role)
    return found
