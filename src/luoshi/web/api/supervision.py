"""Supervision: accept or return an assignment, extensions, instructions, the ladder's
actions, light history, and each user's inbox."""

from __future__ import annotations

from luoshi.domains.progress import instructions, lights
from luoshi.domains.progress.schemas import InstructionCreate, InstructionRead, LightChangeRead
from luoshi.domains.supervision import inbox
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.schemas import (
    ExtensionCreate,
    ExtensionDecision,
    ExtensionRead,
    InboxItemRead,
    InboxPage,
    SupervisionActionRead,
    TaskAccept,
    TaskReturn,
    UrgeCreate,
)
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskRead
from luoshi.web.api.params import PathId, QueryCode
from luoshi.web.api.routing import SectionRouter
from luoshi.web.deps import AppSettings, CurrentActor, DbSession
from luoshi.web.errors import READ, WRITE

router = SectionRouter(tags=["supervision"])


@router.post("/tasks/{task_id}/accept", responses=WRITE)
def accept_task(
    task_id: PathId,
    data: TaskAccept,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TaskRead:
    """The lead unit accepts its assignment."""
    task = supervision.accept_task(
        session, actor=actor, task_id=task_id, settings=settings, version=data.version
    )
    return tasks.to_read(session, task)


@router.post("/tasks/{task_id}/return", responses=WRITE)
def return_task(
    task_id: PathId,
    data: TaskReturn,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> TaskRead:
    """The lead unit returns its assignment with a reason, within the return window."""
    task = supervision.return_task(
        session,
        actor=actor,
        task_id=task_id,
        reason=data.reason,
        settings=settings,
        version=data.version,
    )
    return tasks.to_read(session, task)


@router.get("/tasks/{task_id}/extensions", responses=READ)
def list_task_extensions(
    task_id: PathId, actor: CurrentActor, session: DbSession
) -> list[ExtensionRead]:
    rows = supervision.list_extensions(session, actor=actor, task_id=task_id)
    return [ExtensionRead.model_validate(r) for r in rows]


@router.post("/tasks/{task_id}/extensions", status_code=201, responses=WRITE)
def request_extension(
    task_id: PathId,
    data: ExtensionCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ExtensionRead:
    """Ask for a later due date, before the current one has passed."""
    request = supervision.request_extension(
        session,
        actor=actor,
        task_id=task_id,
        requested_due=data.requested_due,
        reason=data.reason,
        settings=settings,
    )
    return ExtensionRead.model_validate(request)


@router.get("/extensions")
def list_extensions(
    actor: CurrentActor, session: DbSession, status: QueryCode | None = None
) -> list[ExtensionRead]:
    """Extension requests on every task the actor sees (``status=pending`` for the office)."""
    rows = supervision.list_extensions(session, actor=actor, status=status)
    return [ExtensionRead.model_validate(r) for r in rows]


@router.post("/extensions/{extension_id}/approve", responses=WRITE)
def approve_extension(
    extension_id: PathId,
    data: ExtensionDecision,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ExtensionRead:
    request = supervision.decide_extension(
        session,
        actor=actor,
        extension_id=extension_id,
        approve=True,
        comment=data.comment,
        settings=settings,
    )
    return ExtensionRead.model_validate(request)


@router.post("/extensions/{extension_id}/refuse", responses=WRITE)
def refuse_extension(
    extension_id: PathId,
    data: ExtensionDecision,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ExtensionRead:
    request = supervision.decide_extension(
        session,
        actor=actor,
        extension_id=extension_id,
        approve=False,
        comment=data.comment,
        settings=settings,
    )
    return ExtensionRead.model_validate(request)


@router.get("/tasks/{task_id}/instructions", responses=READ)
def list_instructions(
    task_id: PathId, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> list[InstructionRead]:
    """A leader's instructions on the task, with the units' answers and which are open."""
    return instructions.list_instructions(session, actor=actor, task_id=task_id, settings=settings)


@router.post("/tasks/{task_id}/instructions", status_code=201, responses=WRITE)
def write_instruction(
    task_id: PathId,
    data: InstructionCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> InstructionRead:
    instruction = supervision.write_instruction(
        session, actor=actor, task_id=task_id, text=data.text, settings=settings
    )
    listed = instructions.list_instructions(
        session, actor=actor, task_id=task_id, settings=settings
    )
    return next(i for i in listed if i.id == instruction.id)


@router.get("/tasks/{task_id}/supervision-actions", responses=READ)
def list_actions(
    task_id: PathId, actor: CurrentActor, session: DbSession
) -> list[SupervisionActionRead]:
    """Reminders, urgings and notices taken on the task, newest first."""
    rows = supervision.list_actions(session, actor=actor, task_id=task_id)
    return [SupervisionActionRead.model_validate(r) for r in rows]


@router.post("/tasks/{task_id}/urge", status_code=201, responses=WRITE)
def urge_task(
    task_id: PathId,
    data: UrgeCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> SupervisionActionRead:
    """The office urges the lead unit in its own words."""
    action = supervision.urge_task(
        session, actor=actor, task_id=task_id, comment=data.comment, settings=settings
    )
    return SupervisionActionRead.model_validate(action)


@router.get("/tasks/{task_id}/lights", responses=READ)
def light_history(
    task_id: PathId, actor: CurrentActor, session: DbSession
) -> list[LightChangeRead]:
    """Every change of the task's light with its reasons in English and Chinese."""
    return lights.light_history(session, actor=actor, task_id=task_id)


@router.get("/inbox")
def list_inbox(actor: CurrentActor, session: DbSession, unread: bool = False) -> InboxPage:
    return inbox.list_inbox(session, actor=actor, unread_only=unread)


@router.post("/inbox/read-all")
def read_all(actor: CurrentActor, session: DbSession) -> dict[str, int]:
    return {"marked_read": inbox.mark_all_read(session, actor=actor)}


@router.post("/inbox/{item_id}/read", responses=WRITE)
def mark_read(item_id: PathId, actor: CurrentActor, session: DbSession) -> InboxItemRead:
    return InboxItemRead.model_validate(inbox.mark_read(session, actor=actor, item_id=item_id))
