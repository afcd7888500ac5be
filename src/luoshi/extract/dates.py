"""The date of a document, read from its text ("date 2023-03-16", "On March 16, 2023",
"2023年3月16日", or "3月16日" with the year given elsewhere near the top)."""

from __future__ import annotations

import datetime as dt
import re

_HEAD = 3000  # the date of a readout is stated at its top

_ISO = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_ZH_FULL = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ZH_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ZH_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_MDY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
                     re.IGNORECASE)
_EN_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b",
                     re.IGNORECASE)
_EN_MD = re.compile(rf"\b({_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
# A year that completes a month and day must stand near it and not be a horizon or a limit:
# "2035年远景目标", "2025年底前", "by 2035" name a plan's year, not the document's.
_NEAR = 200
_ZH_HORIZON_AFTER = re.compile(
    r"\s*年?\s*(?:远景|遠景|目标|目標|规划|規劃|底|末|前|以前|之前|左右)")
_EN_HORIZON_BEFORE = re.compile(r"(?:by|before|until|till|through|to|towards?)\s+$",
                                re.IGNORECASE)


def _document_year(head: str, at: int) -> str | None:
    """The year nearest a month-day at ``at``, unless it names a horizon or a limit."""
    best: tuple[int, str] | None = None
    for pattern in (_ZH_YEAR, _YEAR):
        for match in pattern.finditer(head):
            distance = abs(match.start() - at)
            if distance > _NEAR:
                continue
            if _ZH_HORIZON_AFTER.match(head, match.end(1)) or _EN_HORIZON_BEFORE.search(
                    head, max(0, match.start() - 12), match.start()):
                continue
            if best is None or distance < best[0]:
                best = (distance, match.group(1))
    return best[1] if best else None


def _date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def detect_date(text: str) -> dt.date | None:
    """The first full date near the top of ``text``, or a month and day completed by a
    year stated there; None when there is neither."""
    head = text[:_HEAD]
    candidates: list[tuple[int, dt.date]] = []
    for match in _ISO.finditer(head):
        found = _date(*match.groups())
        if found:
            candidates.append((match.start(), found))
    for match in _ZH_FULL.finditer(head):
        found = _date(*match.groups())
        if found:
            candidates.append((match.start(), found))
    for match in _EN_MDY.finditer(head):
        found = _date(match.group(3), MONTHS[match.group(1).lower()], match.group(2))
        if found:
            candidates.append((match.start(), found))
    for match in _EN_DMY.finditer(head):
        found = _date(match.group(3), MONTHS[match.group(2).lower()], match.group(1))
        if found:
            candidates.append((match.start(), found))
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    month_day = _ZH_MONTH_DAY.search(head)
    if month_day:
        year = _document_year(head, month_day.start())
        return _date(year, *month_day.groups()) if year else None
    md = _EN_MD.search(head)
    if md:
        year = _document_year(head, md.start())
        return _date(year, MONTHS[md.group(1).lower()], md.group(2)) if year else None
    return None
