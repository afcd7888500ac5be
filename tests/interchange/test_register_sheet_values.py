"""What a register's export writes besides its terms so that the round trip keeps it: a
livelihood target's filed period values (one row per period, the value's version hidden)
and an indicator value's note. Export → edit with openpyxl → dry run → apply."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.models import IndicatorValue, LivelihoodValue
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    TargetSet,
    ValueReport,
)
from luoshi.interchange import indicator_sheet, livelihood_sheet
from luoshi.interchange.sheet_import import SheetReport
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings
from tests.factories import World, build_world

SETTINGS = Settings(environment="test")


def _rows(content: bytes) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    grid = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(grid[0], r, strict=True)) for r in grid[1:]]


def _edit(content: bytes, match: dict[str, Any], cells: dict[str, Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    [row] = [
        r[0].row
        for r in sheet.iter_rows(min_row=2)
        if all(r[headers.index(h)].value == v for h, v in match.items())
    ]
    for header, value in cells.items():
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _matter_with_values(session: Session, world: World) -> None:
    matter = matters.create_matter(
        session, actor=world.office, settings=SETTINGS,
        data=MatterCreate(year=2023, number=2, name="新增公办幼儿园学位", lead_unit="p.swt",
                          targets=[TargetCreate(name="学位", measure="个", target_value=1000)]),
    )  # fmt: skip
    [target] = matters.to_read(session, matter, language="zh").targets
    for period, value, note in (("2023-03", 200, "开工"), ("2023-04", 350, "三所已招生")):
        matters.report_value(
            session, actor=world.swt, target_id=target.id, settings=SETTINGS,
            data=ValueReport(period=period, value=value, note=note),
        )  # fmt: skip


def _livelihood(session: Session, actor: Actor, content: bytes, dry_run: bool) -> SheetReport:
    return livelihood_sheet.import_livelihood(
        session, actor=actor, content=content, filename="l.xlsx", settings=SETTINGS,
        dry_run=dry_run,
    )  # fmt: skip


def _values(session: Session) -> list[tuple[str, float, str]]:
    found = session.scalars(select(LivelihoodValue).order_by(LivelihoodValue.period))
    return [(v.period, v.value, v.note) for v in found]


def test_a_targets_period_values_are_exported_one_row_each_and_come_back(
    session: Session,
) -> None:
    world = build_world(session)
    _matter_with_values(session, world)
    content = livelihood_sheet.export_livelihood(
        session, actor=world.office, settings=SETTINGS, fmt="xlsx"
    )
    rows = _rows(content)
    assert [(r["期次"], r["完成值"], r["备注"]) for r in rows] == [
        ("2023-03", 200, "开工"),
        ("2023-04", 350, "三所已招生"),
    ]
    assert all(isinstance(r["值版本"], int) for r in rows)
    same = _livelihood(session, world.swt, content, False)
    assert same.applied and same.count("changed") == 0, same
    # The lead unit corrects April's value offline; the office edits the matter's name on
    # March's row: only April's value is filed again, the office files no value.
    edited = _edit(content, {"期次": "2023-04"}, {"完成值": 380, "备注": "四所已招生"})
    dry = _livelihood(session, world.swt, edited, True)
    assert not dry.refused, dry
    changed = [o for o in dry.outcomes if o.outcome == "changed"]
    assert [(o.code, [(c.column, c.old, c.new) for c in o.cells]) for o in changed] == [
        ("2023-2 学位 2023-04", [("value", "350", "380"), ("note", "三所已招生", "四所已招生")])
    ]
    assert _values(session)[1] == ("2023-04", 350.0, "三所已招生")  # the dry run kept nothing
    done = _livelihood(session, world.swt, edited, False)
    assert done.applied, done
    assert _values(session) == [("2023-03", 200.0, "开工"), ("2023-04", 380.0, "四所已招生")]
    renamed = _edit(
        livelihood_sheet.export_livelihood(session, actor=world.office, settings=SETTINGS,
                                           fmt="xlsx"),
        {"期次": "2023-03"}, {"事项名称": "新增公办幼儿园学位一万个"},
    )  # fmt: skip
    by_office = _livelihood(session, world.office, renamed, False)
    assert by_office.applied, by_office
    assert _values(session) == [("2023-03", 200.0, "开工"), ("2023-04", 380.0, "四所已招生")]


def test_a_value_changed_since_the_export_is_a_conflict(session: Session) -> None:
    world = build_world(session)
    _matter_with_values(session, world)
    content = livelihood_sheet.export_livelihood(
        session, actor=world.swt, settings=SETTINGS, fmt="xlsx"
    )
    first = _livelihood(session, world.swt, _edit(content, {"期次": "2023-04"}, {"完成值": 380}),
                        False)  # fmt: skip
    assert first.applied, first
    stale = _livelihood(session, world.swt, _edit(content, {"期次": "2023-04"}, {"完成值": 390}),
                        False)  # fmt: skip
    assert [c.code for c in stale.conflicts] == ["2023-2 学位 2023-04"]
    assert _values(session)[1] == ("2023-04", 380.0, "三所已招生")


def _indicator_with_actual(session: Session, world: World) -> None:
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


def _indicators(session: Session, actor: Actor, content: bytes, dry_run: bool) -> SheetReport:
    return indicator_sheet.import_indicators(
        session, actor=actor, content=content, filename="i.xlsx", settings=SETTINGS,
        dry_run=dry_run,
    )  # fmt: skip


def test_an_indicator_values_note_is_exported_and_comes_back(session: Session) -> None:
    world = build_world(session)
    _indicator_with_actual(session, world)
    content = indicator_sheet.export_indicators(
        session, actor=world.fgw, settings=SETTINGS, fmt="xlsx"
    )
    [row] = _rows(content)
    assert (row["实际值"], row["备注"]) == (5.8, "快报数")
    value = session.scalars(select(IndicatorValue)).one()
    # The actual corrected, the note untouched in the sheet: the note stays.
    done = _indicators(session, world.fgw, _edit(content, {"指标编号": "gdp"}, {"实际值": 5.9}),
                       False)  # fmt: skip
    assert done.applied, done
    assert (value.actual_value, value.note) == (5.9, "快报数")
    # Only the note changed: it is written, with the actual as it was.
    again = indicator_sheet.export_indicators(
        session, actor=world.fgw, settings=SETTINGS, fmt="xlsx"
    )
    dry = _indicators(session, world.fgw, _edit(again, {"指标编号": "gdp"}, {"备注": "年报数"}),
                      True)  # fmt: skip
    assert [(c.column, c.old, c.new) for o in dry.outcomes for c in o.cells] == [
        ("note", "快报数", "年报数")
    ]
    assert value.note == "快报数"
    done = _indicators(session, world.fgw, _edit(again, {"指标编号": "gdp"}, {"备注": "年报数"}),
                       False)  # fmt: skip
    assert done.applied, done
    assert (value.actual_value, value.note, value.target_value) == (5.9, "年报数", 5.5)
