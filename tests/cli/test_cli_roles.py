"""``luoshi roles grant|revoke|list`` on SQLite and PostgreSQL: the console gives roles,
audited, and cannot merge duties either."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from luoshi.cli.demo import DEMO_USERS
from luoshi.cli.main import app
from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import audit
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.roles import ADMIN_ROLES, check_role_set

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _roles(db: str) -> dict[str, list[str]]:
    code, out = _run("roles", "list", "--format", "json", "--db", db)
    assert code == 0, out
    return {row["username"]: row["roles"] for row in json.loads(out)}


def test_roles_grant_revoke_list_and_merged_duties_refused(empty_db_url: str) -> None:
    db = empty_db_url
    assert _run("init", "--db", db)[0] == 0
    assert _run("units", "import", str(DATA / "units_small.yaml"), "--db", db)[0] == 0
    for name, role in (("ann", "unit"), ("sec", "secadmin")):
        code, out = _run(
            "users",
            "create",
            name,
            "--unit",
            "p",
            "--role",
            role,
            "--password",
            "Long-enough-pw7",
            "--db",
            db,
        )
        assert code == 0, out
    code, out = _run("roles", "grant", "ann", "leader", "--db", db)
    assert code == 0 and "ann: unit, leader" in out
    code, out = _run("roles", "grant", "sec", "auditor", "--db", db)
    assert code == 1 and "at most one" in out
    code, out = _run("roles", "grant", "ann", "sysadmin", "--db", db)
    assert code == 1 and "no business role" in out
    code, out = _run("roles", "grant", "nobody", "unit", "--db", db)
    assert code == 1 and "not found" in out
    code, out = _run("roles", "revoke", "ann", "unit", "--db", db)
    assert code == 0 and "ann: leader" in out
    assert _roles(db) == {"ann": ["leader"], "sec": ["secadmin"]}
    code, out = _run("roles", "list", "--db", db)
    assert code == 0 and "secadmin" in out
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            events = audit.list_events(session, actor=system_actor(), object_type="user")
            changes = [(e.action, e.old, e.new) for e in events if e.action.startswith("role.")]
    finally:
        engine.dispose()
    assert changes == [
        ("role.revoke", {"roles": ["unit", "leader"]}, {"roles": ["leader"]}),
        ("role.grant", {"roles": ["unit"]}, {"roles": ["unit", "leader"]}),
    ]


def test_the_demo_has_one_account_for_each_admin_role_and_no_merged_duties() -> None:
    holders = {role: [u for u, _, roles, _ in DEMO_USERS if role in roles] for role in ADMIN_ROLES}
    assert all(len(names) == 1 for names in holders.values()), holders
    for _, _, roles, _ in DEMO_USERS:
        check_role_set(roles)
