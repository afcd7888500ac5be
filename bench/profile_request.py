"""Where one request's time goes: cProfile over N requests through the app (ASGI).

    .venv/bin/python bench/profile_request.py [--scale small] [--path /api/tasks/ID] [-n 200]

A page's path (``/``, ``/dashboard``) is requested logged in as ``seed-office`` (pages take
no API token).

Prints the functions with the most cumulative time, grouped by what the docs call the
request's parts (session, actor, permission, queries, serialization).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
from datetime import datetime, time
from typing import Any

import anyio.to_thread
import httpx
from scale_world import app_for, db_url, ensure_seeded, log_in, open_world

from luoshi import clock
from luoshi.interchange import seed as seeding


async def _hit(app: object, token: str, path: str, n: int) -> None:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        if not path.startswith("/api/"):  # pages take a login, not a token
            await log_in(client, "seed-office", seeding.SEED_PASSWORD)
            headers = {}
        for _ in range(n):
            r = await client.get(path, headers=headers)
            r.raise_for_status()


async def _inline(func: Any, *args: Any, **_kwargs: Any) -> Any:
    return func(*args)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--db")
    parser.add_argument("--path")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", help="also write the profile here (for pstats or snakeviz)")
    args = parser.parse_args()
    url = db_url(args.scale, args.db)
    ensure_seeded(args.scale, url)
    world = open_world(url)
    # The seeded data (and its logins' passwords) live at their day: so does the profile.
    clock.travel_to(datetime.combine(world.as_of, time(10), tzinfo=clock.LOCAL_TZ))
    app = app_for(world)
    path = args.path or f"/api/tasks/{world.task_id}"
    asyncio.run(_hit(app, world.token, path, 20))  # warm up
    # Sync handlers and dependencies run in worker threads, which cProfile does not see:
    # for the profile only, they run inline on the event loop's thread.
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    profile = cProfile.Profile()
    profile.enable()
    asyncio.run(_hit(app, world.token, path, args.n))
    profile.disable()
    if args.dump:
        profile.dump_stats(args.dump)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
