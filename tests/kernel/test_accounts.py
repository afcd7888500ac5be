"""Accounts and roles under 三员分立, on SQLite and PostgreSQL: who may do what to whom."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.kernel import accounts, calendar, users
from luoshi.kernel.models import AuditEvent, User
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.factories import PASSWORD, World, build_world, quick_hashing


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _id(session: Session, username: str) -> int:
    user = users.get_user_by_username(session, tenant_id="default", username=username)
    assert user is not None
    return user.id


def _last(session: Session, action: str) -> AuditEvent:
    return session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
    ).first() or pytest.fail(f"no {action} event")


def _new_account(session: Session, actor: Actor, username: str = "newbie") -> User:
    with quick_hashing():
        return users.create_user(
            session, actor=actor, username=username, password=PASSWORD, unit_code="p.fgw", roles=[]
        )


def test_secadmin_grants_and_revokes_with_old_and_new_in_the_trail(
    session: Session, world: World
) -> None:
    fgw = _id(session, "fgw")
    user = accounts.grant_role(session, actor=world.secadmin, user_id=fgw, role="leader")
    assert user.roles == ["unit", "leader"]
    event = _last(session, "role.grant")
    assert (event.actor_name, event.object_type, event.object_id) == ("secadmin", "user", fgw)
    assert event.old == {"roles": ["unit"]} and event.new == {"roles": ["unit", "leader"]}
    accounts.revoke_role(session, actor=world.secadmin, user_id=fgw, role="unit")
    event = _last(session, "role.revoke")
    assert event.old == {"roles": ["unit", "leader"]} and event.new == {"roles": ["leader"]}
    session.expire_all()
    assert users.actor_for(session, session.get(User, fgw)).roles == {"leader"}


def test_no_one_grants_or_revokes_their_own_roles(session: Session, world: World) -> None:
    me = world.secadmin.user_id
    assert me is not None
    for change in (accounts.grant_role, accounts.revoke_role):
        with pytest.raises(PermissionDenied, match="own"):
            change(session, actor=world.secadmin, user_id=me, role="secadmin")


def test_merging_duties_is_refused(session: Session, world: World) -> None:
    auditor, office = _id(session, "auditor"), _id(session, "office")
    with pytest.raises(InvalidInput, match="at most one"):
        accounts.grant_role(session, actor=world.secadmin, user_id=auditor, role="sysadmin")
    with pytest.raises(InvalidInput, match="no business role"):
        accounts.grant_role(session, actor=world.secadmin, user_id=auditor, role="office")
    with pytest.raises(InvalidInput, match="no business role"):
        accounts.grant_role(session, actor=world.secadmin, user_id=office, role="auditor")
    with pytest.raises(InvalidInput, match="at most one"), quick_hashing():
        users.create_user(
            session,
            actor=world.system,
            username="both",
            password=PASSWORD,
            unit_code="p",
            roles=["sysadmin", "auditor"],
        )
    assert session.get(User, auditor).roles == ["auditor"]  # type: ignore[union-attr]


def test_only_the_secadmin_gives_roles(session: Session, world: World) -> None:
    fgw = _id(session, "fgw")
    for actor in (world.sysadmin, world.auditor, world.office):
        with pytest.raises(PermissionDenied):
            accounts.grant_role(session, actor=actor, user_id=fgw, role="office")
        with pytest.raises(PermissionDenied):
            accounts.revoke_role(session, actor=actor, user_id=fgw, role="unit")
    # The system administrator opens accounts, but without roles.
    with pytest.raises(PermissionDenied, match=r"role\.manage"), quick_hashing():
        users.create_user(
            session,
            actor=world.sysadmin,
            username="x1",
            password=PASSWORD,
            unit_code="p",
            roles=["office"],
        )


def _authenticate(session: Session, password: str) -> User | None:
    return users.authenticate(
        session,
        tenant_id="default",
        username="newbie",
        password=password,
        settings=Settings(environment="test"),
    )


def test_sysadmin_opens_deactivates_and_resets_accounts(session: Session, world: World) -> None:
    user = _new_account(session, world.sysadmin)
    assert user.roles == [] and _last(session, "user.create").actor_name == "sysadmin"
    with quick_hashing():
        accounts.reset_password(
            session, actor=world.sysadmin, user_id=user.id, password="another-pass-7"
        )
        assert _authenticate(session, "another-pass-7")
        assert _authenticate(session, PASSWORD) is None
    reset = _last(session, "user.reset_password")
    assert "hash" not in str(reset.new) and "another" not in str(reset.new)
    accounts.set_active(session, actor=world.sysadmin, user_id=user.id, active=False)
    assert _last(session, "user.deactivate").new == {"active": False}
    with quick_hashing():
        assert _authenticate(session, "another-pass-7") is None
    with pytest.raises(NotFound):
        users.get_user(session, tenant_id="default", user_id=user.id)
    with pytest.raises(InvalidInput, match="deactivated"):
        accounts.grant_role(session, actor=world.secadmin, user_id=user.id, role="unit")
    accounts.set_active(session, actor=world.sysadmin, user_id=user.id, active=True)
    assert users.get_user(session, tenant_id="default", user_id=user.id).active


def test_administrators_accounts_are_out_of_the_sysadmins_reach(
    session: Session, world: World
) -> None:
    # Resetting the auditor's password would let the sysadmin read the trail as them.
    for name in ("auditor", "secadmin"):
        target = _id(session, name)
        with pytest.raises(PermissionDenied, match="revokes that role first"):
            accounts.reset_password(
                session, actor=world.sysadmin, user_id=target, password="taken-over-1"
            )
        with pytest.raises(PermissionDenied, match="revokes that role first"):
            accounts.set_active(session, actor=world.sysadmin, user_id=target, active=False)
    me = world.sysadmin.user_id
    assert me is not None
    with pytest.raises(PermissionDenied, match="own"):
        accounts.reset_password(session, actor=world.sysadmin, user_id=me, password="mine-1234")
    # Once the security administrator revokes the role, the account is an ordinary one.
    auditor = _id(session, "auditor")
    accounts.revoke_role(session, actor=world.secadmin, user_id=auditor, role="auditor")
    accounts.set_active(session, actor=world.sysadmin, user_id=auditor, active=False)


def test_the_secadmin_and_auditor_do_not_manage_accounts(session: Session, world: World) -> None:
    fgw = _id(session, "fgw")
    for actor in (world.secadmin, world.auditor, world.office):
        with pytest.raises(PermissionDenied):
            accounts.set_active(session, actor=actor, user_id=fgw, active=False)
        with pytest.raises(PermissionDenied):
            accounts.reset_password(session, actor=actor, user_id=fgw, password="whatever-12")
        with pytest.raises(PermissionDenied):
            _new_account(session, actor, username=f"by-{actor.username}")
    with pytest.raises(PermissionDenied):
        accounts.list_users(session, actor=world.auditor)
    assert {u.username for u in accounts.list_users(session, actor=world.secadmin)} >= {"fgw"}


def test_calendar_overrides_are_the_sysadmins(session: Session, world: World) -> None:
    day = date(2024, 10, 12)
    calendar.set_day(session, actor=world.sysadmin, day=day, working=True, name="调休")
    assert [(d.day, d.working) for d in calendar.list_days(session, actor=world.sysadmin)] == [
        (day, True)
    ]
    for actor in (world.secadmin, world.auditor, world.office):
        with pytest.raises(PermissionDenied):
            calendar.set_day(session, actor=actor, day=day, working=False)
        with pytest.raises(PermissionDenied):
            calendar.clear_day(session, actor=actor, day=day)
    assert calendar.clear_day(session, actor=world.sysadmin, day=day)
    assert _last(session, "calendar.clear_day").old == {
        "day": "2024-10-12",
        "working": True,
        "name": "调休",
    }
    assert calendar.list_days(session, actor=world.sysadmin) == []


def test_admins_receive_no_business_mail(session: Session, world: World) -> None:
    unit = users.get_user_by_username(session, tenant_id="default", username="office")
    assert unit is not None
    names = {u.username for u in users.users_of_unit(session, unit_id=unit.unit_id)}
    assert names == {"office", "leader"}


def test_an_account_written_with_merged_duties_acts_with_no_role(
    session: Session, world: World
) -> None:
    # A row from before the rule (or edited by hand) holds two admin roles.
    user = session.get(User, world.auditor.user_id)
    assert user is not None
    user.roles = ["auditor", "sysadmin"]
    session.flush()
    actor = users.actor_for(session, user)
    assert actor.roles == frozenset() and not actor.can("audit.view")
    accounts.revoke_role(session, actor=world.system, user_id=user.id, role="sysadmin")
    assert users.actor_for(session, user).roles == {"auditor"}
