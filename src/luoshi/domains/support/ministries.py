"""National ministries by name: the codes of data/national_units.yaml, found by any of
the names people write (full name, short name, aliases)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

NATIONAL_UNITS_FILE = "national_units.yaml"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    raw = resources.files("luoshi.data").joinpath(NATIONAL_UNITS_FILE).read_text("utf-8")
    found: dict[str, str] = {}
    for unit in yaml.safe_load(raw).get("units", []):
        code = str(unit["code"])
        for name in (unit.get("name_zh"), unit.get("short_zh"), *unit.get("aliases", [])):
            if name:
                found.setdefault(str(name).strip().lower(), code)
        found.setdefault(code.lower(), code)
    return found


def ministry_code(name: str) -> str | None:
    """The national unit code a ministry's name (or code) stands for, if it is one."""
    return _names().get(name.strip().lower())
