"""The ``luoshi`` command: one module per command group, imported only when it is used.

``luoshi --help`` reads the table below and imports nothing else; ``luoshi extract FILE``
imports the extractor, not the database, the web app or the domains. Adding a command is one
line in :data:`COMMANDS`: its name, where it lives (``"module:attr"``) and its one-line help
as ``luoshi --help`` shows it. ``attr`` is a ``typer.Typer`` (a command group), a command
function, or a module's ``register(app)`` function (whatever it registers under that name is
used). ``tests/cli/test_lazy.py`` checks every line against the command it names.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# name → ("module:attr", one-line help shown by ``luoshi --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("luoshi.cli.database:init_command",
             "Create the database (or bring it up to date) with every table."),
    "extract": ("luoshi.cli.extract:extract_command",
                "Extract work lines, directives, deadlines, targets and units from FILE."),
    "eval": ("luoshi.cli.extract:eval_command",
             "Score the extractor: directive and work-line P/R/F1 and grouping, per document."),
    "demo": ("luoshi.cli.demo:demo_command",
             "Load the sample province and the seed readout, then serve it."),
    "serve": ("luoshi.cli.serve:serve_command", "Serve the web app on HOST:PORT."),
    "backup": ("luoshi.cli.backup:backup_command",
               "Back up the database to PATH (SQLite online backup, or pg_dump's custom "
               "format)."),
    "restore": ("luoshi.cli.backup:restore_command",
                "Restore the database from PATH; refuses a database holding data unless "
                "--force."),
    "db": ("luoshi.cli.database:db_app", "Database schema."),
    "units": ("luoshi.cli.units:units_app", "The unit tree."),
    "users": ("luoshi.cli.users:users_app", "User accounts."),
    "roles": ("luoshi.cli.roles:roles_app", "Roles of user accounts (三员分立 applies)."),
    "jobs": ("luoshi.cli.jobs:jobs_app", "Reminders, urging, notices, lights, message delivery."),
    "tasks": ("luoshi.cli.tasks:tasks_app", "Tasks."),
    "audit": ("luoshi.cli.audit:audit_app", "The audit trail."),
}


def load_command(name: str) -> Any:
    """The click command behind ``COMMANDS[name]``, importing its module now."""
    target, _ = COMMANDS[name]
    module_name, _, attr = target.partition(":")
    obj = getattr(importlib.import_module(module_name), attr)
    holder = typer.Typer(pretty_exceptions_enable=False)
    if isinstance(obj, typer.Typer):
        holder.add_typer(obj, name=name)
    elif attr == "register":
        obj(holder)
    else:
        holder.command(name)(obj)
    # a callback makes typer build a group even around a single command
    holder.callback()(_no_options)
    group = typer.main.get_command(holder)
    command = group.get_command(typer.Context(group), name)  # type: ignore[attr-defined]
    if command is None:
        raise LookupError(f"{target} registers no command {name!r}")
    return command


def _no_options() -> None:
    """(The holder group's callback: none of its own.)"""


class LazyGroup(TyperGroup):
    """A group whose commands are imported when one is run or asked for its own help."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        if self._listing:  # ``luoshi --help``: the table's line, no import
            return TyperCommand(cmd_name, help=COMMANDS[cmd_name][1])
        command = load_command(cmd_name)
        self.commands[cmd_name] = command
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="luoshi",
    cls=LazyGroup,
    help="落实 luoshi — policy implementation supervision.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # plain help for the command list: typer's rich help imports rich (~0.3 s) on every
    # ``luoshi --help``; each command's own ``--help`` stays rich
    rich_markup_mode=None,
)


@app.callback()
def _main() -> None:
    """落实 luoshi — policy implementation supervision."""


if __name__ == "__main__":
    app()
