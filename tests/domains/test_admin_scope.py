"""Administrators (三员) have no relation to business data: the relations and the list
scope are empty for them, wherever their unit sits (the API answers 404 on that)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.sources import service as sources
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.tasks import access
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskCreate
from tests.factories import World, build_world


def test_admins_relate_to_no_task_and_no_source(session: Session) -> None:
    world: World = build_world(session)
    task = tasks.create_task(
        session, actor=world.office, data=TaskCreate(title="稳就业", lead_unit="p.fgw")
    )
    source = sources.store_source(
        session, actor=world.office, text="稳就业。", language="zh", data=SourceCreate()
    ).source
    # The office at the same root unit relates to both; the administrators do not.
    assert access.relations_to(session, world.office, task) == {"office"}
    assert sources.relations_to(session, world.office, source) == {"source_office"}
    for admin in (world.sysadmin, world.secadmin, world.auditor):
        assert access.relations_to(session, admin, task) == frozenset(), admin.username
        assert sources.relations_to(session, admin, source) == frozenset(), admin.username
        assert list(session.scalars(access.scoped(select(Task), admin))) == [], admin.username
    assert list(session.scalars(access.scoped(select(Task), world.office))) == [task]
