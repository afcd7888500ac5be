"""Import key projects from CSV or Excel: one row a project, all or nothing.

A row whose code is new registers the project; a known code updates its terms, its
national plan and the year's planned investment. A stage is moved on the project's page
(dated, one step at a time), so a row that names another stage than the stored one is an
error, not a silent jump.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domains.progress import schedule
from luoshi.domains.projects import service
from luoshi.domains.projects.models import Project, ProjectYearPlan
from luoshi.domains.projects.schemas import (
    NationalPlanSet,
    ProjectCreate,
    ProjectUpdate,
    YearPlanIn,
    YearPlanSet,
)
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.tabular import (
    ImportReport,
    Row,
    RowProblem,
    cell_choice,
    cell_date,
    cell_decimal,
    cell_int,
    cell_unit,
    read_table,
    run_import,
)
from luoshi.settings import Settings

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("项目编号", "编号", "项目代码"),
    "name": ("项目名称", "名称"),
    "owner_unit": ("owner", "业主单位", "责任单位", "牵头单位"),
    "region": ("region_unit", "所在地区", "地区", "市（州）", "所在市州"),
    "office_unit": ("office", "管理单位", "督办单位"),
    "industry": ("行业", "行业类别", "所属行业"),
    "level": ("项目级别", "级别", "类别"),
    "stage": ("项目阶段", "阶段", "建设阶段"),
    "national_plan": ("纳入国家规划", "国家规划"),
    "national_plan_name": ("plan_name", "国家规划名称", "规划名称"),
    "national_plan_date": ("plan_date", "纳入日期", "申报日期"),
    "total_investment": ("总投资", "总投资（万元）", "总投资万元"),
    "investment_before": ("以前年度累计完成投资", "开累完成投资（上年底）"),
    "year": ("计划年度", "年度"),
    "planned_investment": ("planned_investment_year", "年度计划投资", "年度计划投资（万元）"),
    "planned_start": ("计划开工日期", "计划开工"),
    "actual_start": ("实际开工日期", "开工日期"),
    "planned_completion": ("计划竣工日期", "计划完工日期"),
    "actual_completion": ("实际竣工日期", "竣工日期", "完工日期"),
    "operation_date": ("投产日期", "投运日期"),
    "description": ("建设内容", "建设规模及内容", "说明"),
}
REQUIRED = ("code", "name", "owner_unit")

INDUSTRY = {
    "交通": "transport",
    "交通运输": "transport",
    "能源": "energy",
    "水利": "water",
    "产业": "industry",
    "工业": "industry",
    "城建": "urban",
    "城市建设": "urban",
    "新型城镇化": "urban",
    "社会事业": "social",
    "民生": "social",
    "农业": "agriculture",
    "农业农村": "agriculture",
    "新型基础设施": "digital",
    "数字": "digital",
    "其他": "other",
}
LEVEL = {
    "省重点": "provincial_key",
    "省重点项目": "provincial_key",
    "省重点推进": "provincial_promotion",
    "省重点推进项目": "provincial_promotion",
    "市级": "city",
    "市重点": "city",
    "市级重点项目": "city",
}
STAGE = {
    "储备": "reserve",
    "储备项目": "reserve",
    "新开工": "new_start",
    "新开工项目": "new_start",
    "在建": "under_construction",
    "续建": "under_construction",
    "在建项目": "under_construction",
    "竣工": "completed",
    "建成": "completed",
    "完工": "completed",
    "投产": "in_operation",
    "投运": "in_operation",
    "投产项目": "in_operation",
}
NATIONAL_PLAN = {
    "否": "none",
    "无": "none",
    "未纳入": "none",
    "已申报": "applied",
    "申报中": "applied",
    "已纳入": "included",
    "纳入": "included",
}


def _unit_code(session: Session, actor: Actor, row: Row, column: str) -> str | None:
    unit = cell_unit(session, row, column, tenant_id=actor.tenant_id)
    return unit.code if unit is not None else None


def _values(session: Session, actor: Actor, row: Row) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": row.text("code"),
        "name": row.text("name"),
        "description": row.text("description"),
        "owner_unit": _unit_code(session, actor, row, "owner_unit"),
        "region_unit": _unit_code(session, actor, row, "region"),
        "office_unit": _unit_code(session, actor, row, "office_unit"),
        "industry": cell_choice(row, "industry", INDUSTRY),
        "level": cell_choice(row, "level", LEVEL),
        "stage": cell_choice(row, "stage", STAGE),
        "national_plan": cell_choice(row, "national_plan", NATIONAL_PLAN),
        "national_plan_name": row.text("national_plan_name"),
        "national_plan_date": cell_date(row, "national_plan_date"),
        "total_investment": cell_decimal(row, "total_investment"),
        "investment_before": cell_decimal(row, "investment_before"),
    }
    for name in ("planned_start", "actual_start", "planned_completion", "actual_completion"):
        values[name] = cell_date(row, name)
    values["operation_date"] = cell_date(row, "operation_date")
    return values


def import_projects(
    session: Session,
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    settings: Settings,
    dry_run: bool,
) -> ImportReport:
    """Read the file and apply every row, all or nothing (see the module's docstring)."""
    check(actor, "project.manage")
    rows = read_table(content, filename, columns=COLUMNS, required=REQUIRED)
    year_default = schedule.today(settings).year

    def apply_row(row: Row) -> str:
        values = _values(session, actor, row)
        year = cell_int(row, "year") or year_default
        planned = cell_decimal(row, "planned_investment")
        if not values["owner_unit"]:
            raise RowProblem.of("err_row_required", column="owner_unit")
        existing = session.scalar(
            select(Project).where(
                Project.tenant_id == actor.tenant_id, Project.code == values["code"]
            )
        )
        if existing is None:
            given = {k: v for k, v in values.items() if v is not None}
            if planned is not None:
                given["year_plans"] = [YearPlanIn(year=year, planned_investment=planned)]
            data = ProjectCreate.model_validate(given)
            service.create_project(session, actor=actor, data=data, settings=settings)
            return "created"
        return _update(session, actor, existing, values, year, planned, settings)

    return run_import(session, rows, apply_row, dry_run=dry_run)


def _update(
    session: Session,
    actor: Actor,
    project: Project,
    values: dict[str, Any],
    year: int,
    planned: Any,
    settings: Settings,
) -> str:
    if values["stage"] is not None and values["stage"] != project.stage:
        raise RowProblem.of(
            "err_row_stage_moved_on_its_page",
            column="stage", code=project.code, stage=project.stage,
        )  # fmt: skip
    before = (audit.snapshot(project, service.PROJECT_FIELDS), _planned(session, project, year))
    service.get_project_for(session, actor=actor, project_id=project.id, action="project.manage")
    edits = {
        k: v
        for k, v in values.items()
        if v is not None
        and k not in ("code", "stage", "office_unit")
        and not k.startswith("national")
    }
    if not values["region_unit"]:
        edits.pop("region_unit", None)
    update = ProjectUpdate.model_validate({**edits, "version": project.version})
    service.update_project(
        session, actor=actor, project_id=project.id, data=update, settings=settings
    )
    if values["national_plan"] is not None:
        plan = NationalPlanSet.model_validate(
            {
                "status": values["national_plan"],
                "plan_name": values["national_plan_name"],
                "plan_date": values["national_plan_date"],
                "version": project.version,
            },
        )
        service.set_national_plan(
            session, actor=actor, project_id=project.id, data=plan, settings=settings
        )
    if planned is not None:
        service.set_year_plan(
            session,
            actor=actor,
            project_id=project.id,
            year=year,
            data=YearPlanSet.model_validate(
                {"planned_investment": planned, "version": project.version}
            ),
            settings=settings,
        )
    after = (audit.snapshot(project, service.PROJECT_FIELDS), _planned(session, project, year))
    return "unchanged" if after == before else "updated"


def _planned(session: Session, project: Project, year: int) -> Any:
    return session.scalar(
        select(ProjectYearPlan.planned_investment).where(
            ProjectYearPlan.project_id == project.id, ProjectYearPlan.year == year
        )
    )
