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
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# name → ("module:attr", one-line help shown by ``luoshi --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "luoshi.cli.database:init_command",
        "Create the database (or bring it up to date) with every table.",
    ),
    "extract": (
        "luoshi.cli.extract:extract_command",
        "Extract work lines, directives, deadlines, targets and units from FILE.",
    ),
    "eval": (
        "luoshi.cli.extract:eval_command",
        "Score the extractor: directive and work-line P/R/F1 and grouping, per document.",
    ),
    "extract-train": (
        "luoshi.cli.extract_model:train_command",
        "Train the directive classifier and write the model file shipped in the package.",
    ),
    "extract-cv": (
        "luoshi.cli.extract_model:cv_command",
        "Leave-one-document-out cross-validation of rules, model and their combinations.",
    ),
    "demo": (
        "luoshi.cli.demo:demo_command",
        "Load the sample province and the seed readout, then serve it.",
    ),
    "seed": (
        "luoshi.cli.seed:seed_command",
        "Fill an empty database with generated data at a scale (for benchmarks).",
    ),
    "serve": ("luoshi.cli.serve:serve_command", "Serve the web app on HOST:PORT."),
    "backup": (
        "luoshi.cli.backup:backup_command",
        "Back up the database to PATH (SQLite online backup, or pg_dump's custom format).",
    ),
    "restore": (
        "luoshi.cli.backup:restore_command",
        "Restore the database from PATH; refuses a database holding data unless --force.",
    ),
    "db": ("luoshi.cli.database:db_app", "Database schema."),
    "units": ("luoshi.cli.units:units_app", "The unit tree."),
    "users": ("luoshi.cli.users:users_app", "User accounts."),
    "roles": ("luoshi.cli.roles:roles_app", "Roles of user accounts (三员分立 applies)."),
    "dashboards": ("luoshi.cli.dashboards:dashboards_app", "The dashboards' rollup."),
    "jobs": ("luoshi.cli.jobs:jobs_app", "Reminders, urging, notices, lights, message delivery."),
    "tasks": ("luoshi.cli.tasks:tasks_app", "Tasks."),
    "proposals": (
        "luoshi.cli.proposals:proposals_app",
        "Suggestions (建议) and proposals (提案): list, import, statistics.",
    ),
    "audit": ("luoshi.cli.audit:audit_app", "The audit trail."),
    "livelihood": ("luoshi.cli.livelihood:livelihood_app", "Livelihood matters (民生实事)."),
    "indicators": ("luoshi.cli.livelihood:indicators_app", "Indicators (指标)."),
    "projects": ("luoshi.cli.projects:projects_app", "Key projects (重点项目)."),
    "support-items": ("luoshi.cli.support_items:support_app", "Support items (争取支持事项)."),
    "docking": ("luoshi.cli.docking:docking_app", "National policy docking (政策对接)."),
    "bulletin": (
        "luoshi.cli.bulletin:bulletin_command",
        "Draft or issue a supervision bulletin (督查通报) as Word, HTML or PDF.",
    ),
    "export": (
        "luoshi.cli.interchange:export_command",
        "Write every record of KIND as a sheet that can be edited offline and re-imported.",
    ),
    "import": (
        "luoshi.cli.interchange:import_command",
        "Import a sheet of KIND: new rows are created, changed cells applied, all or nothing.",
    ),
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


class _Commands(MutableMapping[str, Any]):
    """The group's commands: those added to it, then the table's, each loaded when it is
    first looked up (iterating lists names without importing anything)."""

    def __init__(self, added: MutableMapping[str, Any]) -> None:
        self._loaded = dict(added)

    def loaded(self, name: str) -> bool:
        return name in self._loaded

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._loaded
        yield from (name for name in COMMANDS if name not in self._loaded)

    def __len__(self) -> int:
        return len(self._loaded) + sum(1 for name in COMMANDS if name not in self._loaded)


class LazyGroup(TyperGroup):
    """A group whose commands are imported when one is run or asked for its own help."""

    _listing = False

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: nothing is imported

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        commands = self.commands
        assert isinstance(commands, _Commands)
        if self._listing and cmd_name in COMMANDS and not commands.loaded(cmd_name):
            return TyperCommand(cmd_name, help=COMMANDS[cmd_name][1])  # the table's line
        return commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self._listing = True  # ``luoshi --help``: the table's lines, no import
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
