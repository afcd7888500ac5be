"""The luoshi command through Typer's runner, on real database files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.db import make_engine, normalize_url
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.schemas import TaskCreate
from luoshi.kernel.models import Unit, User
from luoshi.kernel.permissions import system_actor
from luoshi.settings import get_settings

DATA = Path(__file__).parent.parent / "data"
runner = CliRunner()


def test_init_and_upgrade(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["init", "--db", db])
    assert result.exit_code == 0, result.output
    assert "revision" in result.output
    result = runner.invoke(app, ["db", "current", "--db", db])
    assert result.exit_code == 0 and result.output.strip() != "empty"


def test_units_import_dry_run_then_real(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    runner.invoke(app, ["init", "--db", db])
    result = runner.invoke(
        app,
        [
            "units",
            "import",
            str(DATA / "units_small.yaml"),
            "--dry-run",
            "--lang",
            "en",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0 and "would create 8" in result.output
    result = runner.invoke(app, ["units", "import", str(DATA / "units_small.yaml"), "--db", db])
    assert "新建8个、更新0个单位" in result.output
    result = runner.invoke(app, ["units", "list", "--under", "p.a", "--db", db])
    assert "甲市X县" in result.output and "乙市" not in result.output


# What the bad unit file's rows say in each language: a duplicate, a missing code, a kind
# that is none, an unknown parent, and the summary.
BAD_UNITS_SAID = {
    "en": (
        "row 4: duplicate code 'q.a'",
        "row 5: code: String should have at least 1 character",
        "row 6: kind: String should match pattern",
        "row 7: parent 'nowhere' is not a known unit",
        "4 bad rows: nothing imported",
    ),
    "zh": (
        "第4行：单位编码“q.a”在文件中重复",
        "第5行：「编号」：至少 1 个字",
        "第6行：「类型」：格式不正确",
        "第7行：上级单位“nowhere”不是已知单位",
        "4行有误：未导入任何单位",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_units_import_bad_rows_imports_nothing(tmp_path: Path, lang: str) -> None:
    db = str(tmp_path / "b.db")
    runner.invoke(app, ["init", "--db", db])
    bad = str(DATA / "units_bad.csv")
    result = runner.invoke(app, ["units", "import", bad, "--lang", lang, "--db", db])
    assert result.exit_code == 1
    for said in BAD_UNITS_SAID[lang]:
        assert said in result.output, result.output
    if lang == "zh":
        # Nothing English is left in the Chinese, but for the file's own codes.
        assert re.findall(r"[A-Za-z]+", result.output) == ["q", "a", "nowhere"], result.output
    listed = runner.invoke(app, ["units", "list", "--db", db])
    assert "某省" not in listed.output


def test_units_import_speaks_the_deployments_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "l.db")
    runner.invoke(app, ["init", "--db", db])
    for language, said in (
        ("en", "would create 8, updated 0 units"),
        ("zh", "将新建8个、更新0个单位"),
    ):
        monkeypatch.setenv("LUOSHI_LANGUAGE", language)
        get_settings.cache_clear()
        small = str(DATA / "units_small.yaml")
        result = runner.invoke(app, ["units", "import", small, "--dry-run", "--db", db])
        assert result.exit_code == 0 and said in result.output, result.output
        bad = runner.invoke(app, ["units", "import", str(DATA / "units_bad.csv"), "--db", db])
        assert bad.exit_code == 1 and BAD_UNITS_SAID[language][-1] in bad.output, bad.output
    get_settings.cache_clear()


def test_units_import_refuses_other_formats(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    runner.invoke(app, ["init", "--db", db])
    bad = tmp_path / "units.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    result = runner.invoke(app, ["units", "import", str(bad), "--db", db])
    assert result.exit_code == 1 and ".csv, .yaml" in result.output


def test_users_create(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    runner.invoke(app, ["init", "--db", db])
    runner.invoke(app, ["units", "import", str(DATA / "units_small.yaml"), "--db", db])
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "ann",
            "--unit",
            "p.fgw",
            "--role",
            "unit",
            "--password",
            "long-enough-pw-7",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        app,
        [
            "users",
            "create",
            "ann",
            "--unit",
            "p.fgw",
            "--role",
            "unit",
            "--password",
            "long-enough-pw-7",
            "--db",
            db,
        ],
    )
    assert again.exit_code == 1 and "already exists" in again.output


def test_units_users_and_tasks_act_in_the_deployments_tenant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "t.db")
    monkeypatch.setenv("LUOSHI_TENANT", "sichuan")
    get_settings.cache_clear()
    try:
        runner.invoke(app, ["init", "--db", db])
        imported = runner.invoke(
            app, ["units", "import", str(DATA / "units_small.yaml"), "--lang", "en", "--db", db]
        )
        assert "created 8" in imported.output
        created = runner.invoke(
            app,
            ["users", "create", "ann", "--unit", "p.fgw", "--role", "unit", "--password",
             "Long-enough-pw7", "--db", db],
        )  # fmt: skip
        assert created.exit_code == 0, created.output
        engine = make_engine(normalize_url(db))
        with Session(engine) as session:
            # A task the app made in the deployment's tenant.
            tasks.create_task(
                session,
                actor=system_actor("sichuan"),
                data=TaskCreate(title="Recover consumption", lead_unit="p.swt"),
            )
            session.commit()
            assert set(session.scalars(select(Unit.tenant_id))) == {"sichuan"}
            assert set(session.scalars(select(User.tenant_id))) == {"sichuan"}
        engine.dispose()
        listed = runner.invoke(app, ["units", "list", "--db", db])
        assert "乙市Y县" in listed.output
        found = runner.invoke(app, ["tasks", "list", "--format", "json", "--db", db])
        assert [t["title"] for t in json.loads(found.output)] == ["Recover consumption"]
        monkeypatch.delenv("LUOSHI_TENANT")
        get_settings.cache_clear()
        # Another tenant (the default one) sees none of it.
        assert "乙市Y县" not in runner.invoke(app, ["units", "list", "--db", db]).output
        other = runner.invoke(app, ["tasks", "list", "--format", "json", "--db", db])
        assert json.loads(other.output) == []
    finally:
        get_settings.cache_clear()
