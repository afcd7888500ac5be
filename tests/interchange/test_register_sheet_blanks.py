"""A blank cell in a re-imported export: an optional value is cleared (the dry run shows
"value → (empty)"), a required or not clearable one is a bad cell naming sheet, row and
column and nothing is written; a table without the version column (a first import, the
office's own list) still leaves a value alone where a cell is blank."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.models import IndicatorValue, LivelihoodMatter, LivelihoodTarget
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    TargetSet,
)
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.models import Proposal
from luoshi.domains.proposals.schemas import ProposalCreate
from luoshi.interchange import indicator_sheet, livelihood_sheet, proposal_sheet
from luoshi.interchange.sheet_import import SheetReport
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.factories import World, build_world

SETTINGS = Settings(environment="test")


def _blank(content: bytes, headers_: tuple[str, ...], row: int = 2) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    for header in headers_:
        sheet.cell(row=row, column=headers.index(header) + 1).value = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _proposal(session: Session, world: World) -> Proposal:
    return proposals.create_proposal(
        session, actor=world.office, settings=SETTINGS,
        data=ProposalCreate(session="十四届一次", number="002", kind="suggestion",
                            title="关于优化公交线网的建议", proposer="陈代表", content="正文",
                            co_signers=["李代表"], category="交通"),
    )  # fmt: skip


def _proposals(session: Session, actor: Actor, content: bytes, dry_run: bool) -> SheetReport:
    return proposal_sheet.import_proposals(
        session, actor=actor, content=content, filename="p.xlsx", settings=SETTINGS,
        dry_run=dry_run,
    )  # fmt: skip


def _cells(report: SheetReport) -> list[tuple[str, str, str]]:
    return [(c.column, c.old, c.new) for o in report.outcomes for c in o.cells]


def test_blanked_optional_cells_clear_after_a_dry_run_that_shows_them(session: Session) -> None:
    world = build_world(session)
    proposal = _proposal(session, world)
    content = proposal_sheet.export_proposals(session, actor=world.office, fmt="xlsx")
    blanked = _blank(content, ("内容", "附议人", "分类"))
    dry = _proposals(session, world.office, blanked, True)
    assert not dry.refused, dry
    assert _cells(dry) == [("content", "正文", ""), ("co_signers", "李代表", ""),
                           ("category", "交通", "")]  # fmt: skip
    assert (proposal.content, proposal.category) == ("正文", "交通")  # the dry run kept nothing
    done = _proposals(session, world.office, blanked, False)
    assert done.applied, done
    assert (proposal.content, proposal.co_signers, proposal.category) == ("", [], "")


def test_a_blanked_required_cell_is_a_bad_cell_and_nothing_is_written(session: Session) -> None:
    world = build_world(session)
    proposal = _proposal(session, world)
    content = proposal_sheet.export_proposals(session, actor=world.office, fmt="xlsx")
    # The title blanked (required) and the content too (clearable): the whole row is out.
    refused = _proposals(session, world.office, _blank(content, ("标题", "内容")), False)
    assert not refused.applied
    assert [(e.sheet, e.row, e.column, e.key) for e in refused.errors] == [
        ("建议提案", 2, "title", "err_row_required")
    ]
    assert (proposal.title, proposal.content) == ("关于优化公交线网的建议", "正文")


def test_a_table_without_versions_still_leaves_a_blank_alone(session: Session) -> None:
    world = build_world(session)
    proposal = _proposal(session, world)
    table = "届次,编号,类型,标题,内容,领衔人,附议人,分类\n"
    table += "十四届一次,002,建议,关于优化城区公交线网的建议,,陈代表,,\n"
    done = proposal_sheet.import_proposals(
        session, actor=world.office, content=table.encode(), filename="p.csv",
        settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert done.applied, done
    assert _cells(done) == [("title", "关于优化公交线网的建议", "关于优化城区公交线网的建议")]
    assert (proposal.content, proposal.co_signers, proposal.category) == (
        "正文",
        ["李代表"],
        "交通",
    )


def test_a_livelihood_rows_blanks_clear_the_description_and_regions_not_the_target(
    session: Session,
) -> None:
    world = build_world(session)
    matters.create_matter(
        session, actor=world.office, settings=SETTINGS,
        data=MatterCreate(year=2023, number=2, name="新增公办幼儿园学位", lead_unit="p.swt",
                          description="新建改扩建幼儿园",
                          targets=[TargetCreate(name="学位", measure="个", target_value=1000,
                                                regions=["p.a"])]),
    )  # fmt: skip
    content = livelihood_sheet.export_livelihood(
        session, actor=world.office, settings=SETTINGS, fmt="xlsx"
    )
    matter = session.scalars(select(LivelihoodMatter)).one()
    target = session.scalars(select(LivelihoodTarget)).one()
    refused = livelihood_sheet.import_livelihood(
        session, actor=world.office, content=_blank(content, ("事项内容", "基数", "目标值")),
        filename="l.xlsx", settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert sorted((e.column, e.key) for e in refused.errors) == [
        ("baseline", "err_row_blank_does_not_clear"),
        ("target_value", "err_row_required"),
    ]
    assert matter.description == "新建改扩建幼儿园"
    done = livelihood_sheet.import_livelihood(
        session, actor=world.office, content=_blank(content, ("事项内容", "涉及地区")),
        filename="l.xlsx", settings=SETTINGS, dry_run=False,
    )  # fmt: skip
    assert done.applied, done
    assert (matter.description, list(target.regions), target.target_value) == ("", [], 1000.0)


def test_an_indicator_notes_blank_clears_it_but_an_actuals_blank_is_refused(
    session: Session,
) -> None:
    world = build_world(session)
    indicator = indicators.create_indicator(
        session, actor=world.office,
        data=IndicatorCreate(code="gdp", name="地区生产总值增速", owner_unit="p.fgw"),
    )  # fmt: skip
    indicators.set_target(
        session, actor=world.office, indicator_id=indicator.id, settings=SETTINGS,
        data=TargetSet(period="2023Q1", region="p", target_value=5.5),
    )  # fmt: skip
    indicators.set_actual(
        session, actor=world.fgw, indicator_id=indicator.id, settings=SETTINGS,
        data=ActualSet(period="2023Q1", region="p", actual_value=5.8, note="快报数"),
    )  # fmt: skip
    content = indicator_sheet.export_indicators(
        session, actor=world.fgw, settings=SETTINGS, fmt="xlsx"
    )
    value = session.scalars(select(IndicatorValue)).one()

    def run(blanks: tuple[str, ...]) -> SheetReport:
        return indicator_sheet.import_indicators(
            session, actor=world.fgw, content=_blank(content, blanks), filename="i.xlsx",
            settings=SETTINGS, dry_run=False,
        )  # fmt: skip

    refused = run(("实际值",))
    assert [(e.row, e.column) for e in refused.errors] == [(2, "actual_value")]
    assert value.actual_value == 5.8
    done = run(("备注",))
    assert done.applied, done
    assert _cells(done) == [("note", "快报数", "")]
    assert (value.actual_value, value.note) == (5.8, "")
