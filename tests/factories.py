"""Small worlds for tests: a unit tree, users in it, tasks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from luoshi.clock import now
from luoshi.kernel import units, users
from luoshi.kernel.permissions import Actor, system_actor

DATA = Path(__file__).parent / "data"
PASSWORD = "correct-horse-42"
# The second factor of every administrator of the test world (they must log in with one).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass(frozen=True)
class World:
    system: Actor
    office: Actor  # provincial supervision office: the whole tree
    fgw: Actor  # a provincial department
    swt: Actor  # another department
    city_a: Actor  # a city's office
    city_b: Actor  # another city's office
    leader: Actor
    auditor: Actor  # the audit administrator: reads the trail, changes nothing
    sysadmin: Actor  # the system administrator: accounts, units, settings, calendar
    secadmin: Actor  # the security administrator: roles and the security policy


@contextmanager
def quick_hashing() -> Iterator[None]:
    """Cheap argon2 parameters while a test makes its users (the real ones take ~0.1 s)."""
    original = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        users._hasher = original


def build_world(session: Session) -> World:
    with quick_hashing():
        return _build_world(session)


def _build_world(session: Session) -> World:
    system = system_actor()
    rows = units.parse_units_file((DATA / "units_small.yaml").read_bytes(), "units_small.yaml")
    result = units.import_units(session, actor=system, rows=rows)
    assert not result.errors
    made: dict[str, Actor] = {}
    for username, unit, roles in (
        ("office", "p", ["office"]),
        ("fgw", "p.fgw", ["unit"]),
        ("swt", "p.swt", ["unit"]),
        ("city_a", "p.a", ["office", "unit"]),
        ("city_b", "p.b", ["office", "unit"]),
        ("leader", "p", ["leader"]),
        ("auditor", "p", ["auditor"]),
        ("sysadmin", "p", ["sysadmin"]),
        ("secadmin", "p", ["secadmin"]),
    ):
        user = users.create_user(
            session,
            actor=system,
            username=username,
            password=PASSWORD,
            unit_code=unit,
            roles=roles,
        )
        if users.requires_totp(user):
            user.totp_secret = TOTP_SECRET
            user.totp_enabled_at = now()
        made[username] = users.actor_for(session, user)
    session.flush()
    return World(system=system, **made)
