"""One runner at a time: a lock that several app instances or cron runners share.

On PostgreSQL it is an advisory lock held by a connection of its own for the length of the
run, so it is released by the server when that connection ends, even if the runner is
killed. On SQLite, whose writers all live on one machine, it is an exclusive ``flock`` of a
file beside the database, released by the kernel when the process ends. Either way a
second runner does not wait: it learns at once that the work is being done elsewhere.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text


def advisory_key(tenant: str, name: str) -> int:
    """A stable signed 64-bit key for ``(tenant, name)`` (PostgreSQL's bigint lock space)."""
    digest = hashlib.blake2b(f"luoshi:{tenant}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def exclusive(bind: Engine | Connection, *, tenant: str, name: str) -> Iterator[bool]:
    """Hold the lock named ``name`` for ``tenant`` while the block runs; yields whether this
    runner got it (``False``: another holds it now, so the caller should skip the work).
    ``bind`` is what the sessions are bound to; the lock takes a connection of its own."""
    engine = bind.engine if isinstance(bind, Connection) else bind
    if engine.dialect.name == "postgresql":
        with _advisory(engine, advisory_key(tenant, name)) as held:
            yield held
        return
    database = engine.url.database
    if not database or database == ":memory:":
        # A private in-memory database has no other runner to exclude.
        yield True
        return
    with _file_lock(f"{database}.{tenant}.{name}.lock") as held:
        yield held


@contextmanager
def _advisory(engine: Engine, key: int) -> Iterator[bool]:
    # AUTOCOMMIT: the lock is a session lock on this connection, not part of a transaction
    # that a pooled connection could leave open for the whole run.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        held = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        try:
            yield held
        finally:
            if held:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


@contextmanager
def _file_lock(path: str) -> Iterator[bool]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
