"""The three administrators' duties are apart (三员分立): pure rules, no database."""

from __future__ import annotations

import pytest

from luoshi.errors import InvalidInput
from luoshi.kernel.permissions import ROLES, Actor, system_actor
from luoshi.kernel.roles import (
    ADMIN_ACTIONS,
    ADMIN_ROLES,
    AUDITOR,
    SECADMIN,
    SYSADMIN,
    check_role_set,
    grantable,
)

BUSINESS = ("office", "unit", "leader")
BUSINESS_ACTIONS = frozenset().union(*(ROLES[r] for r in BUSINESS)) - {"unit.view"}


def _actor(*roles: str) -> Actor:
    return Actor(user_id=1, username="u", unit_id=1, unit_path="/1/", roles=frozenset(roles))


def test_the_catalogue_takes_the_admin_roles_from_the_roles_module() -> None:
    assert {r: ROLES[r] for r in ADMIN_ROLES} == ADMIN_ACTIONS


def test_only_the_security_administrator_manages_roles_and_policy() -> None:
    holders = {
        a: {r for r, acts in ROLES.items() if a in acts} for a in ("role.manage", "security.manage")
    }
    assert holders == {"role.manage": {SECADMIN}, "security.manage": {SECADMIN}}


def test_only_the_auditor_reads_the_trail() -> None:
    for action in ("audit.view", "audit.export"):
        assert {r for r, acts in ROLES.items() if action in acts} == {AUDITOR}
    assert ROLES[AUDITOR] == {"audit.view", "audit.export"}


def test_the_system_administrator_keeps_accounts_units_settings_and_nothing_else() -> None:
    assert {r for r, acts in ROLES.items() if "user.manage" in acts} == {SYSADMIN}
    assert {r for r, acts in ROLES.items() if "settings.manage" in acts} == {SYSADMIN}
    assert "role.manage" not in ROLES[SYSADMIN]


def test_no_admin_role_grants_a_business_action() -> None:
    for role in ADMIN_ROLES:
        assert not ROLES[role] & BUSINESS_ACTIONS, role


def test_admins_are_admins_and_the_system_is_not() -> None:
    assert all(_actor(r).is_admin for r in ADMIN_ROLES)
    assert not _actor("office", "unit").is_admin
    assert not system_actor().is_admin
    assert system_actor().can("role.manage") and system_actor().can("audit.view")


@pytest.mark.parametrize(
    "roles",
    [
        [SYSADMIN, SECADMIN],
        [SYSADMIN, AUDITOR],
        [SECADMIN, AUDITOR],
        [SYSADMIN, SECADMIN, AUDITOR],
        [SYSADMIN, "office"],
        [AUDITOR, "leader"],
        [SECADMIN, "unit"],
    ],
)
def test_merged_duties_are_refused(roles: list[str]) -> None:
    with pytest.raises(InvalidInput):
        check_role_set(roles)


@pytest.mark.parametrize("roles", [[], [SYSADMIN], [SECADMIN], [AUDITOR], ["office", "unit"]])
def test_separate_duties_pass(roles: list[str]) -> None:
    check_role_set(roles)


def test_only_roles_that_keep_duties_apart_are_offered() -> None:
    everything = sorted(ROLES)
    assert grantable([AUDITOR], everything) == []
    assert grantable([], everything) == everything
    assert grantable(["office"], everything) == ["leader", "unit"]
