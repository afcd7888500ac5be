"""The bare endpoint the throughput bench compares with: FastAPI + SQLAlchemy reading one
task row from the same database (``BENCH_DB_URL``), no auth, no ORM, no checks.

    uvicorn --factory bare_app:create
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text

from luoshi.db import make_engine


def create() -> FastAPI:
    engine = make_engine(os.environ["BENCH_DB_URL"])
    app = FastAPI()

    @app.get("/row/{task_id}")
    def row(task_id: int) -> dict[str, Any]:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT * FROM task WHERE id = :id"), {"id": task_id})
            return dict(found.mappings().one())

    return app
