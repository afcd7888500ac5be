"""``luoshi export|import reports`` and ``project-reports`` on a database file: the JSON
report, the diff as text, and exit 1 (nothing applied) when a row is refused."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.models import Report
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.schemas import ProjectCreate, ProjectReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.kernel.models import AuditEvent
from tests.scenario.world import build_world, local, make_settings, publish_task

runner = CliRunner()


def _db(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """A database file with a task the DRC reported on in April and a project it reported
    on for March."""
    path = str(tmp_path / "reports.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    settings = make_settings(tmp_path)
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    engine = make_engine(path)
    with Session(engine) as session:
        world = build_world(session)
        task_id = publish_task(
            session, title="扩大有效投资", lead="prov.fgw",
            start=date(2023, 3, 16), due=date(2023, 12, 31),
        )  # fmt: skip
        project = projects.create_project(
            session, actor=world.actors["office"], settings=settings,
            data=ProjectCreate(code="XM-R1", name="污水处理厂", owner_unit="prov.fgw",
                               industry="transport", stage="under_construction",
                               actual_start=date(2022, 12, 1)),
        )  # fmt: skip
        time_machine.move_to(local(date(2023, 3, 20)), tick=False)
        fgw = world.actors["fgw"]
        supervision.accept_task(session, actor=fgw, task_id=task_id, settings=settings)
        time_machine.move_to(local(date(2023, 4, 26)), tick=False)
        progress.submit_report(
            session, actor=fgw, task_id=task_id, settings=settings,
            data=ReportCreate(period="2023-04", progress=30, done="开工10个"),
        )  # fmt: skip
        projects.submit_report(
            session, actor=fgw, project_id=project.id, settings=settings,
            data=ProjectReportCreate(period="2023-03", investment_month=Decimal(100)),
        )  # fmt: skip
        session.commit()
    engine.dispose()
    return path


def _edit(path: Path, header: str, value: str) -> None:
    grid = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    grid[1][grid[0].index(header)] = value
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_reports_and_monthly_reports_round_trip_on_the_command_line(
    tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    db = _db(tmp_path, time_machine)
    for kind, header, value, cell in (
        ("reports", "已完成工作", "开工12个", "done: '开工10个' → '开工12个'"),
        ("project-reports", "当月完成投资（万元）", "110", "investment_month: '100' → '110'"),
    ):
        sheet = tmp_path / f"{kind}.csv"
        export = ["export", kind, "--db", db, "--format", "csv", "-o", str(sheet)]
        assert runner.invoke(app, export).exit_code == 0
        _edit(sheet, header, value)
        text = runner.invoke(
            app, ["import", kind, str(sheet), "--db", db, "--format", "text", "--dry-run"]
        )
        assert text.exit_code == 0, text.output
        assert "0 would be created, 1 changed, 0 unchanged" in text.output and cell in text.output
        done = runner.invoke(app, ["import", kind, str(sheet), "--db", db])
        assert done.exit_code == 0, done.output
        report = json.loads(done.stdout)
        assert (report["changed"], report["applied"]) == (1, True)
        stale = runner.invoke(app, ["import", kind, str(sheet), "--db", db])
        assert stale.exit_code == 1 and len(json.loads(stale.stdout)["conflicts"]) == 1
    engine = make_engine(db)
    with Session(engine) as session:
        [report] = session.scalars(select(Report))
        actions = list(session.scalars(select(AuditEvent.action)))
    engine.dispose()
    assert report.done == "开工12个"
    assert actions.count("import.reports") == actions.count("import.project-reports") == 1


def test_a_bad_cell_exits_1_and_applies_nothing(
    tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    db = _db(tmp_path, time_machine)
    sheet = tmp_path / "reports.csv"
    runner.invoke(app, ["export", "reports", "--db", db, "--format", "csv", "-o", str(sheet)])
    _edit(sheet, "进度%", "过半")
    result = runner.invoke(app, ["import", "reports", str(sheet), "--db", db])
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("reports", 2, "progress")
    engine = make_engine(db)
    with Session(engine) as session:
        [report] = session.scalars(select(Report))
        imports = session.scalars(select(AuditEvent).where(AuditEvent.action == "import.reports"))
        assert (report.progress, list(imports)) == (30, [])
    engine.dispose()
