"""``luoshi demo --no-serve`` builds the demo once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from luoshi.cli.main import app

pytestmark = pytest.mark.slow


def test_demo_loads_once_and_lists_the_seed_tasks(empty_db_url: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--db", empty_db_url, "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "demo loaded: source 1, 28 tasks" in first.output
    assert "office" in first.output and "luoshi-demo" in first.output
    listed = runner.invoke(app, ["tasks", "list", "--format", "json", "--db", empty_db_url])
    # The seed's tasks, and the commitments of the proposals' B and C replies beside them.
    everything = json.loads(listed.output)
    rows = [r for r in everything if r["code"].startswith("S1-")]
    assert len(rows) == 28
    assert len([r for r in everything if r["title"].startswith("落实")]) >= 4
    assert {r["light"] for r in rows} >= {"green", "yellow", "red"}
    assert all(r["lead_unit"] for r in rows)
    again = runner.invoke(app, ["demo", "--db", empty_db_url, "--no-serve"])
    assert again.exit_code == 0 and "already loaded: source 1, 28 tasks" in again.output
    listed_again = runner.invoke(app, ["tasks", "list", "--format", "json", "--db", empty_db_url])
    assert json.loads(listed_again.output) == everything
    proposals = runner.invoke(app, ["proposals", "list", "--format", "json", "--db", empty_db_url])
    items = json.loads(proposals.output)["items"]
    assert {i["state"] for i in items} >= {
        "registered",
        "assigned",
        "returned",
        "accepted",
        "replying",
        "countersigning",
        "countersigned",
        "replied",
        "rated",
        "rehandling",
        "closed",
        "split",
    }
    assert {i["outcome"] for i in items} >= {"A", "B", "C", "D"}
    assert {i["satisfaction"] for i in items} >= {"satisfied", "basically", "unsatisfied"}
