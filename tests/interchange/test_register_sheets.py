"""The registers as sheets (proposals, livelihood matters, indicators): export → edit one
cell offline → the dry run lists that one change → apply; a stale row refuses the whole
sheet; another unit neither sees others' records in its export nor changes them through
an import; a formula-like cell comes back unchanged and is escaped in the file."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.models import (
    Indicator,
    IndicatorValue,
    LivelihoodMatter,
    LivelihoodTarget,
)
from luoshi.domains.livelihood.schemas import (
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    TargetSet,
)
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.models import Proposal
from luoshi.domains.proposals.schemas import ProposalAssign, ProposalCreate
from luoshi.interchange import indicator_sheet, livelihood_sheet, proposal_sheet
from luoshi.interchange.sheet_import import SheetReport
from luoshi.kernel.models import AuditEvent
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.factories import World, build_world

SETTINGS = Settings(environment="test")


def _proposals(session: Session, world: World) -> None:
    for actor, number, title in (
        (world.office, "001", "=cmd|' /C calc'!A0"),
        (world.office, "002", "关于优化公交线网的建议"),
        (world.city_b, "B01", "关于乙市老旧小区改造的建议"),
    ):
        proposals.create_proposal(
            session, actor=actor, settings=SETTINGS,
            data=ProposalCreate(session="十四届一次", number=number, kind="suggestion",
                                title=title, proposer="陈代表", content="正文"),
        )  # fmt: skip


def _matters(session: Session, world: World) -> None:
    for actor, number, name, lead in (
        (world.office, 1, "=cmd|' /C calc'!A0", "p.fgw"),
        (world.office, 2, "新增公办幼儿园学位", "p.swt"),
        (world.city_b, 3, "乙市老旧小区改造", "p.b.y"),
    ):
        matters.create_matter(
            session, actor=actor, settings=SETTINGS,
            data=MatterCreate(year=2023, number=number, name=name, lead_unit=lead,
                              targets=[TargetCreate(name="学位", measure="个",
                                                    target_value=1000)]),
        )  # fmt: skip


def _indicators(session: Session, world: World) -> None:
    for actor, code, name, owner, region in (
        (world.office, "gdp", "=cmd|' /C calc'!A0", "p.fgw", "p"),
        (world.office, "retail", "社会消费品零售总额增速", "p.swt", "p.a"),
        (world.city_b, "b.gdp", "乙市生产总值增速", "p.b.y", "p.b"),
    ):
        indicator = indicators.create_indicator(
            session, actor=actor,
            data=IndicatorCreate(code=code, name=name, owner_unit=owner),
        )  # fmt: skip
        indicators.set_target(
            session, actor=actor, indicator_id=indicator.id, settings=SETTINGS,
            data=TargetSet(period="2023Q1", region=region, target_value=5.5),
        )  # fmt: skip


def _grid(content: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def _edit(content: bytes, kind: str, key: str, value: Any) -> bytes:
    """The exported workbook with one cell of record ``key`` changed, as in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    column = headers.index(EDITS[kind][0]) + 1
    [row] = [r[0].row for r in sheet.iter_rows(min_row=2) if str(r[KEYS[kind]].value) == key]
    sheet.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _imports(session: Session, kind: str) -> int:
    return session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == f"import.{kind}")
    ) or 0  # fmt: skip


Export = Callable[[Session, Actor], bytes]
Import = Callable[[Session, Actor, bytes, bool], SheetReport]

KINDS: dict[str, tuple[Callable[[Session, World], None], Export, Import]] = {
    "proposals": (
        _proposals,
        lambda s, a: proposal_sheet.export_proposals(s, actor=a, fmt="xlsx"),
        lambda s, a, c, d: proposal_sheet.import_proposals(
            s, actor=a, content=c, filename="p.xlsx", settings=SETTINGS, dry_run=d
        ),
    ),
    "livelihood": (
        _matters,
        lambda s, a: livelihood_sheet.export_livelihood(s, actor=a, settings=SETTINGS, fmt="xlsx"),
        lambda s, a, c, d: livelihood_sheet.import_livelihood(
            s, actor=a, content=c, filename="l.xlsx", settings=SETTINGS, dry_run=d
        ),
    ),
    "indicators": (
        _indicators,
        lambda s, a: indicator_sheet.export_indicators(s, actor=a, settings=SETTINGS, fmt="xlsx"),
        lambda s, a, c, d: indicator_sheet.import_indicators(
            s, actor=a, content=c, filename="i.xlsx", settings=SETTINGS, dry_run=d
        ),
    ),
}
# (header of the edited cell, its column key, the new value)
EDITS: dict[str, tuple[str, str, Any]] = {
    "proposals": ("标题", "title", "关于优化城区公交线网的建议"),
    "livelihood": ("目标值", "target_value", 1200),
    "indicators": ("目标值", "target_value", 6),
}
# Where each sheet names its record (the column's index), and the two edited records: the
# one the tests change, and the one with the formula-like text.
KEYS = {"proposals": 1, "livelihood": 1, "indicators": 0}
EDITED = {"proposals": "002", "livelihood": "2", "indicators": "retail"}
CODES = {
    "proposals": "十四届一次 002",
    "livelihood": "2023-2 学位",
    "indicators": "retail 2023Q1 p.a",
}
OTHER = {"proposals": "001", "livelihood": "1", "indicators": "gdp"}


def _current(session: Session, kind: str, key: str | None = None) -> Any:
    """The edited record's edited value, as stored."""
    key = key or EDITED[kind]
    if kind == "proposals":
        return session.scalar(select(Proposal.title).where(Proposal.number == key))
    if kind == "livelihood":
        return session.scalar(
            select(LivelihoodTarget.target_value)
            .join(LivelihoodMatter, LivelihoodMatter.id == LivelihoodTarget.matter_id)
            .where(LivelihoodMatter.number == int(key))
        )
    return session.scalar(
        select(IndicatorValue.target_value)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(Indicator.code == key)
    )


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_lists_the_one_change_and_applies_it(session: Session, kind: str) -> None:
    world = build_world(session)
    stage, export, import_ = KINDS[kind]
    stage(session, world)
    _header, column, value = EDITS[kind]
    content = export(session, world.office)
    grid = _grid(content)
    assert len(grid) == 4  # the header and every record of the province
    before = _current(session, kind)
    edited = _edit(content, kind, EDITED[kind], value)
    dry = import_(session, world.office, edited, True)
    assert (dry.errors, dry.conflicts, dry.applied) == ((), (), False)
    changes = [(o.code, c.column, c.new) for o in dry.outcomes for c in o.cells]
    assert [(c, n) for _, c, n in changes] == [(column, str(value))]
    assert (dry.count("changed"), dry.count("unchanged")) == (1, 2)
    assert _current(session, kind) == before  # a dry run keeps nothing
    assert _imports(session, kind) == 0
    done = import_(session, world.office, edited, False)
    assert done.applied and not done.errors
    assert _current(session, kind) == (value if kind == "proposals" else float(value))
    assert _imports(session, kind) == 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == f"import.{kind}")).one()
    assert event.new is not None and event.new["sha256"] == done.sha256


@pytest.mark.parametrize("kind", KINDS)
def test_formula_cells_are_escaped_in_the_file_and_come_back_unchanged(
    session: Session, kind: str
) -> None:
    world = build_world(session)
    stage, export, import_ = KINDS[kind]
    stage(session, world)
    content = export(session, world.office)
    assert "'=cmd|' /C calc'!A0" in [cell for row in _grid(content) for cell in row]
    again = import_(session, world.office, content, False)
    assert again.applied and again.count("changed") == 0
    assert _grid(export(session, world.office)) == _grid(content)


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_row_refuses_the_whole_sheet(session: Session, kind: str) -> None:
    world = build_world(session)
    stage, export, import_ = KINDS[kind]
    stage(session, world)
    value = EDITS[kind][2]
    content = export(session, world.office)
    first = import_(session, world.office, _edit(content, kind, EDITED[kind], value), False)
    assert first.applied
    changed = _current(session, kind)
    other_before = _current(session, kind, OTHER[kind])
    # The old export, another record edited too: the first record's row is now stale.
    old = _edit(_edit(content, kind, OTHER[kind], value), kind, EDITED[kind], value)
    stale = import_(session, world.office, old, False)
    assert not stale.applied and [c.code for c in stale.conflicts] == [CODES[kind]]
    assert stale.conflicts[0].current_version > stale.conflicts[0].sheet_version
    assert _current(session, kind) == changed
    assert _current(session, kind, OTHER[kind]) == other_before  # nothing was applied
    assert _imports(session, kind) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_another_unit_neither_sees_nor_changes_the_offices_records(
    session: Session, kind: str
) -> None:
    world = build_world(session)
    stage, export, import_ = KINDS[kind]
    stage(session, world)
    value = EDITS[kind][2]
    theirs = _grid(export(session, world.city_b))
    assert len(theirs) == 2  # city B's own record only
    assert len(_grid(export(session, world.city_a))) == 1  # city A's: none
    # City B takes the province's sheet (got elsewhere) and edits a record not its own.
    edited = _edit(export(session, world.office), kind, EDITED[kind], value)
    before = _current(session, kind)
    report = import_(session, world.city_b, edited, False)
    assert not report.applied and report.errors
    assert _current(session, kind) == before
    assert _imports(session, kind) == 0


def test_a_livelihood_table_that_files_a_value_still_files_it(session: Session) -> None:
    world = build_world(session)
    _matters(session, world)
    table = "年度,序号,事项名称,牵头单位,目标名称,计量单位,目标值,期次,完成值\n"
    table += "2023,2,新增公办幼儿园学位,p.swt,学位,个,1000,2023-04,350\n"
    report = livelihood_sheet.import_livelihood(  # by the lead unit, whose value it is
        session, actor=world.swt, content=table.encode(), filename="v.csv",
        settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert report.applied and report.count("changed") == 1, report
    reads = matters.to_reads(
        session, matters.list_matters(session, actor=world.office)[0], language="zh"
    )
    [target] = next(m for m in reads if m.number == 2).targets
    assert (target.actual_value, target.latest_period) == (350.0, "2023-04")


def test_a_blank_cell_clears_the_content_and_an_assigned_proposal_keeps_its_units(
    session: Session,
) -> None:
    world = build_world(session)
    _proposals(session, world)
    proposal = session.scalars(select(Proposal).where(Proposal.number == "002")).one()
    proposals.assign_proposal(
        session, actor=world.office, proposal_id=proposal.id, settings=SETTINGS,
        data=ProposalAssign(lead_unit="p.fgw"),
    )  # fmt: skip
    content = proposal_sheet.export_proposals(session, actor=world.office, fmt="xlsx")
    blanked = _edit(content, "proposals", "002", "新标题")
    book = openpyxl.load_workbook(io.BytesIO(blanked))
    sheet = book.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[1].value == "002")
    sheet.cell(row=row, column=headers.index("内容") + 1).value = None
    out = io.BytesIO()
    book.save(out)
    done = proposal_sheet.import_proposals(
        session, actor=world.office, content=out.getvalue(), filename="p.xlsx",
        settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert done.applied, done
    assert [(c.column, c.new) for o in done.outcomes for c in o.cells] == [
        ("title", "新标题"),
        ("content", ""),
    ]
    assert (proposal.title, proposal.content) == ("新标题", "")
    moved = _edit(proposal_sheet.export_proposals(session, actor=world.office, fmt="xlsx"),
                  "proposals", "002", "新标题")  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(moved))
    sheet = book.active
    assert sheet is not None
    sheet.cell(row=row, column=headers.index("主办单位") + 1, value="省商务厅")
    out = io.BytesIO()
    book.save(out)
    refused = proposal_sheet.import_proposals(
        session, actor=world.office, content=out.getvalue(), filename="p.xlsx",
        settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert not refused.applied
    assert [(e.row, e.column) for e in refused.errors] == [(row, "lead_unit")]


def test_an_owner_unit_fills_in_actuals_but_may_not_change_a_target(session: Session) -> None:
    world = build_world(session)
    _indicators(session, world)
    content = indicator_sheet.export_indicators(
        session, actor=world.fgw, settings=SETTINGS, fmt="xlsx"
    )
    assert len(_grid(content)) == 2  # the indicator it owns
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("实际值") + 1, value=5.8)
    out = io.BytesIO()
    book.save(out)
    done = indicator_sheet.import_indicators(
        session, actor=world.fgw, content=out.getvalue(), filename="i.xlsx",
        settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert done.applied, done
    value = session.scalars(select(IndicatorValue).order_by(IndicatorValue.id)).first()
    assert value is not None and (value.target_value, value.actual_value) == (5.5, 5.8)
    target = _edit(
        indicator_sheet.export_indicators(session, actor=world.fgw, settings=SETTINGS, fmt="xlsx"),
        "indicators", "gdp", 4,
    )  # fmt: skip
    refused = indicator_sheet.import_indicators(
        session, actor=world.fgw, content=target, filename="i.xlsx", settings=SETTINGS,
        dry_run=False,
    )  # fmt: skip
    assert not refused.applied and refused.errors
    assert value.target_value == 5.5
