"""Alembic environment: runs on the connection or URL the caller puts in the config."""

from __future__ import annotations

from typing import Literal

from alembic import context
from sqlalchemy import Connection

from luoshi.db import UTCDateTime, make_engine
from luoshi.migrations.metadata import target_metadata

config = context.config


def _render_item(type_: str, obj: object, autogen_context: object) -> str | Literal[False]:
    # Revisions import nothing from the app: render our UTC timestamp as its plain column.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///luoshi.db")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
