"""The seeded database a benchmark runs on, the app over it, and a logged-in client.

Shared by bench/run.py and bench/profile_request.py (not a test: pytest skips bench/).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine, text

from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.kernel import tokens, users
from luoshi.migrations import runner
from luoshi.settings import Settings
from luoshi.web.app import create_app
from luoshi.web.security import CSRF_HEADER

ROOT = Path(__file__).resolve().parents[1]

# httpx's ASGI transport imports sniffio on every request to ask whether trio runs it;
# where sniffio is not installed, that import fails after searching sys.path each time,
# a cost of the bench's client that the benches would charge to the app. Marked absent,
# the import fails at once.
try:
    import sniffio  # noqa: F401
except ImportError:
    sys.modules["sniffio"] = None  # type: ignore[assignment]
AS_OF = date(2026, 6, 30)  # the seeded data lives at this day, whatever today is


@dataclass
class World:
    url: str
    engine: Engine
    settings: Settings
    token: str
    task_id: int  # a sub-task at depth 1 with co-units: the detail benched
    as_of: date  # the day the seeded data lives at


def db_url(scale: str, given: str | None) -> str:
    return given or f"sqlite:////tmp/luoshi-bench-{scale}.db"


def ensure_seeded(scale: str, url: str) -> None:
    """Seed ``url`` at ``scale`` unless it already holds data (``luoshi seed`` itself)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            seeded = conn.execute(text("SELECT count(*) FROM task")).scalar_one() > 0
    except Exception:  # no tables yet
        seeded = False
    finally:
        engine.dispose()
    if seeded:
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "luoshi.cli.main",
            "seed",
            "--scale",
            scale,
            "--db",
            url,
            "--as-of",
            AS_OF.isoformat(),
        ],
        check=True,
        env=env,
    )


def settings_for(url: str, tenant: str = "default") -> Settings:
    """The app's settings for ``url``; ``tenant`` is the deployment's (a nation's database
    holds one per province, ``p01`` … ``p31``: the app serves one of them)."""
    return Settings(
        environment="test",
        database_url=url,
        tenant=tenant,
        secret_key="b" * 40,
        rate_limit_search=10**9,
    )


def open_world(url: str, username: str = "seed-office", tenant: str = "default") -> World:
    settings = settings_for(url, tenant)
    engine = make_engine(url)
    runner.upgrade(engine)  # a database seeded by an older luoshi gets the newer tables
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        user = users.get_user_by_username(session, tenant_id=settings.tenant, username=username)
        assert user is not None, "seed the database first"
        plain, _ = tokens.create_token(
            session, actor=users.actor_for(session, user), name="bench", scope="read", days=1
        )
    with engine.connect() as conn:
        task_id = conn.execute(
            text(
                "SELECT t.id FROM task t WHERE t.tenant_id = :tenant AND t.depth = 1 AND EXISTS "
                "(SELECT 1 FROM task_co_unit c WHERE c.task_id = t.id) ORDER BY t.code LIMIT 1"
            ),
            {"tenant": tenant},
        ).scalar_one()
    return World(url, engine, settings, plain, task_id, seeded_as_of(engine))


def seeded_as_of(engine: Engine) -> date:
    """The day ``luoshi seed`` made the data live at (its audit event's note says
    "luoshi seed as of YYYY-MM-DD"); AS_OF for a database that does not say."""
    with engine.connect() as conn:
        note = conn.execute(
            text(
                "SELECT note FROM audit_event WHERE action = 'seed.generate' "
                "ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
    found = re.search(r"as of (\d{4}-\d{2}-\d{2})", note or "")
    return date.fromisoformat(found[1]) if found else AS_OF


def app_for(world: World) -> FastAPI:
    return create_app(world.settings, session_factory=make_sessionmaker(world.engine))


async def log_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    """Log ``client`` in as a person (a session cookie, its CSRF token sent from then on):
    the HTML pages take no API token."""
    csrf = await client.get("/api/auth/csrf")
    csrf.raise_for_status()
    client.headers[CSRF_HEADER] = csrf.json()["csrf_token"]
    response = await client.post(
        "/api/auth/login", json={"username": username, "password": password}
    )
    response.raise_for_status()
    assert response.json()["stage"] == "active", response.text
