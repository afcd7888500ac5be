"""A small province for supervision tests: units, users with e-mail, tasks made through the
services. Shared by the progress, supervision, web, CLI and scenario tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from luoshi.clock import LOCAL_TZ
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.kernel import units, users
from luoshi.kernel.models import Unit, User
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.kernel.schemas import UnitCreate
from luoshi.settings import Settings
from tests.factories import PASSWORD, quick_hashing

# code, parent, kind, name_zh, name_en, head e-mail
UNITS = (
    ("prov", None, "province", "示范省", "Demo Province", "governor@prov.example"),
    (
        "prov.fgw",
        "prov",
        "department",
        "省发展改革委",
        "Development and Reform Commission",
        "head@fgw.example",
    ),
    ("prov.swt", "prov", "department", "省商务厅", "Department of Commerce", "head@swt.example"),
    (
        "prov.jxt",
        "prov",
        "department",
        "省经济和信息化厅",
        "Economy and Information Technology",
        "head@jxt.example",
    ),
    ("prov.cd", "prov", "city", "成都市", "Chengdu", "head@cd.example"),
    ("prov.cd.jj", "prov.cd", "county", "锦江区", "Jinjiang District", "head@jj.example"),
    (
        "prov.cd.jj.cs",
        "prov.cd.jj",
        "township",
        "春熙路街道",
        "Chunxi Road Subdistrict",
        "head@cs.example",
    ),
    ("prov.cd.wh", "prov.cd", "county", "武侯区", "Wuhou District", "head@wh.example"),
    ("prov.my", "prov", "city", "绵阳市", "Mianyang", "head@my.example"),
)
# username, unit, roles, display name
USERS = (
    ("office", "prov", ("office",), "督查室"),
    ("leader", "prov", ("leader",), "王副省长"),
    ("fgw", "prov.fgw", ("unit",), "发改委联络员"),
    ("swt", "prov.swt", ("unit",), "商务厅联络员"),
    ("jxt", "prov.jxt", ("unit",), "经信厅联络员"),
    ("cd", "prov.cd", ("unit",), "成都市联络员"),
    ("jj", "prov.cd.jj", ("unit",), "锦江区联络员"),
    ("cs", "prov.cd.jj.cs", ("unit",), "春熙路街道联络员"),
    ("wh", "prov.cd.wh", ("unit",), "武侯区联络员"),
    ("my", "prov.my", ("unit",), "绵阳市联络员"),
)


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "evidence_dir": tmp_path / "evidence",
        "language": "en",
        "smtp_host": None,
        "webhook_url": None,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)


def build_world(session: Session) -> World:
    with quick_hashing():
        return _build_world(session)


def _build_world(session: Session) -> World:
    system = system_actor()
    world = World()
    for code, parent, kind, name_zh, name_en, head in UNITS:
        world.units[code] = units.create_unit(
            session,
            actor=system,
            data=UnitCreate(
                code=code,
                parent=parent,
                kind=kind,
                name_zh=name_zh,
                name_en=name_en,
                head_email=head,
            ),
        )
    for username, unit, roles, display in USERS:
        user = users.create_user(
            session,
            actor=system,
            username=username,
            password=PASSWORD,
            unit_code=unit,
            roles=list(roles),
            display_name=display,
            email=f"{username}@luoshi.example",
        )
        world.users[username] = user
        world.actors[username] = users.actor_for(session, user)
    return world


def publish_task(
    session: Session,
    *,
    title: str,
    lead: str,
    co_units: tuple[str, ...] = (),
    due: date | None = None,
    start: date | None = None,
    cycle: str = "monthly",
    leader: str = "",
    weight: float = 1.0,
) -> int:
    """A task made by the office and assigned to ``lead`` (status ``assigned``)."""
    system = system_actor()
    task = tasks.create_task(
        session,
        actor=system,
        data=TaskCreate(
            title=title,
            lead_unit=lead,
            co_units=list(co_units),
            due_date=due,
            start_date=start,
            report_cycle=cycle,
            responsible_leader=leader,
            weight=weight,
        ),
    )
    tasks.set_units(
        session,
        actor=system,
        task=task,
        data=TaskAssign(lead_unit=lead, co_units=list(co_units)),
    )
    return task.id


def local(day: date, hour: int = 10) -> datetime:
    """A moment of ``day`` in the offices' time zone."""
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)
