"""``luoshi users``: accounts and roles."""

from __future__ import annotations

import typer

from luoshi.cli.context import DB_OPTION_HELP, console, session_for, system_for
from luoshi.kernel import users
from luoshi.kernel.permissions import ROLES

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
    with session_for(db) as session:
        users.create_user(
            session,
            actor=system_for(db),
            username=username,
            password=password,
            unit_code=unit,
            roles=role,
            email=email,
        )
    console.print(f"user {username} created")
