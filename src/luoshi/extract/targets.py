"""Numeric targets in a directive: a number to reach and its unit as written.

"30 people's livelihood matters" → 30 "matters"; "3.65万亿元" → 3.65e12 "元"; "1亿亩" →
1e8 "亩"; "8%" → 8 "%"; a range "7.5%—8%" keeps its lower bound as the value. Years,
dates, ordinals ("20th", "第二"), numbered names ("十四五", "二十大") and counts inside
quoted slogans ("两个确立") are not targets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FoundTarget:
    start: int
    end: int
    value: float
    unit: str


_EN_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100,
}
_EN_NUMBER = (r"(?<![\w.\-/])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
              r"(?-i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
              r"thirty|forty|fifty)(?![\w\-]))")
_EN_PERCENT = re.compile(
    _EN_NUMBER + r"\s*(?:%|percent|per cent)?(?:\s*(?:-|–|—|to)\s*(?P<n2>\d+(?:\.\d+)?))?"
    r"\s*(?P<u>%|percent\b|per cent\b|percentage points?\b)"
)
_EN_BETWEEN = re.compile(
    r"\bbetween\s+(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)?\s+and\s+"
    r"(?P<n2>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
_EN_COUNT = re.compile(
    _EN_NUMBER + r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"(?P<rest>(?:\s+(?:[A-Za-z][A-Za-z'\-]*|\d+[A-Za-z][\w\-]*)){1,4})"
)
# "a 100-billion-yuan fund", "a 5-million-ton plant": number, scale and unit hyphenated.
_EN_HYPHENATED = re.compile(
    r"(?<![\w.\-/])(?P<n>\d+(?:\.\d+)?)-(?P<scale>hundred|thousand|million|billion|trillion)"
    r"-(?P<u>[a-z]+)\b", re.IGNORECASE)
# "RMB 500 million", "US$2 billion", "¥3.5 billion": the currency written before the number.
_EN_CURRENCY = re.compile(
    r"(?P<u>RMB|CNY|US\$|\$|¥|￥)\s?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b)?")
_EN_STOP = frozenset(
    [
        "with", "in", "of", "for", "and", "to", "by", "per", "at", "from", "on", "or", "as", "that",
        "which", "who", "within", "during", "before", "after", "under", "over", "into", "than",
        "more", "less", "than", "this", "these", "those", "is", "are", "will", "must", "should",
        "be", "the", "a", "an", "each", "every", "its", "their", "our", "next", "last"
    ]
)
_EN_NOT_UNITS = frozenset(
    [
        "years", "year", "months", "month", "days", "day", "hours", "hour", "minutes", "times",
        "quarters", "quarter", "weeks", "week", "halves",
        "am", "pm", "st", "nd", "rd", "th", "plenary", "national", "central", "century"
    ]
)
_MONTH_WORDS = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$"
)

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7,
             "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}
_ZH_UNITS = (
    "(?:微克|毫克|克|千克|公斤|吨|元|千瓦时)/(?:立方米|升|人|吨|亩|平方米|千瓦时|年|月)|"
    "个百分点|百分点|%|‰|美元|元|人次|万人|人|个|家|户|项|亩|公顷|平方公里|平方米|立方米|公里|千米|米|"
    "千瓦时|千瓦|兆瓦|吨|斤|公斤|台|辆|套|所|座|间|张|条|件|名|批|处|栋|艘|架|份|场|支|头|只|株|"
    "棵|块|口|眼|度|倍|床|标箱|标准箱|篇|部|本|盏|匹|户次|人年|课时|学时|次|分"
)
_ZH_TARGET = re.compile(
    r"(?<![\d.第])(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
    r"(?P<more>多|余)?(?P<scale>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)?"
    r"(?:\s*(?:-|—|–|~|至|到)\s*(?P<n2>\d+(?:\.\d+)?)(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)?)?"
    rf"(?P<u>{_ZH_UNITS})"
    r"(?:[-—–~至到]\d+(?:\.\d+)?(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)?(?P=u))?"
    r"(?P<q>以上|以下|左右|以内|之内|上下)?"
)
# "聚焦126个市级重点项目", "对产值排名前200位的企业": a count that names a scope.
_ZH_SCOPE_BEFORE = re.compile(r"(?:聚焦|围绕|针对|对|前|共有|其中)$")


def find_targets(text: str, start: int, end: int, lang: str) -> list[FoundTarget]:
    """Targets in ``text[start:end]``."""
    if lang == "zh":
        return _zh(text, start, end)
    return _en(text, start, end)


def _en_value(number: str) -> float:
    return float(number.replace(",", ""))


def _en(text: str, start: int, end: int) -> list[FoundTarget]:
    found: list[FoundTarget] = []
    taken: list[tuple[int, int]] = []
    for match in _EN_BETWEEN.finditer(text, start, end):
        # "between 5 and 6 percent": a range keeps its lower bound
        value = _en_value(match.group("n"))
        if math.isfinite(value):
            found.append(FoundTarget(match.start("n"), match.end(), value, "%"))
            taken.append((match.start(), match.end()))
    for match in _EN_PERCENT.finditer(text, start, end):
        if any(s <= match.start() < e for s, e in taken):
            continue
        if _EN_CONDITION.search(text[max(start, match.start() - 80):match.start()]):
            continue
        unit = "%" if match.group("u") in {"%", "percent", "per cent"} else match.group("u")
        value = _en_value(match.group("n"))
        if not math.isfinite(value):
            continue
        found.append(FoundTarget(match.start(), match.end(), value, unit))
        taken.append((match.start(), match.end()))
    for pattern in (_EN_HYPHENATED, _EN_CURRENCY):
        for match in pattern.finditer(text, start, end):
            if any(s <= match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            if _en_scope(text, start, match):
                continue  # a scope ("the RMB 300 million projects"), its count too
            value = _en_value(match.group("n")) * _EN_SCALE.get(
                (match.group("scale") or "").lower(), 1.0)
            if math.isfinite(value):
                found.append(FoundTarget(match.start(), match.end(), value, match.group("u")))
    for match in _EN_COUNT.finditer(text, start, end):
        if any(s <= match.start() < e for s, e in taken):
            continue
        number = match.group("n")
        if _not_a_count(text, match.start(), number) or _en_scope(text, start, match):
            continue
        words = list(re.finditer(r"\d*[A-Za-z][A-Za-z'\-]*", match.group("rest")))
        kept = []
        for word in words:
            if word.group().lower() in _EN_STOP:
                break
            kept.append(word)
        if not kept:
            continue
        unit = kept[-1].group()
        if (unit.lower() in _EN_NOT_UNITS or kept[0].group().lower() in _EN_NOT_UNITS
                or kept[0].group()[0].isupper()):
            continue  # "3 years", "20 Provinces Forum": time spans and names, not targets
        base = _EN_WORD_NUMBERS.get(number)
        value = float(base if base is not None else _en_value(number)) * _EN_SCALE.get(
            (match.group("scale") or "").lower(), 1.0)
        if not math.isfinite(value):
            continue  # a run of digits too long to be a quantity
        stop = match.start("rest") + kept[-1].end()
        if re.match(r"\s+each\b", text[stop:stop + 8]):
            continue  # "projects of over 100 million yuan each": a threshold per item
        found.append(FoundTarget(match.start(), stop, value, unit))
    return sorted(found, key=lambda t: t.start)


# "the 300 enterprises", "focus on 126 projects": a count that names a scope, not a target.
_EN_SCOPE_BEFORE = re.compile(
    r"(?:\bthe|\bthese|\bthose|focus on|focusing on|concentrate on|targeting|among|of the top)"
    r"\s+$", re.IGNORECASE)
# "whose output has declined by more than 10 percent": a condition.
_EN_CONDITION = re.compile(
    r"\b(?:whose|where|if|when|unless)\b[^,;.]{0,60}\b(?:below|less than|lower than|"
    r"under|more than|above|over|higher than|exceeding)\s+$", re.IGNORECASE)


def _en_scope(text: str, floor: int, match: re.Match[str]) -> bool:
    before = text[max(floor, match.start() - 80):match.start()]
    if _EN_SCOPE_BEFORE.search(before) or _EN_CONDITION.search(before):
        return True
    # a number inside quotes is part of a slogan ("three unchanged")
    return not match.group("n")[0].isdigit() and _in_quotes(text, match.start(), floor)


def _not_a_count(text: str, pos: int, number: str) -> bool:
    if re.fullmatch(r"(?:19|20)\d\d", number):
        return True  # a year ("2,000 compounds", written with a comma, is a count)
    if _MONTH_WORDS.search(text[max(0, pos - 12):pos]):
        return True  # "March 16"
    after = text[pos + len(number): pos + len(number) + 2]
    return after[:1].isalpha() or after in {"th", "st", "nd", "rd"}


def zh_number(token: str) -> float | None:
    """Arabic or Chinese numerals (up to the thousands) as a number."""
    if token[0].isdigit():
        try:
            return float(token)
        except ValueError:
            return None  # digits run into numerals ("99三"): no number
    total = 0
    digit = 0
    for char in token:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SMALL_UNITS:
            total += (digit or 1) * _ZH_SMALL_UNITS[char]
            digit = 0
        else:
            return None
    return float(total + digit)


def _zh(text: str, start: int, end: int) -> list[FoundTarget]:
    found: list[FoundTarget] = []
    for match in _ZH_TARGET.finditer(text, start, end):
        token = match.group("n")
        value = zh_number(token)
        if value is None:
            continue
        unit = match.group("u")
        after = text[match.end():match.end() + 3]
        time_span = unit == "个" and after[:1] in "月日天年周"
        if time_span or after.startswith(("工作日", "小时", "多月")):
            continue  # "三个多月", "前8个月", "7个工作日内": time, not a target
        floor = max(start, match.start() - 2)
        if after.startswith("的") or _ZH_SCOPE_BEFORE.search(text, floor, match.start()):
            continue  # "低于3万元的企业", "聚焦126个项目": a condition or a scope
        # "一批", "两个确立", "五个方面": Chinese numerals count things only when they are
        # numbers to reach, not articles, slogans or lists.
        if not token[0].isdigit() and (
            value < 3 or unit == "个" or _in_quotes(text, match.start(), start)
            or match.group("scale")
        ):
            continue
        scale = _ZH_SCALE.get(match.group("scale") or "", 1.0)
        if not math.isfinite(value * scale):
            continue  # a run of digits too long to be a quantity
        found.append(FoundTarget(match.start(), match.end(), value * scale, match.group("u")))
    return found


def _in_quotes(text: str, pos: int, floor: int) -> bool:
    opened = max(text.rfind("“", floor, pos), text.rfind("「", floor, pos))
    closed = max(text.rfind("”", floor, pos), text.rfind("」", floor, pos))
    return opened > closed
