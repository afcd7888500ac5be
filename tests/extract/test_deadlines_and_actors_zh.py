"""Times set for a whole list or work line, plan time limits that are no date, and Chinese
actors as readouts and division plans name them. Every text here was written for the test.
"""

from __future__ import annotations

import datetime as dt

from luoshi.extract import extract
from luoshi.extract.actors import find_actors
from luoshi.extract.deadlines import find_deadlines
from luoshi.extract.normalize import normalize

DATE = dt.date(2024, 3, 5)


def _deadlines_of(text: str, lang: str) -> list[list[tuple[str, str | None]]]:
    """Each directive's deadlines as (text, due), in order."""
    result = extract(text, lang, DATE)
    return [
        [(d.text, d.due.isoformat() if d.due else None) for d in directive.deadlines]
        for directive in result.directives
    ]


def _deadlines(text: str, lang: str = "zh") -> list[tuple[str, str | None, str]]:
    norm = normalize(text, lang)
    return [
        (text[d.start : d.end], d.due.isoformat() if d.due else None, d.kind)
        for d in find_deadlines(norm.text, 0, len(norm.text), lang, DATE)
    ]


def _actors(text: str) -> list[str]:
    norm = normalize(text, "zh")
    return [norm.text[a.start : a.end] for a in find_actors(norm.text, 0, len(norm.text), "zh")]


# ---- a time set for the whole list ------------------------------------------------------


def test_a_list_intro_sets_the_time_of_each_item_in_its_sentence() -> None:
    text = (
        "2024年3月5日，区政府召开专题会议。\n"
        "会议要求，5月底前完成以下工作：一是全面摸清辖区内危旧房屋底数；"
        "二是制定分类处置方案；三是落实专项资金。\n"
        "会议强调，要做好汛前检查。"
    )
    assert _deadlines_of(text, "zh") == [
        [("5月底前", "2024-05-31")],
        [("5月底前", "2024-05-31")],
        [("5月底前", "2024-05-31")],
        [],  # the meeting moves on: the list has ended
    ]


def test_a_list_intro_sets_the_time_of_the_numbered_sections_below_it() -> None:
    text = (
        "2024年3月5日，镇政府召开会议。\n"
        "会议强调，年底前要重点抓好以下两项工作。\n"
        "（一）完成集镇供水管网改造。各村要配合做好入户工作。\n"
        "（二）推进垃圾分类试点。镇环卫所要增加收运频次。\n"
        "会议指出，要统筹做好春季防火。"
    )
    assert _deadlines_of(text, "zh") == [[("年底前", "2024-12-31")], [("年底前", "2024-12-31")], []]


def test_an_item_with_its_own_time_keeps_it() -> None:
    text = (
        "2024年3月5日，区政府召开专题会议。\n"
        "会议要求，6月底前完成以下工作：一是完成排查；二是要在4月20日前报送整改清单。"
    )
    assert _deadlines_of(text, "zh") == [[("6月底前", "2024-06-30")], [("4月20日前", "2024-04-20")]]


def test_an_english_list_intro_sets_the_time_of_its_items() -> None:
    text = (
        "On March 5, 2024, the district government held a meeting.\n"
        "Before the end of May, finish the following: first, count every unsafe house in "
        "the district; second, draw up a plan for each kind of case.\n"
        "The meeting stressed that flood checks must be done well."
    )
    assert _deadlines_of(text, "en") == [
        [("Before the end of May", "2024-05-31")],
        [("Before the end of May", "2024-05-31")],
        [],
    ]


# ---- a time set in a work line's heading -------------------------------------------------


def test_a_time_limit_in_a_heading_passes_to_the_tasks_under_it() -> None:
    text = (
        "2024年3月5日，县政府召开常务会议。\n"
        "会议强调，一要在6月底前完成燃气管道排查，各乡镇要逐户上门检查，建立隐患台账；"
        "县住建局要督促燃气企业落实整改。"
        "二要抓好一季度经济运行工作，各部门要加强调度；县统计局要做好监测。"
    )
    assert _deadlines_of(text, "zh") == [
        [("6月底前", "2024-06-30")],
        [("6月底前", "2024-06-30")],
        # a period naming the subject of the work sets no time for it
        [],
        [],
    ]


def test_the_years_work_to_be_finished_passes_down_and_planning_next_year_does_not() -> None:
    text = (
        "2024年3月5日，县政府召开常务会议。\n"
        "会议强调，一要冲刺全年目标任务，各乡镇要倒排工期；县发改局要逐月调度。"
        "二要提前谋划明年工作，各部门要梳理储备项目。"
    )
    assert _deadlines_of(text, "zh") == [
        [("全年", "2024-12-31")],
        [("全年", "2024-12-31")],
        [],
    ]


def test_an_english_heading_limit_passes_down_and_a_topic_period_does_not() -> None:
    text = (
        "On March 5, 2024, the county government held an executive meeting.\n"
        "First, we must finish checking gas pipes before the end of June. All townships "
        "must visit every household; the County Housing Bureau must supervise the gas "
        "companies.\n"
        "Second, we must do a good job in the first-quarter economy. All departments must "
        "strengthen scheduling."
    )
    assert _deadlines_of(text, "en") == [
        [("before the end of June", "2024-06-30")],
        [("before the end of June", "2024-06-30")],
        [],
    ]


def test_a_passed_down_time_is_the_text_of_the_heading() -> None:
    text = (
        "2024年3月5日，县政府召开常务会议。\n"
        "会议强调，一要年内完成河道清淤，各乡镇要组织力量集中攻坚；县水利局要加强技术指导。"
    )
    result = extract(text, "zh", DATE)
    heading = result.work_lines[0]
    for directive in result.directives:
        (deadline,) = directive.deadlines
        assert text[deadline.start : deadline.end] == deadline.text == "年内"
        assert heading.start <= deadline.start < deadline.end <= heading.end


# ---- plan time limits ----------------------------------------------------------------


def test_standing_time_limits_of_plan_notes_are_kept_as_text() -> None:
    assert _deadlines("改造老旧供水管网。（县住建局牵头，持续推进）") == [
        ("持续推进", None, "other")
    ]
    assert _deadlines("建立巡查制度。（市城管局负责，常态化推进）") == [
        ("常态化推进", None, "other")
    ]
    assert _deadlines("推动项目早开工。（县发改局牵头，按时间节点推进）") == [
        ("按时间节点推进", None, "other")
    ]
    assert _deadlines("完成时限：持续推进") == [("持续推进", None, "other")]
    assert _deadlines("完成时限：2024年9月底前") == [("2024年9月底前", "2024-09-30", "month")]
    assert _deadlines("开展专项整治。（市场监管局牵头，公安局配合，2024年底前完成）") == [
        ("2024年底前", "2024-12-31", "year")
    ]


def test_to_keep_pushing_in_a_sentence_is_no_time_limit() -> None:
    assert _deadlines("要持续推进城乡融合发展，不断缩小收入差距。") == []
    assert _deadlines("要保持定力，持续推进。") == []


def test_a_period_in_what_is_to_be_studied_is_no_time_limit() -> None:
    assert _deadlines("要深刻领会把握今年全市发展的目标任务和工作重点") == []
    assert _deadlines("认真学习领会全年工作安排的主要精神") == []
    # a limit stays one, and an action on this year's work still has its year
    assert _deadlines("认真学习领会会议精神，并于年底前拿出工作方案") == [
        ("年底前", "2024-12-31", "year")
    ]
    assert _deadlines("抓好今年各项工作部署的落地") == [("今年", "2024-12-31", "year")]


# ---- Chinese actors -------------------------------------------------------------------


def test_a_unit_opening_a_clause_with_the_verb_of_its_task() -> None:
    assert _actors("区住建局加快推进背街小巷改造") == ["区住建局"]
    assert _actors("各乡镇全力做好秸秆禁烧工作") == ["各乡镇"]
    assert _actors("县应急局牵头做好防汛物资储备") == ["县应急局"]
    # not a verb's object, a conjunction or a topic
    assert _actors("发放消费券，鼓励商贸企业开展让利促销") == []
    assert _actors("各村要按时上报，并组织开展志愿服务") == ["各村"]
    assert _actors("全区经济稳定恢复，主要指标好于预期") == []


def test_the_co_unit_after_hui_tong_ends_where_the_task_begins() -> None:
    assert _actors("县卫健局会同县医保局加快推进药品集采") == ["县卫健局", "县医保局"]
    assert _actors("区商务局要会同区发展和改革局共同推进夜市提升") == ["区商务局", "区发展和改革局"]
    assert _actors("市交通局要会同市公安局4月底前完成路口改造") == ["市交通局", "市公安局"]


def test_should_is_not_the_ying_of_emergency_management() -> None:
    assert _actors("县应急管理局要加强汛期值守") == ["县应急管理局"]
    assert _actors("区应用技术研究院要加快成果转化") == ["区应用技术研究院"]


def test_lead_and_co_units_named_in_the_sentence() -> None:
    assert _actors("请县交通运输局牵头，县公安局配合，做好春运保障") == ["县交通运输局", "县公安局"]
    assert _actors("由区农业农村局负责，区水利局、区财政局配合，推进农田水利建设") == [
        "区农业农村局",
        "区水利局",
        "区财政局",
    ]
    assert _actors("区教育局、区卫健局按照职责分工抓好校园食品安全") == ["区教育局", "区卫健局"]


def test_whose_duty_the_sentence_says_the_work_is() -> None:
    assert _actors("守护群众饮水安全是各级党委政府的重大政治责任，要常抓不懈") == ["各级党委政府"]
    assert _actors("办好民生实事是基层政府义不容辞的责任，要把好事办实") == ["基层政府"]
    assert _actors("这是一项长期的工作，要久久为功") == []


def test_collective_and_bracketed_subjects() -> None:
    assert _actors("各地各部门要压实安全责任") == ["各地各部门"]
    assert _actors("各市（州）、各县（市、区）要加强统筹调度") == ["各市(州)", "各县(市、区)"]
    assert _actors("县发改局、县财政局、县自然资源局要联合开展用地督导") == [
        "县发改局",
        "县财政局",
        "县自然资源局",
    ]


# ---- more ways plans write a time ----------------------------------------------------


def test_a_year_written_with_nian_di_twice() -> None:
    # "2025年年底前" is the year written, not the document's year
    assert _deadlines("确保2025年年底前完成全部改造任务") == [
        ("2025年年底前", "2025-12-31", "year")
    ]
    assert _deadlines("到2026年年底，全面完成雨污分流") == [("到2026年年底", "2026-12-31", "year")]


def test_years_to_be_used_count_from_this_one() -> None:
    assert _deadlines("力争用3年时间基本完成农村危房改造") == [("用3年时间", "2026-12-31", "other")]
    assert _deadlines("用两年左右时间完成河道整治") == [("用两年左右时间", "2025-12-31", "other")]


def test_a_month_with_the_work_done_in_it() -> None:
    assert _deadlines("2024年10月完成项目竣工验收") == [("2024年10月", "2024-10-31", "month")]
    assert _deadlines("要在8月前完成招标") == [("8月前", "2024-08-31", "month")]
    # the end of a range of months is a statistic's period, not a month to finish in
    assert _deadlines("1—6月完成投资50亿元") == []


def test_immediately_is_a_time_limit_with_no_date() -> None:
    assert _deadlines("对排查发现的隐患要立即整改") == [("立即", None, "asap")]
    assert _deadlines("Hazards found in the checks must be removed immediately.", "en") == [
        ("immediately", None, "asap")
    ]


def test_provinces_and_a_unit_after_he_are_actors() -> None:
    assert _actors("各省（区、市）要抓紧出台配套细则") == ["各省(区、市)"]
    assert _actors("省级有关部门和各市要按照分工抓好落实") == ["省级有关部门", "各市"]
    # one collective, and one name, stay whole
    assert _actors("各级党委和政府要扛起主体责任") == ["各级党委和政府"]
    assert _actors("省工业和信息化厅要加强调度") == ["省工业和信息化厅"]


# ---- English forms of the same limits --------------------------------------------------


def test_english_end_of_a_month_or_year_written_short() -> None:
    assert _deadlines("The county must finish the audit by end-June.", "en") == [
        ("by end-June", "2024-06-30", "month")
    ]
    assert _deadlines("All schools should be rebuilt by end-2026.", "en") == [
        ("by end-2026", "2026-12-31", "year")
    ]


def test_english_this_week_the_middle_of_next_year_and_the_earliest_date() -> None:
    assert _deadlines("Towns must send the list by the end of this week.", "en") == [
        ("by the end of this week", "2024-03-10", "other")
    ]
    assert _deadlines("This week's report showed growth.", "en") == []
    assert _deadlines("The bureau aims to open the hall by the middle of next year.", "en") == [
        ("by the middle of next year", "2025-06-30", "half")
    ]
    assert _deadlines("Cities should reply at the earliest possible date.", "en") == [
        ("at the earliest possible date", None, "asap")
    ]
    assert _deadlines("Leaks must be fixed as quickly as possible.", "en") == [
        ("as quickly as possible", None, "asap")
    ]


def test_around_a_festival_is_no_limit() -> None:
    assert _deadlines("做好中秋前后的市场供应和价格监测") == []
    assert _deadlines("要在国庆前完成景区安全检查") == [("国庆前", None, "other")]


def test_english_subjects_with_responsible_before_the_noun_or_a_number_inside() -> None:
    norm = normalize(
        "For parks that fall behind, the responsible districts must send work teams.", "en"
    )
    found = [norm.text[a.start : a.end] for a in find_actors(norm.text, 0, len(norm.text), "en")]
    assert found == ["the responsible districts"]
    norm = normalize(
        "Townships whose revenue is below 20,000 yuan should get technical help.", "en"
    )
    found = [norm.text[a.start : a.end] for a in find_actors(norm.text, 0, len(norm.text), "en")]
    assert found == ["Townships whose revenue is below 20,000 yuan"]


def test_chiefs_and_a_time_before_the_subject() -> None:
    assert _actors("汛期各级河长要加强巡河") == ["各级河长"]
    assert _actors("节日期间各景区要加强客流管控") == ["各景区"]
    assert _actors("各乡镇镇长要亲自部署") == ["各乡镇镇长"]
    # growth is no chief
    assert _actors("经济增长要保持在合理区间") == []


def test_english_regulators_are_actors() -> None:
    norm = normalize("Industry regulators should inspect every plant.", "en")
    found = [norm.text[a.start : a.end] for a in find_actors(norm.text, 0, len(norm.text), "en")]
    assert found == ["Industry regulators"]


def test_a_plan_preamble_sets_no_time_for_every_item() -> None:
    text = (
        "2024年3月5日\n"
        "为确保年底前全面完成各项目标任务，现制定分工方案如下。\n"
        "一、加快农村公路建设。各乡镇要加快施工进度。\n"
        "二、推进污水管网改造。县住建局要加强质量监管。"
    )
    assert _deadlines_of(text, "zh") == [[], []]


def test_a_numbered_headline_that_opens_with_its_time_limit() -> None:
    text = (
        "2024年3月5日，县政府召开常务会议。\n"
        "一、8月底前完成危桥加固\n"
        "各乡镇要逐座排查，建立台账。\n"
        "二、年内建成社区食堂5个\n"
        "县民政局要做好选址。\n"
        "三、上半年经济运行情况\n"
        "全县经济稳中有进。"
    )
    result = extract(text, "zh", DATE)
    assert [line.heading for line in result.work_lines] == [
        "一、8月底前完成危桥加固",
        "二、年内建成社区食堂5个",
    ]
    assert _deadlines_of(text, "zh") == [[("8月底前", "2024-08-31")], [("年内", "2024-12-31")]]
