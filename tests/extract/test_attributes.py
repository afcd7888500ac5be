"""Deadlines, targets, programmes and actors: each form in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.extract.actors import find_actors
from luoshi.extract.deadlines import LazyWorkingDays, find_deadlines
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
        ("hold the fair by 30 September 2023", ("by 30 September 2023", "2023-09-30", "date")),
        ("report no later than 5 July", ("no later than 5 July", "2023-07-05", "date")),
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
        # a standing obligation is kept as text with no date
        ("keep the subsidy for grain growers over the long term",
         ("over the long term", None, "other")),
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
        # counted from the document date (a meeting readout's date is the meeting's)
        ("会后一周内报送落实情况", ("会后一周内", "2023-03-23", "other")),
        ("春节前发放到位", ("春节前", None, "other")),
        ("明年一季度开工", ("明年一季度", "2024-03-31", "quarter")),
        ("2025年底前全部完成", ("2025年底前", "2025-12-31", "year")),
        # the year a target is to be reached by, with or without 底
        ("到2026年，全县林草覆盖率达到六成", ("到2026年", "2026-12-31", "year")),
        ("到2027年底基本建成覆盖城乡的服务网络", ("到2027年底", "2027-12-31", "year")),
        # 上旬 / 中旬 end on the 10th and the 20th
        ("要在10月中旬前完成冬季取暖设施检修", ("10月中旬前", "2023-10-20", "month")),
        ("5月上旬前报送初步方案", ("5月上旬前", "2023-05-10", "month")),
        # a month or a day of next year, or of this year, is one deadline
        ("确保明年5月前建成投用", ("明年5月前", "2024-05-31", "month")),
        ("明年3月10日前完成验收", ("明年3月10日前", "2024-03-10", "date")),
        ("今年9月底前完成设备更新", ("今年9月底前", "2023-09-30", "month")),
        # a standing obligation is kept as text with no date
        ("对企业的帮扶措施要长期坚持", ("长期坚持", None, "other")),
    ],
)
def test_chinese_deadlines(text: str, expected: tuple[str, str | None, str]) -> None:
    assert _deadlines(text, "zh") == [expected]


def test_background_periods_are_not_deadlines() -> None:
    assert _deadlines("截至2022年底累计建成基站3000个", "zh") == []
    assert _deadlines("2018年至2022年间共投入资金20亿元", "zh") == []
    assert _deadlines("对照到2035年远景目标查找差距", "zh") == []
    assert _deadlines("对一季度产值下降的企业逐户走访", "zh") == []
    assert _deadlines("为完成全年目标打下基础", "zh") == []
    assert _deadlines("一季度发行专项债券占全年额度的40%", "zh") == [("一季度", "2023-03-31",
                                                                    "quarter")]


class _WeekdayCalendar:
    """Monday to Friday, with one holiday: a stand-in for the kernel's WorkingCalendar."""

    holiday = dt.date(2023, 3, 20)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        current = start
        while days > 0:
            current += dt.timedelta(days=1)
            if current.weekday() < 5 and current != self.holiday:
                days -= 1
        return current


def _with_calendar(text: str, lang: str) -> list[tuple[str, str | None, str]]:
    norm = normalize(text, lang)
    return [(text[d.start:d.end], d.due.isoformat() if d.due else None, d.kind)
            for d in find_deadlines(norm.text, 0, len(norm.text), lang, DATE,
                                    _WeekdayCalendar())]


def test_working_days_resolve_through_the_callers_calendar() -> None:
    # 2023-03-16 is a Thursday; the 20th is this calendar's holiday: Fri 17, Tue 21, Wed 22
    assert _with_calendar("reply within 3 working days", "en") == [
        ("within 3 working days", "2023-03-22", "other")]
    assert _with_calendar("会后3个工作日内报送", "zh") == [
        ("会后3个工作日内", "2023-03-22", "other")]
    assert _with_calendar("5个工作日内办结", "zh") == [("5个工作日内", "2023-03-24", "other")]
    # without a calendar the library does not guess which days are working days
    assert _deadlines("会后3个工作日内报送", "zh") == [("会后3个工作日内", None, "other")]
    # calendar days need no calendar; a time counted from an event has no date
    assert _deadlines("finish within 10 days", "en") == [
        ("within 10 days", "2023-03-26", "other")]
    assert _deadlines("pay within 15 days of receipt", "en") == [
        ("within 15 days of receipt", None, "other")]


def test_a_lazy_calendar_is_made_on_the_first_working_day_deadline_only() -> None:
    made: list[_WeekdayCalendar] = []

    def load() -> _WeekdayCalendar:
        made.append(_WeekdayCalendar())
        return made[-1]

    lazy = LazyWorkingDays(load)
    text = "finish within 10 days and report by the end of June"
    assert find_deadlines(text, 0, len(text), "en", DATE, lazy) and made == []
    text = "reply within 3 working days; check within 5 working days"
    found = find_deadlines(text, 0, len(text), "en", DATE, lazy)
    assert [d.due.isoformat() if d.due else None for d in found] == ["2023-03-22", "2023-03-24"]
    assert len(made) == 1


def test_this_month_next_month_this_week_and_q1() -> None:
    assert _deadlines("report by the end of this month", "en") == [
        ("by the end of this month", "2023-03-31", "month")]
    assert _deadlines("open the lines by the end of next month", "en") == [
        ("by the end of next month", "2023-04-30", "month")]
    assert _deadlines("start the works in Q2", "en") == [("in Q2", "2023-06-30", "quarter")]
    assert _deadlines("本月底前报送，下月底前完成", "zh") == [
        ("本月底前", "2023-03-31", "month"), ("下月底前", "2023-04-30", "month")]
    assert _deadlines("本周内报送名单", "zh") == [("本周内", "2023-03-19", "other")]
    assert _deadlines("国庆节前完工", "zh") == [("国庆节前", None, "other")]
    assert _deadlines("每月底前报送进展", "zh") == []  # a recurring report, not one limit


def test_periods_that_name_a_meeting_or_a_past_are_not_deadlines() -> None:
    assert _deadlines("carry out the spirit of the third quarter economic analysis meeting",
                      "en") == []
    assert _deadlines("reach the annual economic and social development targets", "en") == [
        ("annual", "2023-12-31", "year")]
    assert _deadlines("ensure the completion of the annual tasks", "en") == [
        ("annual", "2023-12-31", "year")]
    # an annual figure that is only compared or divided up sets no time limit
    assert _deadlines("close the gap with the annual target of 6%", "en") == []
    assert _deadlines("break down the annual tasks of the plan", "en") == []
    assert _deadlines("the district is going to renovate 40 bridges on 2024", "en") == [
        ("on 2024", "2024-12-31", "year")]


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


def test_english_targets_as_real_readouts_write_them() -> None:
    assert _targets("create more than 9 million urban jobs", "en") == [
        ("9 million urban jobs", 9e6, "jobs")]
    assert _targets("set up a 100-billion-yuan guarantee fund", "en") == [
        ("100-billion-yuan", 1e11, "yuan")]
    assert _targets("invest RMB 500 million in rural roads", "en") == [
        ("RMB 500 million", 5e8, "RMB")]
    assert _targets("build 1,000 5G base stations", "en") == [
        ("1,000 5G base stations", 1000, "stations")]
    assert _targets("focus on the RMB 300 million projects", "en") == []


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
    assert _actors("省工业和信息化厅、省财政厅和省商务厅要加强协作", "zh") == [
        "省工业和信息化厅", "省财政厅", "省商务厅"]
    assert _actors("我们要坚定信心，宏观政策要稳健有效", "zh") == []
    # the lead and the co-units named after it; "我们" and "由" are not part of a name
    assert _actors("由市发改委牵头，市财政局、市税务局配合，年底前完成", "zh") == [
        "市发改委", "市财政局", "市税务局"]
    assert _actors("我们各级干部要敢于担当，全市上下要坚定信心", "zh") == ["各级干部", "全市上下"]
    assert _actors("上下要一致", "zh") == []


def test_a_plan_horizon_is_not_the_document_year() -> None:
    from luoshi.extract.dates import detect_date

    # "3月12日" with no year beside it: a year far below that names a plan's horizon
    # ("2035年远景目标") does not complete it
    text = "3月12日，市政府召开常务会议。" + "会议强调，要抓好落实。" * 30 + "对接2035年远景目标。"
    assert detect_date(text) is None
    assert detect_date("2022年工作会议纪要\n3月12日，市政府召开常务会议。") == dt.date(2022, 3, 12)
    assert detect_date("On May 9 the county met and said all towns must finish by 2030.") is None
    assert detect_date("Riverton, 2021. On May 9 the county met.") == dt.date(2021, 5, 9)


def test_actors_of_statements_of_intent() -> None:
    # the subject of "will", "is going to", "plans to", "are encouraged to": a place, a body
    assert _actors("Riverton will build a new water plant.", "en") == ["Riverton"]
    assert _actors("Hill Province is going to open 40 clinics.", "en") == ["Hill Province"]
    assert _actors("Businesses are encouraged to hire local graduates.", "en") == ["Businesses"]
    assert _actors("All localities and departments should tighten checks.", "en") == [
        "All localities and departments"]
    assert _actors("Relevant parties must share the data.", "en") == ["Relevant parties"]
    # a capitalised abstract noun, a plan or "efforts" is not who acts
    assert _actors("Consumption will recover and Manufacturing will grow.", "en") == []
    assert _actors("Efforts will be made to cut fees.", "en") == []
    assert _actors("The Plan will be revised next year.", "en") == []
    # a word after the subject that reads as a verb does not make an adjective an actor
    assert _actors("Economic work achieved more and strived to do better.", "en") == []


def test_programmes_named_without_quotes() -> None:
    # named projects listed before the word that says so; the verb and time before stay out
    assert _programmes("年底前建成投用东湖隧道二期、西城污水处理厂等12个重大项目", "zh") == [
        "东湖隧道二期", "西城污水处理厂"]
    assert _programmes("开工建设青松大桥、白河水库扩容工程等重点项目", "zh") == [
        "青松大桥", "白河水库扩容工程"]
    assert _programmes("南环高速和北山、东岭3条高速公路建成通车", "zh") == [
        "南环高速", "北山", "东岭"]
    # campaigns, battles and strategies put to work by their verb; a reform as the axis
    assert _programmes("坚决打好污染防治攻坚战，深入实施乡村振兴战略", "zh") == [
        "污染防治攻坚战", "乡村振兴战略"]
    assert _programmes("持续打好蓝天、碧水保卫战", "zh") == ["蓝天、碧水保卫战"]
    assert _programmes("以河湖长制为抓手，实施制造业倍增计划", "zh") == [
        "河湖长制", "制造业倍增计划"]
    # quoted names after 打好/推动; a quoted principle written as a sentence is no name
    assert _programmes("打好“五场硬仗”，推动“一网通办”", "zh") == ["五场硬仗", "一网通办"]
    assert _programmes("落实“谁主管谁负责，管行业必须管安全”要求", "zh") == []
    # English: a title-case document name; a quoted spirit or requirement is not a programme
    assert _programmes("It decided to revise the Interim Measures for Bond Management of Hill "
                       "Province.", "en") == ["Interim Measures for Bond Management of Hill "
                                              "Province"]
    assert _programmes("carry forward the spirit of “Red Boat Pioneers” and the requirement "
                       "of “quick and precise”", "en") == []


def test_a_period_counted_since_is_background() -> None:
    assert _deadlines("Since this year, output has grown, but we should stay alert.", "en") == []
    assert _deadlines("Since the beginning of this year exports rose.", "en") == []
    assert _deadlines("output must be higher than in the first quarter", "en") == []
    assert _deadlines("output must grow in the second quarter", "en") == [
        ("in the second quarter", "2023-06-30", "quarter")]


def test_a_time_limit_written_twice_is_one_deadline() -> None:
    assert _deadlines("推动意向项目尽快签约、签约项目尽快开工", "zh") == [("尽快", None, "asap")]
    assert _deadlines("上半年开工、上半年投产", "zh") == [("上半年", "2023-06-30", "half")]


def test_title_case_plans_keep_their_object() -> None:
    # the words after "for"/"of"/"on" belong to a plan's title; a verb opening the sentence
    # does not, and two plans joined by "and the" stay two
    assert _programmes("The bureau will publish the Action Plan for Reviving Night Markets "
                       "in May.", "en") == ["Action Plan for Reviving Night Markets"]
    assert _programmes("Carry out the Five-Year Plan for the Renewal of Old Mill Towns and "
                       "the Clean Rivers Initiative.", "en") == [
        "Five-Year Plan for the Renewal of Old Mill Towns", "Clean Rivers Initiative"]
    assert _programmes("Revise the Plan for this year.", "en") == []


def test_counts_written_with_a_thousands_comma_are_not_years() -> None:
    assert _targets("repair 2,000 rural bridges by the end of June", "en") == [
        ("2,000 rural bridges", 2000, "bridges")]
    assert _targets("continue the work begun in 2020", "en") == []


def test_actors_as_real_readouts_name_them() -> None:
    # those a meeting asks, not the meeting
    assert _actors("The county executive meeting asked relevant bureaus to speed up the "
                   "repairs.", "en") == ["relevant bureaus"]
    # a plural noun opening a sentence is not a place ("Sales are to …")
    assert _actors("Exports are to grow by 4 percent.", "en") == []
    # a list inside brackets is part of one name
    assert _actors("各乡（镇、街道）党委要在月底前报送名单", "zh") == ["各乡（镇、街道）党委"]


def test_english_deadlines_as_real_readouts_write_them() -> None:
    # "this year" after a month belongs to it: one deadline
    assert _deadlines("finish the repairs before the end of October this year", "en") == [
        ("before the end of October this year", "2023-10-31", "month")]
    assert _deadlines("open the line by the end of March next year", "en") == [
        ("by the end of March next year", "2024-03-31", "month")]
    # early / mid / late in a month: the 10th, the 20th, the month's end
    assert _deadlines("start the works in early May", "en") == [
        ("in early May", "2023-05-10", "month")]
    assert _deadlines("hand in the list by mid-July", "en") == [
        ("by mid-July", "2023-07-20", "month")]
    assert _deadlines("close the accounts in late November", "en") == [
        ("in late November", "2023-11-30", "month")]
    # the first three quarters as a limit, not as background
    assert _deadlines("spend the funds within the first three quarters", "en") == [
        ("within the first three quarters", "2023-09-30", "quarter")]
    assert _deadlines("output grew in the first three quarters", "en") == []


def test_english_time_spans_are_not_targets() -> None:
    assert _targets("use the funds within the first three quarters and two weeks", "en") == []
    # a time word after the unit ends it
    assert _targets("harvest over 40 billion jin next year", "en") == [
        ("40 billion jin", 4e10, "jin")]


def test_actors_a_bureau_works_together_with() -> None:
    assert _actors("The County Bureau of Water Resources, together with the County Finance "
                   "Bureau, should repair the canals.", "en") == [
        "The County Bureau of Water Resources", "the County Finance Bureau"]
    assert _actors("Township offices are asked to check every dam.", "en") == [
        "Township offices"]
    assert _actors("The meeting urged that all townships clear the drains.", "en") == [
        "all townships"]


def test_chinese_deadlines_of_plans() -> None:
    # the end of a five-year plan, a weekday of this or next week, a month with its work
    assert _deadlines("到“十五五”末，全县森林覆盖率达到六成", "zh") == [
        ("到“十五五”末", "2030-12-31", "year")]
    assert _deadlines("于本周五前报送自查报告", "zh") == [("本周五前", "2023-03-17", "date")]
    assert _deadlines("下周三前反馈意见", "zh") == [("下周三前", "2023-03-22", "date")]
    assert _deadlines("8月份完成设计招标", "zh") == [("8月份", "2023-08-31", "month")]
    assert _deadlines("8月份以来降雨偏多", "zh") == []
    assert _deadlines("2024年9月份完成验收", "zh") == [("2024年9月份", "2024-09-30", "month")]
    # counted from an event the text does not date: no due
    assert _deadlines("各单位要在接到通知后10日内完成整改", "zh") == [("10日内", None, "other")]
    assert _deadlines("by the end of the 15th Five-Year Plan period", "en") == [
        ("by the end of the 15th Five-Year Plan period", "2030-12-31", "year")]


def test_assignment_notes_name_no_actors() -> None:
    # a plan's note names who answers for the task: the unit suggester reads it as lead
    # and co-units; the sentence before it tells no one by name
    assert _actors("落实减税降费政策（市财政局牵头，市税务局、农业银行青州分行配合）", "zh") == []
    assert _actors("（国家发展改革委、财政部等按职责分工负责）", "zh") == []
    note = "推进一网通办。\n牵头单位：市政务服务中心；配合单位：市大数据局、市司法局"
    assert _actors(note, "zh") == []
    # in the sentence itself the lead and the co-units are actors
    assert _actors("由市财政局牵头，市税务局、农业银行青州分行配合，年底前完成", "zh") == [
        "市财政局", "市税务局", "农业银行青州分行"]


def test_the_years_ahead() -> None:
    # "the next three years" counts this year: 2023, 2024, 2025
    assert _deadlines("over the next three years, build 40 clinics", "en") == [
        ("over the next three years", "2025-12-31", "other")]
    assert _deadlines("今后三年新建养老机构20所", "zh") == [("今后三年", "2025-12-31", "other")]
    assert _deadlines("finish the survey within two years", "en") == [
        ("within two years", "2025-03-16", "other")]


def test_brackets_and_roles_in_english_actors() -> None:
    assert _actors("All townships (subdistricts, farms) must clear the drains.", "en") == [
        "All townships (subdistricts, farms)"]
    assert _actors("The Forestry Bureau will lead the survey, with the Bureau of Water "
                   "Resources assisting.", "en") == [
        "The Forestry Bureau", "the Bureau of Water Resources"]
    assert _targets("output in the first three quarters showed a recovery", "en") == []


def test_the_time_since_is_background_and_the_first_quarters_a_limit() -> None:
    assert _deadlines("今年以来，全县项目建设提速", "zh") == []
    assert _deadlines("上半年以来各乡镇认真落实", "zh") == []
    assert _deadlines("前三季度全县财政收入增长4%", "zh") == []
    assert _deadlines("要在前三季度完成道路改造", "zh") == [("前三季度", "2023-09-30", "quarter")]


def test_english_actors_after_it_is_necessary_for() -> None:
    assert _actors("It is necessary for all townships and bureaus to tighten checks.", "en") == [
        "all townships and bureaus"]
    assert _actors("It is important for us to keep calm.", "en") == []
    # a name with "of … and of …" is one body, not a fragment ending in "of"
    assert _actors("The county bureaus of forestry and of water resources should jointly "
                   "finance the survey.", "en") == [
        "The county bureaus of forestry and of water resources"]


def test_ranges_between_and_village_units() -> None:
    assert _targets("keep growth between 4.5 and 5 percent", "en") == [
        ("4.5 and 5 percent", 4.5, "%")]
    assert _targets("raise pay by 3 percent and pensions by 2 percent", "en") == [
        ("3 percent", 3, "%"), ("2 percent", 2, "%")]
    assert _actors("各乡镇（街道）、各村（社区）要做好排查", "zh") == [
        "各乡镇（街道）", "各村（社区）"]


def test_dates_python_cannot_hold_have_no_due() -> None:
    assert _deadlines("finish it next year", "en", dt.date(9999, 6, 1)) == [
        ("next year", None, "year")]
    assert _deadlines("0000年底前完成", "zh") == []
    assert _deadlines("今后三年建成", "zh", dt.date(9999, 6, 1)) == [("今后三年", None, "other")]
    # digits run into Chinese numerals make no number
    assert _deadlines("会后99三日内报送", "zh") == [("会后99三日内", None, "other")]


def test_english_months_and_years_as_readouts_write_them() -> None:
    assert _deadlines("all bureaus must submit the list this month", "en") == [
        ("this month", "2023-03-31", "month")]
    assert _deadlines("complete the checks next month", "en") == [
        ("next month", "2023-04-30", "month")]
    assert _deadlines("finish the road before the end of next year", "en") == [
        ("before the end of next year", "2024-12-31", "year")]
    assert _deadlines("open the plant by the end of the year 2025", "en") == [
        ("by the end of the year 2025", "2025-12-31", "year")]
    assert _deadlines("reach the target by year end", "en") == [
        ("by year end", "2023-12-31", "year")]
    # counted from an event the text does not date; the meeting is the document's date
    assert _deadlines("issue the rules within one month after the plan is released", "en") == [
        ("within one month", None, "other")]
    assert _deadlines("report within 10 days after the meeting", "en") == [
        ("within 10 days", "2023-03-26", "other")]


def test_english_documents_and_numbered_plans() -> None:
    assert _programmes("Implement the Regulations on Optimizing the Business Environment of "
                       "Hill Province in full.", "en") == [
        "Regulations on Optimizing the Business Environment of Hill Province"]
    assert _programmes("implement the 15th Five-Year Plan", "en") == ["15th Five-Year Plan"]
    assert _programmes("Revise the Rules.", "en") == []
