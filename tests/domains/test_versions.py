"""Optimistic locking (db.Versioned): which aggregates carry it, what counts as an edit,
and that of two sessions that read the same version only the first writes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from luoshi.db import make_engine, make_sessionmaker
from luoshi.domains.directives.models import Directive
from luoshi.domains.progress.models import Report
from luoshi.domains.sources.models import Source
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.models import ExtensionRequest
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from tests.factories import World, build_world

SETTINGS = Settings(environment="test")


@pytest.mark.parametrize("model", [Task, Source, Directive, Report, ExtensionRequest])
def test_every_edited_aggregate_is_version_checked(model: type[object]) -> None:
    mapper = inspect(model)
    assert mapper.version_id_col is mapper.local_table.c.version
    assert mapper.version_id_generator is False  # counted once per transaction, by db.py


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _task(session: Session, world: World) -> Task:
    data = TaskCreate(title="稳外贸", lead_unit="p.fgw", due_date=date(2023, 12, 31))
    task = tasks.create_task(session, actor=world.office, data=data)
    session.commit()
    return task


def test_a_transaction_counts_once_and_a_light_is_no_edit(session: Session, world: World) -> None:
    task = _task(session, world)
    assert task.version == 1
    # assigning (units, then the status) in one transaction is one change
    supervision.assign_task(
        session,
        actor=world.office,
        task_id=task.id,
        data=TaskAssign(lead_unit="p.fgw", due_date=date(2023, 11, 30)),
        settings=SETTINGS,
    )
    session.commit()
    assert (task.status, task.version) == ("assigned", 2)
    # a new co-unit lives in another table, yet it is an edit of the task
    supervision.assign_task(
        session,
        actor=world.office,
        task_id=task.id,
        data=TaskAssign(lead_unit="p.fgw", co_units=["p.swt"]),
        settings=SETTINGS,
    )
    session.commit()
    assert task.version == 3
    # a recomputed light is derived, not edited: an open form stays current
    task.light, task.light_reasons = "red", ["a test"]
    session.commit()
    session.refresh(task)
    assert (task.light, task.version) == ("red", 3)


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_db_url)
    target_metadata().create_all(engine)
    yield engine
    engine.dispose()


def test_of_two_sessions_that_read_one_version_the_second_is_stale(engine: Engine) -> None:
    factory = make_sessionmaker(engine)
    with factory() as setup:
        world = build_world(setup)
        task_id = _task(setup, world).id
    first, second = factory(), factory()
    mine, theirs = first.get(Task, task_id), second.get(Task, task_id)
    assert mine is not None and theirs is not None
    mine.title, theirs.description = "我的", "他们的"
    first.commit()
    with pytest.raises(StaleDataError):
        second.commit()
    second.rollback()
    stored = second.get(Task, task_id)
    assert stored is not None
    assert (stored.title, stored.description, stored.version) == ("我的", "", 2)
    first.close()
    second.close()
