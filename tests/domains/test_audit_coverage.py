"""Every mutation writes its audit event: a walk through the main use cases, from a readout
to a verified task, checking after each step which events it wrote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.directives.schemas import DirectiveUpdate
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.supervision import inbox
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.models import InboxItem
from luoshi.domains.tasks.schemas import PublishOptions, TaskAssign, TaskCreate, TaskUpdate
from luoshi.kernel import unit_learning
from luoshi.kernel.models import AuditEvent
from luoshi.settings import Settings
from tests.domains.test_breakdown import MAX, READOUT
from tests.factories import World, build_world
from tests.scenario.world import local

PLAN = "一、稳增长\n1．促进消费。（省商务厅牵头，省发展和改革委员会配合）\n"


@pytest.fixture
def world(session: Session, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 4, 3), 9), tick=False)
    return build_world(session)


class Trail:
    """The audit events written since the last look."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen = self._last()

    def _last(self) -> int:
        return self.session.scalar(select(func.max(AuditEvent.id))) or 0

    def after(self, step: Callable[[], Any]) -> list[str]:
        result = step()
        self.session.flush()
        events = self.session.scalars(
            select(AuditEvent.action).where(AuditEvent.id > self.seen).order_by(AuditEvent.id)
        ).all()
        self.seen = self._last()
        self.result = result
        return list(events)


def test_every_use_case_writes_its_audit_events(
    session: Session,
    world: World,
    settings: Settings,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    trail = Trail(session)

    def written(step: Callable[[], Any], *expected: str) -> Any:
        actions = trail.after(step)
        missing = [a for a in expected if a not in actions]
        assert not missing, f"{missing} not written; the step wrote {actions}"
        return trail.result

    source, _ = written(
        lambda: directives.ingest_source(
            session,
            actor=world.office,
            content=READOUT,
            data=SourceCreate(title="meeting", doc_date=date(2023, 4, 2), filename="r.txt"),
            max_bytes=MAX,
        ),
        "source.create",
    )
    first, *rest = directives.list_directives(session, actor=world.office, source_id=source.id)
    written(
        lambda: directives.update_directive(
            session,
            actor=world.office,
            directive_id=first.id,
            data=DirectiveUpdate(lead_unit="p.fgw", co_units=["p.swt"], status="confirmed"),
        ),
        "directive.update",
    )
    for other in rest:
        directives.update_directive(
            session,
            actor=world.office,
            directive_id=other.id,
            data=DirectiveUpdate(status="rejected"),
        )
    (task,) = written(
        lambda: supervision.publish_breakdown(
            session,
            actor=world.office,
            source_id=source.id,
            options=PublishOptions(),
            settings=settings,
        ),
        "task.create",
        "directive.publish",  # the directive marked published
        "task.assign",
        "unit_example.create",  # the assignment learned as an example
        "source.status",
        "notify.assigned",
    )
    written(
        lambda: supervision.accept_task(
            session, actor=world.fgw, task_id=task.id, settings=settings
        ),
        "task.accept",
        "task.light",  # the light's change
    )
    time_machine.move_to(local(date(2023, 4, 20)), tick=False)
    report = written(
        lambda: progress.submit_report(
            session,
            actor=world.fgw,
            task_id=task.id,
            data=ReportCreate(progress=30),
            settings=settings,
        ),
        "report.submit",
        "task.progress",
        "task.start",  # the transition the first progress fires
    )
    written(
        lambda: supervision.review_report(
            session,
            actor=world.office,
            report_id=report.id,
            accept=False,
            comment="add the figures",
            settings=settings,
        ),
        "report.return",
        "notify.report_returned",
    )
    request = written(
        lambda: supervision.request_extension(
            session,
            actor=world.fgw,
            task_id=task.id,
            requested_due=date(2023, 12, 31),
            reason="land",
            settings=settings,
        ),
        "extension.request",
    )
    written(
        lambda: supervision.decide_extension(
            session,
            actor=world.office,
            extension_id=request.id,
            approve=True,
            comment="",
            settings=settings,
        ),
        "task.due_date",
        "extension.approve",
        "notify.extension_decided",
    )
    written(
        lambda: supervision.write_instruction(
            session, actor=world.leader, task_id=task.id, text="抓紧", settings=settings
        ),
        "instruction.write",
        "notify.instruction",
    )
    written(
        lambda: supervision.urge_task(
            session, actor=world.office, task_id=task.id, comment="快", settings=settings
        ),
        "supervision.urge",
    )
    written(
        lambda: supervision.update_task(
            session,
            actor=world.office,
            task_id=task.id,
            data=TaskUpdate(
                version=task.version, title="Key projects", due_date=date(2023, 11, 30)
            ),
            settings=settings,
        ),
        "task.update",
        "task.due_date",
    )
    written(
        lambda: supervision.assign_task(
            session,
            actor=world.office,
            task_id=task.id,
            data=TaskAssign(lead_unit="p.swt", co_units=["p.fgw"]),
            settings=settings,
        ),
        "task.assign_units",
        "notify.assigned",
        "notify.reassigned",
    )
    (sub,) = written(
        lambda: supervision.split_task(
            session,
            actor=world.office,
            settings=settings,
            task_id=task.id,
            parts=[TaskCreate(title="City A's part", lead_unit="p.a")],
        ),
        "task.split",
        "task.assign",
        "notify.assigned",
    )
    supervision.accept_task(session, actor=world.city_a, task_id=sub.id, settings=settings)
    completed = written(
        lambda: supervision.transition_task(
            session, actor=world.city_a, task_id=sub.id, transition="complete", settings=settings
        ),
        "task.complete",
    )
    assert completed.progress == 100
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "task.complete", AuditEvent.object_id == sub.id
        )
    ).all()
    assert [e.new for e in events] == [  # the side effects are in the transition's event
        {"status": "completed", "progress": 100, "completed_by_id": world.city_a.user_id}
    ]
    written(
        lambda: unit_learning.learn_from_plan(
            session, actor=world.system, text=PLAN, origin_ref="plan.txt"
        ),
        "unit.learn",
        "unit_example.create",
    )
    item = session.scalars(
        select(InboxItem).where(InboxItem.user_id == world.fgw.user_id).order_by(InboxItem.id)
    ).first()
    assert item is not None
    written(lambda: inbox.mark_read(session, actor=world.fgw, item_id=item.id), "inbox.read")
