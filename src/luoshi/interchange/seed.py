"""Generated data at scale for benchmarks and load tests (``luoshi seed``).

Reproducible: the same ``seed`` and ``as_of`` give the same rows. What is generated is what
the services would have produced over a year or two of use, written in bulk:

- the unit tree (province, departments, cities, counties, towns) with materialized paths,
  and three people (the provincial office, a department, a county) to log in as;
- tasks with sub-tasks (a city's task split among its counties, a county's among its
  towns), each in a valid status with its dates, cycle and co-units;
- the progress reports each lead and co-unit filed for the periods its task owed (from the
  same report schedule the app uses, ``progress.schedule``), some late, some missing;
- key projects with their year plans and monthly reports, suggestions and proposals,
  livelihood matters with quarterly values, indicators by region and quarter.

Bulk-inserted: units, tasks, projects and proposals with SQLAlchemy Core ``insert()`` and a
list of rows (``RETURNING`` gives the parents' ids before their children go in); the big
tables (co-units, reports, project reports and year plans, indicator values) by
``bulk_load.insert_rows`` (``COPY`` on PostgreSQL, a Core ``executemany`` on SQLite).
Going through the services row by row would take hours at province scale (each service
call checks permissions, loads the task, writes an audit event and recomputes a light),
and these rows describe history that the services' own checks would refuse to write
backdated. What the app derives from them is then computed by the app's own code, not by
this module: every task's light and its history row come from
``progress.lights.refresh_lights`` (in committed batches, as the daily job does), and the
registers' lights from their own ``refresh_light``. The seeding itself is one audit
event per tenant (``seed.generate``) naming the counts, so the trail says where the rows
came from; the per-row audit events the services would have written are not invented.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.livelihood import indicators as livelihood_indicators
from luoshi.domains.livelihood import matters as livelihood_matters
from luoshi.domains.livelihood.models import (
    Indicator,
    IndicatorValue,
    LivelihoodMatter,
    LivelihoodTarget,
    LivelihoodValue,
)
from luoshi.domains.progress import lights, partitions, rules, schedule
from luoshi.domains.progress.models import Report
from luoshi.domains.projects import rules as project_rules
from luoshi.domains.projects import service as projects
from luoshi.domains.projects.models import Project, ProjectReport, ProjectYearPlan
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.models import Proposal
from luoshi.domains.tasks.models import Task, TaskCoUnit
from luoshi.interchange.bulk_load import insert_rows
from luoshi.kernel import audit, users
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit, User
from luoshi.kernel.permissions import Actor, system_actor
from luoshi.settings import Settings

# Progress reports go in chunks of this many rows (bounded memory at nation scale).
CHUNK = 20_000
# A top-level task starts at most this many days before the as-of day (a sub-task after its
# parent), so no report's period ends in an earlier month: the partitions start there.
OLDEST_START_DAYS = 720
SEED_PASSWORD = "Seeded-Only-For-Benchmarks-9"  # documented: bench data only


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int
    departments: int
    cities: int
    counties: int
    towns: int
    tasks: int
    reports: int
    projects: int
    project_reports: int
    proposals: int
    matters: int
    indicators: int


PROVINCE = Scale("province", 1, 40, 21, 183, 2000, 20_000, 500_000, 10_000, 120_000, 2000, 30, 200)
SMALL = Scale("small", 1, 4, 3, 18, 200, 2000, 50_000, 1000, 12_000, 200, 3, 20)
NATION = Scale("nation", 31, 40, 21, 183, 2000, 20_000, 500_000, 10_000, 120_000, 2000, 30, 200)
SCALES = {s.name: s for s in (SMALL, PROVINCE, NATION)}

# The people seeded in every tenant: username → (unit kind, roles).
PEOPLE = {
    "seed-office": ("province", ["office", "leader"]),
    "seed-dept": ("department", ["unit"]),
    "seed-county": ("county", ["unit"]),
}

Progress = Callable[[str, int], None]
"""Told (step, rows written) as seeding goes, for a progress bar."""


@dataclass
class Counts:
    units: int = 0
    tasks: int = 0
    reports: int = 0
    projects: int = 0
    project_reports: int = 0
    proposals: int = 0
    matters: int = 0
    indicator_values: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def add(self, other: Counts) -> None:
        for key, value in other.as_dict().items():
            setattr(self, key, getattr(self, key) + value)


def tenants_of(scale: Scale, tenant: str) -> list[str]:
    """One tenant per province: the deployment's own, or p01…p31 for a nation."""
    if scale.provinces == 1:
        return [tenant]
    return [f"p{i:02d}" for i in range(1, scale.provinces + 1)]


def seed(
    factory: sessionmaker[Session],
    *,
    scale: Scale,
    settings: Settings,
    seed_value: int = 1,
    as_of: date,
    progress: Progress = lambda _step, _n: None,
    workers: int = 1,
) -> Counts:
    """Fill an empty, migrated database through ``factory``; the counts written.

    With ``workers`` above one on PostgreSQL, that many processes seed the tenants (a
    nation's provinces) at once, each through an engine of its own on
    ``settings.database_url``: the tenants share no rows, and each has its own random
    stream, so their rows are the same as one process writes; only the ids interleave.
    SQLite has one writer, so there it is one process whatever ``workers`` says."""
    actor = system_actor(settings.tenant)
    with transaction(factory) as session:
        # PostgreSQL: every month's partition is made before the reports go in, so none
        # lands in the default partition to be moved out afterwards (a row at a time).
        oldest = as_of - timedelta(days=OLDEST_START_DAYS)
        behind = (as_of.year - oldest.year) * 12 + as_of.month - oldest.month
        partitions.maintain(session, actor=actor, on=as_of, behind=behind)
        parallel = session.get_bind().dialect.name == "postgresql"
    tenants = list(enumerate(tenants_of(scale, settings.tenant)))
    total = Counts()
    if parallel and workers > 1 and len(tenants) > 1:
        total = _in_workers(
            tenants,
            workers,
            scale=scale,
            settings=settings,
            seed_value=seed_value,
            as_of=as_of,
            progress=progress,
        )
    else:
        for index, tenant in tenants:
            total.add(
                _seed_tenant(
                    factory,
                    scale=scale,
                    settings=settings,
                    seed_value=seed_value,
                    index=index,
                    tenant=tenant,
                    as_of=as_of,
                    progress=progress,
                )
            )
    with transaction(factory) as session:
        # PostgreSQL: a report whose month was not made above moves out of the default here.
        partitions.maintain(session, actor=system_actor(settings.tenant), on=as_of)
    # The dashboards' rollup needs no rebuild here: each province's task INSERT runs through
    # its session, which marks that tenant to be counted again at its commit (tasks.rollup).
    return total


def _seed_tenant(
    factory: sessionmaker[Session],
    *,
    scale: Scale,
    settings: Settings,
    seed_value: int,
    index: int,
    tenant: str,
    as_of: date,
    progress: Progress,
) -> Counts:
    rng = random.Random(seed_value * 1000 + index)
    world = _World(factory, scale=scale, settings=settings, tenant=tenant, rng=rng, as_of=as_of)
    return world.build(progress)


def _in_workers(
    tenants: list[tuple[int, str]],
    workers: int,
    *,
    scale: Scale,
    settings: Settings,
    seed_value: int,
    as_of: date,
    progress: Progress,
) -> Counts:
    """Seed the tenants in ``workers`` processes; their progress comes back on a queue."""
    context = multiprocessing.get_context("spawn")
    total = Counts()
    with context.Manager() as manager, ProcessPoolExecutor(workers, mp_context=context) as pool:
        told: queue.Queue[tuple[str, int]] = manager.Queue()
        pending = {
            pool.submit(
                _seed_in_worker,
                told,
                scale=scale,
                settings=settings,
                seed_value=seed_value,
                index=index,
                tenant=tenant,
                as_of=as_of,
            )
            for index, tenant in tenants
        }
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
            _relay(told, progress)
            for future in done:
                total.add(future.result())  # a failed tenant stops the run here
    return total


def _relay(told: queue.Queue[tuple[str, int]], progress: Progress) -> None:
    while True:
        try:
            step, rows = told.get_nowait()
        except queue.Empty:
            return
        progress(step, rows)


def _seed_in_worker(
    told: queue.Queue[tuple[str, int]],
    *,
    scale: Scale,
    settings: Settings,
    seed_value: int,
    index: int,
    tenant: str,
    as_of: date,
) -> Counts:
    engine = make_engine(settings.database_url)
    try:
        factory = audit.use_hash(make_sessionmaker(engine), settings.audit_hash)
        return _seed_tenant(
            factory,
            scale=scale,
            settings=settings,
            seed_value=seed_value,
            index=index,
            tenant=tenant,
            as_of=as_of,
            progress=lambda step, rows: told.put((step, rows)),
        )
    finally:
        engine.dispose()


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _chunks(
    rows: Sequence[dict[str, Any]], size: int = CHUNK
) -> Iterator[Sequence[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class _World:
    """One province (one tenant) being generated."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        scale: Scale,
        settings: Settings,
        tenant: str,
        rng: random.Random,
        as_of: date,
    ) -> None:
        self.factory = factory
        self.scale = scale
        self.settings = settings
        self.tenant = tenant
        self.rng = rng
        self.as_of = as_of
        self.now = _at(as_of, 9)
        self.actor: Actor = system_actor(tenant)
        self.counts = Counts()
        self.province = 0
        self.departments: list[int] = []
        self.cities: list[int] = []
        self.counties_of: dict[int, list[int]] = {}
        self.towns_of: dict[int, list[int]] = {}
        self.user_of: dict[int, int] = {}

    def build(self, progress: Progress) -> Counts:
        with transaction(self.factory) as session:
            self._units(session)
            progress("units", self.counts.units)
            self._people(session)
            calendar = schedule.calendar_for(session, settings=self.settings, tenant_id=self.tenant)
            task_ids = self._tasks(session, calendar, progress)
        self._task_lights(task_ids, calendar, progress)
        with transaction(self.factory) as session:
            self._projects(session, calendar, progress)
        with transaction(self.factory) as session:
            self._proposals(session, calendar)
            progress("proposals", self.counts.proposals)
        with transaction(self.factory) as session:
            self._livelihood(session)
            progress("livelihood", self.counts.matters + self.counts.indicator_values)
            audit.record(
                session,
                actor=self.actor,
                action="seed.generate",
                object_type="tenant",
                object_id=None,
                new={"scale": self.scale.name, **self.counts.as_dict()},
                note=f"luoshi seed as of {self.as_of.isoformat()}",
            )
        return self.counts

    # ------------------------------------------------------------------ units and people

    def _insert_units(
        self, session: Session, rows: list[dict[str, Any]], parent_paths: list[str]
    ) -> list[int]:
        base = {"tenant_id": self.tenant, "created_at": self.now, "updated_at": self.now}
        ids = list(
            session.scalars(
                insert(Unit).returning(Unit.id, sort_by_parameter_order=True),
                [{**base, "path": "/", **row} for row in rows],
            )
        )
        session.execute(
            update(_table(Unit))
            .where(_table(Unit).c.id == bindparam("uid"))
            .values(path=bindparam("new_path")),
            [{"uid": i, "new_path": f"{p}{i}/"} for i, p in zip(ids, parent_paths, strict=True)],
        )
        self.counts.units += len(ids)
        return ids

    def _units(self, session: Session) -> None:
        s, t = self.scale, self.tenant
        (self.province,) = self._insert_units(
            session,
            [
                {
                    "code": f"{t}-P",
                    "name_zh": f"{t}省",
                    "name_en": f"Province {t}",
                    "kind": "province",
                }
            ],
            ["/"],
        )
        top = f"/{self.province}/"
        self.departments = self._insert_units(
            session,
            [
                {
                    "code": f"{t}-D{i:03d}",
                    "name_zh": f"省第{i}厅",
                    "name_en": f"Department {i}",
                    "kind": "department",
                    "parent_id": self.province,
                }
                for i in range(1, s.departments + 1)
            ],
            [top] * s.departments,
        )
        self.cities = self._insert_units(
            session,
            [
                {
                    "code": f"{t}-C{i:03d}",
                    "name_zh": f"第{i}市",
                    "name_en": f"City {i}",
                    "kind": "city",
                    "parent_id": self.province,
                }
                for i in range(1, s.cities + 1)
            ],
            [top] * s.cities,
        )
        city_of = [self.cities[i % s.cities] for i in range(s.counties)]
        counties = self._insert_units(
            session,
            [
                {
                    "code": f"{t}-X{i:04d}",
                    "name_zh": f"第{i}县",
                    "name_en": f"County {i}",
                    "kind": "county",
                    "parent_id": city_of[i - 1],
                }
                for i in range(1, s.counties + 1)
            ],
            [f"{top}{c}/" for c in city_of],
        )
        for county, city in zip(counties, city_of, strict=True):
            self.counties_of.setdefault(city, []).append(county)
        county_of = [counties[i % s.counties] for i in range(s.towns)]
        path_of = {c: f"{top}{city}/{c}/" for c, city in zip(counties, city_of, strict=True)}
        towns = self._insert_units(
            session,
            [
                {
                    "code": f"{t}-Z{i:05d}",
                    "name_zh": f"第{i}镇",
                    "name_en": f"Town {i}",
                    "kind": "township",
                    "parent_id": county_of[i - 1],
                }
                for i in range(1, s.towns + 1)
            ],
            [path_of[c] for c in county_of],
        )
        for town, county in zip(towns, county_of, strict=True):
            self.towns_of.setdefault(county, []).append(town)

    def _people(self, session: Session) -> None:
        unit_of = {
            "province": self.province,
            "department": self.departments[0],
            "county": next(iter(self.counties_of.values()))[0],
        }
        password_hash = users.hash_password(SEED_PASSWORD)
        for username, (kind, roles) in PEOPLE.items():
            user = User(
                tenant_id=self.tenant,
                username=username,
                display_name=username,
                password_hash=password_hash,
                unit_id=unit_of[kind],
                roles=roles,
                password_changed_at=self.now,
            )
            session.add(user)
            session.flush()
            self.user_of[unit_of[kind]] = user.id

    # ------------------------------------------------------------------ tasks and reports

    def _task_plan(self) -> list[dict[str, Any]]:
        """Top-level tasks from the provincial office; a city's split among its counties,
        some counties' among their towns, until the scale's number of tasks."""
        s, rng = self.scale, self.rng
        plan: list[dict[str, Any]] = []
        leads = self.departments + self.cities
        n_top = max(1, s.tasks * 2 // 5)
        for i in range(n_top):
            lead = rng.choice(leads)
            co = rng.sample([u for u in leads if u != lead], k=rng.choice((1, 1, 2, 3)))
            plan.append({"key": i, "parent": None, "office": self.province, "lead": lead, "co": co})
        i = 0
        while len(plan) < s.tasks and i < len(plan):
            parent = plan[i]
            i += 1
            under = self.counties_of.get(parent["lead"]) or self.towns_of.get(parent["lead"])
            if not under:
                continue
            for lead in rng.sample(under, k=min(len(under), rng.randint(2, 4))):
                if len(plan) >= s.tasks:
                    break
                co = [u for u in rng.sample(under, k=min(3, len(under))) if u != lead][:2]
                plan.append(
                    {
                        "key": len(plan),
                        "parent": parent["key"],
                        "office": parent["lead"],
                        "lead": lead,
                        "co": co,
                    }
                )
        return plan

    def _task_row(
        self, n: int, item: dict[str, Any], parent: dict[str, Any] | None
    ) -> dict[str, Any]:
        rng, as_of = self.rng, self.as_of
        if parent is None:
            start = as_of - timedelta(days=rng.randint(120, OLDEST_START_DAYS))
            due = start + timedelta(days=rng.randint(180, 900))
        else:
            start = parent["start_date"] + timedelta(days=rng.randint(5, 40))
            due = min(parent["due_date"], start + timedelta(days=rng.randint(120, 700)))
            if due <= start:
                due = parent["due_date"]
        status = rng.choices(
            (
                "draft",
                "assigned",
                "accepted",
                "in_progress",
                "completed",
                "verified",
                "returned",
                "suspended",
            ),
            weights=(2, 4, 10, 64, 8, 8, 2, 2),
        )[0]
        if due < as_of and status in ("assigned", "accepted"):
            status = "in_progress"
        assigned = _at(start) if status != "draft" else None
        return {
            "tenant_id": self.tenant,
            "code": f"T{n:06d}",
            "title": f"{_TOPICS[n % len(_TOPICS)]}（第{n}项）",
            "description": "",
            "work_line": _LINES[n % len(_LINES)],
            "domain": None,
            "depth": 0 if parent is None else parent["depth"] + 1,
            "lead_unit_id": item["lead"] if status != "draft" else None,
            "office_unit_id": item["office"],
            "responsible_leader": "",
            "start_date": start,
            "due_date": due,
            "report_cycle": rng.choices(("monthly", "quarterly"), weights=(85, 15))[0],
            "report_day": 25,
            "status": status,
            "resume_status": "in_progress" if status == "suspended" else None,
            "progress": 100 if status in ("completed", "verified") else 0,
            "weight": 1.0,
            "targets": [],
            "light": "not_started",
            "light_reasons": [],
            "assigned_at": assigned,
            "return_reason": "人员不足，请改派" if status == "returned" else "",
            "created_at": _at(start - timedelta(days=3)),
            "updated_at": _at(start),
            "version": 1,
        }

    def _tasks(self, session: Session, calendar: WorkingCalendar, progress: Progress) -> list[int]:
        plan = self._task_plan()
        rows: dict[int, dict[str, Any]] = {}
        # Parents first: a level's ids are known before its children are inserted.
        for depth_items in _by_depth(plan):
            level = []
            for item in depth_items:
                parent = rows[item["parent"]] if item["parent"] is not None else None
                row = self._task_row(item["key"] + 1, item, parent)
                if parent is not None:
                    row["parent_id"] = parent["id"]
                rows[item["key"]] = row
                level.append(row)
            for start in range(0, len(level), CHUNK):
                chunk = level[start : start + CHUNK]
                ids = session.scalars(
                    insert(Task).returning(Task.id, sort_by_parameter_order=True), chunk
                )
                for row, task_id in zip(chunk, ids, strict=True):
                    row["id"] = task_id
            self.counts.tasks += len(level)
            progress("tasks", len(level))
        co_rows = [
            {"task_id": rows[item["key"]]["id"], "unit_id": u, "tenant_id": self.tenant}
            for item in plan
            for u in item["co"]
            if rows[item["key"]]["status"] != "draft"
        ]
        insert_rows(session, _table(TaskCoUnit), co_rows)
        self._reports(session, plan, rows, calendar, progress)
        return [rows[item["key"]]["id"] for item in plan]

    def _reports(
        self,
        session: Session,
        plan: list[dict[str, Any]],
        rows: dict[int, dict[str, Any]],
        calendar: WorkingCalendar,
        progress: Progress,
    ) -> None:
        rng = self.rng
        reporting = [
            (item, rows[item["key"]])
            for item in plan
            if rows[item["key"]]["status"] not in ("draft", "assigned", "returned")
        ]
        buffer: list[dict[str, Any]] = []
        progress_of: dict[int, int] = {}
        for item, row in reporting:
            task = Task(**{k: v for k, v in row.items() if k != "targets"})
            owed = schedule.report_schedule(
                task, settings=self.settings, calendar=calendar, until=self.as_of
            )
            done = row["status"] in ("completed", "verified")
            diligence = rng.choice((1.0, 0.95, 0.9, 0.8, 0.6))
            pace = rng.uniform(0.6, 1.3)
            span = max(1, (row["due_date"] - row["start_date"]).days)
            for unit in [item["lead"], *item["co"]]:
                for index, (period, due) in enumerate(owed):
                    if rng.random() > diligence:
                        continue
                    last = index == len(owed) - 1
                    share = min(1.0, max(0.0, (due - row["start_date"]).days / span))
                    value = 100 if done and last else min(99, int(100 * share * pace))
                    late = rng.random() < 0.1
                    filed = (
                        due + timedelta(days=rng.randint(1, 6))
                        if late
                        else due - timedelta(days=rng.randint(0, 4))
                    )
                    filed = min(filed, self.as_of)
                    status = (
                        "submitted"
                        if last
                        else rng.choices(("accepted", "returned"), weights=(97, 3))[0]
                    )
                    buffer.append(
                        {
                            "tenant_id": self.tenant,
                            "task_id": row["id"],
                            "unit_id": unit,
                            "period": period,
                            "period_end": rules.period_bounds(period, due=row["due_date"])[1],
                            "due_on": due,
                            "progress": value,
                            "done": f"{period}完成阶段工作",
                            "problems": "",
                            "next_steps": "继续推进",
                            "target_values": {},
                            "status": status,
                            "late": filed > due,
                            "review_comment": "",
                            "submitted_at": _at(filed, 15),
                            "reviewed_at": _at(filed + timedelta(days=2))
                            if status != "submitted"
                            else None,
                            "created_at": _at(filed, 15),
                            "updated_at": _at(filed, 15),
                            "version": 1,
                        }
                    )
                    if unit == item["lead"] and status in rules.FILED:
                        progress_of[row["id"]] = value
            if len(buffer) >= CHUNK:
                self._flush_reports(session, buffer, progress)
                buffer = []
        self._flush_reports(session, buffer, progress)
        session.execute(
            update(_table(Task))
            .where(_table(Task).c.id == bindparam("tid"))
            .values(progress=bindparam("value")),
            [{"tid": i, "value": v} for i, v in progress_of.items()],
        )

    def _flush_reports(
        self, session: Session, rows: list[dict[str, Any]], progress: Progress
    ) -> None:
        if rows:
            insert_rows(session, _table(Report), rows)
            self.counts.reports += len(rows)
            progress("reports", len(rows))

    def _task_lights(
        self, task_ids: list[int], calendar: WorkingCalendar, progress: Progress
    ) -> None:
        """Every task's light by the app's own code, in committed batches like the job."""
        size = max(1, self.settings.jobs_batch_size)
        for start in range(0, len(task_ids), size):
            batch = task_ids[start : start + size]
            with transaction(self.factory) as session:
                lights.refresh_lights(
                    session,
                    actor=self.actor,
                    tasks=list(session.scalars(select(Task).where(Task.id.in_(batch)))),
                    settings=self.settings,
                    on=self.as_of,
                    calendar=calendar,
                )
            progress("lights", len(batch))

    # ------------------------------------------------------------------ registers

    def _projects(self, session: Session, calendar: WorkingCalendar, progress: Progress) -> None:
        s, rng, as_of = self.scale, self.rng, self.as_of
        owners = (
            self.departments + self.cities + [c for cs in self.counties_of.values() for c in cs]
        )
        rows: list[dict[str, Any]] = []
        for n in range(1, s.projects + 1):
            stage = rng.choices(project_rules.STAGES, weights=(8, 12, 60, 12, 8))[0]
            owner = rng.choice(owners)
            region = owner if owner not in self.departments else rng.choice(self.cities)
            total = Decimal(rng.randint(5_000, 2_000_000))
            planned_start = as_of - timedelta(days=rng.randint(-60, 900))
            started = stage != "reserve" and planned_start <= as_of
            rows.append(
                {
                    "tenant_id": self.tenant,
                    "code": f"XM{n:06d}",
                    "name": f"{_PROJECTS[n % len(_PROJECTS)]}项目（{n}）",
                    "description": "",
                    "owner_unit_id": owner,
                    "office_unit_id": self.province,
                    "region_unit_id": region,
                    "industry": rng.choice(project_rules.INDUSTRIES),
                    "level": rng.choice(project_rules.LEVELS),
                    "stage": stage if started or stage == "reserve" else "reserve",
                    "national_plan": "none",
                    "national_plan_name": "",
                    "total_investment": total,
                    "investment_before": Decimal(0),
                    "planned_start": planned_start,
                    "actual_start": planned_start if started else None,
                    "planned_completion": planned_start + timedelta(days=rng.randint(365, 1500)),
                    "actual_completion": as_of - timedelta(days=30)
                    if stage in project_rules.FINISHED and started
                    else None,
                    "light": "not_started",
                    "light_reasons": [],
                    "created_at": _at(planned_start - timedelta(days=60)),
                    "updated_at": _at(planned_start - timedelta(days=60)),
                    "version": 1,
                }
            )
        ids = list(
            session.scalars(
                insert(Project).returning(Project.id, sort_by_parameter_order=True), rows
            )
        )
        self.counts.projects += len(ids)
        progress("projects", len(ids))
        plans: list[dict[str, Any]] = []
        reports: list[dict[str, Any]] = []
        budget = s.project_reports
        for project_id, row in zip(ids, rows, strict=True):
            plans.append(
                {
                    "tenant_id": self.tenant,
                    "project_id": project_id,
                    "year": as_of.year,
                    "planned_investment": (row["total_investment"] / 3).quantize(Decimal("0.01")),
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
            if row["actual_start"] is None or len(reports) >= budget:
                continue
            months = _months_between(row["actual_start"], as_of)[-13:]
            cumulative = Decimal(0)
            for period in months[:-1]:
                month = (row["total_investment"] / 36).quantize(Decimal("0.01"))
                cumulative += month
                y, m = (int(x) for x in period.split("-"))
                due = date(y, m, 28)
                reports.append(
                    {
                        "tenant_id": self.tenant,
                        "project_id": project_id,
                        "unit_id": row["owner_unit_id"],
                        "period": period,
                        "due_on": due,
                        "investment_month": month,
                        "investment_cumulative": cumulative,
                        "progress": "按计划推进",
                        "problems": "",
                        "late": False,
                        "submitted_at": _at(due - timedelta(days=2)),
                        "created_at": _at(due - timedelta(days=2)),
                        "updated_at": _at(due - timedelta(days=2)),
                        "version": 1,
                    }
                )
        insert_rows(session, _table(ProjectYearPlan), plans)
        for chunk in _chunks(reports[:budget]):
            insert_rows(session, _table(ProjectReport), chunk)
            self.counts.project_reports += len(chunk)
            progress("project reports", len(chunk))
        for project in session.scalars(select(Project).where(Project.id.in_(ids))):
            projects.refresh_light(
                session, project, settings=self.settings, calendar=calendar, on=as_of
            )

    def _proposals(self, session: Session, calendar: WorkingCalendar) -> None:
        s, rng, as_of = self.scale, self.rng, self.as_of
        leads = self.departments + self.cities
        rows: list[dict[str, Any]] = []
        for n in range(1, s.proposals + 1):
            kind = "suggestion" if n % 2 else "proposal"
            state = rng.choices(
                ("registered", "assigned", "accepted", "replying", "replied", "rated", "closed"),
                weights=(5, 10, 20, 20, 15, 15, 15),
            )[0]
            assigned = as_of - timedelta(days=rng.randint(10, 200))
            answered = state in ("replied", "rated", "closed")
            rows.append(
                {
                    "tenant_id": self.tenant,
                    "session": f"{as_of.year}年人代会"
                    if kind == "suggestion"
                    else f"{as_of.year}年政协会",
                    "number": f"{n:05d}",
                    "kind": kind,
                    "title": f"关于{_TOPICS[n % len(_TOPICS)]}的{_KIND_ZH[kind]}",
                    "content": "",
                    "proposer": f"代表{n}",
                    "co_signers": [],
                    "category": "",
                    "office_unit_id": self.province,
                    "lead_unit_id": None if state == "registered" else rng.choice(leads),
                    "state": state,
                    "round": 1,
                    "assigned_on": None if state == "registered" else assigned,
                    "reply_due": None
                    if state == "registered"
                    else calendar.add_working_days(assigned, 60),
                    "return_reason": "",
                    "outcome": rng.choice("ABC") if answered else None,
                    "satisfaction": rng.choice(("satisfied", "basically"))
                    if state in ("rated", "closed")
                    else None,
                    "light": "not_started",
                    "light_reasons": [],
                    "created_at": _at(assigned - timedelta(days=5)),
                    "updated_at": _at(assigned),
                    "version": 1,
                }
            )
        ids = list(
            session.scalars(
                insert(Proposal).returning(Proposal.id, sort_by_parameter_order=True), rows
            )
        )
        self.counts.proposals += len(ids)
        for proposal in session.scalars(select(Proposal).where(Proposal.id.in_(ids))):
            proposals.refresh_light(
                session, actor=self.actor, proposal=proposal, settings=self.settings, on=as_of
            )

    def _livelihood(self, session: Session) -> None:
        s, rng, year = self.scale, self.rng, self.as_of.year
        leads = self.departments
        for n in range(1, s.matters + 1):
            lead = leads[n % len(leads)]
            matter = LivelihoodMatter(
                tenant_id=self.tenant,
                year=year,
                number=n,
                name=f"民生实事第{n}项",
                office_unit_id=self.province,
                lead_unit_id=lead,
                report_cycle="quarterly",
            )
            session.add(matter)
            session.flush()
            target = LivelihoodTarget(
                tenant_id=self.tenant,
                matter_id=matter.id,
                position=1,
                name="完成数量",
                measure="个",
                target_value=float(rng.randint(100, 5000)),
                lead_unit_id=lead,
            )
            session.add(target)
            session.flush()
            quarters = [q for q in range(1, 5) if date(year, 3 * q, 28) < self.as_of]
            session.execute(
                insert(LivelihoodValue),
                [
                    {
                        "tenant_id": self.tenant,
                        "target_id": target.id,
                        "period": f"{year}Q{q}",
                        "value": target.target_value * q / 4 * rng.uniform(0.7, 1.1),
                        "note": "",
                        "unit_id": lead,
                        "reported_at": _at(date(year, 3 * q, 28)),
                        "created_at": self.now,
                        "updated_at": self.now,
                        "version": 1,
                    }
                    for q in quarters
                ],
            ) if quarters else None
            livelihood_matters.refresh_light(
                session, matter=matter, settings=self.settings, on=self.as_of
            )
            self.counts.matters += 1
        values: list[dict[str, Any]] = []
        for n in range(1, s.indicators + 1):
            indicator = Indicator(
                tenant_id=self.tenant,
                code=f"ZB{n:04d}",
                name=f"指标{n}",
                measure="%",
                office_unit_id=self.province,
                owner_unit_id=leads[n % len(leads)],
                position=n,
            )
            session.add(indicator)
            session.flush()
            for region in self.cities:
                for period in (f"{year}Q1", f"{year}H1", f"{year}Q3", f"{year}"):
                    goal = round(rng.uniform(50, 100), 1)
                    values.append(
                        {
                            "tenant_id": self.tenant,
                            "indicator_id": indicator.id,
                            "period": period,
                            "region_unit_id": region,
                            "target_value": goal,
                            "actual_value": round(goal * rng.uniform(0.8, 1.1), 1)
                            if period != f"{year}"
                            else None,
                            "note": "",
                            "light": "not_started",
                            "light_reasons": [],
                            "created_at": self.now,
                            "updated_at": self.now,
                            "version": 1,
                        }
                    )
        for chunk in _chunks(values):
            insert_rows(session, _table(IndicatorValue), chunk)
        self.counts.indicator_values += len(values)
        livelihood_indicators.refresh_lights(session, actor=self.actor, settings=self.settings)


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _by_depth(plan: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    depth: dict[int, int] = {}
    levels: list[list[dict[str, Any]]] = []
    for item in plan:  # parents come before their children in the plan
        d = 0 if item["parent"] is None else depth[item["parent"]] + 1
        depth[item["key"]] = d
        while len(levels) <= d:
            levels.append([])
        levels[d].append(item)
    return levels


def _months_between(start: date, end: date) -> list[str]:
    return rules.periods_between("monthly", start, end)


_TOPICS = (
    "推进重大项目建设",
    "扩大有效投资",
    "促进消费恢复",
    "稳定工业增长",
    "保障粮食安全",
    "深化营商环境改革",
    "扩大高水平开放",
    "支持民营经济发展",
    "办好民生实事",
    "抓好安全生产",
    "推动乡村振兴",
    "加强生态环境保护",
    "提升公共服务水平",
    "稳定就业",
    "防范化解风险",
)
_KIND_ZH = {"suggestion": "建议", "proposal": "提案"}
_LINES = (
    "项目投资",
    "消费恢复",
    "工业经济",
    "农业农村",
    "改革开放",
    "民营经济",
    "民生保障",
    "安全生产",
)
_PROJECTS = (
    "高速公路",
    "水利枢纽",
    "产业园区",
    "城市更新",
    "数据中心",
    "医院扩建",
    "学校新建",
    "电网改造",
)
