"""``luoshi bulletin``: a draft written as Word or HTML without storing anything; ``--issue``
stores it frozen with the next number."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from docx import Document
from sqlalchemy import func, select
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.bulletins.models import Bulletin
from luoshi.domains.progress import service as progress
from luoshi.domains.progress.schemas import ReportCreate
from luoshi.domains.supervision import service as supervision
from tests.scenario.world import build_world, local, make_settings, publish_task

runner = CliRunner()


@pytest.fixture
def db_file(tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """One task of the DRC from 16 March 2023 with its April report; the clock at 30 June."""
    path = str(tmp_path / "bulletin.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    settings = make_settings(tmp_path)
    engine = make_engine(path)
    with transaction(make_sessionmaker(engine)) as session:
        world = build_world(session)
        task_id = publish_task(
            session,
            title="扩大有效投资",
            lead="prov.fgw",
            start=date(2023, 3, 16),
            due=date(2023, 12, 31),
        )
        time_machine.move_to(local(date(2023, 3, 20)), tick=False)
        supervision.accept_task(
            session, actor=world.actors["fgw"], task_id=task_id, settings=settings
        )
        time_machine.move_to(local(date(2023, 4, 20)), tick=False)
        progress.submit_report(
            session,
            actor=world.actors["fgw"],
            task_id=task_id,
            data=ReportCreate(progress=30, done="建立项目清单。"),
            settings=settings,
        )
    engine.dispose()
    time_machine.move_to(local(date(2023, 6, 30)), tick=False)
    return path


def _count(path: str) -> int:
    engine = make_engine(path)
    with make_sessionmaker(engine)() as session:
        found = session.scalar(select(func.count()).select_from(Bulletin)) or 0
    engine.dispose()
    return found


def test_a_draft_is_written_and_nothing_stored(db_file: str, tmp_path: Path) -> None:
    out = tmp_path / "may.docx"
    result = runner.invoke(
        app, ["bulletin", "--period", "2023-04", "--db", db_file, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(BytesIO(out.read_bytes())).paragraphs]
    assert "（草稿，未编号）" in texts and "示范省督查室" in texts
    assert _count(db_file) == 0
    html = tmp_path / "q2.html"
    result = runner.invoke(
        app,
        ["bulletin", "--period", "2023Q2", "--format", "html", "--db", db_file, "-o", str(html)],
    )
    assert result.exit_code == 0, result.output
    assert "关于2023年第二季度全省重点工作落实情况的通报" in html.read_text("utf-8")


def test_issue_numbers_and_keeps_each_bulletin(db_file: str, tmp_path: Path) -> None:
    for number, period in ((1, "2023-04"), (2, "2023-05")):
        out = tmp_path / f"{period}.html"
        result = runner.invoke(
            app,
            [
                "bulletin",
                "--period",
                period,
                "--format",
                "html",
                "--issue",
                "--db",
                db_file,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert f"督通〔2023〕{number}号" in out.read_text("utf-8")
    assert _count(db_file) == 2


def test_bad_input_is_refused(db_file: str) -> None:
    result = runner.invoke(app, ["bulletin", "--period", "2023-13", "--db", db_file])
    assert result.exit_code == 1 and "2023-05" in result.output
    result = runner.invoke(
        app, ["bulletin", "--period", "2023-05", "--format", "odt", "--db", db_file]
    )
    assert result.exit_code == 2
    result = runner.invoke(
        app, ["bulletin", "--period", "2023-05", "--office", "nope", "--db", db_file]
    )
    assert result.exit_code == 1 and "nope" in result.output
