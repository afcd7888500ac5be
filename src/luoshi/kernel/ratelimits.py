"""Rate-limit counts kept in the database, so that every instance of the app behind a load
balancer counts against one limit (the in-process limiter counts per process).

The window slides approximately: the count of the current fixed window plus the previous
window's count weighted by the share of it still inside the sliding window (the estimate
Cloudflare and others use). A refused request is not counted, as in the in-process limiter.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from luoshi.kernel.models import RateLimitHit


def key_digest(key: str) -> str:
    """The stored form of a key: no address or username is kept in the table."""
    return hashlib.sha256(key.encode()).hexdigest()


def hit(
    conn: Connection,
    *,
    tenant: str,
    bucket: str,
    key: str,
    limit: int,
    window_seconds: float,
    now: float,
) -> float:
    """Count one request at ``now`` (epoch seconds) if it is within ``limit``: 0 when
    allowed, else the seconds until one would be. Runs in the caller's transaction."""
    window = int(now // window_seconds)
    digest = key_digest(key)
    counts = dict(
        conn.execute(
            select(RateLimitHit.window_start, RateLimitHit.hits).where(
                RateLimitHit.tenant_id == tenant,
                RateLimitHit.bucket == bucket,
                RateLimitHit.key_digest == digest,
                RateLimitHit.window_start.in_((window - 1, window)),
            )
        ).all()
    )
    previous, current = counts.get(window - 1, 0), counts.get(window, 0)
    elapsed = now / window_seconds - window  # share of the current window gone, 0..1
    if previous * (1 - elapsed) + current >= limit:
        return _wait(previous, current, limit, elapsed) * window_seconds
    _increment(conn, tenant=tenant, bucket=bucket, digest=digest, window=window)
    return 0.0


def _wait(previous: int, current: int, limit: int, elapsed: float) -> float:
    """Windows (as a fraction) until the estimate falls below the limit."""
    if current >= limit or previous == 0:
        return 1 - elapsed  # only the next window frees a place
    # previous * (1 - e) + current < limit  <=>  e > 1 - (limit - current) / previous
    needed = 1 - (limit - current) / previous
    return max(needed - elapsed, 0.0) + 1e-3


def _increment(conn: Connection, *, tenant: str, bucket: str, digest: str, window: int) -> None:
    values = {
        "tenant_id": tenant,
        "bucket": bucket,
        "key_digest": digest,
        "window_start": window,
        "hits": 1,
    }
    keys = ["tenant_id", "bucket", "key_digest", "window_start"]
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(RateLimitHit).values(values)
        conn.execute(
            pg.on_conflict_do_update(index_elements=keys, set_={"hits": RateLimitHit.hits + 1})
        )
    else:
        lite = sqlite.insert(RateLimitHit).values(values)
        conn.execute(
            lite.on_conflict_do_update(index_elements=keys, set_={"hits": RateLimitHit.hits + 1})
        )


def prune(conn: Connection, *, before_window: int) -> int:
    """Forget windows that no estimate reads any more; returns how many rows went."""
    result = conn.execute(delete(RateLimitHit).where(RateLimitHit.window_start < before_window))
    return result.rowcount or 0
