"""Tasks: directives made accountable."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from luoshi.db import Base, UTCDateTime, Versioned
from luoshi.kernel.models import TenantMixin


class Task(Versioned, TenantMixin, Base):
    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        # The dashboards' counts by lead unit, work line and due date (migration 0025).
        Index(
            "ix_task_lights_unit", "tenant_id", "status", "lead_unit_id", "light", "report_cycle"
        ),
        Index("ix_task_lights_work_line", "tenant_id", "status", "work_line", "light"),
        Index("ix_task_due", "tenant_id", "due_date", "status", "light"),
        Index("ix_task_open_title", "tenant_id", "status", "title"),
        Index("ix_task_open_directive", "tenant_id", "status", "directive_id"),
    )
    # The light is derived from the task and its reports: recomputing it is no edit.
    __unversioned__ = frozenset({"light", "light_reasons", "light_at"})

    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    # Provenance: the source and the exact span the task came from (kept by sub-tasks too).
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directive.id"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    work_line: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str | None] = mapped_column(String(50))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # The unit whose office issued the task and supervises it: the publishing office for a
    # task from a source, the parent's lead unit for a sub-task. Lead and co-units lie in
    # its subtree (a lower level never obliges a higher one).
    office_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    responsible_leader: Mapped[str] = mapped_column(String(100), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    report_cycle: Mapped[str] = mapped_column(String(20), default="monthly")
    report_day: Mapped[int] = mapped_column(Integer, default=25)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # Status to go back to when a suspension ends.
    resume_status: Mapped[str | None] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    targets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    light: Mapped[str] = mapped_column(String(20), default="not_started", index=True)
    light_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    light_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # Who returned and who completed it: they may not also reassign or verify it.
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class TaskCoUnit(Base):
    __tablename__ = "task_co_unit"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), primary_key=True)
    # Indexed on its own for "the tasks a unit of this subtree is co-unit of" (task lists).
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True, index=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True, default="default")


class TaskRollup(Base):
    """How many tasks there are of each kind of group the dashboards count: ``lead``
    (lead unit, status, light, report cycle), ``co`` (co-unit, status, report cycle),
    ``line`` (work line, status, light) and ``due`` (the due date's month, status, light).
    A few thousand rows for a province's 20,000 tasks and 37,000 co-unit rows. Kept exact
    in the transaction of every change of a task's counted columns (``tasks.rollup``);
    ``luoshi dashboards rebuild`` makes it again from the tasks."""

    __tablename__ = "task_rollup"
    __table_args__ = (Index("ix_task_rollup_group", "tenant_id", "kind", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(String(64), default="default")
    kind: Mapped[str] = mapped_column(String(8))
    # The lead unit (null for the tasks that have none yet) or the co-unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    work_line: Mapped[str] = mapped_column(Text, default="")
    due_month: Mapped[str] = mapped_column(String(7), default="")  # YYYY-MM, "" for none
    status: Mapped[str] = mapped_column(String(20))
    light: Mapped[str] = mapped_column(String(20), default="")
    report_cycle: Mapped[str] = mapped_column(String(20), default="")
    n: Mapped[int] = mapped_column(Integer)


class TaskSearch(Base):
    """What a task is found by: its title, description and source sentence as search words
    (``luoshi.extract.search.index_words``), written by the tasks service whenever they
    change. PostgreSQL searches ``to_tsvector('simple', words)``; SQLite searches the FTS5
    table ``task_fts`` (rowid = task id) that the service keeps beside this row."""

    __tablename__ = "task_search"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True, default="default")
    words: Mapped[str] = mapped_column(Text, default="")


# SQLite's full-text index lives in a virtual table the models cannot declare: made and
# dropped with task_search (create_all in tests, migration 0015 in deployments).
FTS_TABLE = "task_fts"
event.listen(
    TaskSearch.__table__,
    "after_create",
    DDL(  # type: ignore[no-untyped-call]
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(words, tokenize='unicode61')"
    ).execute_if(dialect="sqlite"),
)
# PostgreSQL's index on the expression the search asks (migration 0024): an expression
# index the models declare beside the table, as SQLite's FTS5 table is.
SEARCH_INDEX = "ix_task_search_words_tsv"
event.listen(
    TaskSearch.__table__,
    "after_create",
    DDL(  # type: ignore[no-untyped-call]
        f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON task_search"
        " USING gin (to_tsvector('simple'::regconfig, words))"
    ).execute_if(dialect="postgresql"),
)
event.listen(
    TaskSearch.__table__,
    "before_drop",
    DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(  # type: ignore[no-untyped-call]
        dialect="sqlite"
    ),
)


class TaskView(TenantMixin, Base):
    """A named filter set of the task list, saved for a unit's staff (a bookmark the office
    shares): ``query`` is the list's query string (status, light, unit, q, sort)."""

    __tablename__ = "task_view"
    __table_args__ = (UniqueConstraint("tenant_id", "unit_id", "name"),)

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(String(1000), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


# The rollup's listeners must be in place wherever tasks can be written, which is wherever
# this module is loaded: the web app, the CLI, the jobs, the seeder and the tests alike.
from luoshi.domains.tasks import rollup as _rollup  # noqa: E402,F401
