"""Rows written in bulk, for the seeder (docs/scale.md, "Seeded data").

On PostgreSQL ``COPY … FROM STDIN`` (psycopg's ``cursor.copy``): one stream per call
instead of one ``INSERT`` per row, which at a province's half a million reports is where
the seeder's time went. Elsewhere (SQLite) a Core ``insert()`` of the table with a list of
rows: one ``executemany``, without the ORM's bulk machinery in between.

``COPY`` skips what SQLAlchemy does per row, so this does the two parts of it the seeded
tables need: a column the rows leave out gets its model's Python default (a callable one,
such as ``dict``, is called), and a JSON value is sent as JSON text. Server defaults (the
id's sequence) apply as they would to an ``INSERT``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Column, Table, insert
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Write ``rows`` (dicts keyed by column name, the same keys in each) into ``table`` in
    the session's transaction; the number written."""
    if not rows:
        return 0
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), list(rows))
        return len(rows)
    given = list(rows[0])
    defaults = {
        column.name: column
        for column in table.columns
        if column.name not in given
        and column.default is not None
        and not column.default.is_sequence
        and not column.default.is_clause_element
    }
    names = [*given, *defaults]
    columns = [table.c[name] for name in names]
    as_json = [isinstance(column.type, JSON) for column in columns]
    filled = [_default(column) for column in defaults.values()]
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = session.connection().connection.cursor()
    try:
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                values = [row[name] for name in given]
                values.extend(filled)
                copy.write_row(
                    [
                        json.dumps(v, ensure_ascii=False) if j and v is not None else v
                        for v, j in zip(values, as_json, strict=True)
                    ]
                )
    finally:
        cursor.close()
    return len(rows)


def _default(column: Column[Any]) -> Any:
    default: Any = column.default
    if default.is_callable:
        return default.arg(None)
    return default.arg
