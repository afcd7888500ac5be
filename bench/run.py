"""The scale benchmarks of issue #11: each prints one JSON line with its ratio, measured in
the same run against a baseline on the same data.

    .venv/bin/python bench/run.py [--scale small|province] [--db URL] [--only NAME ...]

The database is ``/tmp/luoshi-bench-SCALE.db`` unless ``--db`` names one (a PostgreSQL URL
works too); it is seeded with ``luoshi seed --as-of 2026-06-30`` when empty. The benches:

- ``task_list``, ``task_detail``, ``register_list``: the app through ASGI (httpx, no
  network, an API token of the provincial office) against the same rows read with
  hand-written SQL on a raw DB-API connection and serialised with ``json.dumps``;
  target ≤ 2 (app time / SQL time, medians of interleaved runs);
- ``throughput``: the app under uvicorn on loopback against a bare FastAPI + SQLAlchemy
  endpoint reading the same task row from the same database, each loaded by the same
  bounded generator (an asyncio httpx client, ``--connections`` for ``--seconds``);
  target ≥ 0.5 (app requests/s / bare requests/s);
- ``jobs``: the lights job over every task (``supervision.jobs``, batches, a commit per
  batch) against a plain pass of two SQL queries feeding the same light rules; time per
  task and peak memory (tracemalloc); target ≤ 2;
- ``dashboard``: ``GET /dashboard`` (every chart) through the app, logged in as the
  provincial office's leader, against the figures of every chart by hand-written SQL
  (``DashboardSQL``); target ≤ 2. Then every route of the dashboard alone (``/`` and each
  chart's download), printed as ``dashboard_routes`` with the slowest against
  ``--dashboard-target-ms`` (300 ms: a province on SQLite).

The clock travels to the day the database was seeded at (``luoshi seed --as-of``, read
from its ``seed.generate`` audit event).

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

import httpx
from scale_world import ROOT, World, app_for, db_url, ensure_seeded, log_in, open_world

from luoshi import clock
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.dashboards import charts
from luoshi.domains.livelihood.periods import indicator_period
from luoshi.domains.progress import lights, rules, schedule
from luoshi.domains.supervision import jobs
from luoshi.interchange import seed as seeding
from luoshi.kernel.permissions import system_actor

PAGE = 20


def line(name: str, ratio: float, target: str, **extra: Any) -> None:
    bound = float(target.split()[1])
    ok = ratio <= bound if target.startswith("<=") else ratio >= bound
    print(
        json.dumps({"bench": name, "ratio": round(ratio, 3), "target": target, "ok": ok, **extra})
    )
    sys.stdout.flush()


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


# What the read benches time each call by: the wall clock (perf_counter), or the CPU time
# of this process (process_time: every thread's, so the app's thread pool is counted), which
# a machine loaded by other work disturbs far less. SQLite answers inside this process, so
# both sides' CPU time includes their SQL.
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock_of = CLOCKS["wall"]


def interleaved(
    a: Callable[[], object], b: Callable[[], object], repeat: int
) -> tuple[list[float], list[float]]:
    """Run a and b alternately ``repeat`` times (a burst of load hits both alike)."""
    timer = clock_of
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(3):  # warm both
        a()
        b()
    for _ in range(repeat):
        start = timer()
        a()
        ta.append(timer() - start)
        start = timer()
        b()
        tb.append(timer() - start)
    return ta, tb


# ---------------------------------------------------------------- through the app (ASGI)


class AppClient:
    """GETs through the ASGI app on one event loop (no network)."""

    def __init__(self, world: World) -> None:
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=app_for(world))
        self.client = httpx.AsyncClient(
            transport=transport,
            base_url="http://bench",
            headers={"Authorization": f"Bearer {world.token}"},
        )

    def get(self, path: str) -> bytes:
        response = self.loop.run_until_complete(self.client.get(path))
        response.raise_for_status()
        return response.content

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


class RawSQL:
    """Hand-written SQL on a raw DB-API connection of the same engine."""

    def __init__(self, world: World) -> None:
        self.conn = world.engine.raw_connection()
        self.pg = world.engine.dialect.name == "postgresql"
        self.world = world

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        if self.pg:
            sql = sql.replace("?", "%s")
        cursor = self.conn.cursor()
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        cursor.close()
        self.conn.commit()
        return found

    def close(self) -> None:
        self.conn.close()


def _office_path(sql: RawSQL, tenant: str) -> str:
    row = sql.rows(
        "SELECT u.path FROM user_account a JOIN unit u ON u.id = a.unit_id "
        "WHERE a.tenant_id = ? AND a.username = ?",
        (tenant, "seed-office"),
    )
    return str(row[0]["path"])


_VISIBLE = """
    t.tenant_id = ? AND (
        t.office_unit_id IN (SELECT id FROM unit WHERE path LIKE ?)
        OR t.lead_unit_id IN (SELECT id FROM unit WHERE path LIKE ?)
        OR EXISTS (SELECT 1 FROM task_co_unit c JOIN unit u ON u.id = c.unit_id
                   WHERE c.task_id = t.id AND u.path LIKE ?))
"""
_TASK_COLUMNS = (
    "t.id, t.code, t.title, t.description, t.source_id, t.directive_id, t.span_start, "
    "t.span_end, t.work_line, t.domain, t.parent_id, t.depth, t.responsible_leader, "
    "t.start_date, t.due_date, t.report_cycle, t.report_day, t.status, t.progress, t.weight, "
    "t.light, t.light_reasons, t.version, t.created_at, t.updated_at, "
    "l.id AS lead_id, l.code AS lead_code, l.name_zh AS lead_name_zh, l.name_en AS lead_name_en"
)


def _co_units(sql: RawSQL, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    marks = ", ".join("?" for _ in ids)
    co: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in sql.rows(
        f"SELECT c.task_id, u.id, u.code, u.name_zh, u.name_en FROM task_co_unit c "
        f"JOIN unit u ON u.id = c.unit_id WHERE c.task_id IN ({marks}) ORDER BY u.path",
        tuple(ids),
    ):
        co[row.pop("task_id")].append(row)
    return co


def sql_task_list(sql: RawSQL, tenant: str, path: str) -> bytes:
    like = path + "%"
    params = (tenant, like, like, like)
    total = sql.rows(f"SELECT count(*) AS n FROM task t WHERE {_VISIBLE}", params)[0]["n"]
    items = sql.rows(
        f"SELECT {_TASK_COLUMNS} FROM task t LEFT JOIN unit l ON l.id = t.lead_unit_id "
        f"WHERE {_VISIBLE} ORDER BY t.code LIMIT {PAGE}",
        params,
    )
    co = _co_units(sql, [r["id"] for r in items])
    for item in items:
        item["co_units"] = co[item["id"]]
    return json.dumps({"items": items, "total": total}, default=str).encode()


def sql_task_detail(sql: RawSQL, task_id: int) -> bytes:
    (item,) = sql.rows(
        f"SELECT {_TASK_COLUMNS}, t.span_start, t.span_end FROM task t "
        "LEFT JOIN unit l ON l.id = t.lead_unit_id WHERE t.id = ?",
        (task_id,),
    )
    item["co_units"] = _co_units(sql, [task_id])[task_id]
    return json.dumps(item, default=str).encode()


def sql_project_list(sql: RawSQL, tenant: str, path: str, year: int) -> bytes:
    like = path + "%"
    visible = (
        "p.tenant_id = ? AND (p.office_unit_id IN (SELECT id FROM unit WHERE path LIKE ?) "
        "OR p.owner_unit_id IN (SELECT id FROM unit WHERE path LIKE ?))"
    )
    total = sql.rows(f"SELECT count(*) AS n FROM project p WHERE {visible}", (tenant, like, like))
    items = sql.rows(
        "SELECT p.*, o.code AS owner_code, o.name_zh AS owner_name, r.code AS region_code, "
        "r.name_zh AS region_name, y.planned_investment, "
        "(SELECT sum(investment_month) FROM project_report x WHERE x.project_id = p.id) AS total, "
        "(SELECT sum(investment_month) FROM project_report x WHERE x.project_id = p.id "
        " AND x.period LIKE ?) AS ytd "
        "FROM project p JOIN unit o ON o.id = p.owner_unit_id "
        "LEFT JOIN unit r ON r.id = p.region_unit_id "
        "LEFT JOIN project_year_plan y ON y.project_id = p.id AND y.year = ? "
        f"WHERE {visible} ORDER BY p.code LIMIT {PAGE}",
        (f"{year}-%", year, tenant, like, like),
    )
    return json.dumps({"items": items, "total": total[0]["n"]}, default=str).encode()


def bench_reads(world: World, repeat: int, only: set[str]) -> None:
    app, sql = AppClient(world), RawSQL(world)
    tenant, path = world.settings.tenant, _office_path(sql, world.settings.tenant)
    try:
        cases: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "task_list": (
                lambda: app.get(f"/api/tasks?page_size={PAGE}"),
                lambda: sql_task_list(sql, tenant, path),
            ),
            "task_detail": (
                lambda: app.get(f"/api/tasks/{world.task_id}"),
                lambda: sql_task_detail(sql, world.task_id),
            ),
            "register_list": (
                lambda: app.get(f"/api/projects?page_size={PAGE}"),
                lambda: sql_project_list(sql, tenant, path, clock.today().year),
            ),
        }
        for name, (through_app, by_hand) in cases.items():
            if only and name not in only:
                continue
            ta, ts = interleaved(through_app, by_hand, repeat)
            app_ms, sql_ms = median_ms(ta), median_ms(ts)
            line(
                name,
                app_ms / sql_ms,
                "<= 2",
                app_ms=round(app_ms, 2),
                sql_ms=round(sql_ms, 2),
                repeat=repeat,
                clock=next(k for k, v in CLOCKS.items() if v is clock_of),
            )
    finally:
        app.close()
        sql.close()


# ---------------------------------------------------------------- the dashboard

LIT = ("assigned", "accepted", "in_progress", "completed", "verified", "returned", "suspended")
REPORTABLE = ("accepted", "in_progress")


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class DashboardSQL:
    """The figures of every chart of ``/dashboard`` for one viewer, by hand: one GROUP BY
    per figure on a raw DB-API connection, the rows ``json.dumps``-ed as they come (no
    arranging, no HTML). The viewer's scope as the app writes it: the tenant alone when its
    subtree is every unit, else ``unit IN (subtree)`` for the tasks' three unit columns."""

    def __init__(self, sql: RawSQL, tenant: str, path: str) -> None:
        self.sql, self.tenant, self.like = sql, tenant, path + "%"

    def _tasks_seen(self) -> tuple[str, tuple[Any, ...]]:
        every = self.sql.rows(
            "SELECT count(*) AS n, sum(CASE WHEN path LIKE ? THEN 1 ELSE 0 END) AS mine "
            "FROM unit WHERE tenant_id = ?",
            (self.like, self.tenant),
        )[0]
        if every["n"] == every["mine"]:
            return "t.tenant_id = ?", (self.tenant,)
        sub = "(SELECT id FROM unit WHERE tenant_id = ? AND path LIKE ?)"
        return (
            f"t.tenant_id = ? AND (t.office_unit_id IN {sub} OR t.lead_unit_id IN {sub} "
            f"OR t.id IN (SELECT task_id FROM task_co_unit WHERE unit_id IN {sub}))",
            (self.tenant, *(self.tenant, self.like) * 3),
        )

    def figures(self, year: int) -> dict[str, Any]:
        seen, p = self._tasks_seen()
        rows = self.sql.rows
        sub = "(SELECT id FROM unit WHERE tenant_id = ? AND path LIKE ?)"
        unit_p = (self.tenant, self.like)
        lit, open_ = _marks(LIT), _marks(REPORTABLE)
        out: dict[str, Any] = {}
        out["lights_unit"] = rows(
            "SELECT u.code, u.name_zh, t.light, count(*) AS n FROM task t "
            f"JOIN unit u ON u.id = t.lead_unit_id WHERE {seen} AND t.status IN ({lit}) "
            "AND u.path LIKE ? GROUP BY u.id, t.light",
            (*p, self.like),
        )
        out["lights_work_line"] = rows(
            f"SELECT t.work_line, t.light, count(*) AS n FROM task t WHERE {seen} "
            f"AND t.status IN ({lit}) GROUP BY t.work_line, t.light",
            p,
        )
        changes = f"c.task_id IN (SELECT t.id FROM task t WHERE {seen})" if len(p) > 1 else ""
        where = f"c.tenant_id = ?{' AND ' + changes if changes else ''}"
        cp = (self.tenant, *(p if changes else ()))
        out["trend_in"] = rows(
            f"SELECT c.day, c.light, count(*) AS n FROM light_change c WHERE {where} "
            "GROUP BY c.day, c.light",
            cp,
        )
        out["trend_out"] = rows(
            f"SELECT c.day, c.previous, count(*) AS n FROM light_change c WHERE {where} "
            "AND c.previous IS NOT NULL GROUP BY c.day, c.previous",
            cp,
        )
        projects = (
            f"p.tenant_id = ? AND (p.office_unit_id IN {sub} OR p.owner_unit_id IN {sub} "
            f"OR p.region_unit_id IN {sub})"
        )
        pp = (self.tenant, *unit_p * 3)
        out["projects_planned"] = rows(
            "SELECT o.code, o.name_zh, sum(y.planned_investment) AS planned FROM project p "
            "JOIN project_year_plan y ON y.project_id = p.id JOIN unit o ON o.id = p.owner_unit_id "
            f"WHERE {projects} AND y.year = ? GROUP BY o.id",
            (*pp, year),
        )
        out["projects_done"] = rows(
            "SELECT p.owner_unit_id, sum(r.investment_month) AS done FROM project p "
            f"JOIN project_report r ON r.project_id = p.id WHERE {projects} "
            "AND r.period LIKE ? GROUP BY p.owner_unit_id",
            (*pp, f"{year}-%"),
        )
        today = clock.today().isoformat()
        out["proposals"] = rows(
            "SELECT u.code, count(*) AS total, "
            "sum(CASE WHEN r.sent_on IS NOT NULL THEN 1 ELSE 0 END) AS answered, "
            "sum(CASE WHEN r.sent_on IS NOT NULL OR (CASE WHEN r.id IS NOT NULL THEN r.due_on "
            "  WHEN x.round = 1 THEN x.reply_due END) < ? THEN 1 ELSE 0 END) AS due, "
            "sum(CASE WHEN r.sent_on IS NOT NULL AND (r.due_on IS NULL OR r.sent_on <= r.due_on) "
            "  THEN 1 ELSE 0 END) AS on_time, "
            + ", ".join(
                f"sum(CASE WHEN r.sent_on IS NOT NULL AND x.outcome = '{k}' THEN 1 ELSE 0 END) "
                f"AS o_{k}"
                for k in ("A", "B", "C", "D")
            )
            + ", "
            + ", ".join(
                f"sum(CASE WHEN x.satisfaction = '{k}' THEN 1 ELSE 0 END) AS s_{k}"
                for k in ("satisfied", "basically", "unsatisfied")
            )
            + " FROM proposal x LEFT JOIN proposal_reply r ON r.proposal_id = x.id "
            "AND r.round = 1 LEFT JOIN unit u ON u.id = x.lead_unit_id "
            f"WHERE x.tenant_id = ? AND (x.office_unit_id IN {sub} OR x.lead_unit_id IN {sub}) "
            "AND x.state <> 'split' GROUP BY u.code",
            (today, self.tenant, *unit_p * 2),
        )
        indicators = (
            f"v.indicator_id IN (SELECT id FROM indicator i WHERE i.tenant_id = ? "
            f"AND (i.office_unit_id IN {sub} OR i.owner_unit_id IN {sub}))"
        )
        ip = (self.tenant, *unit_p * 2)
        periods = rows(
            f"SELECT DISTINCT v.period FROM indicator_value v WHERE {indicators} "
            "AND v.actual_value IS NOT NULL",
            ip,
        )
        latest = max(
            (r["period"] for r in periods), key=lambda c: indicator_period(c).end, default=""
        )
        out["indicators"] = rows(
            "SELECT u.code, u.name_zh, v.light, count(*) AS n FROM indicator_value v "
            f"JOIN unit u ON u.id = v.region_unit_id WHERE {indicators} AND v.period = ? "
            "GROUP BY u.id, v.light",
            (*ip, latest),
        )
        out["livelihood"] = rows(
            "SELECT u.code, u.name_zh, g.light, count(*) AS n FROM livelihood_target g "
            "JOIN livelihood_matter m ON m.id = g.matter_id JOIN unit u ON u.id = g.lead_unit_id "
            f"WHERE m.tenant_id = ? AND (m.office_unit_id IN {sub} OR m.lead_unit_id IN {sub}) "
            "AND m.year = ? GROUP BY u.id, g.light",
            (*ip, year),
        )
        out["burden_lead"] = rows(
            f"SELECT t.lead_unit_id, t.report_cycle, count(*) AS n FROM task t WHERE {seen} "
            f"AND t.status IN ({open_}) AND t.lead_unit_id IS NOT NULL "
            "GROUP BY t.lead_unit_id, t.report_cycle",
            p,
        )
        out["burden_co"] = rows(
            "SELECT c.unit_id, t.report_cycle, count(*) AS n FROM task_co_unit c "
            f"JOIN task t ON t.id = c.task_id WHERE {seen} AND t.status IN ({open_}) "
            "GROUP BY c.unit_id, t.report_cycle",
            p,
        )
        actions = f"a.task_id IN (SELECT t.id FROM task t WHERE {seen})" if len(p) > 1 else ""
        out["burden_chased"] = rows(
            "SELECT a.unit_id, a.step, count(*) AS n FROM supervision_action a "
            f"WHERE a.tenant_id = ? {'AND ' + actions if actions else ''} AND a.issued_on >= ? "
            "GROUP BY a.unit_id, a.step",
            (self.tenant, *(p if actions else ()), f"{year}-01-01"),
        )
        for key in ("title", "directive_id"):
            both = (
                f"SELECT t.lead_unit_id AS unit_id, t.{key} AS what FROM task t WHERE {seen} "
                f"AND t.status IN ({open_}) AND t.{key} IS NOT NULL "
                "AND t.lead_unit_id IS NOT NULL UNION ALL "
                f"SELECT c.unit_id, t.{key} FROM task_co_unit c JOIN task t ON t.id = c.task_id "
                f"WHERE {seen} AND t.status IN ({open_}) AND t.{key} IS NOT NULL"
            )
            out[f"duplicates_{key}"] = rows(
                f"SELECT unit_id, what, count(*) AS n FROM ({both}) b GROUP BY unit_id, what "
                "HAVING count(*) > 1 ORDER BY n DESC, unit_id",
                (*p, *p),
            )
        out["units"] = rows(
            "SELECT id, code, name_zh, path FROM unit WHERE tenant_id = ? AND path LIKE ?",
            unit_p,
        )
        return out

    def dumped(self, year: int) -> bytes:
        return json.dumps(self.figures(year), default=str).encode()


class PageClient(AppClient):
    """The app's HTML pages through ASGI, logged in as a person (pages take no token)."""

    def __init__(self, world: World, username: str, password: str) -> None:
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=app_for(world))
        self.client = httpx.AsyncClient(transport=transport, base_url="http://bench")
        self.loop.run_until_complete(log_in(self.client, username, password))


def _dashboard_routes(world: World) -> list[str]:
    return ["/", "/dashboard"] + [
        f"/dashboard/download?chart={key}&format=csv" for key in charts.CHARTS
    ]


def bench_dashboard(world: World, repeat: int, target_ms: float) -> None:
    """The leader's dashboard (``/dashboard``: every chart, as the provincial office's
    leader sees it) through the app against the same figures by hand-written SQL; then
    each route of the dashboard alone (the home ``/`` with its office and leader sections,
    and every chart through its CSV download), its median against ``target_ms``."""
    app = PageClient(world, "seed-office", seeding.SEED_PASSWORD)
    sql = RawSQL(world)
    hand = DashboardSQL(sql, world.settings.tenant, _office_path(sql, world.settings.tenant))
    year = clock.today().year
    try:
        ta, ts = interleaved(lambda: app.get("/dashboard"), lambda: hand.dumped(year), repeat)
        app_ms, sql_ms = median_ms(ta), median_ms(ts)
        line(
            "dashboard",
            app_ms / sql_ms,
            "<= 2",
            ms=round(app_ms, 1),
            sql_ms=round(sql_ms, 1),
            repeat=repeat,
            clock=next(k for k, v in CLOCKS.items() if v is clock_of),
        )
        routes: dict[str, float] = {}
        for path in _dashboard_routes(world):
            app.get(path)  # warm
            times = []
            for _ in range(repeat):
                start = clock_of()
                app.get(path)
                times.append(clock_of() - start)
            routes[path] = round(median_ms(times), 1)
        slowest = max(routes.values())
        print(
            json.dumps(
                {
                    "bench": "dashboard_routes",
                    "slowest_ms": slowest,
                    "target": f"< {target_ms:g} ms",
                    "ok": slowest < target_ms,
                    "ms": routes,
                    "database": world.engine.dialect.name,
                    "repeat": repeat,
                }
            )
        )
        sys.stdout.flush()
    finally:
        app.close()
        sql.close()


# ---------------------------------------------------------------- throughput (uvicorn)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(argv: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(
        f"server on {port} did not start: {proc.stderr.read() if proc.stderr else ''!r}"
    )


async def load(url: str, headers: dict[str, str], connections: int, seconds: float) -> float:
    """Requests/s over ``seconds`` with ``connections`` clients each sending one at a time."""
    done = 0
    end = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=30) as client:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < end:
                response = await client.get(url)
                response.raise_for_status()
                done += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.monotonic() - started)


def bench_throughput(world: World, connections: int, seconds: float) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "bench")]),
        "LUOSHI_DATABASE_URL": world.url,
        "LUOSHI_ENVIRONMENT": "test",
        "LUOSHI_SECRET_KEY": "b" * 40,
        "LUOSHI_RATE_LIMIT_SEARCH": str(10**9),
        "BENCH_DB_URL": world.url,
    }
    uvicorn = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "--log-level",
        "warning",
        "--host",
        "127.0.0.1",
        "--workers",
        "1",
    ]
    results: dict[str, list[float]] = {"app": [], "bare": []}
    targets = {
        "app": (
            "luoshi.web.app:app_factory",
            f"/api/tasks/{world.task_id}",
            {"Authorization": f"Bearer {world.token}"},
        ),
        "bare": ("bare_app:create", f"/row/{world.task_id}", {}),
    }
    servers = {}
    try:
        for name, (factory, _, _) in targets.items():
            port = free_port()
            servers[name] = (serve([*uvicorn, "--port", str(port), factory], env, port), port)
        for _ in range(2):  # interleaved rounds
            for name, (_, path, headers) in targets.items():
                port = servers[name][1]
                url = f"http://127.0.0.1:{port}{path}"
                asyncio.run(load(url, headers, connections, 1.0))  # warm up
                results[name].append(asyncio.run(load(url, headers, connections, seconds)))
    finally:
        for proc, _ in servers.values():
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
    app_rps, bare_rps = statistics.median(results["app"]), statistics.median(results["bare"])
    line(
        "throughput",
        app_rps / bare_rps,
        ">= 0.5",
        app_rps=round(app_rps, 1),
        bare_rps=round(bare_rps, 1),
        connections=connections,
        seconds=seconds,
    )


# ---------------------------------------------------------------- jobs


def _job_pass(world: World, on: date) -> int:
    """The lights job as ``luoshi jobs run`` takes it: batches, a commit per batch."""
    factory = make_sessionmaker(world.engine)
    actor = system_actor(world.settings.tenant)
    with transaction(factory) as session:
        ids = [task.id for task, _ in lights.facts_rows(session, tenant_id=actor.tenant_id)]

    def step(batch: list[int]) -> list[dict[str, Any]]:
        with transaction(factory) as session:
            return jobs._refresh_lights(
                session, actor=actor, settings=world.settings, batch=batch, on=on
            )

    jobs.in_batches(ids, step, settings=world.settings)
    return len(ids)


def _whole_run(world: World, on: date) -> float:
    """``run_jobs`` (acceptance by default, lights, the ladder) on a copy of the database,
    so that every run of the bench finds the same steps to take; seconds."""
    if world.engine.dialect.name != "sqlite":
        return float("nan")
    source = Path(world.engine.url.database or "")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "jobs.db"
        shutil.copy(source, copy)
        engine = make_engine(f"sqlite:///{copy}")
        try:
            start = time.perf_counter()
            jobs.run_jobs(
                make_sessionmaker(engine),
                settings=world.settings,
                at=datetime.combine(on, dtime(2), tzinfo=clock.LOCAL_TZ),
            )
            return time.perf_counter() - start
        finally:
            engine.dispose()


def _plain_pass(world: World, on: date) -> int:
    """Two SQL queries (tasks, their lead unit's reports) feeding the same light rules."""
    factory = make_sessionmaker(world.engine)
    with transaction(factory) as session:
        calendar = schedule.calendar_for(
            session, settings=world.settings, tenant_id=world.settings.tenant
        )
        n = 0
        for task, reports in lights.facts_rows(session, tenant_id=world.settings.tenant):
            facts = lights.facts_from(
                task, reports, [], settings=world.settings, calendar=calendar, on=on
            )
            rules.compute_light(
                facts, on=on, calendar=calendar, thresholds=lights.thresholds(world.settings)
            )
            n += 1
    return n


def measured(fn: Callable[[], int]) -> tuple[float, int, int]:
    tracemalloc.start()
    start = time.perf_counter()
    n = fn()
    took = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return took, peak, n


def bench_jobs(world: World) -> None:
    job_s, job_peak, n = measured(lambda: _job_pass(world, world.as_of))
    plain_s, plain_peak, m = measured(lambda: _plain_pass(world, world.as_of))
    assert n == m, (n, m)
    whole = _whole_run(world, world.as_of)
    line(
        "jobs",
        job_s / plain_s,
        "<= 2",
        tasks=n,
        job_ms_per_task=round(job_s / n * 1000, 3),
        plain_ms_per_task=round(plain_s / n * 1000, 3),
        run_jobs_ms_per_task=round(whole / n * 1000, 3),
        job_peak_mb=round(job_peak / 2**20, 1),
        plain_peak_mb=round(plain_peak / 2**20, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="small", choices=("small", "province"))
    parser.add_argument("--db", help="default: /tmp/luoshi-bench-SCALE.db")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument(
        "--as-of", help="the day the data lives at, YYYY-MM-DD (default: the seed's, read back)"
    )
    parser.add_argument(
        "--dashboard-repeat", type=int, default=10, help="runs of each dashboard request"
    )
    parser.add_argument(
        "--dashboard-target-ms",
        type=float,
        default=300.0,
        help="each dashboard route's target (300 ms: a province on SQLite; 1000: a nation)",
    )
    parser.add_argument(
        "--tenant",
        default="default",
        help="the tenant served and benched (a nation's database: one province, p01 … p31)",
    )
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="time the read benches by the wall clock or by this process's CPU time",
    )
    args = parser.parse_args()
    global clock_of
    clock_of = CLOCKS[args.clock]
    url = db_url(args.scale, args.db)
    ensure_seeded(args.scale, url)
    # Its token lasts a day from now, for the servers too.
    world = open_world(url, tenant=args.tenant)
    if args.as_of:
        world.as_of = date.fromisoformat(args.as_of)
    # The seeded data lives at its day: the app, the SQL and the jobs here all see that day.
    clock.travel_to(datetime.combine(world.as_of, dtime(10), tzinfo=clock.LOCAL_TZ))
    only = set(args.only)
    try:
        bench_reads(world, args.repeat, only)
        if not only or "dashboard" in only:
            bench_dashboard(world, args.dashboard_repeat, args.dashboard_target_ms)
        if not only or "throughput" in only:
            bench_throughput(world, args.connections, args.seconds)
        if not only or "jobs" in only:
            bench_jobs(world)
    finally:
        world.engine.dispose()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
