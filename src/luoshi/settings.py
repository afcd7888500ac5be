"""The one typed reader of the environment (prefix ``LUOSHI_``).

Build it explicitly with :func:`get_settings`; nothing builds settings at import time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "dev-insecure-secret-change-me"


class Settings(BaseSettings):
    """Every setting luoshi reads. docs/settings.md documents each field (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="LUOSHI_", env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///luoshi.db"
    # A PostgreSQL streaming replica for read-only requests (lists, dashboards, exports).
    database_replica_url: str | None = None
    replica_read_your_writes_seconds: int = Field(default=10, ge=0, le=3600)
    secret_key: str = DEFAULT_SECRET
    tenant: str = "default"
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"
    session_max_age_seconds: int = Field(default=8 * 3600, ge=60)
    session_idle_seconds: int = Field(default=30 * 60, ge=60)
    password_policy: Literal["mlps", "asvs"] = "mlps"
    lockout_threshold: int = Field(default=5, ge=1)
    lockout_seconds: int = Field(default=15 * 60, ge=1)
    lockout_max_seconds: int = Field(default=60 * 60, ge=1)
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    evidence_dir: Path = Path("luoshi-evidence")
    evidence_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    calendar_file: Path | None = None
    return_window_working_days: int = Field(default=7, ge=0)
    monthly_report_day: int = Field(default=25, ge=1, le=28)
    light_yellow_lag: float = Field(default=0.15, ge=0, le=1)
    light_red_lag: float = Field(default=0.30, ge=0, le=1)
    light_due_soon_working_days: int = Field(default=5, ge=0)
    remind_before_working_days: int = Field(default=3, ge=0)
    notice_yellow_after_working_days: int = Field(default=5, ge=1)
    notice_red_after_working_days: int = Field(default=10, ge=1)
    reminders_per_unit_per_day: int = Field(default=20, ge=1)
    light_missing_reports_red: int = Field(default=2, ge=1)
    urge_after_working_days: int = Field(default=1, ge=1)
    livelihood_report_day: int = Field(default=10, ge=1, le=28)
    indicator_report_day: int = Field(default=20, ge=1, le=28)
    indicator_yellow_points: float = Field(default=1.0, ge=0, le=100)
    indicator_yellow_share: float = Field(default=0.05, ge=0, le=1)
    # Key projects: the day of the month the owner's monthly report is due (moved to the
    # next working day), and how many days past a planned start or completion turn red.
    project_report_day: int = Field(default=28, ge=1, le=28)
    project_overdue_red_days: int = Field(default=90, ge=1)
    proposal_return_window_working_days: int = Field(default=5, ge=0)
    proposal_reply_months: int = Field(default=3, ge=1, le=24)
    proposal_rehandle_months: int = Field(default=1, ge=1, le=24)
    proposal_due_soon_working_days: int = Field(default=10, ge=0)
    evidence_allowed_types: tuple[str, ...] = (
        "pdf",
        "ofd",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "wps",
        "et",
        "txt",
        "csv",
        "zip",
    )
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_sender: str = "luoshi@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_url: str | None = None
    webhook_format: Literal["json", "wecom", "dingtalk"] = "json"
    webhook_secret: str | None = None
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    # Which notifications also go to the group robot: the ladder's steps by default; add
    # "assigned", "returned", … to post those too (robots limit messages per minute).
    webhook_events: tuple[str, ...] = ("remind", "urge", "notice_yellow", "notice_red")
    delivery_max_attempts: int = Field(default=6, ge=1)
    delivery_backoff_seconds: int = Field(default=60, ge=1)
    jobs_interval_seconds: int = Field(default=3600, ge=10)
    jobs_batch_size: int = Field(default=200, ge=1, le=10_000)
    jobs_batch_seconds: float = Field(default=0.25, gt=0, le=60)
    extension_second_approver: bool = False
    # The audit chain's hash: SM3 (GB/T 32905) by default, SHA-256 where SM3 is not wanted.
    audit_hash: Literal["sm3", "sha256"] = "sm3"
    # MLPS level 3 asks for audit records kept at least six months: never fewer than 180 days.
    audit_retention_days: int = Field(default=365, ge=180)
    request_max_bytes: int = Field(default=1024 * 1024, ge=1024)
    upload_request_max_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    # "database": counted in the database, shared by every instance behind a balancer.
    rate_limit_store: Literal["memory", "database"] = "memory"
    rate_limit_login_per_address: int = Field(default=30, ge=1)
    rate_limit_login_per_account: int = Field(default=10, ge=1)
    rate_limit_upload: int = Field(default=30, ge=1)
    rate_limit_search: int = Field(default=120, ge=1)
    api_docs_public: bool = False
    # Support items (争取支持事项): an ask this old without agreement turns yellow; an
    # agreed item this close to its expected landing date turns yellow.
    support_follow_up_days: int = Field(default=90, ge=1)
    support_due_soon_days: int = Field(default=15, ge=0)

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("LUOSHI_SECRET_KEY must be set to a private value outside development")
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("LUOSHI_SECRET_KEY must be at least 32 characters in production")
        largest_file = max(self.max_upload_bytes, self.evidence_max_bytes)
        if self.upload_request_max_bytes <= largest_file:
            # The form around a file needs room too: a file at its own limit must fit.
            raise ValueError(
                "LUOSHI_UPLOAD_REQUEST_MAX_BYTES must be larger than LUOSHI_MAX_UPLOAD_BYTES "
                "and LUOSHI_EVIDENCE_MAX_BYTES"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
