"""Leaders' instructions (批示) on tasks, and which of them the lead unit has answered."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Exists

from luoshi.domains.progress import schedule
from luoshi.domains.progress.models import Instruction, InstructionResponse, Report
from luoshi.domains.progress.schemas import InstructionRead, ResponseRead
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.kernel import audit
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings


def create_instruction(
    session: Session,
    *,
    actor: Actor,
    task: Task,
    text: str,
    author_name: str,
    settings: Settings,
) -> Instruction:
    """Write an instruction on a task (the caller checked ``instruction.write``)."""
    instruction = Instruction(
        tenant_id=actor.tenant_id,
        task_id=task.id,
        author_id=actor.user_id,
        author_name=author_name,
        text=text.strip(),
        written_on=schedule.today(settings),
    )
    session.add(instruction)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="instruction.write",
        object_type="instruction",
        object_id=instruction.id,
        new={"task_id": task.id, "text": instruction.text},
    )
    return instruction


def _answered_by_lead(task: Task) -> Exists:
    return exists().where(
        InstructionResponse.instruction_id == Instruction.id,
        InstructionResponse.report_id == Report.id,
        Report.unit_id == task.lead_unit_id,
    )


def open_instructions(session: Session, task: Task) -> list[Instruction]:
    """Instructions on ``task`` the lead unit has not answered in any report."""
    stmt = (
        select(Instruction)
        .where(Instruction.task_id == task.id, ~_answered_by_lead(task))
        .order_by(Instruction.id)
    )
    return list(session.scalars(stmt))


def open_instructions_of(session: Session, task_ids: Sequence[int]) -> dict[int, list[Instruction]]:
    """``open_instructions`` of many tasks, by task, a query per 500 tasks (a sheet's)."""
    answered = exists().where(
        InstructionResponse.instruction_id == Instruction.id,
        InstructionResponse.report_id == Report.id,
        Report.unit_id == Task.lead_unit_id,
    )
    found: dict[int, list[Instruction]] = {i: [] for i in task_ids}
    ids = list(found)
    for start in range(0, len(ids), 500):
        stmt = (
            select(Instruction)
            .join(Task, Task.id == Instruction.task_id)
            .where(Instruction.task_id.in_(ids[start : start + 500]), ~answered)
            .order_by(Instruction.id)
        )
        for instruction in session.scalars(stmt):
            found[instruction.task_id].append(instruction)
    return found


def responses_of(session: Session, *, instruction_ids: list[int]) -> list[InstructionResponse]:
    if not instruction_ids:
        return []
    stmt = (
        select(InstructionResponse)
        .where(InstructionResponse.instruction_id.in_(instruction_ids))
        .order_by(InstructionResponse.id)
    )
    return list(session.scalars(stmt))


def to_read(
    session: Session,
    task: Task,
    rows: list[Instruction],
    *,
    calendar: WorkingCalendar,
) -> list[InstructionRead]:
    responses = responses_of(session, instruction_ids=[i.id for i in rows])
    lead_reports = set(
        session.scalars(
            select(Report.id).where(Report.task_id == task.id, Report.unit_id == task.lead_unit_id)
        )
    )
    result = []
    for instruction in rows:
        mine = [r for r in responses if r.instruction_id == instruction.id]
        result.append(
            InstructionRead(
                id=instruction.id,
                task_id=instruction.task_id,
                author_name=instruction.author_name,
                text=instruction.text,
                written_on=instruction.written_on,
                created_at=instruction.created_at,
                answer_due=schedule.answer_due(task, instruction.written_on, calendar=calendar),
                answered=any(r.report_id in lead_reports for r in mine),
                responses=[ResponseRead.model_validate(r) for r in mine],
            )
        )
    return result


def list_instructions(
    session: Session, *, actor: Actor, task_id: int, settings: Settings
) -> list[InstructionRead]:
    """A task's instructions, oldest first, each with its answers and whether it is open."""
    task = tasks.get_task_for(session, actor=actor, task_id=task_id, action="task.view")
    rows = list(
        session.scalars(
            select(Instruction).where(Instruction.task_id == task.id).order_by(Instruction.id)
        )
    )
    calendar = schedule.calendar_for(session, settings=settings, tenant_id=actor.tenant_id)
    return to_read(session, task, rows, calendar=calendar)
