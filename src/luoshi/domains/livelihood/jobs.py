"""The register's daily job: refresh the matters' lights, chase the values owed.

A livelihood target's value for a period is due on ``livelihood_report_day`` of the month
after the period; an indicator's actuals on ``indicator_report_day``. Each owed and missing
one goes to the supervision ladder (``supervision.chase``: remind before, urge and notices
after, in working days), which takes each step once, so the job may run any number of
times a day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.livelihood import matters
from luoshi.domains.livelihood.models import (
    Indicator,
    IndicatorValue,
    LivelihoodMatter,
)
from luoshi.domains.livelihood.periods import (
    due_day,
    indicator_period,
    periods_of,
    reporting_period,
)
from luoshi.domains.supervision.chase import chase
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

# Looking ahead of a due day this far covers any reminder window the ladder may open.
LOOKAHEAD = timedelta(days=31)


def run(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    calendar: WorkingCalendar,
    on: date,
) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    lines += _matters(session, actor=actor, settings=settings, calendar=calendar, on=on)
    lines += _indicators(session, actor=actor, settings=settings, calendar=calendar, on=on)
    return lines


def _matters(
    session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    rows = list(
        session.scalars(
            select(LivelihoodMatter).where(
                LivelihoodMatter.tenant_id == actor.tenant_id, LivelihoodMatter.year <= on.year
            )
        )
    )
    targets = matters.targets_of(session, [m.id for m in rows])
    values = matters.values_of(session, [t.id for ts in targets.values() for t in ts])
    for matter in rows:
        before = matter.light
        color = matters.refresh_light(session, matter=matter, settings=settings, on=on)
        if color != before:
            lines.append(
                {"job": "livelihood_light", "matter": matter.id, "from": before, "to": color}
            )
        for target in targets[matter.id]:
            if target.light == "completed":
                continue
            # A cumulative value covers the periods before it: only later ones are owed.
            latest = max(
                (reporting_period(v.period).end for v in values[target.id]), default=date.min
            )
            unit = session.get(Unit, target.lead_unit_id)
            assert unit is not None
            for period in periods_of(matter.year, matter.report_cycle):
                due = due_day(period, settings.livelihood_report_day)
                if period.end <= latest or due - LOOKAHEAD > on or period.start > on:
                    continue
                line = chase(
                    session,
                    actor=actor,
                    settings=settings,
                    calendar=calendar,
                    on=on,
                    object_type="livelihood_matter",
                    object_id=matter.id,
                    unit=unit,
                    subject_key=f"target:{target.id}:{period.code}",
                    due=due,
                    title=f"the value of {target.name} ({matter.name}) for {period.code}",
                    title_zh=f"民生实事“{matter.name}”之“{target.name}”{period.code}数值",
                    link=f"/livelihood/{matter.id}",
                )
                if line is not None:
                    lines.append(line)
    return lines


def _indicators(
    session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[dict[str, Any]]:
    """Chase each indicator's owner for the periods whose targets still lack actuals."""
    lines: list[dict[str, Any]] = []
    owed = session.execute(
        select(Indicator, IndicatorValue.period)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(
            Indicator.tenant_id == actor.tenant_id,
            IndicatorValue.target_value.is_not(None),
            IndicatorValue.actual_value.is_(None),
        )
        .distinct()
        .order_by(Indicator.id, IndicatorValue.period)
    )
    for indicator, code in owed:
        period = indicator_period(code)
        if period.end >= on:
            continue
        after = period.end + timedelta(days=1)
        due = date(after.year, after.month, settings.indicator_report_day)
        unit = session.get(Unit, indicator.owner_unit_id)
        assert unit is not None
        line = chase(
            session,
            actor=actor,
            settings=settings,
            calendar=calendar,
            on=on,
            object_type="indicator",
            object_id=indicator.id,
            unit=unit,
            subject_key=f"actual:{period.code}",
            due=due,
            title=f"the actual values of {indicator.name} for {period.code}",
            title_zh=f"指标“{indicator.name}”{period.code}实际值",
            link=f"/indicators/{indicator.id}",
        )
        if line is not None:
            lines.append(line)
    return lines
