"""Progress reports as a sheet: export, dry run and apply of N changed rows, wall and CPU.

    PYTHONPATH=src .venv/bin/python bench/report_sheets.py [--reports 300]

Makes a fresh SQLite database with N accepted tasks of one department, each with this
month's report filed by it, then times (a) the export of every report as xlsx, (b) a dry
run of the exported sheet with every report's progress changed and (c) its apply: each row
is loaded and checked, changed through ``progress.update_report`` (audited, the task's
progress and light recomputed) and the import audited once. Rows run as the system actor
(as the command line does), which speaks for every unit.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import openpyxl

from luoshi.cli.database import init_command
from luoshi.clock import now
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskAssign, TaskCreate
from luoshi.interchange import report_sheet
from luoshi.kernel import units
from luoshi.kernel.permissions import system_actor
from luoshi.settings import Settings

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """What ``work`` returns, its wall seconds and its CPU seconds (the load of a shared
    machine stays out of the second)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()
    count = args.reports
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.db")
        init_command(db=path)
        engine = make_engine(path)
        factory = make_sessionmaker(engine)
        system = system_actor()
        settings = Settings(environment="test", evidence_dir=Path(tmp) / "evidence")
        period = now().strftime("%Y-%m")
        with transaction(factory) as session:
            rows = [
                (1, {"code": "p", "name_zh": "某省人民政府", "kind": "province"}),
                (
                    2,
                    {"code": "p.d", "name_zh": "省发展改革委", "kind": "department", "parent": "p"},
                ),
            ]
            assert not units.import_units(session, actor=system, rows=rows).errors
            for n in range(count):
                task = tasks.create_task(
                    session, actor=system,
                    data=TaskCreate(title=f"第{n + 1}项任务", lead_unit="p.d",
                                    report_cycle="monthly"),
                )  # fmt: skip
                tasks.set_units(session, actor=system, task=task, data=TaskAssign(lead_unit="p.d"))
                supervision.accept_task(session, actor=system, task_id=task.id, settings=settings)
                progress.submit_report(
                    session, actor=system, task_id=task.id, settings=settings,
                    data=ReportCreate(period=period, progress=30),
                )  # fmt: skip
        with transaction(factory) as session:
            content, export_s, export_cpu = timed(
                lambda: report_sheet.export_reports(session, actor=system, fmt="xlsx")
            )
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        assert sheet is not None
        column = [c.value for c in sheet[1]].index("进度%") + 1
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=column, value=45)
        out = io.BytesIO()
        book.save(out)
        edited = out.getvalue()
        print(f"{count} reports, {len(content) / 1024:.0f} KB exported")
        print(f"export:  {export_s:7.2f} s wall {export_cpu:7.2f} s CPU")
        for dry_run in (True, False):
            with transaction(factory) as session:
                report, wall, cpu = timed(
                    partial(
                        report_sheet.import_reports,
                        session,
                        actor=system,
                        content=edited,
                        filename="bench.xlsx",
                        settings=settings,
                        dry_run=dry_run,
                    )
                )
            assert report.count("changed") == count, report.as_dict()["errors"][:3]
            name = "dry run" if dry_run else "apply"
            print(
                f"{name + ':':8} {wall:7.2f} s wall {cpu:7.2f} s CPU "
                f"({count / cpu:.0f} rows per CPU second)"
            )
        engine.dispose()
    sys.exit(0)


if __name__ == "__main__":
    main()
