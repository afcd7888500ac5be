"""``luoshi users``: accounts and roles, and the first administrators."""

from __future__ import annotations

import sys

import typer

from luoshi.cli.context import (
    DB_OPTION_HELP,
    cli_actor,
    console,
    err_console,
    session_for,
    settings_for,
    system_for,
)
from luoshi.kernel import users
from luoshi.kernel.permissions import ROLES
from luoshi.kernel.roles import ADMIN_ROLES

users_app = typer.Typer(help="User accounts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


@users_app.command("create")
def create_command(
    username: str = typer.Argument(...),
    unit: str = typer.Option(..., "--unit", help="The user's unit code."),
    role: list[str] = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    password: str = typer.Option(..., "--password", prompt=True, hide_input=True),
    email: str = typer.Option("", "--email"),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Create a user in UNIT with the given roles."""
    settings = settings_for(db)
    with session_for(db) as session:
        users.create_user(
            session,
            actor=system_for(db),
            username=username,
            password=password,
            unit_code=unit,
            roles=role,
            email=email,
            policy=settings.password_policy,
        )
    console.print(f"user {username} created")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line, as `printf '%s\n' "$PW" | luoshi users create-admin …` sends it.
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Repeat the password", hide_input=True) != first:
        err_console.print("[red]error:[/red] the two passwords differ; nothing was created")
        raise typer.Exit(1)
    return str(first)


@users_app.command("create-admin")
def create_admin_command(
    username: str = typer.Argument(...),
    unit: str = typer.Option(..., "--unit", help="The administrator's unit code."),
    role: str = typer.Option(
        "sysadmin",
        "--role",
        help=f"One of: {', '.join(sorted(ADMIN_ROLES))} (the three administrators).",
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Create the first administrator of a kind; asks for the password (never an option)."""
    settings = settings_for(db)
    password = _read_password(password_stdin)
    with session_for(db) as session:
        users.create_first_admin(
            session,
            actor=cli_actor(settings),
            username=username,
            password=password,
            unit_code=unit,
            role=role,
            policy=settings.password_policy,
        )
    console.print(
        f"administrator {username} ({role}) created; a second factor (TOTP) is set up at "
        "the first login"
    )
