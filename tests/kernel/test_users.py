from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotAuthenticated, PermissionDenied
from luoshi.kernel import users
from luoshi.kernel.permissions import Actor
from luoshi.kernel.schemas import UnitCreate
from luoshi.kernel.units import create_unit


def _unit(session: Session, system: Actor) -> None:
    create_unit(session, actor=system, data=UnitCreate(code="p", name_zh="省", kind="province"))


def test_password_roundtrip(session: Session, system: Actor) -> None:
    _unit(session, system)
    user = users.create_user(
        session,
        actor=system,
        username="ann",
        password="s3cret-pass",
        unit_code="p",
        roles=["office"],
    )
    assert user.password_hash.startswith("$argon2")
    assert (
        users.authenticate(session, tenant_id="default", username="ann", password="s3cret-pass").id
        == user.id
    )
    with pytest.raises(NotAuthenticated):
        users.authenticate(session, tenant_id="default", username="ann", password="wrong-pass")
    with pytest.raises(NotAuthenticated):
        users.authenticate(session, tenant_id="default", username="bob", password="s3cret-pass")
    actor = users.actor_for(session, user)
    assert actor.can("task.assign") and not actor.can("audit.view")


def test_bad_users_are_refused(session: Session, system: Actor) -> None:
    _unit(session, system)
    with pytest.raises(InvalidInput, match="roles"):
        users.create_user(
            session,
            actor=system,
            username="x",
            password="longenough",
            unit_code="p",
            roles=["king"],
        )
    with pytest.raises(InvalidInput, match="unit"):
        users.create_user(
            session,
            actor=system,
            username="x",
            password="longenough",
            unit_code="zz",
            roles=["unit"],
        )
    with pytest.raises(InvalidInput, match="8"):
        users.create_user(
            session, actor=system, username="x", password="short", unit_code="p", roles=["unit"]
        )


def test_only_user_managers_create_users(session: Session, system: Actor) -> None:
    _unit(session, system)
    clerk = Actor(user_id=9, username="c", unit_id=1, unit_path="/1/", roles=frozenset({"office"}))
    with pytest.raises(PermissionDenied):
        users.create_user(
            session, actor=clerk, username="x", password="longenough", unit_code="p", roles=["unit"]
        )
