"""The key projects' daily job: refresh every light, chase the monthly reports owed.

Idempotent: a light is stored only when it moved, and ``chase`` takes each ladder step
once per project, month and step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.projects import rules, service
from luoshi.domains.projects.models import Project
from luoshi.domains.supervision.chase import chase
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings


def run(
    session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[dict[str, Any]]:
    """Refresh the lights as of ``on`` and chase the reports due; one line per thing done."""
    done: list[dict[str, Any]] = []
    projects = session.scalars(
        select(Project).where(Project.tenant_id == actor.tenant_id).order_by(Project.code)
    )
    for project in projects:
        before = project.light
        if service.refresh_light(session, project, settings=settings, calendar=calendar, on=on):
            done.append(
                {
                    "job": "project_light",
                    "project": project.code,
                    "from": before,
                    "to": project.light,
                }
            )
        done += _chase_reports(
            session, project, actor=actor, settings=settings, calendar=calendar, on=on
        )
    return done


def _chase_reports(
    session: Session,
    project: Project,
    *,
    actor: Actor,
    settings: Settings,
    calendar: WorkingCalendar,
    on: date,
) -> list[dict[str, Any]]:
    """The ladder for this month's report (a reminder before its day) and for the latest
    months still missing (urging and notices after it)."""
    owner = session.get(Unit, project.owner_unit_id)
    if owner is None:
        return []
    owed = service.missing_periods(session, project, settings=settings, calendar=calendar, on=on)
    subjects = owed[-service.CHASE_MISSING :]
    current = rules.period_of(on)
    building = rules.building_periods(project.actual_start, project.actual_completion, on)
    filed = service.filed_periods(session, project)
    if current in building and current not in filed and current not in subjects:
        subjects.append(current)
    lines = []
    for period in subjects:
        due = service.report_due(period, settings=settings, calendar=calendar)
        line = chase(
            session,
            actor=actor,
            settings=settings,
            calendar=calendar,
            on=on,
            object_type="project",
            object_id=project.id,
            unit=owner,
            subject_key=f"report:{period}",
            due=due,
            title=f"the monthly report of project {project.code} for {period}",
            title_zh=f"重点项目“{project.name}”{period}月报",
            link=f"/projects/{project.id}",
        )
        if line is not None:
            lines.append(line)
    return lines
