"""``luoshi users create-admin``, and no account that nobody made."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import users
from luoshi.kernel.models import User
from luoshi.migrations import runner as migrations
from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.web.conftest import with_csrf

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()
GOOD = "Adm1n-first-login"


def _db(tmp_path: Path) -> str:
    db = str(tmp_path / "a.db")
    runner.invoke(app, ["init", "--db", db])
    runner.invoke(app, ["units", "import", str(DATA / "units_small.yaml"), "--db", db])
    return db


def _users(db: str) -> list[User]:
    engine = make_engine(db if "://" in db else f"sqlite:///{db}")
    with make_sessionmaker(engine)() as session:
        found = list(session.scalars(select(User)))
    engine.dispose()
    return found


def test_nothing_creates_a_default_account(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrations.upgrade(engine)
    settings = Settings(environment="test", database_url=empty_db_url, secret_key="t" * 40)
    factory = make_sessionmaker(engine)
    with TestClient(create_app(settings, session_factory=factory)) as client:
        assert client.get("/login").status_code == 200
        with_csrf(client)  # refused for lack of an account, not for lack of the token
        assert (
            client.post(
                "/api/auth/login", json={"username": "admin", "password": "admin"}
            ).status_code
            == 401
        )
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0
    engine.dispose()


def test_init_makes_no_account_and_says_how_to_make_the_first(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    first = runner.invoke(app, ["init", "--db", db])
    assert first.exit_code == 0 and "luoshi users create-admin" in first.output
    assert _users(db) == []


def test_create_admin_reads_the_password_from_stdin(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = runner.invoke(
        app,
        ["users", "create-admin", "root", "--unit", "p", "--password-stdin", "--db", db],
        input=GOOD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "second factor" in result.output
    (root,) = _users(db)
    assert root.username == "root" and root.roles == ["sysadmin"]
    assert users.requires_totp(root) and root.password_hash.startswith("$argon2id$")
    again = runner.invoke(
        app,
        ["users", "create-admin", "root2", "--unit", "p", "--password-stdin", "--db", db],
        input=GOOD + "\n",
    )
    assert again.exit_code == 1 and "already holds" in again.output
    assert "create-admin" not in runner.invoke(app, ["init", "--db", db]).output


def test_create_admin_prompts_twice_and_applies_the_policy(tmp_path: Path) -> None:
    db = _db(tmp_path)
    base = ["users", "create-admin", "sec", "--unit", "p", "--role", "secadmin", "--db", db]
    differ = runner.invoke(app, base, input=f"{GOOD}\n{GOOD}x\n")
    assert differ.exit_code == 1 and "differ" in differ.output
    weak = runner.invoke(app, base, input="Password@123\nPassword@123\n")
    assert weak.exit_code == 1 and "common" in weak.output
    assert _users(db) == []
    made = runner.invoke(app, base, input=f"{GOOD}\n{GOOD}\n")
    assert made.exit_code == 0, made.output
    assert [u.roles for u in _users(db)] == [["secadmin"]]
