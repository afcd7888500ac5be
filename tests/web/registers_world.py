"""Fixtures for the support-item and docking web tests: the scenario province (cities,
districts, departments) and an app on the test database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from fastapi import FastAPI

from luoshi.settings import Settings
from luoshi.web.app import create_app
from tests.conftest import Database
from tests.scenario.world import World, build_world, local, make_settings


@pytest.fixture(name="settings")
def registers_settings(db: Database, tmp_path: Path) -> Settings:
    return make_settings(
        tmp_path, database_url=db.url, secret_key="s" * 40, session_max_age_seconds=86400
    )


@pytest.fixture(name="app")
def registers_app(db: Database, settings: Settings) -> FastAPI:
    return create_app(settings, session_factory=db.factory)


@pytest.fixture(name="world")
def registers_world(db: Database, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 4, 17), 9), tick=False)
    with db.session() as session:
        world = build_world(session)
        session.commit()
    return world
