"""Docking's rules without a database: statuses and what counts as an answer."""

from __future__ import annotations

import pytest

from luoshi.domains.docking import rules
from luoshi.errors import InvalidInput


def test_not_applicable_needs_a_reason_and_unknown_statuses_are_refused() -> None:
    rules.check_status("drafting", "")
    rules.check_status("not_applicable", "本省无此类设施")
    with pytest.raises(InvalidInput, match="reason"):
        rules.check_status("not_applicable", "  ")
    with pytest.raises(InvalidInput, match="status"):
        rules.check_status("done", "")


def test_a_measure_is_answered_by_a_task_a_named_measure_work_begun_or_a_reason() -> None:
    assert not rules.is_answered(status="not_started", task_id=None, local_measure="")
    assert rules.is_answered(status="not_started", task_id=7, local_measure="")
    assert rules.is_answered(status="not_started", task_id=None, local_measure="实施方案")
    assert rules.is_answered(status="drafting", task_id=None, local_measure="")
    assert rules.is_answered(status="not_applicable", task_id=None, local_measure="")
