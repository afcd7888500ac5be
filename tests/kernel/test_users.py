from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from luoshi.kernel import accounts, sessions, users
from luoshi.kernel.models import AuditEvent, User
from luoshi.kernel.permissions import Actor
from luoshi.kernel.schemas import UnitCreate
from luoshi.kernel.units import create_unit
from luoshi.settings import Settings
from tests.factories import quick_hashing

SETTINGS = Settings(environment="test")
GOOD = "s3cret-Pass"


@pytest.fixture(autouse=True)
def _quick() -> Iterator[None]:
    with quick_hashing():
        yield


def _unit(session: Session, system: Actor) -> None:
    create_unit(session, actor=system, data=UnitCreate(code="p", name_zh="省", kind="province"))


def _ann(session: Session, system: Actor, roles: list[str] | None = None) -> User:
    _unit(session, system)
    return users.create_user(
        session,
        actor=system,
        username="ann",
        password=GOOD,
        unit_code="p",
        roles=roles or ["office"],
    )


def _login(session: Session, password: str = GOOD, username: str = "ann") -> User | None:
    return users.authenticate(
        session,
        tenant_id="default",
        username=username,
        password=password,
        settings=SETTINGS,
        client="10.0.0.9",
    )


def _actions(session: Session) -> list[str]:
    return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_password_roundtrip_with_argon2id(session: Session, system: Actor) -> None:
    user = _ann(session, system)
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD not in user.password_hash
    assert _login(session) is user
    assert _login(session, "wrong-pass") is None
    assert _login(session, username="bob") is None
    actor = users.actor_for(session, user)
    assert actor.can("task.assign") and not actor.can("audit.view")


def test_bad_users_are_refused(session: Session, system: Actor) -> None:
    _unit(session, system)
    with pytest.raises(InvalidInput, match="roles"):
        users.create_user(
            session, actor=system, username="x", password=GOOD, unit_code="p", roles=["king"]
        )
    with pytest.raises(InvalidInput, match="unit"):
        users.create_user(
            session, actor=system, username="x", password=GOOD, unit_code="zz", roles=["unit"]
        )
    with pytest.raises(InvalidInput, match="8"):
        users.create_user(
            session, actor=system, username="x", password="Sh0rt!", unit_code="p", roles=["unit"]
        )
    with pytest.raises(InvalidInput, match="common"):
        users.create_user(
            session, actor=system, username="x", password="Password@123", unit_code="p",
            roles=["unit"],
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="12"):
        users.create_user(
            session, actor=system, username="x", password=GOOD, unit_code="p", roles=["unit"],
            policy="asvs",
        )  # fmt: skip


def test_only_user_managers_create_users(session: Session, system: Actor) -> None:
    _unit(session, system)
    clerk = Actor(user_id=9, username="c", unit_id=1, unit_path="/1/", roles=frozenset({"office"}))
    with pytest.raises(PermissionDenied):
        users.create_user(
            session, actor=clerk, username="x", password=GOOD, unit_code="p", roles=["unit"]
        )


def test_logins_are_audited_with_the_client_address(session: Session, system: Actor) -> None:
    user = _ann(session, system)
    _login(session, "nope-nope")
    _login(session, username="nobody")
    users.record_success(session, user=user, client="10.0.0.9")
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.action.like("login.%"))))
    assert [(e.action, e.actor_name, e.object_id) for e in events] == [
        ("login.failure", "ann", user.id),
        ("login.failure", "nobody", None),
        ("login.success", "ann", user.id),
    ]
    assert all(e.new is not None and e.new["client"] == "10.0.0.9" for e in events)
    assert events[0].new is not None and events[0].new["reason"] == "password"


def test_five_failures_lock_even_the_right_password_out(session: Session, system: Actor) -> None:
    _ann(session, system)
    with time_machine.travel(now(), tick=False) as traveller:
        for _ in range(4):
            assert _login(session, "wrong-pass") is None
        user = _login(session)  # four failures: not yet locked
        assert user is not None
        users.record_success(session, user=user, client="")  # and a login starts again
        for _ in range(5):
            _login(session, "wrong-pass")
        assert _login(session) is None  # locked: the right password is refused too
        assert "login.locked" in _actions(session)
        traveller.shift(timedelta(minutes=14))
        assert _login(session) is None
        traveller.shift(timedelta(minutes=2))
        assert _login(session) is not None  # 15 minutes later it opens again


def test_repeated_locks_double_up_to_a_cap_and_success_resets(
    session: Session, system: Actor
) -> None:
    user = _ann(session, system)
    settings = Settings(environment="test", lockout_seconds=60, lockout_max_seconds=200)
    lengths = []
    with time_machine.travel(now(), tick=False) as traveller:
        for _ in range(4):
            start = now()
            for _ in range(5):
                users.authenticate(
                    session, tenant_id="default", username="ann", password="x-Wrong-1",
                    settings=settings,
                )  # fmt: skip
            assert user.locked_until is not None
            lengths.append(int((user.locked_until - start).total_seconds()))
            traveller.shift(timedelta(seconds=lengths[-1] + 1))
        assert lengths == [60, 120, 200, 200]  # doubling, but never past the cap
        users.record_success(session, user=user, client="")
        assert user.lockouts == 0 and user.failed_logins == 0 and user.locked_until is None


def test_mlps_passwords_expire_after_90_days_asvs_never(session: Session, system: Actor) -> None:
    user = _ann(session, system)
    assert not users.password_expired(user, policy="mlps")
    with time_machine.travel(now() + timedelta(days=91)):
        assert users.password_expired(user, policy="mlps")
        assert not users.password_expired(user, policy="asvs")
        assert sessions.next_stage(user, settings=SETTINGS, second_factor_done=False) == "password"


def test_a_new_password_may_not_repeat_the_last_five(session: Session, system: Actor) -> None:
    user = _ann(session, system)
    me = users.actor_for(session, user)
    history = [GOOD] + [f"n3w-Pass-{n}" for n in range(1, 6)]
    for old, new in itertools.pairwise(history):
        users.change_password(session, actor=me, user=user, current=old, new=new, policy="mlps")
    # The current one and the four before it are refused; the sixth back is allowed again.
    for recent in history[1:]:
        with pytest.raises(InvalidInput, match="last 5"):
            users.change_password(
                session, actor=me, user=user, current=history[-1], new=recent, policy="mlps"
            )
    users.change_password(
        session, actor=me, user=user, current=history[-1], new=GOOD, policy="mlps"
    )
    with pytest.raises(NotAuthenticated):
        users.change_password(
            session, actor=me, user=user, current="not-It-1", new="n3w-Pass-9", policy="mlps"
        )


def test_a_new_password_ends_every_session(session: Session, system: Actor) -> None:
    user = _ann(session, system)
    token, _ = sessions.start(session, user=user, settings=SETTINGS, client="")
    assert sessions.resolve(session, tenant_id="default", token=token, settings=SETTINGS)
    users.change_password(
        session, actor=users.actor_for(session, user), user=user, current=GOOD,
        new="n3w-Pass-1", policy="mlps",
    )  # fmt: skip
    assert sessions.resolve(session, tenant_id="default", token=token, settings=SETTINGS) is None


def test_deactivation_ends_every_session(session: Session, system: Actor) -> None:
    user = _ann(session, system)
    token, _ = sessions.start(session, user=user, settings=SETTINGS, client="")
    accounts.set_active(session, actor=system, user_id=user.id, active=False)
    assert sessions.resolve(session, tenant_id="default", token=token, settings=SETTINGS) is None
    assert _login(session) is None


def test_first_admin_once_per_role(session: Session, system: Actor) -> None:
    _unit(session, system)
    admin = users.create_first_admin(
        session, actor=system, username="root1", password=GOOD, unit_code="p", role="secadmin"
    )
    assert admin.roles == ["secadmin"] and users.requires_totp(admin)
    with pytest.raises(Conflict, match="already holds"):
        users.create_first_admin(
            session, actor=system, username="root2", password=GOOD, unit_code="p", role="secadmin"
        )
    with pytest.raises(InvalidInput, match="one of"):
        users.create_first_admin(
            session, actor=system, username="root3", password=GOOD, unit_code="p", role="office"
        )
