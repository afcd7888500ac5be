"""Division-plan parsing and unit-name resolution, on plan snippets written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.extract.plans import (
    PlanItem,
    parse_plan,
    plan_examples,
    resolve_unit_names,
    split_unit_names,
)
from luoshi.extract.units import LearnedExample, UnitProfile

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "plan_sample.txt"


@pytest.fixture(scope="module")
def sample() -> tuple[str, list[PlanItem]]:
    text = SAMPLE.read_text("utf-8")
    return text, parse_plan(text)


def _item(items: list[PlanItem], starting: str) -> PlanItem:
    matches = [item for item in items if item.text.startswith(starting)]
    assert len(matches) == 1, [item.text for item in items]
    return matches[0]


def test_every_assignment_becomes_one_item_with_exact_offsets(
    sample: tuple[str, list[PlanItem]],
) -> None:
    text, items = sample
    assert len(items) == 8
    for item in items:
        assert text[item.start : item.end] == item.text
        assert not item.text.startswith(("\u3000", " ", "1．", "（"))


def test_lead_and_responsible_units(sample: tuple[str, list[PlanItem]]) -> None:
    _, items = sample
    item = _item(items, "加快推进一批重大项目")
    assert item.lead_units == ["省发展改革委", "省财政厅"]
    assert item.co_units == ["省自然资源厅", "省住房城乡建设厅"]
    assert item.deadline_text == "年内持续推进"
    assert item.text.endswith("用好地方政府专项债券资金。")


def test_second_clause_in_a_paragraph_starts_after_the_first_assignment(
    sample: tuple[str, list[PlanItem]],
) -> None:
    _, items = sample
    item = _item(items, "保障重点项目用地需求")
    assert item.text == "保障重点项目用地需求。"
    assert item.lead_units == ["省自然资源厅"]
    assert item.co_units == []
    assert item.deadline_text == "6月底前完成"


def test_other_parentheticals_stay_in_the_clause(sample: tuple[str, list[PlanItem]]) -> None:
    _, items = sample
    item = _item(items, "深入实施")
    assert "（以下简称“双减”）" in item.text
    assert item.lead_units == ["省教育厅"]


def test_ascii_parentheses_and_peihe(sample: tuple[str, list[PlanItem]]) -> None:
    _, items = sample
    item = _item(items, "落实失业保险")
    assert item.lead_units == ["省人力资源社会保障厅"]
    assert item.co_units == ["省财政厅"]
    assert item.deadline_text == "3月底前出台相关政策"


def test_labelled_form(sample: tuple[str, list[PlanItem]]) -> None:
    _, items = sample
    item = _item(items, "推动制造业")
    assert item.lead_units == ["省经济和信息化厅"]
    assert item.co_units == ["省科技厅", "省大数据中心"]
    assert item.deadline_text == "2023年12月底前"


def test_collective_references_are_kept_apart(sample: tuple[str, list[PlanItem]]) -> None:
    _, items = sample
    item = _item(items, "做好常态化疫情防控")
    assert item.lead_units == []
    assert item.generic_units == ["省直各部门"]
    item = _item(items, "深化川渝合作")
    assert item.lead_units == ["省发展改革委"]
    assert item.co_units == ["成都市人民政府", "重庆市人民政府"]
    assert item.generic_units == ["有关部门"]
    assert item.deadline_text is None


def test_names_with_he_are_not_split(sample: tuple[str, list[PlanItem]]) -> None:
    _, items = sample
    item = _item(items, "推动工业和信息化领域")
    assert item.lead_units == ["工业和信息化部", "国家发展改革委"]


def test_headings_and_plain_text_give_no_items() -> None:
    assert parse_plan("（一）总体要求。\n一、主要目标\n今年要稳中求进。\n") == []
    assert parse_plan("") == []


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("国家发展改革委、财政部等", ["国家发展改革委", "财政部"]),
        ("文化和旅游部、国家粮食和物资储备局", ["文化和旅游部", "国家粮食和物资储备局"]),
        ("中央信访工作联席会议成员单位和有关部门", ["中央信访工作联席会议成员单位", "有关部门"]),
        ("海关总署与海南省人民政府", ["海关总署", "海南省人民政府"]),
        ("省财政厅及省税务局", ["省财政厅", "省税务局"]),
    ],
)
def test_split_unit_names(written: str, names: list[str]) -> None:
    assert split_unit_names(written) == names


UNITS = [
    UnitProfile("cn.ndrc", "国家发展和改革委员会", aliases=("国家发展改革委", "国家发改委")),
    UnitProfile("cn.mohrss", "中华人民共和国人力资源和社会保障部", aliases=("人社部",)),
    UnitProfile("cn.safe", "国家外汇管理局", aliases=("外汇局",)),
    UnitProfile("cn.miit", "中华人民共和国工业和信息化部", aliases=("工信部",)),
    UnitProfile("sc.czt", "四川省财政厅", aliases=("省财政厅",)),
    UnitProfile("sc.sw", "国家税务总局四川省税务局", aliases=("省税务局",)),
    UnitProfile("cn.sta", "国家税务总局", aliases=("税务总局",)),
]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("国家发展改革委", "cn.ndrc"),  # alias
        ("国家发展和改革委员会", "cn.ndrc"),  # full name
        ("工业和信息化部", "cn.miit"),  # full name without the country prefix
        ("国家外汇局", "cn.safe"),  # contains an alias
        ("人力资源社会保障部", "cn.mohrss"),  # characters in order inside the full name
        ("财政厅", "sc.czt"),  # province prefix dropped
        ("四川省税务局", "sc.sw"),  # longest contained form wins over 税务局 of cn.sta
        ("税务总局", "cn.sta"),
    ],
)
def test_resolve_known_names(written: str, code: str) -> None:
    resolution = resolve_unit_names([written], UNITS)
    assert resolution.resolved == {written: code}
    assert resolution.unresolved == []


def test_unresolved_names_are_reported_once_and_generic_ones_not_at_all() -> None:
    resolution = resolve_unit_names(
        ["中国残联", "国家发展改革委", "中国残联", "有关部门", "国务院各部门"], UNITS
    )
    assert resolution.resolved == {"国家发展改革委": "cn.ndrc"}
    assert resolution.unresolved == ["中国残联"]


def test_ambiguous_names_are_unresolved() -> None:
    units = [
        UnitProfile("a", "甲市统计局", aliases=("统计局",)),
        UnitProfile("b", "乙市统计局", aliases=("统计局",)),
    ]
    assert resolve_unit_names(["统计局"], units).unresolved == ["统计局"]


def test_plan_examples_carry_roles_and_skip_unresolved() -> None:
    items = parse_plan(
        "落实留抵退税政策。（税务总局牵头，国家发展改革委、中国残联等按职责分工负责）\n"
    )
    names = [n for item in items for n in item.lead_units + item.co_units]
    resolution = resolve_unit_names(names, UNITS)
    assert resolution.unresolved == ["中国残联"]
    examples = plan_examples(items, resolution)
    assert examples == [
        LearnedExample("落实留抵退税政策。", "cn.sta", "lead"),
        LearnedExample("落实留抵退税政策。", "cn.ndrc", "co"),
    ]
    assert plan_examples(items, resolution, include_co=False) == examples[:1]


def test_any_province_prefix_resolves_not_only_the_sample_one() -> None:
    units = [
        UnitProfile(code="gs.czt", name_zh="甘肃省财政厅"),
        UnitProfile(code="gx.swt", name_zh="广西壮族自治区商务厅"),
    ]
    resolution = resolve_unit_names(["省财政厅", "自治区商务厅", "商务厅"], units)
    assert resolution.resolved == {
        "省财政厅": "gs.czt",
        "自治区商务厅": "gx.swt",
        "商务厅": "gx.swt",
    }
