"""The ``luoshi`` command: one module per command group, registered here."""

from __future__ import annotations

import typer

from luoshi.cli import (
    audit,
    backup,
    database,
    demo,
    extract,
    jobs,
    livelihood,
    roles,
    serve,
    tasks,
    units,
    users,
)

app = typer.Typer(
    name="luoshi",
    help="落实 luoshi — policy implementation supervision.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

for module in (
    database,
    units,
    users,
    roles,
    extract,
    demo,
    serve,
    jobs,
    tasks,
    audit,
    backup,
    livelihood,
):
    module.register(app)
