"""The jobs run once across runners: two ``luoshi jobs run`` processes against one database
(a PostgreSQL advisory lock, or a file lock beside a SQLite file) never take a step twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select, text
from typer.testing import CliRunner

from luoshi import joblock
from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.supervision import jobs
from luoshi.domains.supervision import service as supervision
from luoshi.domains.supervision.models import SupervisionAction
from tests.scenario.world import build_world, local, make_settings, publish_task

runner = CliRunner()
AT = "2023-04-26T08:00"


@pytest.fixture
def db_url(empty_db_url: str, tmp_path: Path, time_machine: time_machine.TimeMachineFixture) -> str:
    """A migrated database with three tasks published on 17 March 2023, one accepted: on
    26 April every one of them is due an urging step and a light."""
    assert runner.invoke(app, ["init", "--db", empty_db_url]).exit_code == 0
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    engine = make_engine(empty_db_url)
    with transaction(make_sessionmaker(engine)) as session:
        world = build_world(session)
        first = publish_task(session, title="Investment", lead="prov.fgw", due=date(2023, 12, 31))
        publish_task(session, title="Consumption", lead="prov.swt", due=date(2023, 12, 31))
        publish_task(session, title="Industry", lead="prov.jxt", due=date(2023, 12, 31))
        supervision.accept_task(
            session, actor=world.actors["fgw"], task_id=first, settings=make_settings(tmp_path)
        )
    engine.dispose()
    return empty_db_url


def _start_runner(url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "luoshi.cli.main", "jobs", "run", "--at", AT, "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _lines(process: subprocess.Popen[str]) -> list[dict[str, object]]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _ladder_steps(url: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    SupervisionAction.task_id,
                    SupervisionAction.step,
                    SupervisionAction.subject_key,
                )
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]


def test_a_runner_skips_while_another_holds_the_lock(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with joblock.exclusive(engine, tenant="default", name=jobs.JOBS_LOCK) as held:
            assert held
            skipped = _lines(_start_runner(db_url))
        assert skipped == [
            {"job": "jobs", "at": skipped[0]["at"], "skipped": "another runner holds the lock"}
        ]
        assert _ladder_steps(db_url) == []
        # Released: the next runner does the work.
        done = _lines(_start_runner(db_url))
    finally:
        engine.dispose()
    assert Counter(line["job"] for line in done)["ladder"] == 3
    assert len(_ladder_steps(db_url)) == 3


def test_two_runners_at_once_take_each_step_once(db_url: str) -> None:
    first, second = _start_runner(db_url), _start_runner(db_url)
    outputs = _lines(first) + _lines(second)
    taken = [
        (line["task"], line["step"], line["subject"])
        for line in outputs
        if line["job"] == "ladder" and "task" in line
    ]
    assert len(taken) == 3 and len(set(taken)) == 3
    steps = _ladder_steps(db_url)
    assert len(steps) == len(set(steps)) == 3
    lights = [line["task"] for line in outputs if line["job"] == "light"]
    assert sorted(lights) == ["T00001", "T00002", "T00003"]


def test_the_lock_is_per_tenant_and_name(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with joblock.exclusive(engine, tenant="default", name="jobs") as held:
            assert held
            with joblock.exclusive(engine, tenant="default", name="jobs") as again:
                assert not again
            with joblock.exclusive(engine, tenant="other", name="jobs") as other:
                assert other
            with joblock.exclusive(engine, tenant="default", name="export") as export:
                assert export
        with joblock.exclusive(engine, tenant="default", name="jobs") as after:
            assert after
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                held_now = conn.execute(
                    text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
                ).scalar_one()
            assert held_now == 0
    finally:
        engine.dispose()


def test_a_killed_holder_releases_the_lock(db_url: str) -> None:
    """A runner killed mid-run must not leave the lock held for ever."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from luoshi import joblock\n"
            "from luoshi.db import make_engine\n"
            "engine = make_engine(sys.argv[1])\n"
            "with joblock.exclusive(engine, tenant='default', name='jobs') as held:\n"
            "    print(held, flush=True)\n"
            "    time.sleep(60)\n",
            db_url,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "True"
        engine = make_engine(db_url)
        try:
            with joblock.exclusive(engine, tenant="default", name="jobs") as held:
                assert not held
            holder.kill()
            holder.wait(timeout=30)
            with joblock.exclusive(engine, tenant="default", name="jobs") as held:
                if not held and engine.dialect.name == "postgresql":
                    # The server notices the dead connection at once on loopback; allow it
                    # the moment it needs.
                    pytest.fail("the advisory lock outlived its holder")
                assert held
        finally:
            engine.dispose()
    finally:
        holder.kill()
        holder.communicate(timeout=30)


def test_advisory_keys_are_stable_and_distinct() -> None:
    assert joblock.advisory_key("default", "jobs") == joblock.advisory_key("default", "jobs")
    assert joblock.advisory_key("default", "jobs") != joblock.advisory_key("other", "jobs")
    key = joblock.advisory_key("default", "jobs")
    assert -(2**63) <= key < 2**63
