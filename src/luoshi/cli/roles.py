"""``luoshi roles``: grant, revoke and list roles from the server's console.

The console acts as the system (whoever runs it holds the server and its database), so
the rule of separate duties still applies to the roles given — at most one admin role per
person and none beside a business role — and every change is audited as ``role.grant`` or
``role.revoke``. In the app only the security administrator does this.
"""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from luoshi.cli.context import DB_OPTION_HELP, console, session_for, settings_for
from luoshi.errors import NotFound
from luoshi.kernel import accounts, users
from luoshi.kernel.permissions import ROLES, system_actor

roles_app = typer.Typer(help="Roles of user accounts (三员分立 applies).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(roles_app, name="roles")


def _user_id(session: Session, tenant: str, username: str) -> int:
    user = users.get_user_by_username(session, tenant_id=tenant, username=username)
    if user is None:
        raise NotFound.of("err_user_username_not_found", username=username)
    return user.id


@roles_app.command("grant")
def grant_command(
    username: str = typer.Argument(...),
    role: str = typer.Argument(..., help=f"One of: {', '.join(ROLES)}."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Give ROLE to USERNAME (refused if it would merge duties)."""
    system = system_actor(settings_for(db).tenant)
    with session_for(db) as session:
        user_id = _user_id(session, system.tenant_id, username)
        user = accounts.grant_role(session, actor=system, user_id=user_id, role=role)
        roles = list(user.roles)
    console.print(f"{username}: {', '.join(roles)}")


@roles_app.command("revoke")
def revoke_command(
    username: str = typer.Argument(...),
    role: str = typer.Argument(...),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Take ROLE away from USERNAME."""
    system = system_actor(settings_for(db).tenant)
    with session_for(db) as session:
        user_id = _user_id(session, system.tenant_id, username)
        user = accounts.revoke_role(session, actor=system, user_id=user_id, role=role)
        roles = list(user.roles)
    console.print(f"{username}: {', '.join(roles) or '(no roles)'}")


@roles_app.command("list")
def list_command(
    output: str = typer.Option("table", "--format", help="table or json (one array)."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Every account with its unit, roles and whether it is active."""
    if output not in ("table", "json"):
        raise typer.BadParameter("--format is table or json")
    system = system_actor(settings_for(db).tenant)
    with session_for(db) as session:
        rows: list[dict[str, Any]] = [
            {
                "username": u.username,
                "unit": u.unit.code,
                "roles": list(u.roles),
                "active": u.active,
            }
            for u in accounts.list_users(session, actor=system)
        ]
    if output == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("username", "unit", "roles", "active")
    for row in rows:
        table.add_row(
            str(row["username"]),
            str(row["unit"]),
            ", ".join(row["roles"]),
            "yes" if row["active"] else "no",
        )
    console.print(table)
