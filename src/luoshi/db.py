"""Engine and session factories. Nothing here runs at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    Session,
    declared_attr,
    mapped_column,
    sessionmaker,
)
from sqlalchemy.types import TypeDecorator

from luoshi.tenant_keys import tenant_table

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model; one metadata with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every table gets the tenant in its keys (tenant_keys.py).
    __table_cls__ = tenant_table


@compiles(PrimaryKeyConstraint, "postgresql")
def _partitioned_primary_key(constraint: PrimaryKeyConstraint, compiler: Any, **kw: Any) -> str:
    """PostgreSQL wants a partitioned table's partition key in its primary key: a table
    that names one (``info["partition_key"]``, the reports) gets it after its ``id`` there,
    while SQLite keeps the one-column key that numbers its rows."""
    rendered: str = compiler.visit_primary_key_constraint(constraint, **kw)
    key = constraint.table.info.get("partition_key")
    if key and key not in constraint.columns and rendered.endswith(")"):
        rendered = f"{rendered[:-1]}, {compiler.preparer.quote(key)})"
    return rendered


class Versioned:
    """Optimistic locking for an aggregate that people edit (a task, a directive, ...).

    ``version`` is SQLAlchemy's version counter: every UPDATE of the row says
    ``WHERE version = <the version this session read>``, so of two transactions that read
    the same version only the first to commit writes; the other's flush finds no row and
    raises ``StaleDataError`` (409 on the web). The counter is set here, once per
    transaction that changes the row (not once per flush), so it counts committed changes
    and the version a client read stays comparable (``check_version``). Columns named in
    ``__unversioned__`` (derived values such as a task's light) are still written under
    the version check but do not bump it, so a recomputation does not make every open
    form stale.
    """

    __unversioned__: frozenset[str] = frozenset()

    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        table = cls.__table__  # type: ignore[attr-defined]
        return {"version_id_col": table.c.version, "version_id_generator": False}


_BUMPED = "luoshi.versioned.bumped"


def bump_version(target: Versioned) -> None:
    """Count a change of ``target`` once in this transaction: the flush does it for a
    change of its own columns; call it for a change kept in another table (a task's
    co-units)."""
    state = inspect(target)
    session = state.session
    if session is None or state.key is None:
        return
    # Keyed on the innermost transaction: a savepoint rolled back after its bump gets a
    # new bump later (at worst a version counts twice; it never fails to move).
    transaction = session.get_nested_transaction() or session.get_transaction()
    mark = session.info.get(_BUMPED)
    if mark is None or mark[0] is not transaction:
        mark = (transaction, set())
        session.info[_BUMPED] = mark
    if state.key in mark[1]:
        return
    mark[1].add(state.key)
    target.version += 1


@event.listens_for(Versioned, "before_update", propagate=True)
def _bump_on_update(_mapper: Mapper[Any], _connection: Connection, target: Versioned) -> None:
    changed = {attr.key for attr in inspect(target).attrs if attr.history.has_changes()}
    if changed - type(target).__unversioned__ - {"version"}:
        bump_version(target)


def normalize_url(url_or_path: str) -> str:
    """Accept a SQLAlchemy URL or a bare SQLite file path (``--db demo.db``)."""
    if "://" in url_or_path:
        url = make_url(url_or_path)
        if url.drivername in {"postgresql", "postgres"}:
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(url_or_path).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url_or_path: str, **kwargs: Any) -> Engine:
    """An engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3)."""
    url = normalize_url(url_or_path)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


READ_ONLY = "luoshi.read_only"


class ReadOnlySessionError(RuntimeError):
    """A write was attempted through a session opened for reading (a programming error)."""


def open_read_only(factory: sessionmaker[Session]) -> Session:
    """A session that refuses to flush: for requests that only read, which may be served
    by a replica where a write would fail late and obscurely."""
    session = factory()
    session.info[READ_ONLY] = True
    return session


@event.listens_for(Session, "before_flush")
def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise ReadOnlySessionError("this session only reads")


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work for delivery code: commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: use luoshi.clock")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
