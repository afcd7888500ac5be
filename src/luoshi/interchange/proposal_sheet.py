"""Suggestions and proposals as a sheet: the register exported with its identifiers (届次
and 编号) and a hidden version column, edited offline, re-imported through the register's
own importer (``register_sheet`` compares and refuses stale rows first)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from luoshi.domains.proposals import importing, queries
from luoshi.domains.proposals.models import Proposal
from luoshi.interchange.register_sheet import Layout, Record, export, reimport, unit_labels
from luoshi.interchange.sheet_import import CellChange, SheetReport
from luoshi.interchange.sheets import Cell, Column, Format
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import Row, RowProblem
from luoshi.settings import Settings

KIND_WORDS = {"suggestion": "建议", "proposal": "提案"}
LAYOUT = Layout(
    kind="proposals",
    sheet_name="建议提案",
    columns=(
        Column("session", "届次", 20),
        Column("number", "编号", 10),
        Column("version", "版本", 6, hidden=True),
        Column("kind", "类型", 8),
        Column("title", "标题", 40),
        Column("content", "内容", 40),
        Column("proposer", "领衔人", 12),
        Column("co_signers", "附议人", 20),
        Column("category", "分类", 12),
        Column("lead_unit", "主办单位", 20),
        Column("co_units", "协办单位", 24),
        # Read, not written back: the flow moves them.
        Column("state", "状态", 10),
        Column("reply_due", "答复期限", 12),
        Column("light", "亮灯", 8),
    ),
    read={**importing.COLUMNS, "version": ("版本", "version")},
    required=importing.REQUIRED,
    versions=("version",),
    compared=(
        "kind",
        "title",
        "content",
        "proposer",
        "co_signers",
        "category",
        "lead_unit",
        "co_units",
    ),
    units=frozenset({"lead_unit", "co_units"}),
    choices={"kind": importing.KINDS},
    # The units are changed on the proposal's page (assignment), never blanked away.
    clears=frozenset({"content", "co_signers", "category"}),
)


def _key(session_name: str, number: str) -> str:
    return f"{session_name.strip()} {number.strip()}"


def _records(session: Session, actor: Actor) -> list[Record]:
    check(actor, "proposal.view")
    labels = unit_labels(session, actor)
    found: list[Proposal] = []
    page = 1
    while True:
        rows, total = queries.list_proposals(session, actor=actor, page=page, page_size=500)
        found += rows
        if page * 500 >= total or not rows:
            break
        page += 1
    content = {p.id: p.content for p in found}
    records = []
    for read in queries.to_reads(session, found):
        cells: dict[str, Cell] = {
            "session": read.session,
            "number": read.number,
            "version": read.version,
            "kind": KIND_WORDS.get(read.kind, read.kind),
            "title": read.title,
            "content": content[read.id],
            "proposer": read.proposer,
            "co_signers": "、".join(read.co_signers),
            "category": read.category,
            "lead_unit": labels[read.lead_unit.id] if read.lead_unit else "",
            "co_units": "、".join(labels[u.id] for u in read.co_units),
            "state": read.state,
            "reply_due": read.reply_due,
            "light": read.light,
        }
        records.append(Record(_key(read.session, read.number), cells))
    return records


def export_proposals(session: Session, *, actor: Actor, fmt: Format) -> bytes:
    """Every suggestion and proposal the actor may read, one row each."""
    return export(LAYOUT, _records(session, actor), fmt=fmt)


def _assigned_already(record: Record, changes: Sequence[CellChange]) -> RowProblem | None:
    # The importer assigns only a registered entry: a reassignment is a step of the flow.
    units = [c.column for c in changes if c.column in ("lead_unit", "co_units")]
    if units and record.cells.get("state") != "registered":
        return RowProblem.of(
            "err_row_assigned_already",
            column=units[0], code=record.code, state=record.cells.get("state"),
        )  # fmt: skip
    return None


def import_proposals(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> SheetReport:
    """Re-import an edited proposals sheet (or any proposals table): conflicts refuse it
    whole, otherwise the register's importer applies it all or nothing."""
    check(actor, "proposal.manage")
    records = {r.code: r for r in _records(session, actor)}

    def key(row: Row) -> str:
        return _key(row.text("session"), row.text("number"))

    return reimport(
        session, actor=actor, layout=LAYOUT, content=content, filename=filename,
        settings=settings, dry_run=dry_run, records=records, key=key,
        apply_rows=importing.apply_rows, check_row=_assigned_already,
    )  # fmt: skip
