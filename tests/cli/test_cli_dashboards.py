"""``luoshi dashboards rebuild`` on a database whose tasks were written past the app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import time_machine
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.tasks import rollup
from luoshi.domains.tasks.models import Task
from luoshi.kernel.models import AuditEvent
from tests.scenario.world import build_world, local, publish_task

runner = CliRunner()


def test_rebuild_counts_the_rollup_again_and_is_audited(
    tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    path = str(tmp_path / "rollup.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    engine = make_engine(path)
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        build_world(session)
        publish_task(session, title="Project investment", lead="prov.fgw", due=date(2023, 3, 31))
        publish_task(session, title="Consumption", lead="prov.swt", co_units=("prov.fgw",))
    with engine.begin() as conn:  # past the app: the rollup does not know
        conn.execute(update(Task).values(status="in_progress", light="red"))
    with factory() as session:
        assert rollup.stored(session, tenant="default") != rollup.count(session, tenant="default")

    result = runner.invoke(app, ["dashboards", "rebuild", "--tenant", "default", "--db", path])

    assert result.exit_code == 0, result.output
    assert "task rollup rebuilt" in result.output
    with factory() as session:
        assert rollup.stored(session, tenant="default") == rollup.count(session, tenant="default")
        events = session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "dashboards.rebuild")
        )
        assert events == 1
    engine.dispose()
