"""Learning lead units from a task-division plan, and the suggester using what it learned."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.kernel import unit_learning
from luoshi.kernel.models import UnitExample
from luoshi.kernel.permissions import Actor
from luoshi.kernel.sample import load_sample_province
from luoshi.kernel.units import get_unit_by_code

PLAN = Path(__file__).parent.parent / "data" / "plan_sample.txt"


def _examples(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UnitExample)) or 0


def test_learn_from_plan_records_examples_and_names_what_it_cannot_match(
    session: Session, system: Actor
) -> None:
    load_sample_province(session, actor=system)
    text = PLAN.read_text(encoding="utf-8")
    dry = unit_learning.learn_from_plan(
        session, actor=system, text=text, origin_ref="plan", dry_run=True
    )
    assert dry.items >= 7 and dry.examples > 0 and _examples(session) == 0
    result = unit_learning.learn_from_plan(session, actor=system, text=text, origin_ref="plan")
    assert _examples(session) == result.examples == dry.examples
    # National ministries and another province's government are not Sichuan units.
    assert "工业和信息化部" in result.unresolved
    assert "省发展改革委" not in result.unresolved


def test_learned_examples_move_the_suggestion(session: Session, system: Actor) -> None:
    load_sample_province(session, actor=system)
    text = "统筹推进高标准农田建设和灌区现代化改造"
    before = unit_learning.suggester_for(session, tenant_id="default")
    assert before is not None
    first = before.suggest(text, lang="zh", k=3)[0].unit
    # Offices confirm, again and again, that a unit other than the first choice leads such work.
    other = "sc.slt" if first != "sc.slt" else "sc.nynct"
    target = get_unit_by_code(session, tenant_id="default", code=other)
    for n in range(6):
        unit_learning.record_example(
            session,
            actor=system,
            text=f"{text}（第{n}批）",
            unit_id=target.id,
            role="lead",
            origin="assignment",
        )
    after = unit_learning.suggester_for(session, tenant_id="default")
    assert after is not None
    ranked = [s.unit for s in after.suggest(text, lang="zh", k=3)]
    assert ranked[0] == other


def test_units_learn_command(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "learn.db")
    runner.invoke(app, ["init", "--db", db])
    runner.invoke(app, ["units", "sample", "--db", db])
    result = runner.invoke(app, ["units", "learn", str(PLAN), "--dry-run", "--db", db])
    assert result.exit_code == 0, result.output
    assert "would learn" in result.output and "工业和信息化部" in result.output
    result = runner.invoke(app, ["units", "learn", str(PLAN), "--db", db])
    assert "learned" in result.output
