"""Load and check key projects: the one place that decides who may see and do what.

A project's relations come from its units (kernel.ownership): the office that keeps the
register entry (``office``), the owner unit that builds it and reports on it (``lead``),
and the region it is built in, which reads it as a co-unit does (``co_unit``).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import Session

from luoshi.domains.projects.models import Project, ProjectPhoto, ProjectReport
from luoshi.errors import NotFound
from luoshi.kernel import ownership
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check


def _unit(session: Session, unit_id: int | None) -> Unit | None:
    return session.get(Unit, unit_id) if unit_id is not None else None


def relations_to(session: Session, actor: Actor, project: Project) -> frozenset[str]:
    region = _unit(session, project.region_unit_id)
    return ownership.relations(
        actor,
        tenant_id=project.tenant_id,
        office=_unit(session, project.office_unit_id),
        lead=_unit(session, project.owner_unit_id),
        co_units=[region] if region is not None else [],
    )


def get_project_for(session: Session, *, actor: Actor, project_id: int, action: str) -> Project:
    """Load a project and check ``action``: no relation is NotFound (existence does not
    leak); a relation that does not allow it is PermissionDenied."""
    project = session.get(Project, project_id)
    if project is None or project.tenant_id != actor.tenant_id:
        raise NotFound.of("err_project_not_found")
    check(actor, action, relations=relations_to(session, actor, project), what="project")
    return project


def get_report_for(
    session: Session, *, actor: Actor, project_id: int, report_id: int, action: str
) -> tuple[Project, ProjectReport]:
    """A monthly report of a project, checked through its project."""
    project = get_project_for(session, actor=actor, project_id=project_id, action=action)
    report = session.get(ProjectReport, report_id)
    if report is None or report.project_id != project.id:
        raise NotFound.of("err_report_not_found")
    return project, report


def get_photo_for(
    session: Session, *, actor: Actor, project_id: int, photo_id: int
) -> ProjectPhoto:
    project = get_project_for(session, actor=actor, project_id=project_id, action="project.view")
    photo = session.get(ProjectPhoto, photo_id)
    report = session.get(ProjectReport, photo.report_id) if photo is not None else None
    if photo is None or report is None or report.project_id != project.id:
        raise NotFound.of("err_photo_not_found")
    return photo


def visible(actor: Actor) -> ColumnElement[bool]:
    """SQL for "the actor has some relation to the project" (the scope of every list)."""
    return ownership.related(
        actor,
        Project.tenant_id,
        Project.office_unit_id,
        Project.owner_unit_id,
        Project.region_unit_id,
    )


def scoped(stmt: Select[tuple[Project]], actor: Actor) -> Select[tuple[Project]]:
    return stmt.where(visible(actor))
