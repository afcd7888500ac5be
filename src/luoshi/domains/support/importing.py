"""Support items from a CSV or Excel sheet: one row an item, created or brought up to date
by its code, all or nothing (``kernel.tabular``).

A row's status may be ahead of the stored one (asked → agreed → landed, or dropped): the
steps between are taken through the service, dated by the row, so the history and the
audit trail read as if they had been entered one by one. A status behind the stored one
is a bad row.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.support import service
from luoshi.domains.support.models import SupportItem
from luoshi.domains.support.schemas import SupportItemCreate, SupportItemUpdate, SupportTransition
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import (
    ImportReport,
    Row,
    RowProblem,
    cell_choice,
    cell_date,
    cell_decimal,
    cell_unit,
    read_table,
    run_import,
)
from luoshi.settings import Settings

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "编号", "事项编号"),
    "title": ("title", "事项名称", "事项"),
    "content": ("content", "事项内容", "具体内容"),
    "ministry": ("ministry", "对接部委", "国家部委", "部委"),
    "lead_unit": ("lead_unit", "牵头单位", "责任单位"),
    "status": ("status", "状态", "进展状态"),
    "asked_on": ("asked_on", "提出日期"),
    "agreed_on": ("agreed_on", "达成日期", "商定日期"),
    "expected_on": ("expected_on", "预计落地日期", "预计落地时间"),
    "landed_on": ("landed_on", "落地日期"),
    "landed_as": ("landed_as", "落地形式"),
    "fund_amount": ("fund_amount", "资金金额（万元）", "资金金额(万元)", "资金金额"),
    "policy_document": ("policy_document", "政策文件"),
    "project_name": ("project_name", "项目名称"),
    "dropped_on": ("dropped_on", "放弃日期"),
    "drop_reason": ("drop_reason", "放弃原因"),
}
REQUIRED = ("code", "title", "ministry", "lead_unit")
STATUS_CHOICES = {
    "已提出": "asked",
    "提出": "asked",
    "已达成一致": "agreed",
    "已商定": "agreed",
    "已落地": "landed",
    "落地": "landed",
    "已放弃": "dropped",
    "放弃": "dropped",
}
LANDED_AS_CHOICES = {"政策": "policy", "资金": "fund", "项目": "project"}
M = TypeVar("M", bound=BaseModel)
# How far along the machine each status lies (dropped is reachable from any open one).
ORDER = {"asked": 0, "agreed": 1, "landed": 2}


def import_items(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> ImportReport:
    check(actor, "support.manage")
    rows = read_table(content, filename, columns=COLUMNS, required=REQUIRED)
    return run_import(
        session,
        rows,
        lambda row: _apply(session, actor, settings, row),
        dry_run=dry_run,
    )


def _lead_code(session: Session, actor: Actor, row: Row) -> str:
    unit = cell_unit(session, row, "lead_unit", tenant_id=actor.tenant_id, required=True)
    assert unit is not None  # required
    return unit.code


def _apply(session: Session, actor: Actor, settings: Settings, row: Row) -> str:
    code = row.text("code")
    status = cell_choice(row, "status", STATUS_CHOICES) or "asked"
    fields: dict[str, Any] = {
        "title": row.text("title"),
        "content": row.text("content"),
        "ministry": row.text("ministry"),
        "lead_unit": _lead_code(session, actor, row),
        "asked_on": cell_date(row, "asked_on"),
        "expected_on": cell_date(row, "expected_on"),
    }
    if not fields["title"]:
        raise RowProblem.of("err_row_empty", column="title")
    item = session.scalar(
        select(SupportItem).where(
            SupportItem.tenant_id == actor.tenant_id, SupportItem.code == code
        )
    )
    outcome = "unchanged"
    if item is None:
        item = service.create_item(
            session,
            actor=actor,
            data=SupportItemCreate.model_validate({"code": code, **fields}),
            settings=settings,
        )
        outcome = "created"
    else:
        changed = _changed(session, item, fields)
        if changed:
            service.update_item(
                session,
                actor=actor,
                item_id=item.id,
                data=SupportItemUpdate.model_validate({"version": item.version, **changed}),
                settings=settings,
            )
            outcome = "updated"
    steps = _steps(item.status, status)
    for transition in steps:
        service.transition_item(
            session,
            actor=actor,
            item_id=item.id,
            data=_transition(row, transition, item.version, fields["expected_on"]),
            settings=settings,
        )
    if steps and outcome == "unchanged":
        outcome = "updated"
    return outcome


def _changed(session: Session, item: SupportItem, fields: dict[str, Any]) -> dict[str, Any]:
    lead = session.get(Unit, item.lead_unit_id)
    now = {
        "title": item.title,
        "content": item.content,
        "ministry": item.ministry,
        "lead_unit": lead.code if lead else None,
        "asked_on": item.asked_on,
        "expected_on": item.expected_on,
    }
    # An empty cell leaves a stored date alone.
    return {
        k: v
        for k, v in fields.items()
        if v != now[k] and not (k in ("asked_on", "expected_on") and v is None)
    }


def _steps(current: str, wanted: str) -> list[str]:
    if current == wanted:
        return []
    if current in ("landed", "dropped"):
        raise RowProblem.of("err_row_item_is_final", column="status", current=current)
    if wanted == "dropped":
        return ["drop"]
    if ORDER[wanted] < ORDER[current]:
        raise RowProblem.of(
            "err_row_item_cannot_go_back", column="status", current=current, state=wanted
        )
    return ["agree", "land"][ORDER[current] : ORDER[wanted]]


def _transition(
    row: Row, transition: str, version: int, expected_on: date | None
) -> SupportTransition:
    values: dict[str, Any] = {"transition": transition, "version": version}
    if transition == "agree":
        values.update(on=cell_date(row, "agreed_on"), expected_on=expected_on)
    elif transition == "land":
        values.update(
            on=cell_date(row, "landed_on"),
            landed_as=cell_choice(row, "landed_as", LANDED_AS_CHOICES, required=True),
            fund_amount=cell_decimal(row, "fund_amount"),
            policy_document=row.text("policy_document"),
            project_name=row.text("project_name"),
        )
    else:
        values.update(on=cell_date(row, "dropped_on"), reason=row.text("drop_reason"))
    return SupportTransition.model_validate(values)
