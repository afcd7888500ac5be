"""Never crash, always valid (issue #9 item 4): for any text, ``extract`` returns, every span
it reports is ``text[start:end]`` of the text it was given, and ``to_dict()`` is strict JSON.

Also the paths that crashed on Python 3.11, where ``int.is_integer`` does not exist (it
arrived in 3.12): a target counted in words ("two study sessions") had an ``int`` value and
``to_dict()`` raised ``AttributeError``.
"""

from __future__ import annotations

import datetime as dt
import json
import string
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from luoshi.extract import Deadline, ExtractInputError, Span, Target, extract
from luoshi.extract.model import _number

# Pieces of real readouts' vocabulary, so that generated texts reach the rules (a directive
# with a deadline, a target, a quoted name) and not only the empty-result path.
_FRAGMENTS = [
    "The meeting required ", "all localities and departments ", "must ", "should ",
    "will ", "by the end of June", "within 5 working days", "in the first quarter",
    "more than 9 million ", "7.5%—8%", "3.65万亿元", "two study sessions", "“", "”", "《",
    "》", "First, ", "一要", "（一）", "会议强调，", "要", "各地各部门", "年内", "6月底前",
    "尽快", "确保", "。", "，", "；", ".", ";", ":", "\n", "\n\n", " ", "\t", "\r\n", "\x00",
    "\u200b", "\ufeff", "１２３", "Ⅻ", "٣", "𝟗", "9" * 400, "1e308", "1,000,000,000,000,000 yuan",
    "十万亿亿亿元", "2023-03-16", "2023年3月16日", "February 30, 2023", "9999年13月45日",
    # the deadline and actor forms of real plans
    "到", "0000年底前", "十四五", "末", "本周五前", "8月份完成", "今后", "三年", "以来", "前三季度",
    "会后", "个工作日内", "长期坚持", "明年", "中旬前", "（", "）", "牵头", "配合", "牵头单位：",
    "next year", "over the next three years", "in early May", "between 5 and 6 percent",
    ", together with the Bureau, ", "It is necessary for ", "the end of the 15th Five-Year Plan",
    # times set for a list or a work line, and plan limits that are no date
    "完成以下工作：", "the following:", "一是", "二是", "，持续推进）", "完成时限：", "立即",
    "用3年时间", "年年底前", "会同", "各省（区、市）", "是各级政府的责任",
]
_TEXT = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)),
             min_size=1, max_size=60).map("".join),
    st.text(alphabet=string.printable + "“”《》，。；：、（）一二三四五六七八九十万亿要",
            min_size=1, max_size=400),
)


class _Calendar:
    """Monday to Friday: enough to drive the working-day path."""

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        current = start
        while days > 0:
            current += dt.timedelta(days=1)
            if current.weekday() < 5:
                days -= 1
        return current


def _check(text: str, **kwargs: object) -> None:
    try:
        result = extract(text, **kwargs)  # type: ignore[arg-type]
    except ExtractInputError:
        assert not text.strip()  # the only refusal of a str: nothing to read
        return
    for line in result.work_lines:
        assert text[line.start:line.end] == line.heading
    for directive in result.directives:
        assert text[directive.start:directive.end] == directive.text
        spans: list[Span | Deadline | Target] = [
            *directive.actors, *directive.deadlines, *directive.targets, *directive.programmes]
        for span in spans:
            assert text[span.start:span.end] == span.text
            if isinstance(span, Deadline) and span.end <= directive.start:
                continue  # a time set for its whole list or work line, written above it
            assert directive.start <= span.start <= span.end <= directive.end
    data = result.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False)) == data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from([None, "en", "zh"]))
@example("hold two study sessions", "en")
@example("9" * 400 + " yuan", "en")
@example("within 5 working days", "en")
@example("\x00\u200b\ufeff", None)
@example("会议要求，6月底前完成以下工作：一是全面排查；二是加快整改。", "zh")
@example("一要年内完成清淤，各乡镇要集中攻坚；县水利局要加强指导。", "zh")
def test_any_text_extracts_to_valid_spans_and_json(text: str, lang: str | None) -> None:
    _check(text, lang=lang)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@example("The bureau must reply within 5 working days.", dt.date(9999, 12, 30))
@example("年内完成，明年一季度开工，6月底前报送", dt.date(9999, 12, 31))
@example("The meeting required that all districts must finish the survey next year.",
         dt.date(9999, 6, 1))
@example("会议要求，各地要在0000年底前完成整改。", dt.date(2023, 3, 16))
@example("会议要求，各地要在会后" + "9" * 40 + "三日内报送材料。", dt.date(2023, 3, 16))
def test_any_text_with_any_date_and_a_calendar(text: str, date: dt.date) -> None:
    _check(text, date=date, calendar=_Calendar())


def test_word_counted_targets_serialize_on_this_python() -> None:
    # The path that raised AttributeError on 3.11: an int target value reached
    # ``value.is_integer()``. It runs on whatever Python runs the tests (3.11 here).
    assert sys.version_info >= (3, 11)
    data = extract("The meeting required that all districts must hold two study sessions "
                   "and open 12 stations.", lang="en").to_dict()
    values = [t["value"] for d in data["directives"] for t in d["targets"]]
    assert values == [2, 12]
    assert all(type(v) is int for v in values)


def test_number_takes_ints_floats_and_huge_values() -> None:
    assert _number(2) == 2 and type(_number(2)) is int
    assert _number(2.0) == 2 and type(_number(2.0)) is int
    assert _number(2.5) == 2.5
    assert _number(1e20) == 1e20 and type(_number(1e20)) is float
    assert _number(10**30) == 1e30  # an int too big for the counting range stays a number
