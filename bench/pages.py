"""Time of every HTML page, as each role opens it, at province scale (issue #12 item 7).

    .venv/bin/python bench/pages.py --db /tmp/luoshi-pages.db [--repeat 5] [--only PREFIX ...]

``--db`` is a SQLite file seeded by ``luoshi seed --scale province`` (or a PostgreSQL URL).
The bench WRITES to it: it upgrades its schema and adds the people the seed lacks (a
leader, the three administrators), so give it a copy, never a database anyone else uses.

Each role logs in through the app (``/api/auth/login``, the administrators with their
second factor), then every page that role opens is requested through the ASGI app
(httpx, no network, one event loop): each role's home ``/``, ``/inbox``, the task list
(plain, by light, by unit, a search, a later page), a red task with the longest ladder,
every register's list and a record, the sources, bulletins, the administrators' pages and
the audit trail, the public page, and the dashboards (timed, owned elsewhere). Each page is
warmed once, then requested ``--repeat`` times; one JSON line per page gives the median
CPU time of this process (every thread's: the app's thread pool and SQLite in it — what a
quiet machine's wall time would be, and steady on a shared one) and the median wall time,
in ms, against the target of docs/web.md: under 200 ms of CPU.

Not a test: pytest does not collect bench/.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio.to_thread
import httpx
import pyotp
from scale_world import settings_for
from sqlalchemy import Engine, text

from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.interchange.seed import SEED_PASSWORD
from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.migrations import runner
from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_HEADER

TARGET_MS = 200.0
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the bench's own administrators only
# The people the seed does not make, added at the provincial unit: username → roles.
EXTRA_PEOPLE = {
    "bench-leader": ["leader"],
    "bench-sysadmin": ["sysadmin"],
    "bench-secadmin": ["secadmin"],
    "bench-auditor": ["auditor"],
}


@dataclass(frozen=True)
class Targets:
    """The records the pages open, chosen from the data."""

    red_task: int  # the red task with the longest ladder (supervision actions)
    dept_task: int  # a task the department leads
    county_task: int  # a task the county leads
    unit_code: str  # a department that leads tasks (the list's unit filter)
    word: str  # a word of a task title (the list's search)
    records: dict[str, int | None]  # register → its first record's id (None: no rows)


def add_people(engine: Engine, settings: Settings) -> None:
    """The leader and the administrators, once (the seed makes only office and units)."""
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        province = session.execute(
            text(
                "SELECT u.code FROM user_account a JOIN unit u ON u.id = a.unit_id "
                "WHERE a.username = 'seed-office' AND a.tenant_id = :t"
            ),
            {"t": settings.tenant},
        ).scalar_one()
        for username, roles in EXTRA_PEOPLE.items():
            found = users.get_user_by_username(
                session, tenant_id=settings.tenant, username=username
            )
            if found is not None:
                continue
            user = users.create_user(
                session,
                actor=system_actor(settings.tenant),
                username=username,
                password=SEED_PASSWORD,
                unit_code=province,
                roles=roles,
            )
            if users.requires_totp(user):
                user.totp_secret = TOTP_SECRET
                user.totp_enabled_at = datetime.now(UTC)


def _scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def find_targets(engine: Engine) -> Targets:
    red_task = _scalar(
        engine,
        "SELECT t.id FROM task t JOIN supervision_action a ON a.task_id = t.id "
        "WHERE t.light = 'red' GROUP BY t.id ORDER BY count(*) DESC, t.id LIMIT 1",
    ) or _scalar(engine, "SELECT id FROM task WHERE light = 'red' ORDER BY id LIMIT 1")

    def led_by(username: str) -> int:
        return int(
            _scalar(
                engine,
                "SELECT t.id FROM task t JOIN user_account a ON a.unit_id = t.lead_unit_id "
                "WHERE a.username = :u ORDER BY t.id LIMIT 1",
                u=username,
            )
        )

    unit_code = _scalar(
        engine,
        "SELECT u.code FROM unit u JOIN user_account a ON a.unit_id = u.id "
        "WHERE a.username = 'seed-dept'",
    )
    title = str(_scalar(engine, "SELECT title FROM task ORDER BY id LIMIT 1") or "")
    word = title.split()[0] if " " in title else title[:2]
    records: dict[str, int | None] = {}
    for name, table in (
        ("projects", "project"),
        ("proposals", "proposal"),
        ("livelihood", "livelihood_matter"),
        ("indicators", "indicator"),
        ("support-items", "support_item"),
        ("docking", "docking_measure"),
        ("sources", "source"),
        ("bulletins", "bulletin"),
    ):
        records[name] = _scalar(engine, f"SELECT min(id) FROM {table}")
    return Targets(
        red_task=int(red_task),
        dept_task=led_by("seed-dept"),
        county_task=led_by("seed-county"),
        unit_code=str(unit_code),
        word=word,
        records=records,
    )


def _registers(t: Targets) -> list[str]:
    paths = [
        "/projects",
        "/projects?page=5",
        "/projects/metrics",
        "/proposals",
        "/livelihood",
        "/indicators",
        "/support-items",
        "/docking",
        "/sources",
        "/bulletins",
    ]
    for name, record in t.records.items():
        if record is not None:
            paths.append(f"/{name}/{record}")
    return paths


def _task_lists(t: Targets) -> list[str]:
    return [
        "/tasks",
        "/tasks?light=red",
        f"/tasks?unit={t.unit_code}",
        f"/tasks?q={t.word}",
        "/tasks?sort=due",
        "/tasks?page=40",
    ]


def pages_of(t: Targets) -> dict[str, list[str]]:
    """username → the pages that person opens."""
    dashboards = ["/dashboard", "/dashboard/screen"]
    return {
        "seed-office": [
            "/",
            "/inbox",
            *_task_lists(t),
            f"/tasks/{t.red_task}",
            *_registers(t),
            *dashboards,
        ],
        "bench-leader": [
            "/",
            "/inbox",
            "/tasks",
            "/tasks?light=red",
            f"/tasks/{t.red_task}",
            *dashboards,
        ],
        "seed-dept": [
            "/",
            "/inbox",
            "/tasks",
            "/tasks?light=red",
            f"/tasks?q={t.word}",
            "/tasks?page=5",
            f"/tasks/{t.dept_task}",
            "/projects",
            "/proposals",
            "/livelihood",
            "/dashboard",
        ],
        "seed-county": [
            "/",
            "/inbox",
            "/tasks",
            "/tasks?light=red",
            f"/tasks/{t.county_task}",
        ],
        "bench-sysadmin": ["/admin", "/admin/users", "/admin/units", "/admin/calendar"],
        "bench-secadmin": ["/admin", "/admin/roles", "/admin/security"],
        "bench-auditor": ["/admin", "/admin/audit", "/admin/audit?object_type=task"],
        "": ["/login", "/public", "/public/en"],
    }


class Browser:
    """One person's client through the ASGI app, on one event loop."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        )

    def _run(self, request: Any) -> httpx.Response:
        return self.loop.run_until_complete(request)

    def _csrf(self) -> None:
        response = self._run(self.client.get("/api/auth/csrf"))
        response.raise_for_status()
        self.client.headers[CSRF_HEADER] = response.json()["csrf_token"]

    def log_in(self, username: str) -> None:
        self._csrf()
        response = self._run(
            self.client.post(
                "/api/auth/login", json={"username": username, "password": SEED_PASSWORD}
            )
        )
        response.raise_for_status()
        if response.json()["stage"] == "totp":
            self._csrf()
            totp = pyotp.TOTP(TOTP_SECRET)
            for offset in (-1, 0, 1):
                code = totp.at(datetime.now(UTC), counter_offset=offset)
                answer = self._run(self.client.post("/api/auth/totp", json={"code": code}))
                if answer.status_code == 200:
                    break
            answer.raise_for_status()
        self._csrf()

    def get(self, path: str) -> int:
        response = self._run(self.client.get(path))
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
        return len(response.content)

    def close(self) -> None:
        self._run(self.client.aclose())


async def _inline(func: Any, *args: Any, **_kwargs: Any) -> Any:
    return func(*args)


def profile(app: Any, loop: asyncio.AbstractEventLoop, username: str, path: str, n: int) -> None:
    """Where one page's time goes: cProfile over ``n`` requests, by cumulative time."""
    browser = Browser(app, loop)
    browser.log_in(username)
    browser.get(path)
    # Sync handlers run in worker threads, which cProfile does not see: inline them.
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    found = cProfile.Profile()
    found.enable()
    for _ in range(n):
        browser.get(path)
    found.disable()
    stats = pstats.Stats(found)
    stats.sort_stats("cumulative").print_stats("luoshi", 40)  # the app's own functions
    stats.sort_stats("tottime").print_stats(25)  # where the time is spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a SQLite file or a database URL (a copy!)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=[], help="only paths starting so")
    parser.add_argument("--profile", metavar="PATH", help="cProfile this page instead")
    parser.add_argument("--as", dest="user", default="seed-office", help="who --profile logs in as")
    args = parser.parse_args()
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    settings = settings_for(url).model_copy(
        update={"session_idle_seconds": 10**9, "session_max_age_seconds": 10**9}
    )
    engine = make_engine(url)
    runner.upgrade(engine)  # a database seeded by an older luoshi gets this version's indexes
    add_people(engine, settings)
    targets = find_targets(engine)
    app = create_app(settings, session_factory=make_sessionmaker(engine))
    loop = asyncio.new_event_loop()
    if args.profile:
        profile(app, loop, args.user, args.profile, args.repeat)
        return
    worst: list[tuple[float, str, str]] = []
    for username, paths in pages_of(targets).items():
        browser = Browser(app, loop)
        if username:
            browser.log_in(username)
        for path in paths:
            if args.only and not any(path.startswith(p) for p in args.only):
                continue
            size = browser.get(path)  # warm: templates compiled, caches filled
            cpu: list[float] = []
            wall: list[float] = []
            for _ in range(args.repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                browser.get(path)
                cpu.append((time.process_time() - start_cpu) * 1000)
                wall.append((time.perf_counter() - start) * 1000)
            median = statistics.median(cpu)
            worst.append((median, username or "visitor", path))
            print(
                json.dumps(
                    {
                        "page": path,
                        "as": username or "visitor",
                        "cpu_ms": round(median, 1),
                        "wall_ms": round(statistics.median(wall), 1),
                        "bytes": size,
                        "ok": median < TARGET_MS,
                    },
                    ensure_ascii=False,
                )
            )
            sys.stdout.flush()
        browser.close()
    loop.close()
    engine.dispose()
    if worst:
        median, who, path = max(worst)
        over = sum(1 for m, _, _ in worst if m >= TARGET_MS)
        print(
            f"slowest (cpu): {median:.1f} ms, {path} as {who}; "
            f"{over} of {len(worst)} pages at or over {TARGET_MS:.0f} ms"
        )


if __name__ == "__main__":
    main()
