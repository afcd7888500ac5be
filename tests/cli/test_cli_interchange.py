"""``luoshi export tasks`` and ``luoshi import tasks``: the JSON contract, the text diff,
and a refused import's exit status, on a database file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine
from luoshi.kernel.models import AuditEvent
from tests.factories import DATA
from tests.interchange.test_task_sheet import messy_breakdown

runner = CliRunner()


def _db(tmp_path: Path) -> str:
    path = str(tmp_path / "sheets.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    units = runner.invoke(app, ["units", "import", str(DATA / "units_small.yaml"), "--db", path])
    assert units.exit_code == 0
    return path


def test_import_export_edit_reimport_from_the_command_line(tmp_path: Path) -> None:
    db = _db(tmp_path)
    sheet = tmp_path / "分解表.xlsx"
    sheet.write_bytes(messy_breakdown())
    args = ["import", "tasks", str(sheet), "--db", db, "--year", "2023"]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    counts = json.loads(dry.output)
    assert {k: counts[k] for k in ("created", "changed", "unchanged", "conflicts", "errors")} == {
        "created": 6, "changed": 0, "unchanged": 0, "conflicts": [], "errors": [],
    }  # fmt: skip
    assert runner.invoke(app, args).exit_code == 0
    out = tmp_path / "tasks.csv"
    export = runner.invoke(app, ["export", "tasks", "--db", db, "--format", "csv", "-o", str(out)])
    assert export.exit_code == 0, export.output
    grid = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    lead = grid[0].index("牵头单位")
    grid[1][lead] = "省商务厅"
    edited = io.StringIO()
    csv.writer(edited).writerows(grid)
    out.write_text(edited.getvalue(), encoding="utf-8")
    text = runner.invoke(
        app, ["import", "tasks", str(out), "--db", db, "--format", "text", "--dry-run"]
    )
    assert text.exit_code == 0, text.output
    assert "0 would be created, 1 changed, 5 unchanged" in text.output
    assert "lead: '省发展和改革委员会' → '省商务厅'" in text.output


def test_a_refused_import_prints_its_errors_and_exits_1(tmp_path: Path) -> None:
    db = _db(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("任务内容,牵头单位,完成时限\n一项任务,没有这个单位,6月底前\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "tasks", str(bad), "--db", db])
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("bad", 2, "lead")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["import", "tasks", str(junk), "--db", db])
    assert result.exit_code == 1 and "not an Excel workbook" in result.output
    wrong = runner.invoke(app, ["export", "widgets", "--db", db, "-o", str(tmp_path / "w")])
    assert wrong.exit_code == 2


def test_a_register_sheet_imports_through_the_same_command_and_is_audited(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path)
    sheet = tmp_path / "项目.csv"
    sheet.write_bytes(
        "2023年重点项目表\n项目编号,项目名称,业主单位\nXM-1,某项目,省发改委\n".encode("gbk")
    )
    result = runner.invoke(app, ["import", "projects", str(sheet), "--db", db])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["created"], report["changed"], report["applied"]) == (1, 0, True)
    again = json.loads(runner.invoke(app, ["import", "projects", str(sheet), "--db", db]).stdout)
    assert (again["created"], again["unchanged"]) == (0, 1)
    engine = make_engine(db)
    with Session(engine) as session:
        events = list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "import.projects"))
        )
    engine.dispose()
    assert [(e.new or {}).get("sha256") for e in events] == [report["sha256"]] * 2


def test_a_register_exports_and_reimports_with_its_diff(tmp_path: Path) -> None:
    db = _db(tmp_path)
    table = tmp_path / "指标.csv"
    table.write_text(
        "指标编号,指标名称,责任单位,期次,地区,目标值\ngdp,生产总值增速,p.fgw,2023Q1,p,5.5\n"
    )
    assert runner.invoke(app, ["import", "indicators", str(table), "--db", db]).exit_code == 0
    out = tmp_path / "out.csv"
    args = ["export", "indicators", "--db", db, "--format", "csv", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    grid = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert grid[0][:2] == ["指标编号", "版本"] and grid[1][0] == "gdp"
    grid[1][grid[0].index("目标值")] = "6"
    edited = io.StringIO()
    csv.writer(edited).writerows(grid)
    out.write_text(edited.getvalue(), encoding="utf-8")
    text = runner.invoke(app, ["import", "indicators", str(out), "--db", db, "--format", "text"])
    assert text.exit_code == 0, text.output
    assert "0 were created, 1 changed, 0 unchanged" in text.output
    assert "target_value: '5.5' → '6'" in text.output
    stale = runner.invoke(app, ["import", "indicators", str(out), "--db", db])
    assert stale.exit_code == 1 and json.loads(stale.stdout)["conflicts"]
