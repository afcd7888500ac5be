"""Read-only requests on a real PostgreSQL streaming replica.

The test makes its own primary (initdb on a free port) and a hot standby of it
(``pg_basebackup -R``), so it changes nothing on the machine's server. It then shows that
the task list is read from the standby (with replay paused there, a task written on the
primary is not seen by a client that wrote nothing lately), that the client that wrote it
reads its own write from the primary, and that the standby refuses writes.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import InternalError
from sqlalchemy.orm import Session, sessionmaker

from luoshi.db import ReadOnlySessionError, make_engine, make_sessionmaker, open_read_only
from luoshi.kernel.models import Unit
from luoshi.migrations.metadata import target_metadata
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.factories import build_world
from tests.web.conftest import log_in

pytestmark = pytest.mark.slow


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A primary and its hot standby, each a postgres of its own on a free port."""

    root: Path
    bindir: Path
    primary_port: int
    standby_port: int

    def url(self, port: int) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def standby_url(self) -> str:
        return self.url(self.standby_port)


def _run(bindir: Path, *args: str) -> None:
    command = [str(bindir / args[0]), *args[1:]]
    # postgres refuses to run as root: run the server tools as the postgres user.
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def _start(bindir: Path, data: Path, port: int, root: Path) -> None:
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(bindir, "pg_ctl", "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="luoshi-replica-"))
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(root, postgres.pw_uid, postgres.pw_gid)
    primary, standby = root / "primary", root / "standby"
    found = Cluster(root, bindir, _free_port(), _free_port())
    started: list[Path] = []
    try:
        # initdb's pg_hba lets local replication connections in with --auth=trust.
        _run(bindir, "initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        _start(bindir, primary, found.primary_port, root)
        started.append(primary)
        _run(
            bindir,
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(found.primary_port),
            "-U",
            "postgres",
            "-D",
            str(standby),
            "-R",
            "-X",
            "stream",
        )
        _start(bindir, standby, found.standby_port, root)
        started.append(standby)
        yield found
    finally:
        for data in reversed(started):
            _run(bindir, "pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _caught_up(primary: Engine, standby: Engine, timeout: float = 30) -> None:
    with primary.connect() as conn:
        target = conn.execute(text("SELECT pg_current_wal_lsn()")).scalar_one()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with standby.connect() as conn:
            behind = conn.execute(
                text("SELECT pg_wal_lsn_diff(:t, pg_last_wal_replay_lsn()) > 0"), {"t": target}
            ).scalar_one()
        if not behind:
            return
        time.sleep(0.1)
    raise AssertionError("the standby did not catch up")


def _counting(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_reads_go_to_the_standby_and_writers_read_their_writes(cluster: Cluster) -> None:
    primary = make_engine(cluster.primary_url)
    standby = make_engine(cluster.standby_url)
    try:
        target_metadata().create_all(primary)
        with make_sessionmaker(primary)() as session:
            build_world(session)
            session.commit()
        _caught_up(primary, standby)
        with standby.connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True

        settings = Settings(
            environment="test",
            database_url=cluster.primary_url,
            database_replica_url=cluster.standby_url,
            replica_read_your_writes_seconds=2,
            secret_key="r" * 40,
            session_idle_seconds=10**9,
            session_max_age_seconds=10**9,
        )
        app = create_app(
            settings,
            session_factory=make_sessionmaker(primary),
            read_session_factory=make_sessionmaker(standby),
        )
        on_standby = _counting(standby)
        with TestClient(app) as reader, TestClient(app) as writer:
            log_in(reader, "office")
            log_in(writer, "office")
            time.sleep(2.1)  # past the read-your-writes window of the logins
            del on_standby[:]
            before = reader.get("/api/tasks").json()["total"]
            assert any("FROM task" in sql for sql in on_standby), "the list was not read there"

            with standby.connect() as conn:
                conn.execute(text("SELECT pg_wal_replay_pause()"))
            try:
                created = writer.post(
                    "/api/tasks",
                    json={"title": "Written while the standby waits", "lead_unit": "p.a"},
                )
                assert created.status_code == 201, created.text
                # The standby has not replayed it: a reader that wrote nothing lately does
                # not see it yet, while the writer reads its own write from the primary.
                assert reader.get("/api/tasks").json()["total"] == before
                assert writer.get("/api/tasks").json()["total"] == before + 1
            finally:
                with standby.connect() as conn:
                    conn.execute(text("SELECT pg_wal_replay_resume()"))
            _caught_up(primary, standby)
            assert reader.get("/api/tasks").json()["total"] == before + 1

        # The standby refuses writes, and a read session refuses them before they get there.
        with standby.connect() as conn, pytest.raises(InternalError, match="read-only"):
            conn.execute(text("CREATE TABLE refused (id int)"))
        _refuses_to_flush(make_sessionmaker(standby))
    finally:
        primary.dispose()
        standby.dispose()


def test_without_a_replica_reads_use_the_primary_read_only() -> None:
    engine = make_engine("sqlite://")
    target_metadata().create_all(engine)
    factory = make_sessionmaker(engine)
    with factory() as session:
        build_world(session)
        session.commit()
    try:
        _refuses_to_flush(factory)
    finally:
        engine.dispose()


def _refuses_to_flush(factory: sessionmaker[Session]) -> None:
    session = open_read_only(factory)
    try:
        unit = session.query(Unit).first()
        assert unit is not None
        unit.name_en = "changed"
        with pytest.raises(ReadOnlySessionError):
            session.flush()
    finally:
        session.rollback()
        session.close()
