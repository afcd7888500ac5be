"""The registers' daily jobs, run after the task jobs by ``luoshi jobs run``, by ``luoshi
serve``'s schedule and by the demo: one place to add a register's job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from luoshi.domains.livelihood import jobs as livelihood_jobs
from luoshi.domains.projects import jobs as project_jobs
from luoshi.domains.proposals import jobs as proposal_jobs
from luoshi.domains.supervision.jobs import RegisterJob, run_jobs
from luoshi.domains.support import jobs as support_jobs
from luoshi.settings import Settings

REGISTER_JOBS: tuple[RegisterJob, ...] = (
    project_jobs.run,
    livelihood_jobs.run,
    proposal_jobs.run,
    support_jobs.run,
)


def run_all_jobs(
    session_factory: sessionmaker[Session], *, settings: Settings, at: datetime | None = None
) -> list[dict[str, Any]]:
    """The task jobs, then every register's, then delivery."""
    return run_jobs(session_factory, settings=settings, at=at, registers=REGISTER_JOBS)
