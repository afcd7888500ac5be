"""Fixtures of the progress and supervision tests: the small province of
``tests/scenario/world.py``, made on 17 March 2023, and settings for it.

Modules that need the plainer unit tree of ``tests/factories.py`` define their own
``world`` fixture, which takes precedence over this one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from sqlalchemy.orm import Session

from luoshi.settings import Settings
from tests.scenario.world import World, build_world, local, make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def world(session: Session, time_machine: time_machine.TimeMachineFixture) -> World:
    time_machine.move_to(local(date(2023, 3, 17), 9), tick=False)
    return build_world(session)
