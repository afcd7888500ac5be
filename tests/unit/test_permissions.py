from __future__ import annotations

import pytest

from luoshi.errors import NotFound, PermissionDenied
from luoshi.kernel.permissions import ACTIONS, ROLES, Actor, check


def _actor(path: str, *roles: str) -> Actor:
    return Actor(user_id=1, username="u", unit_id=2, unit_path=path, roles=frozenset(roles))


def test_every_role_grants_only_catalogued_actions() -> None:
    for role, actions in ROLES.items():
        assert actions <= set(ACTIONS), role


def test_deny_by_default() -> None:
    nobody = _actor("/1/")
    with pytest.raises(PermissionDenied):
        check(nobody, "task.view")


def test_out_of_subtree_is_not_found() -> None:
    city = _actor("/1/7/", "office")
    with pytest.raises(NotFound):
        check(city, "task.view", owner_paths=["/1/8/"])
    check(city, "task.view", owner_paths=["/1/7/30/"])


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        _actor("/", "office").can("task.fly")


def test_three_admins_are_separate() -> None:
    assert not ROLES["sysadmin"] & {"audit.view"}
    assert not ROLES["auditor"] & {"user.manage", "unit.manage"}
    assert "audit.view" not in ROLES["secadmin"]
