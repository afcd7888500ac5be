"""A livelihood matter and an indicator through the year, with frozen time, on both databases.

The office lists a matter in January with two targets (one led by the matter's lead, one by
a city as co-unit); values come in month by month, one month is missed and the light says
so, the city falls behind the time elapsed and then catches up, and by December both
targets are reached. An indicator gets its quarter, half, three-quarter and year targets
by region; actuals come in after each period, the light compares them, and the board of
the first quarter shows the year's goal beside the quarter's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import indicators, jobs, matters
from luoshi.domains.livelihood.schemas import (
    ActualSet,
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    TargetSet,
    ValueReport,
)
from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings


@pytest.fixture
def settings(tmp_path: Path, db: Database) -> Settings:
    return make_settings(tmp_path, database_url=db.url)


def _at(tm: time_machine.TimeMachineFixture, day: date) -> None:
    tm.move_to(local(day, 10), tick=False)


def _light(session: Session, matter_id: int, settings: Settings) -> tuple[str, list[str]]:
    read = matters.to_read(
        session,
        matters.get_matter_for(
            session, actor=system_actor(), matter_id=matter_id, action="livelihood.view"
        ),
        language="en",
    )
    return read.light.color, read.light.reasons


def test_a_livelihood_matter_through_the_year(
    db: Database, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> None:
    _at(time_machine, date(2023, 1, 10))
    session = db.session()
    world: World = build_world(session)
    office, fgw, city, other = (world.actors[n] for n in ("office", "fgw", "cd", "jxt"))
    matter = matters.create_matter(
        session,
        actor=office,
        settings=settings,
        data=MatterCreate(
            year=2023,
            number=1,
            name="新增公办幼儿园学位",
            lead_unit="prov.fgw",
            targets=[
                TargetCreate(name="新增学位", measure="个", target_value=12000),
                TargetCreate(
                    name="新建幼儿园",
                    measure="所",
                    target_value=60,
                    lead_unit="prov.cd",
                    regions=["prov.cd"],
                ),
            ],
        ),
    )
    places, schools = (t.id for t in matters.targets_of(session, [matter.id])[matter.id])
    assert matter.light == "not_started"
    session.commit()

    # January's values, due on 10 February.
    _at(time_machine, date(2023, 2, 8))
    matters.report_value(
        session,
        actor=fgw,
        target_id=places,
        settings=settings,
        data=ValueReport(period="2023-01", value=1000),
    )
    matters.report_value(
        session,
        actor=city,
        target_id=schools,
        settings=settings,
        data=ValueReport(period="2023-01", value=1),
    )
    # A co-unit reports its own target only; an unrelated unit does not see the matter.
    with pytest.raises(PermissionDenied):
        matters.report_value(
            session,
            actor=city,
            target_id=places,
            settings=settings,
            data=ValueReport(period="2023-01", value=5),
        )
    with pytest.raises(NotFound):
        matters.report_value(
            session,
            actor=other,
            target_id=places,
            settings=settings,
            data=ValueReport(period="2023-01", value=5),
        )
    # A period not yet begun, and one of another cycle, are refused.
    with pytest.raises(InvalidInput):
        matters.report_value(
            session,
            actor=fgw,
            target_id=places,
            settings=settings,
            data=ValueReport(period="2023-03", value=5),
        )
    with pytest.raises(InvalidInput):
        matters.report_value(
            session,
            actor=fgw,
            target_id=places,
            settings=settings,
            data=ValueReport(period="2023Q1", value=5),
        )
    session.commit()
    assert _light(session, matter.id, settings)[0] == "green"

    # February is missed by the city: after its due day, the light says so.
    _at(time_machine, date(2023, 3, 8))
    matters.report_value(
        session,
        actor=fgw,
        target_id=places,
        settings=settings,
        data=ValueReport(period="2023-02", value=2000),
    )
    session.commit()
    _at(time_machine, date(2023, 3, 13))
    lines = jobs.run(
        session,
        actor=system_actor(),
        settings=settings,
        calendar=WorkingCalendar(),
        on=date(2023, 3, 13),
    )
    session.commit()
    color, reasons = _light(session, matter.id, settings)
    assert color == "yellow"
    assert any("2023-02" in r for r in reasons), reasons
    assert any(line.get("unit") == "prov.cd" for line in lines), lines

    # The city files March and April with little done: behind the time elapsed, red.
    _at(time_machine, date(2023, 5, 5))
    for period, value in (("2023-03", 1), ("2023-04", 1)):
        matters.report_value(
            session,
            actor=city,
            target_id=schools,
            settings=settings,
            data=ValueReport(period=period, value=value),
        )
    for period, value in (("2023-03", 3000), ("2023-04", 4000)):
        matters.report_value(
            session,
            actor=fgw,
            target_id=places,
            settings=settings,
            data=ValueReport(period=period, value=value),
        )
    session.commit()
    color, reasons = _light(session, matter.id, settings)
    assert color == "red", reasons
    assert any("behind pace" in r for r in reasons), reasons

    # A correction names the version read; an old version is a stale edit.
    read = matters.to_read(session, matter, language="en")
    april = next(v for v in read.targets[1].values if v.period == "2023-04")
    matters.report_value(
        session,
        actor=city,
        target_id=schools,
        settings=settings,
        data=ValueReport(period="2023-04", value=20, version=april.version),
    )
    session.commit()
    assert _light(session, matter.id, settings)[0] == "green"

    # Month by month to December: both targets reached.
    for month in range(5, 13):
        _at(time_machine, date(2023 + month // 12, month % 12 + 1, 5))
        matters.report_value(
            session,
            actor=fgw,
            target_id=places,
            settings=settings,
            data=ValueReport(period=f"2023-{month:02d}", value=1000 * month),
        )
        matters.report_value(
            session,
            actor=city,
            target_id=schools,
            settings=settings,
            data=ValueReport(period=f"2023-{month:02d}", value=5 * month),
        )
        session.commit()
    color, reasons = _light(session, matter.id, settings)
    assert color == "completed", reasons
    read = matters.to_read(session, matter, language="en")
    assert [t.actual_value for t in read.targets] == [12000, 60]
    actions = [e.action for e in matters.history(session, actor=office, matter_id=matter.id)]
    assert actions.count("livelihood.report") == 2 + 1 + 4 + 1 + 16
    assert {"livelihood.create", "supervision.urge"} <= set(actions)
    session.close()


def test_an_indicator_through_the_year(
    db: Database, settings: Settings, time_machine: time_machine.TimeMachineFixture
) -> None:
    _at(time_machine, date(2023, 1, 15))
    session = db.session()
    world: World = build_world(session)
    office, fgw, city = (world.actors[n] for n in ("office", "fgw", "cd"))
    gdp = indicators.create_indicator(
        session,
        actor=office,
        data=IndicatorCreate(code="gdp", name="地区生产总值增速", owner_unit="prov.fgw"),
    )
    targets = {"2023Q1": 5.5, "2023H1": 6.0, "2023Q3": 6.0, "2023": 6.0}
    for period, value in targets.items():
        for region, extra in (("prov", 0.0), ("prov.cd", 0.5), ("prov.my", 0.0)):
            indicators.set_target(
                session,
                actor=office,
                indicator_id=gdp.id,
                settings=settings,
                data=TargetSet(period=period, region=region, target_value=value + extra),
            )
    # The owner enters actuals, not targets; a city sees no indicator it does not own.
    with pytest.raises(PermissionDenied):
        indicators.set_target(
            session,
            actor=fgw,
            indicator_id=gdp.id,
            settings=settings,
            data=TargetSet(period="2023Q1", region="prov", target_value=1),
        )
    with pytest.raises(NotFound):
        indicators.get_indicator_for(
            session, actor=city, indicator_id=gdp.id, action="indicator.view"
        )
    # No actual before the quarter is over.
    with pytest.raises(InvalidInput):
        indicators.set_actual(
            session,
            actor=fgw,
            indicator_id=gdp.id,
            settings=settings,
            data=ActualSet(period="2023Q1", region="prov", actual_value=5.0),
        )
    session.commit()

    def actual(period: str, region: str, value: float) -> str:
        row, _ = indicators.set_actual(
            session,
            actor=fgw,
            indicator_id=gdp.id,
            settings=settings,
            data=ActualSet(period=period, region=region, actual_value=value),
        )
        return row.light

    _at(time_machine, date(2023, 4, 20))
    assert actual("2023Q1", "prov", 5.0) == "yellow"  # 0.5 points short
    assert actual("2023Q1", "prov.cd", 7.1) == "green"
    assert actual("2023Q1", "prov.my", 3.9) == "red"  # 1.6 points short
    session.commit()
    board = indicators.board(session, actor=office, period="2023Q1", language="en")
    by_region = {row.region.code: row.cells["gdp"] for row in board.rows}
    assert by_region["prov.cd"].year_target == 6.5
    assert by_region["prov.cd"].target_value == 6.0
    assert by_region["prov.my"].light.color == "red"
    assert "1.6 points short" in by_region["prov.my"].light.reasons[0]

    for day, period, value in (
        (date(2023, 7, 20), "2023H1", 6.1),
        (date(2023, 10, 20), "2023Q3", 5.8),
        (date(2024, 1, 20), "2023", 6.2),
    ):
        _at(time_machine, day)
        assert actual(period, "prov", value) == ("yellow" if value < 6 else "green")
        session.commit()
    rows = indicators.list_values(
        session, actor=office, filters=indicators.ValueFilter(period="2023", region="prov")
    )
    assert [(r.target_value, r.actual_value, r.light) for r in rows] == [(6.0, 6.2, "green")]
    assert len(indicators.history(session, actor=office, indicator_id=gdp.id)) == 1 + 12 + 6
    session.close()
