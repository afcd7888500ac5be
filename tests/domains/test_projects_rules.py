"""Key projects' pure rules: stages, periods, cumulative investment, lights, metrics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from luoshi.domains.projects import rules
from luoshi.errors import InvalidInput, InvalidTransition

D = Decimal


def test_the_stages_run_one_way_one_step_at_a_time() -> None:
    stage = "reserve"
    walked = [stage]
    while (following := rules.next_stage(stage)) is not None:
        rules.check_stage_change(stage, following)
        stage = following
        walked.append(stage)
    assert walked == list(rules.STAGES)
    with pytest.raises(InvalidTransition):
        rules.check_stage_change("reserve", "completed")
    with pytest.raises(InvalidTransition):
        rules.check_stage_change("completed", "under_construction")
    with pytest.raises(InvalidInput):
        rules.check_stage_change("reserve", "dreaming")


def test_a_stage_needs_the_days_that_led_to_it() -> None:
    rules.check_stage_facts(
        "reserve", actual_start=None, actual_completion=None, operation_date=None
    )
    with pytest.raises(InvalidInput, match="actual start"):
        rules.check_stage_facts(
            "under_construction", actual_start=None, actual_completion=None, operation_date=None
        )
    with pytest.raises(InvalidInput, match="before the actual start"):
        rules.check_stage_facts(
            "completed",
            actual_start=date(2023, 5, 1),
            actual_completion=date(2023, 4, 1),
            operation_date=None,
        )


def test_a_national_plan_is_named_and_inclusion_dated() -> None:
    rules.check_national_plan("none", "", None)
    rules.check_national_plan("applied", "国家“十四五”现代综合交通运输体系发展规划", None)
    with pytest.raises(InvalidInput, match="names the plan"):
        rules.check_national_plan("applied", " ", None)
    with pytest.raises(InvalidInput, match="date"):
        rules.check_national_plan("included", "某规划", None)


def test_periods_and_the_months_a_project_reports_on() -> None:
    assert rules.period_end("2024-02") == date(2024, 2, 29)
    assert rules.next_period("2023-12") == "2024-01"
    assert rules.nominal_due("2023-02", 31) == date(2023, 2, 28)
    with pytest.raises(InvalidInput):
        rules.parse_period("2023-13")
    months = rules.building_periods(date(2022, 11, 20), date(2023, 2, 3), date(2023, 6, 1))
    assert months == ["2022-11", "2022-12", "2023-01", "2023-02"]
    assert rules.building_periods(None, None, date(2023, 6, 1)) == []
    owed = rules.owed_periods(
        date(2023, 1, 5), None, date(2023, 3, 27), lambda p: rules.nominal_due(p, 28)
    )
    assert [p for p, _ in owed] == ["2023-01", "2023-02"]
    registered_later = rules.owed_periods(
        date(2022, 11, 5),
        None,
        date(2023, 2, 1),
        lambda p: rules.nominal_due(p, 28),
        since=date(2023, 1, 1),
    )
    assert [p for p, _ in registered_later] == ["2023-01"]


def test_the_cumulative_follows_every_month_before_it_whatever_the_filing_order() -> None:
    months = [("2023-03", D(30)), ("2023-01", D(10)), ("2022-12", D(5)), ("2023-02", D(20))]
    totals = rules.cumulatives(D(100), months)
    assert totals == {"2022-12": D(105), "2023-01": D(115), "2023-02": D(135), "2023-03": D(165)}
    assert rules.year_to_date(months, 2023) == D(60)


def _facts(**values: object) -> rules.LightFacts:
    base: dict[str, object] = {
        "stage": "under_construction",
        "on": date(2023, 7, 3),
        "planned_year": D(1200),
        "actual_ytd": D(600),
        "reported_through": date(2023, 6, 30),
    }
    base.update(values)
    return rules.LightFacts(**base)  # type: ignore[arg-type]


def test_the_light_follows_the_pace_of_the_year_s_investment() -> None:
    light = rules.project_light(_facts(), rules.LightRules())
    assert light.color == "green"
    behind = rules.project_light(_facts(actual_ytd=D(200)), rules.LightRules())
    assert behind.color == "red"  # 17% done with half the year gone
    assert "17%" in behind.rendered("en")[0]
    slow = rules.project_light(_facts(actual_ytd=D(400)), rules.LightRules())
    assert slow.color == "yellow"


def test_missing_reports_and_passed_dates_darken_the_light() -> None:
    one = rules.project_light(_facts(missing=("2023-06",)), rules.LightRules())
    assert one.color == "yellow"
    assert one.rendered("zh") == ["缺报月报 1 期：2023-06"]
    two = rules.project_light(_facts(missing=("2023-05", "2023-06")), rules.LightRules())
    assert two.color == "red"
    late = rules.project_light(
        _facts(planned_completion=date(2023, 6, 30)), rules.LightRules(overdue_red_days=90)
    )
    assert late.color == "yellow"
    assert "2023-06-30" in late.rendered("en")[0]
    reserve = rules.LightFacts(
        stage="reserve",
        on=date(2023, 7, 3),
        planned_year=None,
        actual_ytd=D(0),
        reported_through=None,
        planned_start=date(2023, 3, 1),
    )
    assert rules.project_light(reserve, rules.LightRules()).color == "red"
    waiting = rules.LightFacts(
        stage="reserve",
        on=date(2023, 7, 3),
        planned_year=None,
        actual_ytd=D(0),
        reported_through=None,
    )
    assert rules.project_light(waiting, rules.LightRules()).color == "not_started"
    done = _facts(stage="in_operation", actual_ytd=D(0), missing=("2023-01",))
    assert rules.project_light(done, rules.LightRules()).color == "completed"


def _project(code: str, region: str, **values: object) -> rules.ProjectFacts:
    base: dict[str, object] = {
        "code": code,
        "region": region,
        "industry": "transport",
        "owner": "sc.jtt",
        "level": "provincial_key",
        "stage": "under_construction",
        "planned_year": D(100),
        "actual_ytd": D(50),
    }
    base.update(values)
    return rules.ProjectFacts(**base)  # type: ignore[arg-type]


def test_metrics_by_region_count_plan_completion_new_starts_and_completions() -> None:
    on = date(2023, 6, 30)
    facts = [
        _project("A", "sc.cd", planned_start=date(2023, 3, 1), actual_start=date(2023, 3, 5)),
        _project("B", "sc.cd", planned_start=date(2023, 5, 1), stage="reserve", actual_ytd=D(0)),
        _project(
            "C",
            "sc.my",
            planned_year=D(200),
            actual_ytd=D(150),
            actual_completion=date(2023, 6, 1),
            operation_date=date(2023, 6, 20),
            planned_completion=date(2023, 6, 1),
            stage="in_operation",
        ),
    ]
    total, groups = rules.metrics(facts, year=2023, on=on, by="region")
    assert total.projects == 3
    assert total.planned_year == D(400) and total.actual_ytd == D(200)
    assert total.plan_completion == 0.5
    assert total.year_elapsed == pytest.approx(181 / 365)
    assert (total.new_starts_planned, total.new_starts, total.new_start_rate) == (2, 1, 0.5)
    assert (total.completions, total.operations, total.completions_planned) == (1, 1, 1)
    assert [g.key for g in groups] == ["sc.cd", "sc.my"]
    assert groups[0].new_start_rate == 0.5 and groups[1].new_start_rate is None
    with pytest.raises(InvalidInput):
        rules.metrics(facts, year=2023, on=on, by="colour")
