"""A docking ledger from a CSV or Excel sheet: one row per national measure of one document,
named by its number in the document (from 1), all or nothing (``kernel.tabular``).

Offices keep the docking of a national notice in a sheet (措施序号, 责任单位, 对接任务,
本省措施, 进展状态…). A row names the owner unit (by code or name) and the answer (a task by
its code, a provincial measure by name) through ``assign_measure``, and the status through
``set_status``, so each change is checked, dated and audited as if entered on the page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.docking import service
from luoshi.domains.docking.models import DockingMeasure
from luoshi.domains.docking.rules import STATUSES
from luoshi.domains.docking.schemas import DockingAssign, DockingStatus
from luoshi.domains.tasks import service as tasks
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import (
    ImportReport,
    Row,
    RowProblem,
    cell_choice,
    cell_date,
    cell_int,
    cell_unit,
    read_table,
    run_import,
)
from luoshi.settings import Settings

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "no", "序号", "措施序号", "条目"),
    "owner_unit": ("owner_unit", "owner", "责任单位", "牵头单位"),
    "task": ("task", "task_code", "对接任务", "任务编号"),
    "local_measure": ("local_measure", "本省措施", "对接措施", "我省措施"),
    "status": ("status", "状态", "进展状态", "进展"),
    "reason": ("reason", "不适用理由", "说明"),
    "status_on": ("status_on", "date", "日期", "状态日期"),
}
REQUIRED = ("number",)
STATUS_CHOICES = {
    "未启动": "not_started",
    "起草中": "drafting",
    "已印发": "issued",
    "已出台": "issued",
    "已施行": "in_force",
    "已实施": "in_force",
    "不适用": "not_applicable",
    **{s.replace("_", " "): s for s in STATUSES},
}


def import_docking(
    session: Session,
    *,
    actor: Actor,
    source_id: int,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> ImportReport:
    """Bring the docking of the national document ``source_id`` up to date from a sheet."""
    check(actor, "docking.manage")
    rows = read_table(content, filename, columns=COLUMNS, required=REQUIRED)
    # Offices number a document's measures from 1, in the order the document gives them.
    by_number = {
        m.position + 1: m.id
        for m in session.scalars(
            select(DockingMeasure).where(
                DockingMeasure.tenant_id == actor.tenant_id,
                DockingMeasure.source_id == source_id,
            )
        )
    }
    return run_import(
        session,
        rows,
        lambda row: _apply(session, actor, settings, row, by_number),
        dry_run=dry_run,
    )


def _apply(
    session: Session, actor: Actor, settings: Settings, row: Row, by_number: dict[int, int]
) -> str:
    number = cell_int(row, "number", required=True)
    if number not in by_number:
        raise RowProblem.of("err_row_no_measure", column="number", number=number)
    measure = service.get_docking_for(
        session, actor=actor, docking_id=by_number[number], action="docking.view"
    )
    before = (measure.owner_unit_id, measure.task_id, measure.local_measure, measure.status)
    assign: dict[str, Any] = {}
    owner = cell_unit(session, row, "owner_unit", tenant_id=actor.tenant_id)
    if owner is not None and owner.id != measure.owner_unit_id:
        assign["owner_unit"] = owner.code
    if row.text("task"):
        task = tasks.find_task_for(session, actor=actor, code=row.text("task"), action="task.view")
        if task.id != measure.task_id:
            assign["task_id"] = task.id
    if row.text("local_measure") and row.text("local_measure") != measure.local_measure:
        assign["local_measure"] = row.text("local_measure")
    if assign:
        measure = service.assign_measure(
            session,
            actor=actor,
            docking_id=measure.id,
            data=DockingAssign.model_validate({"version": measure.version, **assign}),
        )
    status = cell_choice(row, "status", STATUS_CHOICES)
    reason = row.text("reason")
    if status is not None and (status != measure.status or reason != measure.reason):
        measure = service.set_status(
            session,
            actor=actor,
            docking_id=measure.id,
            data=DockingStatus.model_validate(
                {
                    "version": measure.version,
                    "status": status,
                    "reason": reason,
                    "on": cell_date(row, "status_on"),
                },
            ),
            settings=settings,
        )
    after = (measure.owner_unit_id, measure.task_id, measure.local_measure, measure.status)
    return "updated" if after != before else "unchanged"
