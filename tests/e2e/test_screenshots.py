"""`make screenshots` runs: tools/screenshots.py builds the demo, serves it and writes the
pages it is asked for as PNGs of the stated size (here one page, into a temporary
directory; the full set is what docs/screenshots/ holds)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
TOOL = ROOT / "tools" / "screenshots.py"
PAGES = (
    "home-office",
    "home-unit",
    "home-leader",
    "dashboard",
    "dashboard-screen",
    "tasks",
    "task-reasons",
    "review",
    "report-phone",
    "inbox",
    "audit",
)
pytestmark = pytest.mark.browser


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, str(TOOL), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=540,
        check=False,
    )


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_an_unknown_page_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    done = _run("--out", str(tmp_path), "--only", "home-office,nowhere")
    assert done.returncode == 2
    assert "unknown page(s): nowhere" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_tool_writes_the_pages_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    done = _run("--out", str(out), "--only", "home-office,report-phone")
    assert done.returncode == 0, done.stderr[-2000:]
    written = sorted(p.name for p in out.iterdir())
    assert written == ["home-office.png", "report-phone.png"]
    assert _png_size(out / "home-office.png") == (1280, 800)
    assert _png_size(out / "report-phone.png") == (390, 844)
    for png in out.iterdir():
        assert 10_000 < png.stat().st_size < 300_000, png


def test_the_committed_screenshots_are_the_full_set_and_small() -> None:
    committed = {p.stem: p for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert set(committed) == set(PAGES)
    for name, png in committed.items():
        assert _png_size(png) == ((390, 844) if name == "report-phone" else (1280, 800)), name
        assert png.stat().st_size < 300_000, name
