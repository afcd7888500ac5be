"""Deadlines in a directive, resolved against the document date.

``due`` is the end of the period named (first quarter → 03-31, 上半年 → 06-30, 年内 →
12-31); "双过半" (half the year's task by mid-year) is due 06-30; "as soon as possible" /
"尽快" has no date (kind ``asap``). With no document date, nothing resolves and ``due`` is
None. A period that has already ended by the document date is read as next year's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from luoshi.extract.dates import MONTHS

DATE = "date"
MONTH = "month"
QUARTER = "quarter"
HALF = "half"
YEAR = "year"
ASAP = "asap"
OTHER = "other"


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
_BY = r"(?:(?:by|before|no later than|prior to|until|till) (?:the )?(?:end|close) of |by |before |no later than |within |in |during |for |at )?"

_EN = re.compile(
    r"\b(?P<asap>as soon as possible|as early as possible|at an early date|without delay)\b"
    rf"|\b{_BY}(?:the )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th) quarter"
    r"(?: of (?:this|the) year| of (?P<qy>\d{4}))?\b"
    rf"|\b{_BY}(?:the )?(?P<h>first|second) half(?: of (?:this|the) year| of (?P<hy>\d{{4}}))?\b"
    r"|\b(?:by |before )?(?:the )?(?P<mid>mid-year|middle of the year|mid-(?P<midy>\d{4}))\b"
    rf"|\b(?:by|before|no later than) (?:the )?(?:end|close) of (?P<m>{_MONTH_NAMES})"
    r"(?: (?P<my>\d{4}))?\b"
    rf"|\b(?:by|before|no later than|on or before) (?P<dm>{_MONTH_NAMES})\.? (?P<dd>\d{{1,2}})"
    r"(?:st|nd|rd|th)?(?:,? (?P<dy>\d{4}))?\b"
    rf"|\b(?:by|before|within|no later than) (?P<m2>{_MONTH_NAMES})(?: (?P<m2y>\d{{4}}))?\b"
    r"|\b(?:(?:by|before) (?:the )?(?:end|close) of (?:this|the) year|by (?:the )?year-end|"
    r"before (?:the )?year-end|by the end of (?P<yy>\d{4})|by (?P<by>20\d\d)|"
    r"within (?:this|the) year|(?:for |throughout |during )?the (?:whole|full|entire) year|"
    r"this year(?!'s)|within the year|year-round)\b"
    r"|(?P<dbl>[\"“]?(?:double|both|two)[- ](?:over[- ])?half[\"”]?)",
    re.IGNORECASE,
)

_ZH = re.compile(
    r"(?P<asap>尽快|尽早|及早)"
    r"|(?P<dbl>双过半|时间过半、?任务过半)"
    r"|(?:(?P<qy>\d{4})年)?(?<!前)(?:第)?(?P<q>[一二三四1-4首])季度?(?:末|底)?(?:前|内)?"
    r"|(?:(?P<hy>\d{4})年)?(?P<h>上半年|下半年|年中)(?:前|内)?"
    r"|(?:(?P<dy>\d{4})年)?(?P<dm>\d{1,2})月(?P<dd>\d{1,2})日(?:前|以前|之前)"
    r"|(?:(?P<my>\d{4})年)?(?P<m>\d{1,2})月(?:份)?(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)"
    r"|(?:(?P<my2>\d{4})年)?(?P<m2>\d{1,2})月(?:份)?(?:底|末)"
    r"|(?:到|至|在)?(?P<yy>\d{4})年(?:底|末)?(?:前|以前|之前)"
    r"|(?P<year>年内|年底前|年底|年末|今年|全年|本年度|年度内|当年)"
)


def find_deadlines(text: str, start: int, end: int, lang: str,
                   doc_date: dt.date | None) -> list[FoundDeadline]:
    """Deadlines in ``text[start:end]``."""
    pattern = _ZH if lang == "zh" else _EN
    found: list[FoundDeadline] = []
    for match in pattern.finditer(text, start, end):
        if match.end() == match.start():
            continue
        due, kind = _resolve(match, doc_date, lang)
        if kind == "":
            continue
        found.append(FoundDeadline(match.start(), match.end(), due, kind))
    return found


def _year(explicit: str | None, doc_date: dt.date | None) -> int | None:
    if explicit:
        return int(explicit)
    return doc_date.year if doc_date else None


def _roll(due: dt.date | None, explicit: str | None, doc_date: dt.date | None) -> dt.date | None:
    # "by the end of March" in a November readout means next March.
    if due and doc_date and not explicit and due < doc_date:
        return _safe(due.year + 1, due.month, due.day)
    return due


def _safe(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int | None, month: int) -> dt.date | None:
    if year is None or not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(match: re.Match[str], doc_date: dt.date | None, lang: str) -> tuple[dt.date | None, str]:
    groups = match.groupdict()
    if groups.get("asap"):
        return None, ASAP
    if groups.get("dbl"):
        year = _year(None, doc_date)
        return (dt.date(year, 6, 30) if year else None), HALF
    if groups.get("q"):
        if lang == "zh" and match.group() in {"一季", "二季", "三季", "四季"}:
            return None, ""  # "季" alone is a season, not a quarter
        number = _ORD[groups["q"].lower()]
        year = _year(groups.get("qy"), doc_date)
        return _roll(_month_end(year, number * 3), groups.get("qy"), doc_date), QUARTER
    if groups.get("h"):
        second = groups["h"].lower() in {"second", "下半年"}
        year = _year(groups.get("hy"), doc_date)
        due = _month_end(year, 12 if second else 6)
        return _roll(due, groups.get("hy"), doc_date), HALF
    if groups.get("mid"):
        year = _year(groups.get("midy"), doc_date)
        return _roll(_month_end(year, 6), groups.get("midy"), doc_date), HALF
    if groups.get("dm"):
        month = MONTHS[groups["dm"].lower()] if not groups["dm"].isdigit() else int(groups["dm"])
        year = _year(groups.get("dy"), doc_date)
        try:
            due = dt.date(year, month, int(groups["dd"])) if year else None
        except ValueError:
            return None, ""
        return _roll(due, groups.get("dy"), doc_date), DATE
    for key, year_key in (("m", "my"), ("m2", "m2y" if lang == "en" else "my2")):
        if groups.get(key):
            value = groups[key]
            month = int(value) if value.isdigit() else MONTHS[value.lower()]
            if not 1 <= month <= 12:
                return None, ""
            year = _year(groups.get(year_key), doc_date)
            return _roll(_month_end(year, month), groups.get(year_key), doc_date), MONTH
    explicit = groups.get("yy") or groups.get("by")
    if explicit:
        return dt.date(int(explicit), 12, 31), YEAR
    year = _year(None, doc_date)
    return (dt.date(year, 12, 31) if year else None), YEAR
