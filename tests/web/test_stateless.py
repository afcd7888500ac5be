"""Stateless app servers (docs/scale.md#stateless-app-servers-behind-a-load-balancer): two
uvicorn processes on one database serve one login as a balancer would spread it, without
sticky sessions, and a logout on one ends the login on the other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from luoshi.cli.main import app as cli
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.web.security import CSRF_HEADER
from tests.factories import PASSWORD, build_world

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LUOSHI_DATABASE_URL": url,
        "LUOSHI_SECRET_KEY": "s" * 40,
        "LUOSHI_ENVIRONMENT": "test",
        "LUOSHI_RATE_LIMIT_STORE": "database",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "luoshi.web.app:app_factory"]
    return subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not come up")


@pytest.fixture
def instances(empty_db_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    assert CliRunner().invoke(cli, ["init", "--db", empty_db_url]).exit_code == 0
    engine = make_engine(empty_db_url)
    with transaction(make_sessionmaker(engine)) as session:
        build_world(session)
    engine.dispose()
    ports = _free_port(), _free_port()
    servers = [_serve(empty_db_url, port) for port in ports]
    try:
        bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
        for base in bases:
            _wait_up(base)
        yield bases[0], bases[1]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_one_login_served_by_either_instance(instances: tuple[str, str]) -> None:
    a, b = instances
    with httpx.Client() as client:
        token = client.get(f"{a}/api/auth/csrf").json()["csrf_token"]
        logged = client.post(
            f"{a}/api/auth/login",
            json={"username": "office", "password": PASSWORD},
            headers={CSRF_HEADER: token},
        )
        assert logged.status_code == 200, logged.text
        # The next requests land on the other instance, as a balancer may send them.
        me = client.get(f"{b}/api/me")
        assert me.status_code == 200 and me.json()["username"] == "office"
        token = client.get(f"{b}/api/auth/csrf").json()["csrf_token"]
        created = client.post(
            f"{b}/api/tasks",
            json={"title": "Made through the second instance", "due_date": str(date(2030, 1, 1))},
            headers={CSRF_HEADER: token},
        )
        assert created.status_code == 201, created.text
        listed = client.get(f"{a}/api/tasks").json()
        assert "Made through the second instance" in [task["title"] for task in listed["items"]]
        # A logout on one ends the login on both.
        assert client.post(f"{b}/api/auth/logout", headers={CSRF_HEADER: token}).status_code in (
            200,
            204,
        )
        assert client.get(f"{a}/api/me").status_code == 401
