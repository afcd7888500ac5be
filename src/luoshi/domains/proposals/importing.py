"""Import suggestions and proposals from CSV or Excel: all or nothing, row by row.

A row registers a new entry (its session and number are new), or rewrites a registered one
(title, content, proposer, co-signers, category); with a lead unit named it is assigned
too, if it has not been already. Units are named by code or by their Chinese name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from luoshi.domains.proposals import queries, service
from luoshi.domains.proposals.schemas import ProposalAssign, ProposalCreate
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import (
    ImportReport,
    Row,
    RowProblem,
    cell_choice,
    cell_unit,
    read_table,
    run_import,
)
from luoshi.settings import Settings

COLUMNS: dict[str, tuple[str, ...]] = {
    "session": ("session", "届次", "会议"),
    "number": ("number", "编号", "案号", "建议号", "提案号"),
    "kind": ("kind", "类型", "建议/提案"),
    "title": ("title", "标题", "案由"),
    "content": ("content", "内容", "正文"),
    "proposer": ("proposer", "领衔人", "提出人", "领衔代表", "提案人"),
    "co_signers": ("co_signers", "附议人", "联名人"),
    "category": ("category", "分类", "内容分类"),
    "lead_unit": ("lead_unit", "主办单位", "承办单位"),
    "co_units": ("co_units", "协办单位", "会办单位"),
}
REQUIRED = ("session", "number", "kind", "title", "proposer")
KINDS = {
    "suggestion": "suggestion",
    "建议": "suggestion",
    "代表建议": "suggestion",
    "proposal": "proposal",
    "提案": "proposal",
    "委员提案": "proposal",
}
# Names in one cell: 、 , ， ; ； or new lines between them.
_SEPARATORS = re.compile(r"[、,，;；\n]+")


def split_names(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def _unit_code(session: Session, actor: Actor, column: str, text: str) -> str:
    unit = cell_unit(
        session, Row(0, {column: text}), column, tenant_id=actor.tenant_id, required=True
    )
    assert unit is not None  # required
    return unit.code


def import_proposals(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> ImportReport:
    """Read the file and apply its rows; any bad row keeps every row out."""
    check(actor, "proposal.manage")
    rows = read_table(content, filename, columns=COLUMNS, required=REQUIRED)
    return apply_rows(session, actor=actor, rows=rows, settings=settings, dry_run=dry_run)


def apply_rows(
    session: Session, *, actor: Actor, rows: Sequence[Row], settings: Settings, dry_run: bool
) -> ImportReport:
    """Apply rows already read (an edited export compared first), all or nothing."""
    check(actor, "proposal.manage")

    def apply_row(row: Row) -> str:
        return _apply(session, actor=actor, row=row, settings=settings)

    return run_import(session, rows, apply_row, dry_run=dry_run)


def _apply(session: Session, *, actor: Actor, row: Row, settings: Settings) -> str:
    kind = cell_choice(row, "kind", KINDS, required=True)
    data = ProposalCreate(
        session=row.text("session"),
        number=row.text("number"),
        kind=kind or "",
        title=row.text("title"),
        content=row.text("content"),
        proposer=row.text("proposer"),
        co_signers=split_names(row.text("co_signers")),
        category=row.text("category"),
    )
    lead = row.optional("lead_unit")
    lead_code = _unit_code(session, actor, "lead_unit", lead) if lead else None
    co_codes = [
        _unit_code(session, actor, "co_units", name) for name in split_names(row.text("co_units"))
    ]
    if co_codes and lead_code is None:
        raise RowProblem.of("err_row_name_the_lead_too", column="co_units")
    existing = queries.find_proposal(
        session, actor=actor, session_name=data.session, number=data.number
    )
    if existing is None:
        proposal = service.create_proposal(session, actor=actor, data=data, settings=settings)
        outcome = "created"
    else:
        proposal = existing
        changed = service.update_proposal(
            session, actor=actor, proposal=proposal, data=data, settings=settings
        )
        outcome = "updated" if changed else "unchanged"
    if lead_code is not None and proposal.state == "registered":
        service.assign_proposal(
            session,
            actor=actor,
            proposal_id=proposal.id,
            data=ProposalAssign(lead_unit=lead_code, co_units=co_codes),
            settings=settings,
        )
        outcome = "created" if outcome == "created" else "updated"
    return outcome
