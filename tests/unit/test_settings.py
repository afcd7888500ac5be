from __future__ import annotations

import pytest
from pydantic import ValidationError

from luoshi.settings import DEFAULT_SECRET, Settings


def test_development_accepts_the_default_secret() -> None:
    assert Settings(environment="development").secret_key == DEFAULT_SECRET


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValidationError, match="LUOSHI_SECRET_KEY"):
        Settings(environment="production")


def test_production_with_a_real_secret() -> None:
    settings = Settings(environment="production", secret_key="x" * 40)
    assert settings.environment == "production"


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOSHI_MONTHLY_REPORT_DAY", "20")
    assert Settings().monthly_report_day == 20
