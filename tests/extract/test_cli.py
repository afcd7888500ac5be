"""``luoshi extract`` and ``luoshi eval`` through Typer's runner, on a fresh app."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import typer
from typer.testing import CliRunner

from luoshi.cli.extract import register

from .conftest import SEED_DIR

runner = CliRunner()
SEED = SEED_DIR / "000_b905f69b6a25458e.txt"


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_extract_json_to_stdout() -> None:
    result = runner.invoke(_app(), ["extract", str(SEED), "--no-suggest"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["work_lines"]) == 8
    assert data["source"]["date"] == "2023-03-16"


def test_extract_markdown_with_date_and_lang(tmp_path: Path) -> None:
    readout = tmp_path / "r.txt"
    readout.write_bytes("会议\n会议要求，各地要在6月底前完成排查。".encode("gbk"))
    out = tmp_path / "r.md"
    result = runner.invoke(_app(), ["extract", str(readout), "--lang", "zh", "--date",
                                    "2024-05-01", "--format", "md", "--output", str(out),
                                    "--no-suggest"])
    assert result.exit_code == 0, result.output
    markdown = out.read_text(encoding="utf-8")
    assert "各地要在6月底前完成排查。" in markdown and "2024-06-30" in markdown


def test_extract_xlsx_breakdown(tmp_path: Path) -> None:
    out = tmp_path / "seed.xlsx"
    result = runner.invoke(_app(), ["extract", str(SEED), "--format", "xlsx", "-o", str(out),
                                    "--no-suggest"])
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("No.", "Key task", "Lead unit", "Co-units", "Deadline")
    assert rows[1][0] == "1" and rows[1][2] == "Departments at all levels"
    assert any(row[4] and "2023-03-31" in row[4] for row in rows[1:])


def test_extract_refuses_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    result = runner.invoke(_app(), ["extract", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.stderr
    result = runner.invoke(_app(), ["extract", str(SEED), "--date", "16/03/2023"])
    assert result.exit_code == 2


def test_eval_text_and_json() -> None:
    result = runner.invoke(_app(), ["eval", str(SEED_DIR)])
    assert result.exit_code == 0, result.output
    assert "000_b905f69b6a25458e" in result.stdout and "[overall]" in result.stdout
    result = runner.invoke(_app(), ["eval", str(SEED_DIR), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["overall"]["work_lines"]["f1"] == 1.0


def test_eval_without_gold_files(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "no *.gold.json" in result.stderr
