"""Docs are a gate: every setting, command and permission is documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from luoshi.cli.main import app
from luoshi.kernel.permissions import ACTIONS, ROLES
from luoshi.settings import Settings

DOCS = Path(__file__).parent.parent.parent / "docs"


def _commands(group: Any, prefix: str) -> list[str]:
    # Typer ships its own click; walk groups by shape rather than by class.
    names: list[str] = []
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if hasattr(command, "commands"):
            names += _commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [f for f in Settings.model_fields if f"`LUOSHI_{f.upper()}`" not in text]
    assert not missing, f"undocumented settings: {missing}"


def test_every_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    commands = _commands(group, "luoshi")
    assert len(commands) >= 10
    missing = [c for c in commands if f"`{c}" not in text]
    assert not missing, f"undocumented commands: {missing}"


def test_every_permission_is_documented() -> None:
    text = (DOCS / "permissions.md").read_text(encoding="utf-8")
    missing = [a for a in ACTIONS if f"`{a}`" not in text]
    missing += [r for r in ROLES if f"`{r}`" not in text]
    assert not missing, f"undocumented actions or roles: {missing}"


def test_decision_records_exist() -> None:
    records = sorted(p.name[:4] for p in (DOCS / "decisions").glob("0*.md"))
    assert records[:6] == ["0001", "0002", "0003", "0004", "0005", "0006"]


# Markdown images, ![alt](path), and HTML <img src="path">; links elsewhere are not ours.
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]+src=\"([^\"]+)\"")


def _image_links(page: Path) -> list[str]:
    found = IMAGE.findall(page.read_text(encoding="utf-8"))
    return [a or b for a, b in found if not (a or b).startswith(("http:", "https:", "data:"))]


def test_every_image_in_readme_and_docs_exists() -> None:
    """README.md and docs/ show screenshots (tools/screenshots.py writes them): every
    image they name is in the repository, and the README shows the role homes."""
    pages = [DOCS.parent / "README.md", *sorted(DOCS.rglob("*.md"))]
    missing = []
    shown = 0
    for page in pages:
        for link in _image_links(page):
            shown += 1
            if not (page.parent / link.split("#")[0]).is_file():
                missing.append(f"{page.relative_to(DOCS.parent)}: {link}")
    assert not missing, f"images that are not there: {missing}"
    readme = _image_links(DOCS.parent / "README.md")
    for home in ("home-office", "home-unit", "home-leader", "dashboard"):
        assert f"docs/screenshots/{home}.png" in readme, home
    assert shown >= 10
