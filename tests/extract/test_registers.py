"""The registers of real readouts (issue #9): directives without "must", agenda items,
headlines without a "Do a good job in" frame, division-plan items with their lead units.
Every text here is written for these tests."""

from __future__ import annotations

from .conftest import directive_texts, grouped, headings

# ---- English: intent without a modal -------------------------------------------------------


def test_future_statements_of_intent_are_directives() -> None:
    text = (
        "Cabinet meeting on rural roads\n\n"
        "The country will keep upgrading rural roads and extend bus services to remote "
        "villages, according to a cabinet meeting on Tuesday.\n\n"
        "Road maintenance funds will be allocated to counties with the longest networks.\n\n"
        "Meanwhile, new repair teams will be trained by pairing young workers with veterans.\n\n"
        "The province is going to rebuild 120 bridges this year.\n\n"
        "The county aims to connect every village with a paved road by 2027.\n\n"
        "The goal is to cut travel time to the county seat to one hour.\n\n"
        "Efforts will be made to keep the roads safe in the rainy season.\n"
    )
    found = directive_texts(text)
    assert len(found) == 7
    assert found[0].startswith("The country will keep upgrading rural roads")
    assert found[-1].startswith("Efforts will be made")


def test_forecasts_and_consequences_with_will_are_not_directives() -> None:
    text = (
        "Cabinet meeting on rural roads\n\n"
        "This plan will help farmers reach markets faster.\n\n"
        "About 40,000 households will be involved in the programme.\n\n"
        "The next session will be held in June.\n\n"
        "It was pointed out at the meeting that rural roads are crucial to people's "
        "livelihood.\n"
    )
    assert directive_texts(text) == []


def test_passive_obligation_and_a_titled_speaker_stressing_a_noun_phrase() -> None:
    text = (
        "Cabinet meeting on water supply\n\n"
        "Close attention should be paid to the water quality of small reservoirs.\n\n"
        "The premier also stressed careful use of the drought relief fund and training for "
        "pump operators.\n"
    )
    assert directive_texts(text) == [
        "Close attention should be paid to the water quality of small reservoirs.",
        "careful use of the drought relief fund and training for pump operators.",
    ]


def test_a_request_after_stated_facts_starts_at_the_turn() -> None:
    text = (
        "City meeting on the economy\n\n"
        "Since the spring, retail sales have recovered steadily, but we should stay alert "
        "to the weak demand for housing.\n"
    )
    assert directive_texts(text) == ["we should stay alert to the weak demand for housing."]


def test_a_report_lead_in_after_a_date_is_kept_out_of_the_directive() -> None:
    text = (
        "Harbour news\n\n"
        "On May 4, it was reported from the meeting on harbour dredging that the city is "
        "going to dredge three berths before the typhoon season.\n"
    )
    assert directive_texts(text) == [
        "the city is going to dredge three berths before the typhoon season."]


# ---- English: agenda items in the passive --------------------------------------------------


def test_passive_agenda_items_title_what_the_meeting_then_asks() -> None:
    text = (
        "Open Government\n"
        "Provincial executive meeting on river management\n\n"
        "At the meeting, the Regulations on River Chiefs was approved, which sets out the "
        "duties of county river chiefs. It was stressed in the meeting that all counties "
        "should publish the names of their river chiefs within a month.\n\n"
        "During the meeting, a draft law on flood insurance was discussed and approved in "
        "principle. It will be submitted to the provincial people's congress for review.\n\n"
        "A revised plan for wetland parks was also deliberated and approved at the meeting, "
        "which noted that it is necessary to protect migratory birds in the wetlands.\n\n"
        "Attendees of the meeting were briefed on the water quality of the main rivers in "
        "the first half of the year. All relevant departments should step up inspections of "
        "sewage outlets.\n"
    )
    assert grouped(text) == [
        ("the Regulations on River Chiefs",
         "all counties should publish the names of their river chiefs within a month."),
        ("a draft law on flood insurance",
         "It will be submitted to the provincial people's congress for review."),
        ("A revised plan for wetland parks",
         "it is necessary to protect migratory birds in the wetlands."),
        ("the water quality of the main rivers in the first half of the year",
         "All relevant departments should step up inspections of sewage outlets."),
    ]


def test_an_approval_with_nothing_asked_after_it_titles_nothing() -> None:
    text = (
        "Provincial executive meeting\n\n"
        "During the meeting, a draft law on flood insurance was discussed and approved in "
        "principle.\n\n"
        "Twelve model workers were commended.\n"
    )
    assert headings(text) == []
    assert directive_texts(text) == []


# ---- Chinese: assessments, the meeting requiring without a comma ------------------------------


def test_assessments_under_a_stress_lead_are_not_directives() -> None:
    text = (
        "县政府常务会议\n\n"
        "会议强调,三季度是冲刺全年目标的关键季。修订河长制实施办法,对于全县水环境持续改善具有"
        "重要意义。要加快补齐污水管网短板。\n"
    )
    assert directive_texts(text) == ["要加快补齐污水管网短板。"]


def test_the_meeting_requires_without_a_comma() -> None:
    text = ("县委常委会会议\n\n会议原则通过《实施意见》。"
            "会议要求对意见稿修改完善后,印发各乡镇执行。\n")
    assert directive_texts(text) == ["对意见稿修改完善后,印发各乡镇执行。"]


def test_a_sentence_opening_on_an_action_verb_in_a_run_of_requests() -> None:
    text = (
        "市政府常务会议\n\n"
        "会议指出,要抓紧修复水毁道路。成立抢修专班,逐段包干到人。要及时发布路况信息。\n"
    )
    assert directive_texts(text) == [
        "要抓紧修复水毁道路。", "成立抢修专班,逐段包干到人。", "要及时发布路况信息。"]


# ---- Chinese: division plans -----------------------------------------------------------------


def test_plan_items_end_before_their_lead_units_and_the_preamble_asks_nothing() -> None:
    text = (
        "县政府工作报告重点工作分工方案\n\n"
        "为贯彻落实县人代会精神,确保各项重点工作落地见效,现制定分工方案如下。\n\n"
        "一、对全县粮食播种面积、生猪出栏量等年度目标完成情况进行跟踪调度。"
        "(县农业农村局、县统计局按职责分工负责)\n\n"
        "二、抓住城乡供水一体化机遇,新建改造供水管网200公里。完成3座水厂提标改造。"
        "(县水利局牵头,县财政局配合,年底前完成)\n\n"
        "三、推进老旧小区改造,年内开工小区40个。〔县住建局、县发展改革局、县财政局\n"
    )
    # The note stays with the directive it follows: its units and time are read from it.
    assert grouped(text) == [
        # a one-clause item keeps its number, as everywhere
        (None, "一、对全县粮食播种面积、生猪出栏量等年度目标完成情况进行跟踪调度。"
               "(县农业农村局、县统计局按职责分工负责)"),
        ("二、抓住城乡供水一体化机遇", "新建改造供水管网200公里。"),
        ("二、抓住城乡供水一体化机遇",
         "完成3座水厂提标改造。(县水利局牵头,县财政局配合,年底前完成)"),
        ("三、推进老旧小区改造", "年内开工小区40个。〔县住建局、县发展改革局、县财政局"),
    ]


def test_an_outline_titles_its_sections_and_numbered_items_are_their_directives() -> None:
    text = (
        "县人民政府关于落实重点工作分工的意见\n"
        "一、落实全年发展目标和重点任务\n"
        "(一)总体要求。\n"
        "1.坚持稳中求进,统筹发展和安全,全力完成年度目标任务。(县政府各部门分别负责)\n"
        "2.稳就业保民生;城镇新增就业3000人以上;城镇调查失业率5.5%左右。"
        "(县人社局牵头)\n"
        "(二)扩大有效投资。\n"
        "3.加快推进20个重点项目建设。(县发展改革局负责)\n"
        "4.财政收入稳步增长;农村居民收入\n"
    )
    assert headings(text) == ["一、落实全年发展目标和重点任务", "(一)总体要求",
                              "(二)扩大有效投资"]
    assert grouped(text) == [
        ("(一)总体要求",
         "坚持稳中求进,统筹发展和安全,全力完成年度目标任务。(县政府各部门分别负责)"),
        ("(一)总体要求", "稳就业保民生;"),
        ("(一)总体要求", "城镇新增就业3000人以上;"),
        ("(一)总体要求", "城镇调查失业率5.5%左右。(县人社局牵头)"),
        ("(二)扩大有效投资", "加快推进20个重点项目建设。(县发展改革局负责)"),
        ("(二)扩大有效投资", "财政收入稳步增长;"),
    ]


# ---- English: approvals, numbered items without a mark, more intent --------------------------


def test_an_approval_titles_what_the_meeting_then_asks_about_it() -> None:
    text = (
        "Provincial meeting\n\n"
        "The meeting reviewed and approved the Plan for Rural Toilet Renovation. It required "
        "all cities to finish 50,000 toilets by October.\n\n"
        "The meeting adopted the Measures on Night Markets and asked relevant departments to "
        "publicise them widely.\n"
    )
    assert grouped(text) == [
        ("the Plan for Rural Toilet Renovation",
         "all cities to finish 50,000 toilets by October."),
        ("the Measures on Night Markets", "relevant departments to publicise them widely."),
    ]


def test_numbered_items_with_no_mark_between_title_and_body() -> None:
    text = (
        "County plenary\n\n"
        "1. Raise rural incomes The county will expand tea planting and rural tourism.\n"
        "2. Improve the business environment All departments must halve approval times.\n"
    )
    assert grouped(text) == [
        ("1. Raise rural incomes", "The county will expand tea planting and rural tourism."),
        ("2. Improve the business environment", "All departments must halve approval times."),
    ]


def test_encouraged_effort_and_told_that() -> None:
    text = (
        "State Council executive meeting\n\n"
        "Banks are encouraged to lend more to small farms. More effort will go into "
        "training rural doctors. It is expected that the measures will save 5 billion yuan.\n\n"
        "Participants were told that the city plans to open 20 new clinics this year.\n"
    )
    assert directive_texts(text) == [
        "Banks are encouraged to lend more to small farms.",
        "More effort will go into training rural doctors.",
        "the city plans to open 20 new clinics this year.",
    ]


# ---- Chinese: labelled notes, unpunctuated items, 将 ------------------------------------------


def test_labelled_assignment_notes_belong_to_the_item_above() -> None:
    text = (
        "区政府重点工作任务分工方案\n"
        "一、扩大有效投资\n"
        "1.加快推进20个区级重点项目建设,年内完成投资80亿元。\n"
        "牵头单位:区发展改革局\n"
        "完成时限:2025年12月底前\n"
        "2.做好专项债券项目储备。牵头单位:区财政局;完成时限:6月底前。\n"
    )
    assert headings(text) == ["一、扩大有效投资"]
    assert grouped(text) == [
        ("一、扩大有效投资", "加快推进20个区级重点项目建设,年内完成投资80亿元。\n"
                             "牵头单位:区发展改革局\n完成时限:2025年12月底前"),
        ("一、扩大有效投资", "做好专项债券项目储备。牵头单位:区财政局;完成时限:6月底前。"),
    ]


def test_ordinal_items_with_no_mark_between_title_and_body() -> None:
    text = (
        "市政府常务会议\n\n"
        "会议强调,一是稳住外贸基本盘全力帮助出口企业稳订单拓市场;二是扩大有效投资加快推进"
        "重大水利项目建设;三是兜牢民生底线,做好困难群众救助工作。\n"
    )
    assert grouped(text) == [
        ("一是稳住外贸基本盘", "全力帮助出口企业稳订单拓市场;"),
        ("二是扩大有效投资", "加快推进重大水利项目建设;"),
        ("三是兜牢民生底线", "做好困难群众救助工作。"),
    ]


def test_will_before_an_action_is_a_directive_not_an_event_or_an_attribute() -> None:
    text = (
        "省政府常务会议\n\n"
        "今年将实施县城补短板行动,改造供水管网800公里。省政府将出台支持外贸企业的若干措施。"
        "下月将召开全省农村工作会议。将要启动的项目共有12个。\n"
    )
    assert directive_texts(text) == [
        "今年将实施县城补短板行动,改造供水管网800公里。",
        "省政府将出台支持外贸企业的若干措施。",
    ]


# ---- English: headlines without a "Do a good job in" frame -------------------------------------


def test_gerund_and_colon_titles_open_work_lines() -> None:
    text = (
        "Municipal economic meeting\n\n"
        "Stabilizing farm output. All townships should repair irrigation canals before May. "
        "The agriculture bureau must check seed quality.\n"
        "Protecting the elderly: civil affairs departments should visit every elderly person "
        "living alone.\n"
        "We will focus on the following: roads, schools and clinics.\n"
    )
    assert grouped(text) == [
        ("Stabilizing farm output", "All townships should repair irrigation canals before May."),
        ("Stabilizing farm output", "The agriculture bureau must check seed quality."),
        ("Protecting the elderly",
         "civil affairs departments should visit every elderly person living alone."),
        # a colon after "the following" introduces a list, not a title
        (None, "We will focus on the following: roads, schools and clinics."),
    ]


# ---- facts, forecasts and minutes that ask nothing ----------------------------------------


def test_minutes_headers_agreements_and_list_intros_ask_nothing() -> None:
    text = (
        "县政府常务会议纪要\n\n"
        "请假:副县长王某(外出学习)。\n"
        "会议原则同意该实施方案。\n"
        "会议同时对当前森林防火工作作出部署:\n"
        "各乡镇要落实护林员巡山制度。\n"
        "会议还研究了其他事项。\n"
        "分送:县委办公室,县人大常委会办公室。\n"
    )
    assert directive_texts(text) == ["各乡镇要落实护林员巡山制度。"]
    assert headings(text) == []


def test_counts_and_forecasts_are_not_requests() -> None:
    text = (
        "County plenary\n\n"
        "Expand rescue capacity. The county now has 42 professional rescue teams. Grain "
        "output is expected to reach 300,000 tonnes. Townships are expected to train "
        "volunteers before the flood season.\n"
    )
    assert grouped(text) == [
        ("Expand rescue capacity",
         "Townships are expected to train volunteers before the flood season."),
    ]


def test_a_plan_flattened_from_a_table_one_cell_a_line() -> None:
    text = (
        "重点任务分工表\n"
        "序号 重点任务 牵头单位 完成时限\n"
        "一、扩大有效投资\n"
        "1\n加快推进城西片区道路建设\n区住建局\n2025年6月底前\n"
        "2\n做好专项债券项目储备\n区财政局、区发展改革局\n全年\n"
        "二、提振消费\n"
        "3\n举办夜市消费季活动\n区商务局\n三季度末前\n"
    )
    assert grouped(text) == [
        ("一、扩大有效投资", "加快推进城西片区道路建设\n区住建局\n2025年6月底前"),
        ("一、扩大有效投资", "做好专项债券项目储备\n区财政局、区发展改革局\n全年"),
        ("二、提振消费", "举办夜市消费季活动\n区商务局\n三季度末前"),
    ]


def test_chinese_topic_markers_and_deliberated_items() -> None:
    # ("在X方面，要……" stays inside its directive, as the development set annotates it.)
    text = (
        "市政府常务会议\n\n"
        "就做好森林防火工作,会议强调,各县区要落实护林员网格化巡护。\n"
        "会议审议了《城区停车设施建设三年行动方案》。会议要求,市住建局要抓紧完善方案。\n"
    )
    assert grouped(text) == [
        ("做好森林防火工作", "各县区要落实护林员网格化巡护。"),
        ("《城区停车设施建设三年行动方案》", "市住建局要抓紧完善方案。"),
    ]


def test_news_style_attribution_ends_an_agenda_item_and_the_first_is_to() -> None:
    text = (
        "State Council executive meeting\n\n"
        "The meeting also discussed a draft regulation on ports. The draft will be further "
        "revised before it is released.\n\n"
        "Local governments must prepare for typhoons, according to the meeting.\n\n"
        "The meeting stressed that the city should focus on the following aspects. The first "
        "is to repair the sea walls. The second is to relocate fishing boats in time.\n"
    )
    assert grouped(text) == [
        ("a draft regulation on ports", "The draft will be further revised before it is released."),
        (None, "Local governments must prepare for typhoons, according to the meeting."),
        (None, "The first is to repair the sea walls."),
        (None, "The second is to relocate fishing boats in time."),
    ]


def test_chinese_readout_assessments_agreements_and_arrangements() -> None:
    text = (
        "县政府常务会议\n\n"
        "会议指出,今年以来全县经济稳中向好。成绩来之不易,但也要清醒看到,消费恢复仍然偏慢。\n\n"
        "会议还研究了农贸市场改造工作,原则同意《农贸市场改造方案》,要求县商务局抓紧组织实施,"
        "年内完成改造市场6个。\n\n"
        "会议对近期森林防火工作进行了安排部署。会议强调,森林防火责任重于泰山。"
        "各乡镇要落实护林员巡山制度。\n"
    )
    assert grouped(text) == [
        ("农贸市场改造工作", "县商务局抓紧组织实施,年内完成改造市场6个。"),
        ("近期森林防火工作", "各乡镇要落实护林员巡山制度。"),
    ]


def test_a_traditional_character_copy_reads_like_the_simplified_one() -> None:
    text = (
        "縣政府常務會議\n\n"
        "會議研究了森林防火工作。會議強調,各鄉鎮要落實護林員巡山制度。\n\n"
        "會議強調,這次會議是在防火關鍵期召開的一次重要會議。\n"
    )
    # spans and texts stay in the characters of the original
    assert grouped(text) == [("森林防火工作", "各鄉鎮要落實護林員巡山制度。")]


def test_what_a_thing_is_under_a_stress_lead_asks_nothing() -> None:
    text = "县委常委会会议\n\n会议强调,这次全会是在全县发展关键节点召开的一次重要会议。\n"
    assert directive_texts(text) == []


def test_one_clause_items_in_one_sentence_are_each_a_directive() -> None:
    text = (
        "Standing committee meeting\n\n"
        "The meeting required that, first, we must start 50 projects in May; second, we must "
        "hold a car fair; third, we must prevent risks.\n"
    )
    assert grouped(text) == [
        (None, "first, we must start 50 projects in May;"),
        (None, "second, we must hold a car fair;"),
        (None, "third, we must prevent risks."),
    ]
    text = "县委常委会会议\n\n会议要求,一要加强组织领导;二要压实工作责任;三要强化督查问效。\n"
    assert grouped(text) == [
        (None, "一要加强组织领导;"),
        (None, "二要压实工作责任;"),
        (None, "三要强化督查问效。"),
    ]


def test_decisions_on_what_to_do_are_directives() -> None:
    text = (
        "国务院常务会议\n\n"
        "会议决定,延续实施小微企业房租减免政策至明年年底。\n"
        "会议通过《城市供水条例(草案)》,决定由国务院提请全国人大常委会审议。\n"
    )
    assert directive_texts(text) == [
        "延续实施小微企业房租减免政策至明年年底。", "由国务院提请全国人大常委会审议。"]
    text = (
        "State Council executive meeting\n\n"
        "The meeting decided to extend the rent relief for small firms to the end of next year. "
        "The meeting also decided on the appointment of two officials.\n"
    )
    assert directive_texts(text) == [
        "to extend the rent relief for small firms to the end of next year."]


def test_are_to_also_necessary_and_a_named_official_calling_on() -> None:
    text = (
        "Provincial government executive meeting\n\n"
        "Forestry departments are to finish replanting burned slopes by the end of October. "
        "It is also necessary to train 500 forest rangers this year. Governor Li called on "
        "all departments to improve their work style.\n"
    )
    assert directive_texts(text) == [
        "Forestry departments are to finish replanting burned slopes by the end of October.",
        "It is also necessary to train 500 forest rangers this year.",
        "all departments to improve their work style.",
    ]


def test_an_agenda_rendered_word_for_word_is_not_a_request() -> None:
    text = (
        "Standing committee meeting\n\n"
        "Convey the spirit of the provincial economic work conference and review the Plan "
        "for Harbour Renovation.\n"
    )
    assert directive_texts(text) == []
