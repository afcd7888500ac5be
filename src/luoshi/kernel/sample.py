"""The sample province shipped as package data (Sichuan), and its demo users."""

from __future__ import annotations

from importlib import resources

from sqlalchemy.orm import Session

from luoshi.kernel import units
from luoshi.kernel.permissions import Actor

SAMPLE_UNITS_FILE = "sichuan_units.yaml"


def sample_units_bytes() -> bytes:
    return resources.files("luoshi.data").joinpath(SAMPLE_UNITS_FILE).read_bytes()


def load_sample_province(session: Session, *, actor: Actor) -> units.ImportResult:
    """Import (or refresh) the sample province's unit tree."""
    rows = units.parse_units_file(sample_units_bytes(), SAMPLE_UNITS_FILE)
    return units.import_units(session, actor=actor, rows=rows)
