"""Deadlines, targets, programmes and actors: each form in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.extract.actors import find_actors
from luoshi.extract.deadlines import find_deadlines
from luoshi.extract.normalize import normalize
from luoshi.extract.programmes import find_programmes
from luoshi.extract.targets import find_targets

DATE = dt.date(2023, 3, 16)


def _deadlines(text: str, lang: str, date: dt.date | None = DATE) -> list[tuple[str, str | None,
                                                                                str]]:
    norm = normalize(text, lang)
    return [(text[d.start:d.end], d.due.isoformat() if d.due else None, d.kind)
            for d in find_deadlines(norm.text, 0, len(norm.text), lang, date)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ensure a good start in the first quarter", ("in the first quarter", "2023-03-31",
                                                      "quarter")),
        ("finish half of the work in the first half of the year",
         ("in the first half of the year", "2023-06-30", "half")),
        ("complete the survey by the end of June", ("by the end of June", "2023-06-30",
                                                    "month")),
        ("publish the list before May 20", ("before May 20", "2023-05-20", "date")),
        ("complete the targets for the whole year", ("for the whole year", "2023-12-31",
                                                     "year")),
        ("open 20 new stations this year", ("this year", "2023-12-31", "year")),
        ("issue the rules as soon as possible", ("as soon as possible", None, "asap")),
        ("answer requests within five working days", ("within five working days", None,
                                                      "other")),
        ("start the works in the first quarter of next year",
         ("in the first quarter of next year", "2024-03-31", "quarter")),
        ("complete the upgrade by the end of 2025", ("by the end of 2025", "2025-12-31", "year")),
        # a month already past at the document date means next year's
        ("report by the end of February", ("by the end of February", "2024-02-29", "month")),
    ],
)
def test_english_deadlines(text: str, expected: tuple[str, str | None, str]) -> None:
    assert _deadlines(text, "en") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年内建成高标准农田12万亩", ("年内", "2023-12-31", "year")),
        ("确保一季度开门红", ("一季度", "2023-03-31", "quarter")),
        ("上半年完成首批任务", ("上半年", "2023-06-30", "half")),
        ("下半年全面推开", ("下半年", "2023-12-31", "half")),
        ("6月底前完成隐患排查", ("6月底前", "2023-06-30", "month")),
        ("4月15日前报送材料", ("4月15日前", "2023-04-15", "date")),
        ("确保实现“双过半”", ("双过半", "2023-06-30", "half")),
        ("尽快出台实施细则", ("尽快", None, "asap")),
        ("会后一周内报送落实情况", ("会后一周内", None, "other")),
        ("春节前发放到位", ("春节前", None, "other")),
        ("明年一季度开工", ("明年一季度", "2024-03-31", "quarter")),
        ("2025年底前全部完成", ("2025年底前", "2025-12-31", "year")),
    ],
)
def test_chinese_deadlines(text: str, expected: tuple[str, str | None, str]) -> None:
    assert _deadlines(text, "zh") == [expected]


def test_background_periods_are_not_deadlines() -> None:
    assert _deadlines("对一季度产值下降的企业逐户走访", "zh") == []
    assert _deadlines("为完成全年目标打下基础", "zh") == []
    assert _deadlines("一季度发行专项债券占全年额度的40%", "zh") == [("一季度", "2023-03-31",
                                                                    "quarter")]


def test_no_document_date_means_no_due() -> None:
    assert _deadlines("6月底前完成", "zh", None) == [("6月底前", None, "month")]
    assert _deadlines("in the first quarter", "en", None) == [("in the first quarter", None,
                                                               "quarter")]


def _targets(text: str, lang: str) -> list[tuple[str, float, str]]:
    norm = normalize(text, lang)
    return [(text[t.start:t.end], t.value, t.unit)
            for t in find_targets(norm.text, 0, len(norm.text), lang)]


def test_english_targets() -> None:
    assert _targets("do a good job in 30 people’s livelihood matters with heart", "en") == [
        ("30 people’s livelihood matters", 30, "matters")]
    assert _targets("renovate 285 communities and 1,200 kilometres of pipes", "en") == [
        ("285 communities", 285, "communities"), ("1,200 kilometres", 1200, "kilometres")]
    assert _targets("arrange 15 billion yuan for projects", "en") == [
        ("15 billion yuan", 15e9, "yuan")]
    assert _targets("growth of 7.5%-8% and revenue up 6 percent", "en") == [
        ("7.5%-8%", 7.5, "%"), ("6 percent", 6, "%")]
    assert _targets("hold at least two study sessions", "en") == [
        ("two study sessions", 2, "sessions")]


def test_english_numbers_that_are_not_targets() -> None:
    assert _targets("the 20th National Congress met on March 16 in 2023", "en") == []
    assert _targets("focus on the 300 largest enterprises", "en") == []
    assert _targets("firms whose output fell by more than 10 percent get help", "en") == []
    assert _targets("projects of over 100 million yuan each", "en") == []


def test_chinese_targets() -> None:
    assert _targets("今年拟安排地方政府专项债券3.65万亿元", "zh") == [("3.65万亿元", 3.65e12, "元")]
    assert _targets("粮食播种面积稳定在1亿亩以上", "zh") == [("1亿亩以上", 1e8, "亩")]
    assert _targets("增长7.5%—8%，城镇新增就业110万人以上", "zh") == [
        ("7.5%—8%", 7.5, "%"), ("110万人以上", 1.1e6, "人")]
    assert _targets("办好十件民生实事", "zh") == [("十件", 10, "件")]


def test_chinese_numbers_that_are_not_targets() -> None:
    assert _targets("坚持“两个毫不动摇”，聚焦126个重点项目，谋划一批项目", "zh") == []
    assert _targets("对亩均税收低于3万元的企业，7个工作日内办结，前8个月", "zh") == []


def _programmes(text: str, lang: str) -> list[str]:
    norm = normalize(text, lang)
    return [text[p.start:p.end] for p in find_programmes(norm.text, 0, len(norm.text), lang)]


def test_english_programmes() -> None:
    assert _programmes(
        "implement the “Three Products and One Innovation” consumption project", "en"
    ) == ["Three Products and One Innovation"]
    assert _programmes("launch the “Three-Year Action Plan” for clusters", "en") == [
        "Three-Year Action Plan"]
    assert _programmes("implement the “Tianfu Liangtian” whole-irrigation area", "en") == [
        "Tianfu Liangtian"]
    assert _programmes("carry out the Hundred Days of Hard Work campaign", "en") == [
        "Hundred Days of Hard Work"]
    # quoted principles and named organisations are not programmes
    assert _programmes("uphold the “two establishments” and ask the Provincial Department "
                       "of Finance", "en") == []


def test_chinese_programmes() -> None:
    assert _programmes("实施《岷江省制造业高质量发展三年行动方案》", "zh") == [
        "《岷江省制造业高质量发展三年行动方案》"]
    assert _programmes("深化“放管服”改革，实施“一企一策”，推行“河长制”", "zh") == [
        "放管服", "一企一策", "河长制"]
    assert _programmes("坚持“两个毫不动摇”，确保实现“双过半”", "zh") == []


def _actors(text: str, lang: str) -> list[str]:
    norm = normalize(text, lang)
    return [text[a.start:a.end] for a in find_actors(norm.text, 0, len(norm.text), lang)]


def test_english_actors() -> None:
    assert _actors("Departments at all levels and the majority of party members in the "
                   "province must study the spirit.", "en") == [
        "Departments at all levels", "the majority of party members in the province"]
    assert _actors("The Municipal Development and Reform Commission and State Grid Power "
                   "Supply Company should ensure supply.", "en") == [
        "The Municipal Development and Reform Commission", "State Grid Power Supply Company"]
    assert _actors("all cities to draw lessons from the flood", "en") == ["all cities"]
    assert _actors("We must act, and the work should be quick.", "en") == []
    assert _actors("Labour cooperation with eastern provinces should expand.", "en") == []


def test_chinese_actors() -> None:
    assert _actors("各地各部门要压实责任", "zh") == ["各地各部门"]
    assert _actors("省发改委要会同省财政厅等部门加强政策解读", "zh") == ["省发改委", "省财政厅"]
    assert _actors("市委督查室、市政府督查室要加强跟踪督办", "zh") == ["市委督查室", "市政府督查室"]
    assert _actors("各县（市、区）要倒排工期", "zh") == ["各县（市、区）"]
    assert _actors("（国家发展改革委、财政部等按职责分工负责）", "zh") == [
        "国家发展改革委", "财政部"]
    assert _actors("我们要坚定信心，宏观政策要稳健有效", "zh") == []
