"""Reading task sheets: luoshi's import read against python-calamine's raw read, same run.

    PYTHONPATH=src .venv/bin/python bench/excel.py [--rows 10000 100000] [--apply 2000]

For each size it generates a 任务分解表 (title row, two-row header, work lines merged down
over their tasks, several units in a cell, deadlines written seven ways) and times, best
of five in turns, (a) calamine's raw read of the first sheet to Python values, and (b)
luoshi's read of the same bytes: the safety checks (zip directory, XML prologs), the read,
merged cells filled, the header found, every row's units matched and deadline parsed
(``task_sheet.read_task_sheet``). It prints both, the ratio (target ≤ 1.5), the peak RSS
and the load average. ``--apply N`` also imports an N-row sheet into a fresh SQLite
database (every task created through the services, audited and assigned) and prints rows
per second.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from luoshi.cli.database import init_command
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.interchange import task_sheet
from luoshi.kernel import units
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.tabular import UnitNames
from luoshi.settings import Settings

UNITS = (
    [("p", "某省人民政府", "", None)]
    + [(f"p.d{i}", f"省第{i}厅", f"第{i}厅", "p") for i in range(1, 41)]
    + [(f"p.c{i}", f"第{i}市", "", "p") for i in range(1, 21)]
)
DUES = ("2023年6月底前", "第三季度", "2023.9.30", "年底前", "长期坚持", 45107, "2023/11/30")


def generate(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("分解表")
    sheet.append(["2023年重点任务分解表"])
    sheet.append(["序号", "重点任务", "任务内容", "责任单位", None, "完成时限"])
    sheet.append([None, None, None, "牵头单位", "配合单位", None])
    merges = ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"]
    for n in range(rows):
        line = n // 10
        first = n % 10 == 0
        lead = UNITS[1 + n % 40][1]
        co = "、".join(UNITS[41 + (n + k) % 20][1] for k in range(n % 3))
        sheet.append(
            [n + 1, f"第{line + 1}项重点工作" if first else None,
             f"落实第{n + 1}项具体措施，确保按期完成并报送进展", lead, co, DUES[n % len(DUES)]]
        )  # fmt: skip
        if first:
            merges.append(f"B{n + 4}:B{min(n + 13, rows + 3)}")
    out = io.BytesIO()
    book.save(out)
    return _with_merges(out.getvalue(), merges)


def _with_merges(content: bytes, merges: list[str]) -> bytes:
    """openpyxl's write-only mode writes no merges: add the <mergeCells> element."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    element = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        + "</mergeCells>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + element.encode(), 1)
            target.writestr(info.filename, data)
    return out.getvalue()


def measure(content: bytes, names: UnitNames, count: int, runs: int = 5) -> tuple[float, float]:
    """The best CPU seconds of calamine's raw read and of luoshi's read of the same bytes,
    run in turns (raw, ours, raw, ours, …) so that both see the same machine. CPU time of
    this process, not wall time: on a shared machine other processes' load stays out."""

    def raw() -> object:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return book.get_sheet_by_index(0).to_python()

    def ours() -> object:
        lines, _, bad = task_sheet.read_task_sheet(content, "bench.xlsx", names=names, year=2023)
        assert len(lines) == count and not bad, bad[:3]
        return lines

    best = {raw: float("inf"), ours: float("inf")}
    for _ in range(runs):
        for work in (raw, ours):
            start = time.process_time()
            work()
            best[work] = min(best[work], time.process_time() - start)
    return best[raw], best[ours]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--apply", type=int, default=0, help="also import N rows into SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.db")
        init_command(db=path)
        engine = make_engine(path)
        factory = make_sessionmaker(engine)
        system = system_actor()
        with transaction(factory) as session:
            rows = [
                (n, {"code": c, "name_zh": z, "short_zh": s, "kind": "department", "parent": p})
                for n, (c, z, s, p) in enumerate(UNITS, start=1)
            ]
            result = units.import_units(session, actor=system, rows=rows)
            assert not result.errors, result.errors
        print(
            f"{'rows':>8} {'file MB':>8} {'calamine s':>11} {'luoshi s':>9} {'ratio':>6} "
            f"{'peak RSS MB':>12}"
        )
        for count in args.rows:
            content = generate(count)
            with transaction(factory) as session:
                names = UnitNames(session, tenant_id=system.tenant_id)
                raw_s, ours_s = measure(content, names, count)
            print(
                f"{count:>8} {len(content) / 2**20:>8.1f} {raw_s:>11.3f} {ours_s:>9.3f} "
                f"{ours_s / raw_s:>6.2f} {peak_mb():>12.0f}"
            )
        load = os.getloadavg()
        print(
            f"CPU seconds, best of five in turns; load average {load[0]:.1f} / {load[1]:.1f} "
            f"(1 / 5 min) on {os.cpu_count()} cores"
        )
        if args.apply:
            content = generate(args.apply)
            settings = Settings(environment="test", max_upload_bytes=len(content) + 1)
            start = time.perf_counter()
            with transaction(factory) as session:
                report = task_sheet.import_tasks(
                    session, actor=system, content=content, filename="bench.xlsx",
                    settings=settings, dry_run=False, year=2023,
                )  # fmt: skip
            took = time.perf_counter() - start
            assert report.applied, report.as_dict()["errors"][:3]
            print(
                f"apply: {args.apply} rows imported as tasks in {took:.1f} s "
                f"({args.apply / took:.0f} rows/s), peak RSS {peak_mb():.0f} MB"
            )
        engine.dispose()
    sys.exit(0)


if __name__ == "__main__":
    main()
