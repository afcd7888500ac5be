"""Nobody approves their own work, and nobody obliges a unit above or beside their own.

The person here is a city office's staff member who also holds the unit role (as the demo's
``chengdu`` does): for a task the city office issues to the city itself, they are both the
supervising office and the lead unit. Each rule is checked against that person, then shown
to let a colleague of the same office do the same thing.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import PublishOptions, TaskAssign, TaskCreate
from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.kernel import users
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings
from tests.factories import PASSWORD, quick_hashing
from tests.scenario.world import World

READOUT = b"""The provincial government held an executive meeting on April 2.

The meeting stressed that all departments must speed up the construction of key projects \
and complete the annual investment plan by the end of June.
"""


def _staff(session: Session, username: str, unit: str, roles: list[str]) -> Actor:
    with quick_hashing():
        user = users.create_user(
            session,
            actor=system_actor(),
            username=username,
            password=PASSWORD,
            unit_code=unit,
            roles=roles,
        )
    return users.actor_for(session, user)


@pytest.fixture
def both(session: Session, world: World) -> Actor:
    """A Chengdu office member who is also the city's liaison."""
    return _staff(session, "cd-both", "prov.cd", ["office", "unit"])


@pytest.fixture
def colleague(session: Session, world: World) -> Actor:
    return _staff(session, "cd-colleague", "prov.cd", ["office", "unit"])


def _own_task(session: Session, actor: Actor, settings: Settings) -> int:
    """A task the city office issues to the city itself, accepted by the city."""
    task = tasks.create_task(
        session,
        actor=actor,
        data=TaskCreate(title="Open two markets", lead_unit="prov.cd", due_date=date(2023, 12, 31)),
    )
    supervision.transition_task(
        session, actor=actor, task_id=task.id, transition="assign", settings=settings
    )
    supervision.accept_task(session, actor=actor, task_id=task.id, settings=settings)
    return task.id


def test_nobody_reviews_their_own_report(
    session: Session, both: Actor, colleague: Actor, settings: Settings
) -> None:
    task_id = _own_task(session, both, settings)
    report = progress.submit_report(
        session, actor=both, task_id=task_id, data=ReportCreate(progress=30), settings=settings
    )
    for accept in (True, False):
        with pytest.raises(PermissionDenied, match="yourself"):
            supervision.review_report(
                session,
                actor=both,
                report_id=report.id,
                accept=accept,
                comment="fine",
                settings=settings,
            )
    reviewed = supervision.review_report(
        session,
        actor=colleague,
        report_id=report.id,
        accept=True,
        comment="fine",
        settings=settings,
    )
    assert reviewed.status == "accepted"


def test_nobody_decides_their_own_extension(
    session: Session, both: Actor, colleague: Actor, settings: Settings
) -> None:
    task_id = _own_task(session, both, settings)
    request = supervision.request_extension(
        session,
        actor=both,
        task_id=task_id,
        requested_due=date(2024, 3, 31),
        reason="the site moved",
        settings=settings,
    )
    with pytest.raises(PermissionDenied, match="yourself"):
        supervision.decide_extension(
            session,
            actor=both,
            extension_id=request.id,
            approve=True,
            comment="",
            settings=settings,
        )
    decided = supervision.decide_extension(
        session,
        actor=colleague,
        extension_id=request.id,
        approve=True,
        comment="",
        settings=settings,
    )
    assert decided.status == "approved"
    task = session.get(Task, task_id)
    assert task is not None and task.due_date == date(2024, 3, 31)


def test_a_second_approver_when_the_setting_asks_for_one(
    session: Session, both: Actor, colleague: Actor, settings: Settings
) -> None:
    settings = settings.model_copy(update={"extension_second_approver": True})
    third = _staff(session, "cd-third", "prov.cd", ["office"])
    task_id = _own_task(session, both, settings)
    request = supervision.request_extension(
        session,
        actor=both,
        task_id=task_id,
        requested_due=date(2024, 3, 31),
        reason="the site moved",
        settings=settings,
    )

    def decide(actor: Actor) -> str:
        return supervision.decide_extension(
            session,
            actor=actor,
            extension_id=request.id,
            approve=True,
            comment="",
            settings=settings,
        ).status

    assert decide(colleague) == "pending"
    task = session.get(Task, task_id)
    assert task is not None and task.due_date == date(2023, 12, 31)
    with pytest.raises(PermissionDenied):
        decide(colleague)  # the same person twice is not two approvers
    assert decide(third) == "approved"
    assert task.due_date == date(2024, 3, 31)
    actions = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "task", AuditEvent.object_id == task_id
        )
    ).all()
    assert "extension.first_approval" in actions


def test_nobody_verifies_their_own_completion(
    session: Session, both: Actor, colleague: Actor, settings: Settings
) -> None:
    task_id = _own_task(session, both, settings)
    for transition in ("start", "complete"):
        supervision.transition_task(
            session, actor=both, task_id=task_id, transition=transition, settings=settings
        )
    with pytest.raises(PermissionDenied, match="complet"):
        supervision.transition_task(
            session, actor=both, task_id=task_id, transition="verify", settings=settings
        )
    verified = supervision.transition_task(
        session, actor=colleague, task_id=task_id, transition="verify", settings=settings
    )
    assert verified.status == "verified"


def test_whoever_returned_a_task_does_not_reassign_it(
    session: Session, both: Actor, colleague: Actor, settings: Settings
) -> None:
    task = tasks.create_task(
        session, actor=both, data=TaskCreate(title="Open two markets", lead_unit="prov.cd")
    )
    supervision.transition_task(
        session, actor=both, task_id=task.id, transition="assign", settings=settings
    )
    supervision.return_task(
        session, actor=both, task_id=task.id, reason="the district leads", settings=settings
    )
    new_lead = TaskAssign(lead_unit="prov.cd.jj")
    with pytest.raises(PermissionDenied, match="return"):
        supervision.assign_task(
            session, actor=both, task_id=task.id, data=new_lead, settings=settings
        )
    again = supervision.assign_task(
        session, actor=colleague, task_id=task.id, data=new_lead, settings=settings
    )
    assert again.status == "assigned"


def test_an_office_obliges_only_units_within_its_subtree(
    session: Session, world: World, both: Actor, settings: Settings
) -> None:
    before = session.scalar(select(func.count()).select_from(Task))
    for lead, co in (("prov.fgw", []), ("prov.my", []), ("prov.cd.jj", ["prov.swt"])):
        with pytest.raises(InvalidInput):
            tasks.create_task(
                session,
                actor=both,
                data=TaskCreate(title="Oblige the province", lead_unit=lead, co_units=co),
            )
    assert session.scalar(select(func.count()).select_from(Task)) == before
    task_id = _own_task(session, both, settings)
    with pytest.raises(InvalidInput):
        supervision.assign_task(
            session,
            actor=both,
            task_id=task_id,
            data=TaskAssign(lead_unit="prov.cd", co_units=["prov.fgw"]),
            settings=settings,
        )
    with pytest.raises(InvalidInput):
        supervision.split_task(
            session,
            actor=world.actors["cd"],
            task_id=task_id,
            parts=[TaskCreate(title="A part for Mianyang", lead_unit="prov.my")],
            settings=settings,
        )


def test_a_city_office_cannot_publish_the_provinces_readout(
    session: Session, world: World, both: Actor, settings: Settings
) -> None:
    source, _ = directives.ingest_source(
        session,
        actor=world.actors["office"],
        content=READOUT,
        data=SourceCreate(title="executive meeting", doc_date=date(2023, 4, 2), filename="r.txt"),
        max_bytes=1 << 20,
    )
    drafted = directives.list_directives(session, actor=world.actors["office"], source_id=source.id)
    assert drafted
    # The city reads the provincial readout, but may neither review nor publish it.
    assert directives.list_directives(session, actor=both, source_id=source.id)
    with pytest.raises(PermissionDenied):
        directives.update_directive(
            session,
            actor=both,
            directive_id=drafted[0].id,
            data=DirectiveUpdate(lead_unit="prov.fgw", status="confirmed"),
        )
    with pytest.raises(PermissionDenied):
        supervision.publish_breakdown(
            session, actor=both, source_id=source.id, options=PublishOptions(), settings=settings
        )
    # A sibling's source is not even there for another city.
    city_source, _ = directives.ingest_source(
        session,
        actor=both,
        content=READOUT.replace(b"provincial", b"municipal"),
        data=SourceCreate(title="city meeting", doc_date=date(2023, 4, 3), filename="c.txt"),
        max_bytes=1 << 20,
    )
    mianyang = _staff(session, "my-office", "prov.my", ["office"])
    with pytest.raises(NotFound):
        directives.list_directives(session, actor=mianyang, source_id=city_source.id)
