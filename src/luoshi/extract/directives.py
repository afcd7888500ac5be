"""Does this sentence (or clause) ask someone to do something?

ANNOTATION.md: obligation and exhortation ("must", "要", "确保"…), imperatives, study
instructions, and any imperative body under a work-line heading are directives; facts,
praise, assessments, attendance and decisions recorded as done are not.
"""

from __future__ import annotations

import re

from luoshi.extract import vocabulary as vocab
from luoshi.extract.leadins import NOTE, REQUIRE, STRESS

_EN_MODAL = re.compile(
    r"\b(?:must|should|shall|needs? to|have to|has to|ought to|be sure to|strive to|"
    r"(?:is|are|be) (?:necessary|essential|imperative|required|vital|crucial|expected) to|"
    r"make (?:every|great|greater|all-out|unremitting) efforts? to|we will|let us|"
    r"it is (?:necessary|imperative|essential|important|required|vital|crucial)|"
    r"called on|urged|it is required)\b",
    re.IGNORECASE,
)
_EN_STUDY = re.compile(
    r"(?:to )?(?:deeply |fully |thoroughly |earnestly |conscientiously |accurately |"
    r"comprehensively |further |seriously )+(?:understand|study|learn|grasp|comprehend|master|"
    r"realize|implement|appreciate)\b",
    re.IGNORECASE,
)
_EN_NOT_DIRECTIVE = re.compile(
    r"(?:the|this) (?:meeting|session) (?:also |then |first )?(?:heard|listened|approved|"
    r"adopted|passed|reviewed and approved|deliberated and (?:adopted|approved)|"
    r"was (?:presided|chaired|attended|held)|held|opened|closed|concluded|conveyed|"
    r"studied|reviewed|discussed|decided)\b"
    r"|.*\b(?:presided over|chaired the meeting|attended the meeting|attended by|"
    r"were present at|delivered a speech|made a speech)\b",
    re.IGNORECASE,
)
_EN_FACT = re.compile(
    r"\b(?:was|were|did|has been|have been|had been|already|last year|in the past|so far|"
    r"over the past|since (?:the beginning|\d{4})|(?:has|have|had) (?:\w+ly )?\w+(?:ed|en|wn|ne|"
    r"ht|lt|de)|according to (?:forecasts|statistics|preliminary))\b",
    re.IGNORECASE,
)
# A past-tense main verb: "The province added …", "Consumption contributed …".
_EN_PAST = re.compile(r"^(?:[\w'\-]+ ){1,8}?(?P<verb>[a-z]+ed)\b")
_EN_FUTURE_OR_PASSIVE = re.compile(
    r"\b(?:will|would|shall|to|be|been|being|is|are|get|gets|must|should|can)\s+(?:\w+ly\s+)?$"
)
# "We will focus on the following tasks.", "今年要重点抓好以下工作：": list intros.
# ("Fellow Deputies," and "各位代表：" open a speech.)
_EN_LIST_INTRO = re.compile(
    r".{0,80}\b(?:the following|as follows)\b[^.;:]{0,30}[.:]?$|(?:[\w'\-]+ ){0,3}[\w'\-]+[,:]$",
    re.IGNORECASE,
)
_EN_TARGETS = re.compile(
    r"(?:the )?(?:main|major|key|primary|principal) (?:expected |projected |development )?"
    r"(?:targets?|goals?)\b.{0,120}\b(?:are|is|include)\b",
    re.IGNORECASE,
)

_ZH_MODAL = re.compile(
    r"(?<![重主需纲摘必只提将概显扼])要(?![素点求件闻害领旨务是么])|必须|务必|需要|应当|应该|"
    r"确保|力争|争取|一定要|坚决|切实|不得|严禁|禁止|不准|决不|绝不|号召"
)
_ZH_NOT_DIRECTIVE = re.compile(
    r"主持会议|主持召开|出席会议|列席会议|参加会议|出席并|会议听取|听取了|审议通过|原则通过|"
    r"会议通过|传达学习了|会议认为|参加了"
)
_ZH_FACT = re.compile(
    r"(?<![为除罢])了(?![解不得却])|(?<![不而])已(?!知)|同比|比上年|比去年|一年来|过去一年|"
    r"过去五年|去年|上年|获评|荣获|成功举办|圆满完成|位居|居全国|创历史新高|来之不易|可能|预计"
)
# Sentences that open on a time already past or on the present state report facts.
_ZH_FACT_START = re.compile(
    r"(?:今年以来|年初以来|开年以来|入夏以来|入汛以来|\d+月以来|去年|上年|过去|目前|当前|截至|"
    r"近年来|近期|此前|前\d+个?月|\d+[—\-－~]\d+月|上半年[,，]|一季度[,，]|前三季度)"
)
_ZH_LIST_INTRO = re.compile(r".{0,16}(?:以下|如下)[^。;:]{0,12}[:。]?$|[^,;。]{1,12}:$")
_ZH_TARGETS = re.compile(r"(?:主要)?(?:预期)?目标(?:任务)?(?:为|是)[:：]")


def is_directive(text: str, lang: str, *, lead: str | None, in_body: bool) -> bool:
    """Classify one sentence or clause (its lead-in and heading already removed).

    ``lead`` is the kind of lead-in that introduced it (REQUIRE/STRESS/NOTE or None);
    ``in_body`` says it stands in the body of a work line.
    """
    text = text.strip()
    if not text:
        return False
    if lang == "zh":
        return _is_directive_zh(text, lead, in_body)
    return _is_directive_en(text, lead, in_body)


def _is_directive_en(text: str, lead: str | None, in_body: bool) -> bool:
    modal = _EN_MODAL.search(text)
    if _EN_NOT_DIRECTIVE.match(text) and not modal:
        return False
    if _EN_LIST_INTRO.match(text):
        return False
    if _EN_TARGETS.match(text):
        return True  # a work report's main targets: a division plan carries them as tasks
    if modal and not _weak_modal(text, modal):
        return True
    if _EN_STUDY.match(text):
        return True
    words = text.split(maxsplit=2)
    first = words[0].lower().strip("\"“‘'(")
    if first in vocab.EN_IMPERATIVE and not _looks_like_title(text):
        # "Further, …" or "Better …" alone are connectives; a verb must follow them.
        return first not in {"further", "better", "always"} or len(words) > 1
    if lead == REQUIRE:
        return True  # "The meeting called on all cities to …"
    return in_body and not _en_fact(text)


def _weak_modal(text: str, modal: re.Match[str]) -> bool:
    # "the foundation … still needs to be consolidated" assesses; it asks no one to act.
    before = text[max(0, modal.start() - 12):modal.start()].lower()
    after = text[modal.end():modal.end() + 4].lower()
    return "still" in before and modal.group().lower().startswith("need") and after.startswith(
        " be"
    )


def _en_fact(text: str) -> bool:
    if _EN_FACT.search(text):
        return True
    past = _EN_PAST.match(text)
    if past is None or re.search(r"\b(?:will|shall|must|should)\b", text, re.IGNORECASE):
        return False
    return not _EN_FUTURE_OR_PASSIVE.search(text[: past.start("verb")])


def _looks_like_title(text: str) -> bool:
    words = [w for w in text.split() if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _is_directive_zh(text: str, lead: str | None, in_body: bool) -> bool:
    modal = _ZH_MODAL.search(text)
    if _ZH_NOT_DIRECTIVE.search(text) and not modal:
        return False
    if _ZH_LIST_INTRO.match(text):
        return False
    if _ZH_TARGETS.search(text[:40]):
        return True  # a work report's main targets: a division plan carries them as tasks
    fact = bool(_ZH_FACT.search(text) or _ZH_FACT_START.match(text))
    if modal and not (fact and modal.group() in {"确保", "需要", "坚决", "切实"}):
        return True
    if fact:
        return False
    if vocab.ZH_STUDY_START.match(text) or vocab.ZH_VERB_START.match(text):
        return True
    if in_body:
        return True
    return lead in (REQUIRE, STRESS)


_ZH_COPULA_FACT = re.compile(r"是[^,，]{0,20}(?:之年|的一年|关键期|窗口期)")
_ZH_CLAUSE = re.compile(r"[,，]")


def request_start(text: str, start: int, end: int, lang: str) -> int:
    """Where the request begins in a Chinese sentence that opens with independent facts
    ("9月以来，部分地区出现强降雨，受灾地区要尽快…" → "受灾地区要尽快…"); ``start`` otherwise.

    English keeps the whole sentence: its facts are subordinate clauses ("although …").
    """
    if lang != "zh":
        return start
    cuts = [m.end() for m in _ZH_CLAUSE.finditer(text, start, end)]
    if not cuts:
        return start
    first = text[start:cuts[0]]
    # Only a sentence that opens on a time already past or a statement of the year counts:
    # "对已签约未开工的37个项目，…" opens on a scope, not a fact.
    if _ZH_MODAL.search(first) or not (
        _ZH_FACT_START.match(first) or _ZH_COPULA_FACT.search(first)
    ):
        return start
    for clause_start, clause_end in zip(cuts, [*cuts[1:], end], strict=True):
        if _ZH_MODAL.search(text, clause_start, clause_end):
            return clause_start
    return start


__all__ = ["NOTE", "REQUIRE", "STRESS", "is_directive", "request_start"]
