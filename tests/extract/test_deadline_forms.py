"""Deadline forms that real readouts and plans use, each in a sentence written for this test,
read end to end (``extract``) against a document date the caller gives."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.extract import extract
from luoshi.kernel.calendar import WorkingCalendar

# A Tuesday in March: every period named below is still ahead of it.
DATE = dt.date(2024, 3, 5)

Found = list[tuple[str, str | None, str]]


def _deadlines(text: str, lang: str, date: dt.date | None = DATE) -> Found:
    result = extract(text, lang=lang, date=date, calendar=WorkingCalendar())
    return [
        (d.text, d.due.isoformat() if d.due else None, d.kind)
        for directive in result.directives
        for d in directive.deadlines
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The county must repair every rural bridge by the end of the year.",
         ("by the end of the year", "2024-12-31", "year")),
        ("All townships should finish visiting needy households before the Spring Festival.",
         ("before the Spring Festival", None, "other")),
        ("Each township should clear the drains ahead of the flood season.",
         ("ahead of the flood season", None, "other")),
        ("The Civil Affairs Bureau must finish the visits before National Day.",
         ("before National Day", None, "other")),
        ("The Water Bureau must complete the dike survey within three months.",
         ("within three months", "2024-06-05", "other")),
        ("The Forestry Bureau must finish the replanting within half a year.",
         ("within half a year", "2024-09-05", "other")),
        ("The Transport Bureau must finish the road survey within the next two weeks.",
         ("within the next two weeks", "2024-03-19", "other")),
        ("The Bureau of Commerce must submit the plan no later than June 15.",
         ("no later than June 15", "2024-06-15", "date")),
        ("The Bureau of Commerce must submit the plan not later than the end of June.",
         ("not later than the end of June", "2024-06-30", "month")),
        ("The Transport Bureau must finish the repairs by the end of the third quarter.",
         ("by the end of the third quarter", "2024-09-30", "quarter")),
        ("The Finance Bureau should pay the subsidies in the second quarter.",
         ("in the second quarter", "2024-06-30", "quarter")),
        ("All departments must rectify the problems found within a time limit.",
         ("within a time limit", None, "other")),
        ("The Housing Bureau must hand over the flats by year's end.",
         ("by year's end", "2024-12-31", "year")),
        ("The Housing Bureau must hand over the flats before the year is out.",
         ("before the year is out", "2024-12-31", "year")),
        ("The Housing Bureau must hand over the flats by the end of this quarter.",
         ("by the end of this quarter", "2024-03-31", "quarter")),
        ("The Housing Bureau must draw up the repair list next quarter.",
         ("next quarter", "2024-06-30", "quarter")),
    ],
)
def test_english_forms(text: str, expected: tuple[str, str | None, str]) -> None:
    assert _deadlines(text, "en") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县交通局要在年底前完成农村危桥改造。", ("年底前", "2024-12-31", "year")),
        ("各乡镇要于6月底前完成河道清淤。", ("6月底前", "2024-06-30", "month")),
        ("县住建局要在三季度末完成老旧小区改造。", ("三季度末", "2024-09-30", "quarter")),
        ("县财政局要在第二季度拨付补贴资金。", ("第二季度", "2024-06-30", "quarter")),
        ("各乡镇要在春节前完成困难群众走访慰问。", ("春节前", None, "other")),
        ("县水利局要在汛期前完成水库除险加固。", ("汛期前", None, "other")),
        ("县住建局要在“五一”前完成景区周边道路整治。", ("“五一”前", None, "other")),
        ("县发改委要年内完成项目审批。", ("年内", "2024-12-31", "year")),
        ("县住建局要在今年内完成验收。", ("今年内", "2024-12-31", "year")),
        ("县商务局要于5月20日前报送工作方案。", ("5月20日前", "2024-05-20", "date")),
        ("县商务局要于5月20号前报送工作方案。", ("5月20号前", "2024-05-20", "date")),
        # a month in numerals
        ("各乡镇要在六月底前完成河道清淤。", ("六月底前", "2024-06-30", "month")),
        ("县民政局要在十二月中旬前完成救助资金发放。", ("十二月中旬前", "2024-12-20", "month")),
        ("县住建局要于6月30日完成竣工验收。", ("6月30日", "2024-06-30", "date")),
        ("县住建局要于2025年12月31日完成竣工验收。", ("2025年12月31日", "2025-12-31", "date")),
        ("各单位要于本月25日前报送季度总结。", ("本月25日前", "2024-03-25", "date")),
        ("各单位要于下月10日前报送整改报告。", ("下月10日前", "2024-04-10", "date")),
        ("县市场监管局要在7月中旬完成食品抽检。", ("7月中旬", "2024-07-20", "month")),
        ("县自然资源局要在三个月内完成调查。", ("三个月内", "2024-06-05", "other")),
        # not "年内" (this year): half a year, and three years, from the document date
        ("县林业局要在半年内完成造林任务。", ("半年内", "2024-09-05", "other")),
        ("县林业局要在三年内完成全部造林任务。", ("三年内", "2027-03-05", "other")),
        ("县卫健委要在半个月内完成排查。", ("半个月内", "2024-03-20", "other")),
        # the year written: that year's end, not the document's
        ("县住建局要在2025年内完成验收。", ("在2025年内", "2025-12-31", "year")),
        # the next year, however written
        ("县住建局要在次年3月底前完成整改。", ("次年3月底前", "2025-03-31", "month")),
        ("县住建局要在翌年一季度完成整改。", ("翌年一季度", "2025-03-31", "quarter")),
        # a limit: counted when it says how long, kept as text when it does not
        ("县住建局要限期3个月完成整改。", ("限期3个月", "2024-06-05", "other")),
        ("各部门要对发现的问题限期整改。", ("限期", None, "other")),
        ("县住建局要在规定时限内完成验收。", ("规定时限内", None, "other")),
        ("县统计局要在本季度内完成入库审核。", ("本季度内", "2024-03-31", "quarter")),
        ("县统计局要在下季度完成入库审核。", ("下季度", "2024-06-30", "quarter")),
        # one limit: the festival of next year, which the text does not date
        ("县住建局要在明年春节前完成验收。", ("明年春节前", None, "other")),
    ],
)
def test_chinese_forms(text: str, expected: tuple[str, str | None, str]) -> None:
    assert _deadlines(text, "zh") == [expected]


def test_a_limit_that_names_no_time_yields_to_one_that_does() -> None:
    assert _deadlines("各乡镇要对排查出的隐患限期整改，6月底前全部整改到位。", "zh") == [
        ("6月底前", "2024-06-30", "month")]
    assert _deadlines(
        "All townships must rectify the hazards within a time limit and by the end of June.",
        "en") == [("by the end of June", "2024-06-30", "month")]


def test_the_quarter_of_a_later_document_date() -> None:
    november = dt.date(2024, 11, 20)
    assert _deadlines("县统计局要在下季度完成入库审核。", "zh", november) == [
        ("下季度", "2025-03-31", "quarter")]
    assert _deadlines("The Bureau must finish the checks within this quarter.", "en",
                      november) == [("within this quarter", "2024-12-31", "quarter")]
    # a quarter's figures are no time limit
    assert _deadlines("The Bureau must publish this quarter's figures.", "en") == []


def test_a_time_counted_from_a_festival_has_no_date() -> None:
    # a month after the festival: the text does not date the festival
    assert _deadlines("县住建局要在春节后一个月内完成验收。", "zh") == [
        ("一个月内", None, "other")]


def test_working_days_count_through_the_holiday_calendar() -> None:
    # Friday 27 September 2024: Sunday the 29th is a make-up working day, 1–7 October the
    # National Day holiday; five working days end on Thursday 10 October
    friday = dt.date(2024, 9, 27)
    assert _deadlines("各乡镇要在5个工作日内报送排查台账。", "zh", friday) == [
        ("5个工作日内", "2024-10-10", "other")]
    assert _deadlines("Each township must report within three business days.", "en",
                      friday) == [("within three business days", "2024-10-08", "other")]


def test_without_a_document_date_the_forms_keep_their_text() -> None:
    assert _deadlines("各单位要于本月25日前报送季度总结。", "zh", None) == [
        ("本月25日前", None, "date")]
    assert _deadlines("县林业局要在半年内完成造林任务。", "zh", None) == [
        ("半年内", None, "other")]
