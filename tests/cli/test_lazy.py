"""The command table of ``luoshi.cli.main``: every line names a real command with the help
``luoshi --help`` shows for it, and the command imports only what the command run needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli.main import COMMANDS, app, load_command

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "seed" / "000_b905f69b6a25458e.txt"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_line_names_a_command_with_that_help(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    listed = COMMANDS[name][1]
    assert command.get_short_help_str(limit=200) == listed, (
        f"COMMANDS[{name!r}] help differs from the command's own first line")


def test_help_lists_every_command_in_table_order() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines()
              if line.startswith("  ") and line.split()]
    assert listed == list(COMMANDS)


def test_an_unknown_command_is_refused() -> None:
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2


def _modules_after(*argv: str) -> set[str]:
    """The modules a fresh ``luoshi ARGV…`` process has imported when it is done."""
    script = (
        "import sys, json\n"
        "from luoshi.cli.main import app\n"
        "try:\n"
        f"    app({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "LUOSHI_CACHE_DIR": os.environ.get("LUOSHI_CACHE_DIR", "")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_no_command_module() -> None:
    modules = _modules_after("--help")
    assert not {m for m in modules if m.startswith("luoshi.cli.") and m != "luoshi.cli.main"}
    assert not {"sqlalchemy", "luoshi.extract", "luoshi.settings", "rich"} & modules


def test_extract_imports_no_database_excel_or_jieba(tmp_path: Path) -> None:
    os.environ["LUOSHI_CACHE_DIR"] = str(tmp_path)
    try:
        _modules_after("extract", str(SEED))  # builds the suggester cache
        modules = _modules_after("extract", str(SEED))  # and reads it
    finally:
        del os.environ["LUOSHI_CACHE_DIR"]
    assert "luoshi.extract.pipeline" in modules
    assert not {"sqlalchemy", "openpyxl", "luoshi.db", "luoshi.kernel", "jieba"} & modules
    assert list(tmp_path.glob("suggester-*.pickle"))


def test_a_line_may_name_a_modules_register_function(monkeypatch: pytest.MonkeyPatch) -> None:
    # a group written the old way (``register(app)`` adding it) joins with one line too
    monkeypatch.setitem(COMMANDS, "tasks", ("luoshi.cli.tasks:register", "Tasks."))
    command = load_command("tasks")
    assert command.name == "tasks" and command.get_short_help_str() == "Tasks."
    monkeypatch.setitem(COMMANDS, "nothing", ("luoshi.cli.tasks:register", "Nothing."))
    with pytest.raises(LookupError):
        load_command("nothing")


def test_the_upload_limit_default_is_the_settings_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from luoshi.cli import extract as extract_cli
    from luoshi.settings import Settings, get_settings

    assert Settings.model_fields[
        "max_upload_bytes"].default == extract_cli.DEFAULT_MAX_UPLOAD_BYTES
    assert Settings.model_config.get("env_file") is None  # the environment is all there is
    monkeypatch.setenv("LUOSHI_MAX_UPLOAD_BYTES", "2048")
    get_settings.cache_clear()
    try:
        assert extract_cli._max_upload_bytes() == 2048
    finally:
        get_settings.cache_clear()
