"""Work lines and directives: each heading form of ANNOTATION.md, in both languages, with
texts written for these tests."""

from __future__ import annotations

import datetime as dt

from luoshi.extract import extract

from .conftest import directive_texts, grouped, headings

# ---- English run-in headings ------------------------------------------------------------


def test_glued_run_in_headings_end_at_the_glue() -> None:
    text = (
        "Harbour city council meets on spring work\n\n"
        "The meeting pointed out thatDo a good job in port logisticsexpand the container "
        "routes to the south and cut the waiting time of lorries.Do a good job in grain "
        "storagerepair the old granaries; check the moisture of stored wheat every week."
    )
    assert headings(text) == ["Do a good job in port logistics",
                              "Do a good job in grain storage"]
    assert grouped(text) == [
        ("Do a good job in port logistics",
         "expand the container routes to the south and cut the waiting time of lorries."),
        ("Do a good job in grain storage", "repair the old granaries;"),
        ("Do a good job in grain storage", "check the moisture of stored wheat every week."),
    ]


def test_lowercase_glue_and_we_must_headings() -> None:
    text = (
        "Report\n\nIt was stressed that we must do a good job in water conservancyrepair the "
        "dikes before the flood season. The town must also keep its pumps ready.\n"
    )
    assert headings(text) == ["we must do a good job in water conservancy"]
    assert grouped(text)[0] == ("we must do a good job in water conservancy",
                                "repair the dikes before the flood season.")


def test_unglued_run_in_heading_ends_where_the_body_verb_begins() -> None:
    text = ("Notes\n\nDo a good job in forest fire prevention strengthen patrols in the hills "
            "and clear dry brush near villages.")
    assert headings(text) == ["Do a good job in forest fire prevention"]
    assert directive_texts(text) == [
        "strengthen patrols in the hills and clear dry brush near villages."]


def test_a_long_sentence_with_do_a_good_job_is_a_directive_not_a_heading() -> None:
    text = ("Notes\n\nThe meeting pointed out that it is necessary to do a good job in the "
            "follow-up of national policies, so as to win support for local projects.")
    assert headings(text) == []
    assert directive_texts(text) == [
        "it is necessary to do a good job in the follow-up of national policies, so as to "
        "win support for local projects."]


# ---- ordinal leads ----------------------------------------------------------------------


def test_english_ordinals_title_to_the_first_clause() -> None:
    text = (
        "County meeting\n\n"
        "First, we must steady the vegetable supply, opening two wholesale markets and "
        "checking prices daily. The county bureau should publish prices every Monday.\n\n"
        "Second, proceeding from local conditions, we must grow the tea trade, training "
        "100 growers.\n\n"
        "Third, we must keep the roads safe.\n"
    )
    assert headings(text) == [
        "First, we must steady the vegetable supply",
        "Second, proceeding from local conditions, we must grow the tea trade",
    ]
    pairs = grouped(text)
    assert pairs[0] == ("First, we must steady the vegetable supply",
                        "opening two wholesale markets and checking prices daily.")
    assert pairs[1][0] == "First, we must steady the vegetable supply"
    # a one-clause item is a directive with no work line, its span including the ordinal
    assert pairs[-1] == (None, "Third, we must keep the roads safe.")


def test_chinese_yiyao_items_in_one_paragraph_split_at_semicolons() -> None:
    text = (
        "市政府召开常务会议\n"
        "会议要求，一要抓好春耕生产，组织农机下田；做好种子化肥供应。"
        "二要稳住工业运行，市工信局要帮助企业稳订单。"
        "三要结合我县实际，发展特色茶叶产业，扩大种植面积。"
        "四要严格落实防汛责任。\n"
        "会议还研究了其他事项。"
    )
    assert headings(text) == ["一要抓好春耕生产", "二要稳住工业运行",
                              "三要结合我县实际，发展特色茶叶产业"]
    assert grouped(text) == [
        ("一要抓好春耕生产", "组织农机下田；"),
        ("一要抓好春耕生产", "做好种子化肥供应。"),
        ("二要稳住工业运行", "市工信局要帮助企业稳订单。"),
        ("三要结合我县实际，发展特色茶叶产业", "扩大种植面积。"),
        (None, "四要严格落实防汛责任。"),
    ]


def test_a_manner_title_stops_before_a_run_of_parallel_clauses() -> None:
    # the clause after the manner opens a list ("抓好……，抓好……，抓好……"): it is the
    # body's first item, and its period is that item's deadline, not part of a title
    text = (
        "县委常委会会议纪要\n"
        "2024年3月5日，县委常委会召开会议。\n"
        "会议强调，一要对照市委部署要求，抓好今年重点项目的开工建设，抓好民生实事的落地见效，"
        "抓好安全生产各项措施。二要结合我县实际，发展特色茶叶产业，扩大种植面积。\n"
    )
    assert headings(text) == ["一要对照市委部署要求", "二要结合我县实际，发展特色茶叶产业"]
    result = extract(text)
    first = result.directives[0]
    assert first.text.startswith("抓好今年重点项目的开工建设")
    assert [(d.text, d.due) for d in first.deadlines] == [("今年", dt.date(2024, 12, 31))]



def test_an_english_manner_title_stops_before_parallel_imperatives_only() -> None:
    text = (
        "Town meeting on summer safety\n"
        "The meeting stressed: First, in light of the new situation, strengthen flood control, "
        "strengthen fire safety, strengthen road safety. Second, in light of the plan, we must "
        "repair the roads, we must also build two bridges."
    )
    # "strengthen …, strengthen …": the run is the body; "we must …, we must …" is no run
    # of parallel verbs, and the manner's title goes on to the end of the next clause
    assert headings(text) == ["First, in light of the new situation",
                              "Second, in light of the plan, we must repair the roads"]


def test_chinese_yishi_paren_and_diyi_markers() -> None:
    yishi = "会议\n会议强调，一是加快项目建设。各地要倒排工期。二是扩大有效消费。要发放消费券。"
    assert headings(yishi) == ["一是加快项目建设", "二是扩大有效消费"]
    paren = ("报告\n（一）着力扩大内需，增强增长动力。全年实施重点项目500个。\n"
             "（二）加快产业升级。培育新兴产业。")
    assert headings(paren) == ["（一）着力扩大内需", "（二）加快产业升级"]
    assert grouped(paren)[0] == ("（一）着力扩大内需", "增强增长动力。")
    diyi = "会议\n王建华强调，第一，要全力冲刺年度目标。各县要倒排工期。第二，要严守安全底线。"
    assert headings(diyi) == ["第一，要全力冲刺年度目标"]
    assert grouped(diyi)[-1] == (None, "第二，要严守安全底线。")


def test_items_after_semicolons_and_after_a_list_intro() -> None:
    text = ("会议\n会议要求，一是加强组织领导，压实工作责任；二是强化督查考核，严格问责；"
            "三是营造良好氛围。")
    assert grouped(text) == [("一是加强组织领导", "压实工作责任；"),
                             ("二是强化督查考核", "严格问责；"),
                             (None, "三是营造良好氛围。")]
    intro = ("会议\n会议强调，要重点抓好以下工作：一是加快项目建设，确保按期开工；"
             "二是扩大消费，发放消费券。")
    assert grouped(intro) == [("一是加快项目建设", "确保按期开工；"),
                              ("二是扩大消费", "发放消费券。")]
    en = ("Meeting\n\nThe meeting required that first, we must repair the roads, paving 20 km; "
          "second, we must clean the rivers, dredging the channels.")
    assert headings(en) == ["first, we must repair the roads",
                            "second, we must clean the rivers"]


# ---- headline lines and agenda markers -----------------------------------------------------


def test_standalone_headline_lines() -> None:
    zh = ("全市工业推进会召开\n"
          "会议通报了上半年工业运行情况。\n"
          "稳住工业基本盘\n"
          "各县要对重点企业实行精准帮扶。今年以来已解决问题120个。\n"
          "培育新兴产业\n"
          "市工信局要在三季度组织对接活动10场以上。")
    assert headings(zh) == ["稳住工业基本盘", "培育新兴产业"]
    assert grouped(zh) == [("稳住工业基本盘", "各县要对重点企业实行精准帮扶。"),
                           ("培育新兴产业", "市工信局要在三季度组织对接活动10场以上。")]
    en = ("County work conference\n\n"
          "Improving rural roads\n"
          "We will harden 200 kilometres of village roads. Last year 150 kilometres were built.\n"
          "Keeping rivers clean\n"
          "Every town must appoint a river chief before the end of March.")
    assert headings(en) == ["Improving rural roads", "Keeping rivers clean"]
    assert [t for _, t in grouped(en)] == [
        "We will harden 200 kilometres of village roads.",
        "Every town must appoint a river chief before the end of March."]


def test_numbered_headlines_and_section_titles() -> None:
    en = ("Work report\n\nI. Stabilizing industrial growth\nWe will support 500 key "
          "enterprises.\nII. Expanding domestic demand\nWe will issue vouchers in the first half.")
    assert headings(en) == ["I. Stabilizing industrial growth", "II. Expanding domestic demand"]
    zh = ("报告\n一、2023年工作回顾\n一是加快项目建设，全年完成投资增长8%。\n"
          "二、2024年总体要求\n今年是关键之年，要坚持稳中求进。\n"
          "三、全力扩大有效需求\n实施重点项目500个。")
    # a review section yields nothing; a section title ends the section before it
    assert grouped(zh) == [(None, "要坚持稳中求进。"),
                           ("三、全力扩大有效需求", "实施重点项目500个。")]


def test_english_agenda_markers() -> None:
    text = (
        "Executive meeting\n\n"
        "The meeting studied the city's heating supply. It noted that coal stocks are low. "
        "It stressed that the heating company must secure coal for 30 days.\n\n"
        "On school safety, the meeting required that every school check its fire exits.\n\n"
        "In terms of road repairs, the transport bureau should finish the bridge work."
    )
    assert headings(text) == ["the city's heating supply", "school safety", "road repairs"]
    assert grouped(text) == [
        ("the city's heating supply", "the heating company must secure coal for 30 days."),
        ("school safety", "every school check its fire exits."),
        ("road repairs", "the transport bureau should finish the bridge work."),
    ]


def test_chinese_agenda_markers() -> None:
    text = (
        "常务会议\n"
        "会议研究了城区供暖保障工作。会议指出，今年煤炭库存偏低。强调，要确保供暖企业储煤30天以上。\n"
        "关于校园安全，会议要求，各学校要在开学前完成消防检查。\n"
        "会议研究了其他事项。"
    )
    assert headings(text) == ["城区供暖保障工作", "校园安全"]
    assert grouped(text) == [
        ("城区供暖保障工作", "要确保供暖企业储煤30天以上。"),
        ("校园安全", "各学校要在开学前完成消防检查。"),
    ]


# ---- directives: what counts, lead-ins excluded ----------------------------------------------


def test_lead_ins_are_kept_out_of_spans() -> None:
    en = ("Meeting\n\nThe meeting pointed out that all departments must cut red tape. "
          "It stressed that the city should open a service hall. "
          "Mayor Li Ming emphasized that townships must report weekly. "
          "The meeting called on all cadres to work hard.")
    assert directive_texts(en) == [
        "all departments must cut red tape.", "the city should open a service hall.",
        "townships must report weekly.", "all cadres to work hard."]
    zh = ("会议\n会议强调，各地各部门要压实责任。会议要求，要尽快出台方案。"
          "李建国在讲话中指出，要抓好落实。刘强强调，要守住底线。")
    assert directive_texts(zh) == ["各地各部门要压实责任。", "要尽快出台方案。", "要抓好落实。",
                                   "要守住底线。"]


def test_facts_praise_attendance_and_decisions_are_not_directives() -> None:
    en = ("Meeting held\n\nOn May 3, Mayor Li chaired the meeting. The meeting heard a report "
          "on flood control. Output grew 6.1 percent last year. The successful fair laid a "
          "solid foundation for trade. The meeting approved the Measures for Parking. "
          "It required that the measures be issued before the end of June.")
    assert directive_texts(en) == ["the measures be issued before the end of June."]
    zh = ("会议召开\n5月3日，市长李明主持召开常务会议。会议听取了防汛工作汇报。"
          "一季度全市经济增长6.1%。会议原则通过《停车管理办法》。会议要求，各区要做好宣传解读。")
    assert directive_texts(zh) == ["各区要做好宣传解读。"]


def test_a_bracketed_note_of_owners_stays_with_its_sentence() -> None:
    text = ("分工意见\n各地要加快专项债券发行使用。"
            "（财政部、国家发展改革委按职责分工负责，6月底前完成）")
    result = extract(text, date=None)
    assert [d.text for d in result.directives] == [text.split("\n")[1]]
    # the note's units answer for the task (the suggester's lead and co-units), not actors
    assert [a.text for a in result.directives[0].actors] == ["各地"]


def test_requests_after_recorded_decisions() -> None:
    zh = "会议\n会议审议通过了《城区停车管理办法》，要求各区认真抓好宣传解读。"
    assert directive_texts(zh) == ["各区认真抓好宣传解读。"]
    en = ("Meeting\n\nThe meeting approved the Parking Measures and required that every "
          "district publish them before the end of May.")
    assert directive_texts(en) == ["every district publish them before the end of May."]


def test_study_instructions_are_directives() -> None:
    en = ("Study session\n\nThe meeting pointed out that the speech is profound.to deeply "
          "understandthe spirit of the plenary session and apply it to rural work.")
    assert directive_texts(en) == [
        "to deeply understandthe spirit of the plenary session and apply it to rural work."]
    zh = "学习会\n会议强调，要深刻领会全会精神，把握目标任务。"
    assert directive_texts(zh) == ["要深刻领会全会精神，把握目标任务。"]


def test_offsets_index_the_original_text() -> None:
    text = ("Notes\r\n\r\nThe meeting pointed out that\u200bDo a good job in coal supply"
            "secure 30 days of stock，and check mines weekly.")
    result = extract(text)
    assert result.work_lines
    for line in result.work_lines:
        assert text[line.start:line.end] == line.heading
    for directive in result.directives:
        assert text[directive.start:directive.end] == directive.text
        for actor in directive.actors:
            assert text[actor.start:actor.end] == actor.text
