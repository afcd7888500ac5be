"""Deadlines in a directive, resolved against the document date.

``due`` is the end of the period named (first quarter → 03-31, 上半年 → 06-30, 年内 →
12-31); "双过半" (half the year's task by mid-year) is due 06-30; "as soon as possible" /
"尽快" has no date (kind ``asap``). With no document date, nothing resolves and ``due`` is
None. A period that has already ended by the document date is read as next year's.

A relative time ("within 5 working days", "会后3个工作日内", "10日内") is counted from the
document date: calendar days, weeks and months by the calendar, working days only through a
:class:`WorkingDays` calendar the caller passes in (``luoshi.kernel.calendar`` knows Chinese
public holidays and make-up days; the library itself knows none, so without one ``due`` stays
None). A time counted from an event ("within 15 days of receiving the notice", "春节前")
has no date: the event's date is not in the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from luoshi.extract.dates import MONTHS
from luoshi.extract.targets import zh_number

DATE = "date"
MONTH = "month"
QUARTER = "quarter"
HALF = "half"
YEAR = "year"
ASAP = "asap"
OTHER = "other"


class WorkingDays(Protocol):
    """What a working-day deadline needs from a calendar (``WorkingCalendar`` has it)."""

    def add_working_days(self, start: dt.date, days: int) -> dt.date: ...


class LazyWorkingDays:
    """A :class:`WorkingDays` made by ``load`` on the first working-day deadline, for a
    calendar that costs something to make (an import, a query) most texts never need."""

    def __init__(self, load: Callable[[], WorkingDays]) -> None:
        self._load = load
        self._calendar: WorkingDays | None = None

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        if self._calendar is None:
            self._calendar = self._load()
        return self._calendar.add_working_days(start, days)


@dataclass(frozen=True)
class FoundDeadline:
    start: int
    end: int
    due: dt.date | None
    kind: str


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4, "一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4,
        "首": 1}
_BY = (r"(?:(?:by|before|no later than|prior to|until|till) (?:the )?(?:end|close) of |by |"
       r"before |no later than |within |in |during |for |at )?")

_NUMBER_WORDS = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                 r"fifteen|twenty|thirty|a|an)")
_EN = re.compile(
    r"\b(?P<asap>as soon as possible|as early as possible|at an early date|without delay|"
    r"immediately|as quickly as possible|at the earliest (?:possible )?(?:date|time))\b"
    r"|\b(?P<ongoing>over the long term|on a long-term basis|on an ongoing basis)\b"
    # relative and event-bound times: a deadline with no date ("within 15 days of …")
    rf"|\b(?P<rel>(?:within|over|in|during) the (?:next|coming) {_NUMBER_WORDS} (?:years?|months?)"
    rf"|within {_NUMBER_WORDS} (?:working |natural |calendar )?"
    r"(?:days?|hours?|weeks?|months?|years?)"
    r"(?: of (?:(?:a|an|the|its|their) )?[a-z\-]+(?: [a-z\-]+)?)?"
    r"|before the (?:start|beginning|opening|arrival) of (?:each|every|the) "
    r"(?:[a-z\-]+ ){0,2}[a-z\-]+|before the end of (?:each|every) [a-z\-]+|"
    r"before the (?:(?:main )?flood season|Spring Festival|National Day|winter|heating season|"
    r"rainy season|New Year))"
    rf"|\b{_BY}(?:the )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th) quarter"
    r"(?: of (?:this|the) year| of (?P<qnext>next year)| of (?P<qy>\d{4}))?\b"
    rf"|\b{_BY}(?:the )?(?P<h>first|second) half(?: of (?:this|the) year| of (?P<hnext>next year)"
    r"| of (?P<hy>\d{4}))?\b"
    r"|\b(?:by |before )?(?:the )?(?P<mid>mid-year|middle of the year|mid-(?P<midy>\d{4})"
    r"|(?:middle of |mid-)(?P<midnext>next) year)\b"
    # "by end-June", "by end-2025": the month's or the year's end
    rf"|\b(?:by|before) end-(?:(?P<m6>{_MONTH_NAMES})|(?P<yy6>20\d\d))\b"
    # "by the end of this week": its Sunday
    r"|\b(?P<week>(?:by|before) the end of (?:this|the) week|within this week|this week(?!'s))\b"
    rf"|\b(?:by|before|no later than) (?:the )?(?:end|close) of (?P<m>{_MONTH_NAMES})"
    r"(?: (?P<my>\d{4})|,? (?:of )?this year|,? (?:of )?(?P<mnext>next year))?\b"
    # "in early April" (the 10th), "by mid-May" (the 20th), "in late June" (the month's end)
    rf"|\b(?:(?:in|by|before|at) )?(?:the )?(?P<xe>early|mid|late|middle of|end of)[- ]"
    rf"(?P<m3>{_MONTH_NAMES})(?: (?P<m3y>\d{{4}})|,? (?:of )?this year)?\b"
    # "by the end of the 15th Five-Year Plan period": the plan's last year
    r"|\b(?:(?:by|before|at|until) )?the end of the (?P<fypn>1\d)th Five-Year Plan"
    r"(?: period)?"
    # "within the first three quarters": the end of the third
    r"|\b(?:within|by the end of|before the end of) (?:the )?first (?P<qn>two|three|2|3) "
    r"quarters\b"
    rf"|\b(?:by|before|no later than|on or before) (?P<dm>{_MONTH_NAMES})\.? (?P<dd>\d{{1,2}})"
    r"(?:st|nd|rd|th)?(?:,? (?P<dy>\d{4}))?\b"
    rf"|\b(?:by|before|no later than|on or before) (?P<dd2>\d{{1,2}})(?:st|nd|rd|th)? "
    rf"(?P<dm2>{_MONTH_NAMES})\.?(?:,? (?P<dy2>\d{{4}}))?\b"
    rf"|\b(?:by|before|within|no later than) (?P<m2>{_MONTH_NAMES})(?: (?P<m2y>\d{{4}}))?\b"
    r"|\b(?:(?:by|before) (?:the )?(?:end|close) of (?:this|the) year(?! \d)|by (?:the )?year-end|"
    r"before (?:the )?year-end|by year[- ]end|by the end of (?:the year )?(?P<yy>\d{4})|"
    r"by (?P<by>20\d\d)|"
    r"within (?:this|the) year|(?:for |throughout |during )?the (?:whole|full|entire) year|"
    r"this year(?!'s)|within the year|year-round)\b"
    r"|\b(?:by|before|no later than) (?:the )?(?:end|close) of "
    r"(?:(?P<thism>this|the)|(?P<nextm>next)) month\b"
    # "submit the list this month", "complete the checks next month"
    r"|\b(?:(?:in|during|within) )?(?:(?P<thism2>this)|(?P<nextm2>next)) month\b"
    r"|\b(?:(?:in|by|during|before the end of) )?(?P<qq>Q[1-4])\b"
    r"|\b(?:(?:by|before) (?:the )?(?:end|close) of )?(?P<next>next year)(?!'s)\b"
    r"|\b(?:in|during|throughout|on|for) (?P<iny>20\d\d)\b(?! (?:and|to|-))"
    # "the annual targets and tasks", "annual goals": this year's
    r"|\b(?P<annual>annual)(?= (?:(?:economic|social|development|work|key|main|major|"
    r"and|[a-z]+-[a-z]+) ){0,4}(?:goals?|targets?|tasks?|plans?|objectives?)\b)"
    r"|(?P<dbl>[\"“]?(?:double|both|two)[- ](?:over[- ])?half[\"”]?)",
    re.IGNORECASE,
)

_ZH_EVENTS = (
    r"春节|元旦|国庆|中秋|端午|清明|五一|汛期|主汛期|入汛|入冬|供暖季|采暖季|开学|秋季开学|"
    r"毕业生离校|雨季|麦收|秋收|春耕|节前|年前|会前|雨季来临|冬季"
)
_ZH_STANDING = (r"(?:\d{4}年(?:起|开始))?(?:持续|长期|常态化|逐年|分年度|分步|按(?:时间)?节点|"
                r"按进度|按计划)(?:推进|开展|实施|落实|坚持)?")
_ZH = re.compile(
    r"(?P<asap>尽快|尽早|及早|立即|立刻|即刻)"
    # a standing obligation: kept as text, no date ("长期坚持", in a plan's note "长期推进")
    r"|(?P<ongoing>长期坚持|长期推进|长期执行|常抓不懈"
    # a plan's time limit that is no date, as the last part of its assignment note or
    # after its label: "（X牵头，持续推进）", "完成时限：常态化推进", "（…，2024年起持续推进）"
    rf"|(?<=[,，、])\s*{_ZH_STANDING}(?=\s*[)）〕])|(?<=[:：])\s*{_ZH_STANDING}(?=\s*(?:$|[。;；\n])))"
    r"|(?P<dbl>双过半|时间过半、?任务过半)"
    r"|(?P<thism>本月底前|本月内|本月底|当月底前|(?<![\d一二三四五六七八九十上下本当每个])月底前)"
    r"|(?P<nextm>下月底前|下个月底前|下月底|下月内|下个月内)"
    r"|(?P<week>本周内|本周之内|当周内)"
    r"|(?:(?P<wnext>下周)|本周)(?P<wday>[一二三四五六日天])(?:前|之前|以前)"
    # "到“十四五”末": the last year of a five-year plan (十四五: 2021–2025)
    r"|(?:到|至)?[“\"]?十(?P<fyp>[一二三四五六七八九])五[”\"]?(?:时期)?(?:末|期末)"
    # "9月份完成招标", "2024年6月完成验收": a month with the work to be done in it (not
    # the end of a range of months, "1—6月完成投资")
    r"|(?:(?P<my5>\d{4})年|今年|(?<![\d年—\-－~～至到]))(?P<m5>\d{1,2})月份?(?:前|内)?(?=要?"
    r"(?:完成|建成|开工|出台|启动|召开|报送|印发|实现|投用|投产|全面|基本|上线|落地))"
    # ("春节前后": around the festival, no limit)
    rf"|(?P<rel>(?:{_ZH_EVENTS})节?(?:到来|来临|开始)?(?:前|之前|以前)(?!后)"
    r"|会后[一二三两四五六七八九十\d]+(?:个)?(?:工作日|日|天|周|星期|个月)内"
    r"|[一二三两四五六七八九十\d]+个?(?:工作日|日|天|周|星期|个月|小时)(?:内|之内|以内)"
    # "今后三年", "未来5年内": the years ahead of the document
    r"|(?:今后|未来)[一二三两四五六七八九十\d]+年(?:内|之内|以内)?"
    # "力争用3年时间基本完成": the same years, counted from this one
    r"|用[一二三两四五六七八九十\d]+年(?:左右)?的?时间)"
    # "要在前三季度完成": the first three quarters as a limit (after 在/于/到 only)
    r"|(?<=[在于到])前(?P<qnz>[二两三])(?:个)?季度(?:末)?(?:前|内)?"
    r"|(?:(?P<qy>\d{4})年|(?P<qnext>明年)|今年)?(?<!前)(?:第)?(?P<q>[一二三四1-4首])季度?(?:末|底)?(?:前|内)?"
    r"|(?:(?P<hy>\d{4})年|(?P<hnext>明年)|今年)?(?P<h>上半年|下半年|年中)(?:前|内)?"
    r"|(?:(?P<dy>\d{4})年|(?P<dnext>明年)|今年)?(?P<dm>\d{1,2})月(?P<dd>\d{1,2})日(?:前|以前|之前)"
    r"|(?:(?P<my>\d{4})年|(?P<mnext>明年)|今年)?(?P<m>\d{1,2})月(?:份)?"
    r"(?:底|末|(?P<xun>上旬|中旬|下旬))?(?:前|以前|之前)"
    r"|(?:(?P<my2>\d{4})年|(?P<mnext2>明年)|今年)?(?P<m2>\d{1,2})月(?:份)?(?:底|末)"
    r"|(?:到|至|在)?(?P<yy>\d{4})年(?:年?(?:底|末))?(?:前|以前|之前)"
    # "到2025年，……", "到2025年底": the year a target is to be reached by
    r"|(?:到|(?<![截年月日])至)(?P<yy2>\d{4})年(?:年?(?:底|末))?"
    r"(?![\d一二三四上下第]|年|以来|期间|之间|远景|的)"
    r"|(?P<yy3>\d{4})年年?(?:底|末)"
    r"|(?P<next>明年)(?:底前|年底前|年底|年内|全年)?"
    r"|(?P<year>今年底前|今年年底前|年内|年底前|年底|年末|今年|全年|本年度|年度内|当年)"
)
# A period that only qualifies something ("对一季度产值下降的企业", "占全年额度",
# "为完成全年目标…打下基础", "距离年底仅剩") describes background, not a time limit.
_ZH_BACKGROUND_BEFORE = re.compile(
    r"(?:对|占|为完成|为实现|为|咬定|距离|距|从|比|较|与|截至|截止)$"
)


# "深刻领会把握今年经济社会发展目标任务", "认真学习全年目标任务": a period inside what is
# to be studied names the subject of study, not a time to finish by.
_ZH_STUDIED_BEFORE = re.compile(r"(?:领会|学习|领悟|理解|吃透|學習|領會|領悟)[^,;:。]{0,24}$")
# In a heading or a list intro a time is passed down to the tasks under it only when it is
# written as a limit: "6月底前完成以下工作", "年内", "by the end of June", "within 10 days".
# A period that names the subject ("一季度经济运行工作", "the first-quarter economy",
# "三要提前谋划明年工作") sets no time for the tasks.
_ZH_LIMIT_END = re.compile(r"(?:前|以前|之前|内|之内|以内|底|末)$")
_ZH_COMPLETES_AFTER = re.compile(
    r"\s*(?:要|将|必须|务必|确保|力争|全面|基本|全部|,|，)*(?:完成|实现|建成|办结|到位|投用|竣工|上线)")
# "冲刺全年目标任务", "确保完成今年各项任务": the year's work to be finished within it
_ZH_COMPLETES_BEFORE = re.compile(r"(?:完成|冲刺|实现|全面完成)(?:好)?$")
_EN_LIMIT_START = re.compile(
    r"(?:by|before|no later than|within|prior to|until|till|on or before|ahead of)\b",
    re.IGNORECASE)
_EN_COMPLETES_AROUND = re.compile(
    r"\b(?:complet\w*|finish\w*|accomplish\w*|fulfil\w*)\b", re.IGNORECASE)


def _limit_form(written: str, lang: str) -> bool:
    """"6月底前", "年内", "三季度末", "双过半"; "by …", "before …", "within …"."""
    if lang == "zh":
        return bool(written.startswith("双过半") or _ZH_LIMIT_END.search(written))
    return bool(_EN_LIMIT_START.match(written)
                or written.lower().lstrip("\"“").startswith(("double", "both", "two")))


def is_time_limit(text: str, found: FoundDeadline, lang: str) -> bool:
    """Is ``found`` (inside a heading or a list intro in ``text``) written as a time by which
    the work under it is to be done, rather than a period naming what the work is about?"""
    written = text[found.start:found.end].strip()
    if found.kind in (ASAP, OTHER) or _limit_form(written, lang):
        return True
    if lang == "zh":
        return bool(_ZH_COMPLETES_AFTER.match(text, found.end)
                    or _ZH_COMPLETES_BEFORE.search(text, max(0, found.start - 8), found.start))
    # "In the first half of the year, complete the following": the verb makes it a limit
    around = text[max(0, found.start - 40):found.end + 40]
    return bool(_EN_COMPLETES_AROUND.search(around))


# "在接到通知后15日内", "自文件印发之日起10个工作日内": counted from an event, not the meeting.
_ZH_AFTER_EVENT = re.compile(
    r"(?:接到|收到|接收|印发|下发|发布|出台|受理|交办|签订|发生)[^,;。]{0,12}(?:后|之日起|起)$"
)
_EN_AFTER_EVENT = re.compile(
    r"\s+(?:after|following|from)\s+(?!(?:the|this) (?:meeting|conference|session)\b)",
    re.IGNORECASE)
# Every English deadline contains one of these words; the full pattern, slow because each of
# its branches may open with "by the end of", only runs near them.
_EN_ANCHOR = re.compile(
    rf"quarter|half|year|annual|month|week|Q[1-4]|soon|early|earliest|quickly|delay|immediately|"
    rf"within|before|mid-|middle|end-|"
    rf"long[- ]term|ongoing|Five-Year|{_MONTH_NAMES}|20\d\d",
    re.IGNORECASE,
)
_WINDOW = 60
# "the third quarter economic operation scheduling meeting", "the first-quarter analysis
# meeting": a period that names a meeting or report describes it, it is no time limit.
_EN_NAMES_AN_EVENT = re.compile(
    r"(?:[ \-](?:[a-z\-]+ ){0,5}?(?:meetings?|conferences?|sessions?|symposi(?:um|a)|"
    r"reports?|forums?|data|statistics|figures|results))\b"
)
# "Since this year, the economy has …", "compared with the first quarter": background.
_EN_BACKGROUND_BEFORE = re.compile(
    r"\b(?:since|so far|compared (?:with|to)|than|as of|over|from)\s+(?:the\s+)?"
    r"(?:(?:beginning|start) of\s+(?:the\s+|this\s+)?)?$", re.IGNORECASE)
# "achieve the annual goals", "ensure the completion of the annual tasks": the year's end is
# the limit only when the annual work is to be done.
_EN_COMPLETE_BEFORE = re.compile(
    r"\b(?:achiev\w*|accomplish\w*|complet\w*|fulfil\w*|reach\w*|meet\w*|attain\w*|"
    r"realiz\w*|realis\w*|finish\w*|hit\w*|deliver\w*)\s+(?:of\s+)?(?:the\s+|this\s+year's\s+)?"
    r"(?:[a-z\-]+\s+){0,2}$", re.IGNORECASE)
_REL_EN = re.compile(
    rf"(?:within|over|in|during)(?: the (?:next|coming))? (?P<n>{_NUMBER_WORDS}) "
    r"(?P<kind>working |natural |calendar )?(?P<unit>days?|weeks?|months?|hours?|years?)$",
    re.IGNORECASE)
_REL_ZH = re.compile(
    r"^(?:会后|今后|未来|用)?(?P<n>[一二三两四五六七八九十\d]+)个?"
    r"(?P<unit>工作日|日|天|周|星期|个月|月|小时|年)"
    r"(?:内|之内|以内|(?:左右)?的?时间)?$")
_EN_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
              "twenty": 20, "thirty": 30, "a": 1, "an": 1}


def _windows(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    if lang == "zh":
        return [(start, end)]
    windows: list[tuple[int, int]] = []
    for anchor in _EN_ANCHOR.finditer(text, start, end):
        w_start, w_end = max(start, anchor.start() - _WINDOW), min(end, anchor.end() + _WINDOW)
        if windows and w_start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], w_end)
        else:
            windows.append((w_start, w_end))
    return windows


def find_deadlines(text: str, start: int, end: int, lang: str,
                   doc_date: dt.date | None,
                   calendar: WorkingDays | None = None) -> list[FoundDeadline]:
    """Deadlines in ``text[start:end]``; ``calendar`` resolves working-day counts."""
    pattern = _ZH if lang == "zh" else _EN
    found: list[FoundDeadline] = []
    seen: set[tuple[str, dt.date | None, str]] = set()
    matches = [m for w_start, w_end in _windows(text, start, end, lang)
               for m in pattern.finditer(text, w_start, w_end)]
    for match in matches:
        if match.end() == match.start():
            continue
        if lang == "zh" and _ZH_BACKGROUND_BEFORE.search(text, max(start, match.start() - 3),
                                                         match.start()):
            continue
        if lang == "zh" and text.startswith(("以来", "来,", "来，"), match.end()):
            continue  # "今年以来", "上半年以来": the time since, background
        if lang == "zh" and _ZH_STUDIED_BEFORE.search(
                text, max(start, match.start() - 30), match.start()) and not _limit_form(
                    match.group().strip(), lang):
            continue  # "深刻领会把握今年……目标任务": what is studied, not a time limit
        if lang != "zh" and _EN_BACKGROUND_BEFORE.search(
                text, max(start, match.start() - 30), match.start()):
            continue
        if lang != "zh" and match.group("annual") and not _EN_COMPLETE_BEFORE.search(
                text, max(start, match.start() - 40), match.start()):
            continue  # "the gap to the annual target", "break down the annual tasks"
        if lang != "zh" and (match.group("q") or match.group("h")) and _EN_NAMES_AN_EVENT.match(
                text, match.end(), min(end, match.end() + 80)):
            continue
        try:
            due, kind = _resolve(match, doc_date, lang)
        except (ValueError, OverflowError):
            # a date Python cannot hold ("next year" in 9999, "0000年底前"): no date
            try:
                due, kind = None, _resolve(match, None, lang)[1]
            except (ValueError, OverflowError):
                continue
        if kind == "":
            continue
        if match.group("rel"):
            due = _relative(match.group("rel"), doc_date, lang, calendar)
            if lang == "zh" and _ZH_AFTER_EVENT.search(
                    text, max(start, match.start() - 16), match.start()):
                due = None  # "接到通知后15日内": counted from an event the text does not date
            if lang != "zh" and _EN_AFTER_EVENT.match(text, match.end(), end):
                due = None  # "within one month after the plan is released": the same
        key = (match.group().lower(), due, kind)
        if key in seen:
            continue  # "推动项目尽快签约、尽快落地": one time limit, written twice
        seen.add(key)
        found.append(FoundDeadline(match.start(), match.end(), due, kind))
    return found


def _relative(written: str, doc_date: dt.date | None, lang: str,
              calendar: WorkingDays | None) -> dt.date | None:
    """The date of "within N days/weeks/months/working days" counted from the document date."""
    if doc_date is None:
        return None
    if lang == "zh":
        found = _REL_ZH.match(written)
        if not found:
            return None
        count = zh_number(found.group("n"))
        unit = {"工作日": "working", "日": "day", "天": "day", "周": "week", "星期": "week",
                "个月": "month", "月": "month", "年": "year"}.get(found.group("unit"), "")
    else:
        found = _REL_EN.match(written)
        if not found:
            return None  # "within 15 days of receiving …": counted from an event
        number = found.group("n").lower()
        count = float(_EN_COUNTS[number]) if number in _EN_COUNTS else float(number)
        unit = found.group("unit").lower().rstrip("s")
        if (found.group("kind") or "").strip().lower() == "working" and unit == "day":
            unit = "working"
    if count is None or not 0 < count <= 3660:
        return None
    days = int(count)
    try:
        if unit == "working":
            return calendar.add_working_days(doc_date, days) if calendar is not None else None
        if unit == "day":
            return doc_date + dt.timedelta(days=days)
        if unit == "week":
            return doc_date + dt.timedelta(weeks=days)
        if unit == "month":
            month = doc_date.month - 1 + days
            return _safe(doc_date.year + month // 12, month % 12 + 1, doc_date.day)
        if unit == "year" and days <= 100:
            if re.search(r"next|coming|今后|未来|用", written, re.IGNORECASE):
                # "over the next three years", "今后三年": this year and the two after it
                return dt.date(doc_date.year + days - 1, 12, 31)
            return _safe(doc_date.year + days, doc_date.month, doc_date.day)
    except (OverflowError, ValueError):
        return None  # past the last date Python can hold
    return None


def _year(explicit: str | None, doc_date: dt.date | None) -> int | None:
    if explicit:
        return int(explicit)
    return doc_date.year if doc_date else None


def _next(year: int | None, next_marker: str | None) -> int | None:
    return year + 1 if year is not None and next_marker else year


def _roll(due: dt.date | None, explicit: str | None, doc_date: dt.date | None) -> dt.date | None:
    # "by the end of March" in a November readout means next March.
    if due and doc_date and not explicit and due < doc_date:
        month_end = due.day == calendar.monthrange(due.year, due.month)[1]
        following = _safe(due.year + 1, due.month, due.day)
        return _month_end(following.year, following.month) if month_end else following
    return due


def _safe(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int | None, month: int) -> dt.date | None:
    if year is None or not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(
    match: re.Match[str], doc_date: dt.date | None, lang: str
) -> tuple[dt.date | None, str]:
    groups = match.groupdict()
    if groups.get("asap"):
        return None, ASAP
    if groups.get("ongoing"):
        return None, OTHER
    if groups.get("rel"):
        return None, OTHER
    if groups.get("next"):
        year = _year(None, doc_date)
        return (dt.date(year + 1, 12, 31) if year else None), YEAR
    if groups.get("iny"):
        value = int(groups["iny"])
        if doc_date and value < doc_date.year:
            return None, ""  # a past year is background
        return dt.date(value, 12, 31), YEAR
    if groups.get("thism") or groups.get("nextm") or groups.get("thism2") or groups.get("nextm2"):
        if doc_date is None:
            return None, MONTH
        month = doc_date.month + (1 if groups.get("nextm") or groups.get("nextm2") else 0)
        year = doc_date.year + (month - 1) // 12
        return (_month_end(year, (month - 1) % 12 + 1) if year <= dt.MAXYEAR else None), MONTH
    if groups.get("wday"):
        if doc_date is None:
            return None, DATE
        weekday = "一二三四五六".find(groups["wday"])
        weekday = 6 if weekday < 0 else weekday
        monday = doc_date - dt.timedelta(days=doc_date.weekday())
        try:
            return monday + dt.timedelta(days=weekday + (7 if groups.get("wnext") else 0)), DATE
        except OverflowError:
            return None, DATE
    if groups.get("fypn") or groups.get("fyp"):
        # the Nth Five-Year Plan ends in 1955 + 5N (the 14th, 十四五: 2021–2025)
        number = (int(groups["fypn"]) if groups.get("fypn")
                  else 11 + "一二三四五六七八九".index(groups["fyp"]))
        return dt.date(1955 + 5 * number, 12, 31), YEAR
    if groups.get("m5"):
        month = int(groups["m5"])
        if not 1 <= month <= 12:
            return None, ""
        year = _year(groups.get("my5"), doc_date)
        return _roll(_month_end(year, month), groups.get("my5"), doc_date), MONTH
    if groups.get("week"):
        if doc_date is None:
            return None, OTHER
        try:
            return doc_date + dt.timedelta(days=6 - doc_date.weekday()), OTHER
        except OverflowError:
            return None, OTHER
    if groups.get("qn") or groups.get("qnz"):
        year = _year(None, doc_date)
        count = (groups.get("qn") or groups.get("qnz") or "").lower()
        quarters = {"two": 2, "three": 3, "二": 2, "两": 2, "三": 3}.get(count) or int(count)
        return _roll(_month_end(year, quarters * 3), None, doc_date), QUARTER
    if groups.get("m3"):
        year = _year(groups.get("m3y"), doc_date)
        due = _month_end(year, MONTHS[groups["m3"].lower()])
        tenth = {"early": 10, "mid": 20, "middle of": 20}.get(groups["xe"].lower())
        if due is not None and tenth:
            due = due.replace(day=tenth)
        return _roll(due, groups.get("m3y"), doc_date), MONTH
    if groups.get("qq"):
        year = _year(None, doc_date)
        return _roll(_month_end(year, int(groups["qq"][1]) * 3), None, doc_date), QUARTER
    if groups.get("annual"):
        year = _year(None, doc_date)
        return (dt.date(year, 12, 31) if year else None), YEAR
    if groups.get("dbl"):
        year = _year(None, doc_date)
        return (dt.date(year, 6, 30) if year else None), HALF
    if groups.get("q"):
        if lang == "zh" and match.group() in {"一季", "二季", "三季", "四季"}:
            return None, ""  # "季" alone is a season, not a quarter
        number = _ORD[groups["q"].lower()]
        year = _next(_year(groups.get("qy"), doc_date), groups.get("qnext"))
        explicit = groups.get("qy") or groups.get("qnext")
        return _roll(_month_end(year, number * 3), explicit, doc_date), QUARTER
    if groups.get("h"):
        second = groups["h"].lower() in {"second", "下半年"}
        year = _next(_year(groups.get("hy"), doc_date), groups.get("hnext"))
        due = _month_end(year, 12 if second else 6)
        return _roll(due, groups.get("hy") or groups.get("hnext"), doc_date), HALF
    if groups.get("mid"):
        year = _next(_year(groups.get("midy"), doc_date), groups.get("midnext"))
        explicit = groups.get("midy") or groups.get("midnext")
        return _roll(_month_end(year, 6), explicit, doc_date), HALF
    if groups.get("m6"):
        year = _year(None, doc_date)
        return _roll(_month_end(year, MONTHS[groups["m6"].lower()]), None, doc_date), MONTH
    if groups.get("yy6"):
        return dt.date(int(groups["yy6"]), 12, 31), YEAR
    if groups.get("dm2"):  # "by 30 September 2023"
        year = _year(groups.get("dy2"), doc_date)
        try:
            due = dt.date(year, MONTHS[groups["dm2"].lower()], int(groups["dd2"])) if year else None
        except ValueError:
            return None, ""
        return _roll(due, groups.get("dy2"), doc_date), DATE
    if groups.get("dm"):
        month = MONTHS[groups["dm"].lower()] if not groups["dm"].isdigit() else int(groups["dm"])
        year = _next(_year(groups.get("dy"), doc_date), groups.get("dnext"))
        try:
            due = dt.date(year, month, int(groups["dd"])) if year else None
        except ValueError:
            return None, ""
        return _roll(due, groups.get("dy") or groups.get("dnext"), doc_date), DATE
    for key, year_key, next_key in (("m", "my", "mnext"),
                                    ("m2", "m2y" if lang == "en" else "my2", "mnext2")):
        if groups.get(key):
            written: str = groups[key]
            month = int(written) if written.isdigit() else MONTHS[written.lower()]
            if not 1 <= month <= 12:
                return None, ""
            year = _next(_year(groups.get(year_key), doc_date), groups.get(next_key))
            explicit = groups.get(year_key) or groups.get(next_key)
            due = _month_end(year, month)
            tenth = {"上旬": 10, "中旬": 20}.get(groups.get("xun") or "")
            if due is not None and tenth:  # 上旬 / 中旬: the 10th / the 20th
                due = due.replace(day=tenth)
            return _roll(due, explicit, doc_date), MONTH
    explicit = groups.get("yy") or groups.get("yy2") or groups.get("yy3") or groups.get("by")
    if explicit and (groups.get("yy2") or groups.get("yy3")) and doc_date \
            and int(explicit) < doc_date.year:
        return None, ""  # "到2020年底" in a later document: a past year is background
    if explicit:
        return dt.date(int(explicit), 12, 31), YEAR
    year = _year(None, doc_date)
    return (dt.date(year, 12, 31) if year else None), YEAR
