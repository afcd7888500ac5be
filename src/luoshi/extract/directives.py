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
    r"(?:is|are|be) (?:also |still |further |therefore |thus )?"
    r"(?:necessary|essential|imperative|required|vital|crucial|expected) to"
    # "GDP is expected to reach …": a forecast
    r"(?!\s+(?:reach|hit|exceed|grow|rise|increase|top|total|surpass|fall|drop|decline)\b)"
    r"(?!\s+(?:the|a|an|our|its|their|this|these|those|his|her|people|[\w\-]+['’]s)\b)|"
    r"make (?:every|great|greater|all-out|unremitting) efforts? to|we will|let us|"
    r"it is (?:also |still |further |therefore |thus )?"
    r"(?:necessary|imperative|essential|important|required|vital|crucial)|"
    r"called on|urged|it is required|"
    r"(?:is|are|be) (?:encouraged|urged|called on|obliged|asked|requested|supposed|to be) to)\b",
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
    r"were present at|delivered a speech|made a speech)\b"
    # an agenda list rendered word for word from 传达学习……精神: "Convey the spirit of …"
    r"|convey(?:ed|ing)?(?: and (?:study|studied|learn|learned))? (?:the )?(?:spirit|"
    r"important (?:speech|speeches|instructions))\b",
    re.IGNORECASE,
)
_EN_FACT = re.compile(
    r"\b(?:was|were|did|has been|have been|had been|already|last year|in the past|so far|"
    r"over the past|since (?:the beginning|\d{4})|(?:now|currently) (?:has|have) |"
    r"(?:is|are) (?:expected|projected|estimated|forecast) to (?:reach|hit|exceed|grow|rise|"
    r"increase|top|total|surpass|fall|drop|decline)|"
    r"(?:has|have|had) (?:\w+ly )?\w+(?:ed|en|wn|ne|"
    r"ht|lt|de)|according to (?:forecasts|statistics|preliminary))\b",
    re.IGNORECASE,
)
# Statements of intent that carry no "must": the future of a plan or a programme ("China
# will continue to …", "support policies will be rolled out …", "efforts will be made to",
# "the district is going to / aims to / plans to …", "the goal is to …"). Readouts and
# executive-meeting reports state most of what they decide this way.
_EN_INTENT = re.compile(
    r"\b(?P<subject>[\w'’\-]+)\s+(?:(?:also|further|still|then|now)\s+)?"
    r"(?:will|shall|is going to|are going to|aims? to|plans? to|intends? to|(?:is|are) to|"
    r"(?:is|are) (?:set|scheduled|planned|expected|slated|poised) to|seeks? to|vows? to|"
    r"pledges? to|resolves? to)\s+"
    r"(?:(?:\w+ly|also|further|continue to|strive to|not)\s+)*(?P<verb>[a-z][\w\-]*)"
    r"(?:\s+(?:(?:\w+ly|further|also|still|then|soon|fully)\s+)*(?P<participle>[a-z][\w\-]*))?"
    r"|\b(?:the|our|its|their|this year's|the main|the overall) (?:\w+ )?"
    r"(?:goal|aim|target|objective|task|priority|focus) (?:is|will be|for \w+ is) to\b"
    r"|\befforts (?:will|are to|shall) be (?:made|stepped up|redoubled|intensified)\b"
    r"|\b(?:more |greater )?efforts? (?:will|shall|should) (?:go|be put) into\b",
    re.IGNORECASE,
)
# "It will help …", "which will lay a foundation …": a consequence, not an intent.
_EN_INTENT_NOT_SUBJECT = frozenset(
    {"it", "this", "that", "which", "these", "those", "what", "who", "there", "meeting",
     "session", "conference", "he", "she"}
)
# Verbs that, after "will", forecast or describe rather than commit to act.
_EN_INTENT_NOT_VERB = frozenset(
    {"help", "helps", "contribute", "lay", "provide", "bring", "become", "benefit", "mark",
     "serve", "see", "have", "last", "end", "remain", "affect", "face", "reach", "grow", "rise",
     "fall", "increase", "decrease", "exceed", "total", "cover", "involve", "take", "get",
     "make", "win", "enjoy", "feel", "come", "go", "run",
     "surely", "certainly", "inevitably", "definitely", "likely", "not"}
)
_EN_INTENT_TAKE = re.compile(r"\b(?:take|make) (?:\w+ ){0,3}(?:measures|steps|actions?|efforts|"
                             r"moves|arrangements|plans)\b", re.IGNORECASE)
# After "will be": a passive action ("will be rolled out") commits; a state does not.
_EN_INTENT_NOT_PASSIVE = frozenset(
    {"held", "involved", "affected", "able", "benefited", "benefitted", "heard", "attended",
     "completed", "finished", "over", "difficult", "hard", "easy", "possible", "impossible",
     "seen", "the", "a", "an", "more", "less", "higher", "lower", "greater", "about", "around",
     "in", "at", "on", "open", "closed", "released", "broadcast", "televised", "chaired",
     "presided", "reached", "covered", "expected", "likely", "one", "two", "very"}
)


# "It is expected that the measures will cut costs …": a forecast.
_EN_FORECAST = re.compile(
    r"(?:it is|it was) (?:expected|estimated|projected|predicted|forecast|believed|likely)\b",
    re.IGNORECASE,
)


def _intent(text: str) -> int | None:
    """Where a statement that someone will do something begins (not a forecast or a
    consequence), or None."""
    for match in _EN_INTENT.finditer(text):
        subject = match.group("subject")
        if subject is None:
            return match.start()  # "the goal is to …", "efforts will be made"
        verb = match.group("verb").lower()
        before = text[max(0, match.start() - 12):match.start()].lower().split()
        if before and before[-1] in {"this", "that", "these", "those", "such", "which"}:
            continue  # "This work will ensure …": a consequence
        # "It will be submitted to …" (the draft just approved) is a step to take.
        if subject.lower() in _EN_INTENT_NOT_SUBJECT and not (
            subject.lower() in {"it", "they"} and verb == "be"
        ):
            continue
        if verb == "be":
            participle = (match.group("participle") or "").lower()
            if participle and participle not in _EN_INTENT_NOT_PASSIVE and (
                participle.endswith(("ed", "en", "wn", "lt", "ut", "ht", "up"))
                or participle in {"set", "built", "made", "put", "laid", "held", "sought"}
            ):
                return match.start()
            continue
        if verb in {"take", "make"} and _EN_INTENT_TAKE.search(text, match.start("verb")):
            return match.start()
        if verb not in _EN_INTENT_NOT_VERB and not verb.endswith(("ing", "ed")):
            return match.start()
    return None


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
    r"会议通过|传达学习了|会议认为|参加了|原则同意|会议同意"
    # the heading block of minutes: "请假：……", "分送：……", "出席：……"
    r"|^(?:请假|分送|抄送|抄报|出席|列席|参加|缺席|记录|主持|发送|印发|出席人员|列席人员)\s*[:：]"
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
_ZH_LIST_INTRO = re.compile(
    r".{0,16}(?:以下|如下)[^。;:]{0,12}[:。]?$|[^,;。]{1,12}:$"
    # "会议同时对当前安全生产工作作出部署：": the items follow
    r"|[^。;]{0,60}(?:作出部署|进行部署|作出安排|进行安排|提出要求|提出明确要求)[:：]$"
    # "为……，确保……，现制定分工方案如下。", "现就……提出如下意见：": a plan's preamble
    r"|.*[,，]\s*现(?:就|将|制定|提出|印发|对)[^,，。]*?(?:如下|以下)[^。;:]{0,12}[:。]?$"
)
_ZH_TARGETS = re.compile(r"(?:主要)?(?:预期)?目标(?:任务)?(?:为|是)[:：]")


# A clause announcing the tasks listed after it, whether or not it also asks for something:
# a time it sets ("6月底前完成以下工作：", "by the end of June, complete the following:") is
# the time of each item.
_ZH_ANNOUNCES = re.compile(r"(?:以下|如下|下列)[^。;]{0,16}[:：。]?$")
_EN_ANNOUNCES = re.compile(r"\b(?:the following|as follows)\b[^.;]{0,80}[.:]?$", re.IGNORECASE)


# A plan's preamble ("为确保年底前完成……，现制定分工方案如下。") announces the document, not a
# list of tasks due at a time: a period in its purpose clause sets no time for every item.
_ZH_PREAMBLE = re.compile(r"^为|现(?:就|将|制定|提出|印发|对)|特制定|制定本")
_EN_PREAMBLE = re.compile(r"^(?:in order to|to ensure)\b|\b(?:this plan|these measures)\b",
                          re.IGNORECASE)


def announces_list(text: str, lang: str) -> bool:
    """Does this clause introduce a list of tasks that follows it?"""
    text = text.strip()
    if (_ZH_PREAMBLE if lang == "zh" else _EN_PREAMBLE).search(text):
        return False
    return bool((_ZH_ANNOUNCES if lang == "zh" else _EN_ANNOUNCES).search(text))


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
    intent = _intent(text)
    # The intent is the main verb: only explicit marks of the past weigh against it.
    if intent is not None and not _EN_FACT.search(text, intent) and not _EN_FORECAST.match(text):
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
    if len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6:
        return True
    # A short line in title case with no full stop ("Open Governance", "Press Releases"):
    # a site's section name or a caption.
    every = text.split()
    return (2 <= len(every) <= 4 and text[-1] not in ".!?;:"
            and all(w[0].isupper() for w in every if w[0].isalpha()))


# Assessments: what a thing is or means ("二季度是……的关键季", "……是我省……的重大举措",
# "……对于……具有重要意义"). Under "会议强调" they still ask for nothing.
_ZH_ASSESSMENT = re.compile(
    r"(?:具有|有着)(?:十分|非常|极其|特别)?(?:重要|重大|深远|特殊|现实|历史)(?:的)?(?:现实|历史|战略)?意义"
    r"|意义(?:重大|深远)|至关重要|(?<![要需])是[^,;。]{0,40}(?:之年|的一年|关键期|窗口期|关键季|"
    r"黄金季|黄金期|关键阶段|重要时期|攻坚期|冲刺期|重要举措|重大举措|重要会议|重要保障|"
    r"重要基础|根本保证|必然要求|重要内容|重要体现)"
    r"|重于泰山|责任重大|任务艰巨|刻不容缓|势在必行|来之不易"
)
# "但也要清醒看到，……基础还不牢固": seeing a problem is an assessment, not a task.
_ZH_SEE = re.compile(
    r"(?:但|同时)?(?:也|还)?要(?:清醒|清楚|充分|深刻|客观)?地?(?:看到|认识到|意识到)"
)


def _zh_intent(text: str) -> re.Match[str] | None:
    """"今年将实施城市更新行动", "省政府将出台……措施", "拟安排资金……": 将/拟 before a verb
    that opens a request states what will be done (not "将于3月召开", "将X纳入")."""
    for match in _ZH_INTENT.finditer(text):
        following = text[match.end():match.end() + 6]
        if vocab.ZH_VERB_START.match(text, match.end()) and "的" not in following:
            return match  # not "将要召开的会议", an attribute
    return None


_ZH_INTENT = re.compile(
    r"(?<![即必])(?:将要|将|拟)(?!近|来|会|于|在|是|召开|举行|举办|迎来|进入|面临|成为|达到)"
)


def _is_directive_zh(text: str, lead: str | None, in_body: bool) -> bool:
    strong = _ZH_MODAL.search(_ZH_SEE.sub(lambda m: "·" * len(m.group()), text))
    if not strong and _ZH_ASSESSMENT.search(text):
        return False
    modal = strong or _zh_intent(text)
    if _ZH_NOT_DIRECTIVE.search(text) and not modal:
        return False
    if _ZH_LIST_INTRO.match(text):
        return False
    if _ZH_TARGETS.search(text[:40]):
        return True  # a work report's main targets: a division plan carries them as tasks
    fact = bool(_ZH_FACT.search(text) or _ZH_FACT_START.match(text))
    if modal and not (fact and modal.group() in {"确保", "需要", "坚决", "切实", "争取"}):
        return True
    if fact:
        return False
    if vocab.ZH_STUDY_START.match(text) or vocab.ZH_VERB_START.match(text):
        return True
    if in_body:
        return True
    if lead == STRESS and _ZH_COPULA.match(text):
        return False  # "会议强调，这次会议是……的一次盛会。": what a thing is
    return lead in (REQUIRE, STRESS)


_ZH_COPULA = re.compile(r"[^。;:]{1,30}?[,]?(?:既|更|就|正|也|都)?是(?!否)")


_EN_TURN = re.compile(
    r",\s*(?:but|yet|however,?|and yet)\s+(?=(?:[\w'\-]+\s+){0,6}?(?:must|should|need to|"
    r"needs to|have to|has to|will)\b)",
    re.IGNORECASE,
)
_ZH_COPULA_FACT = re.compile(r"是[^,，]{0,20}(?:之年|的一年|关键期|窗口期)")
_ZH_CLAUSE = re.compile(r"[,，]")


def request_start(text: str, start: int, end: int, lang: str) -> int:
    """Where the request begins in a Chinese sentence that opens with independent facts
    ("9月以来，部分地区出现强降雨，受灾地区要尽快…" → "受灾地区要尽快…"); ``start`` otherwise.

    English keeps the whole sentence, its facts being subordinate clauses ("although …"),
    unless it states facts and then turns to a request ("Since this year the economy has
    recovered, but we should keep a clear head …" → "we should keep a clear head …").
    """
    if lang != "zh":
        turn = _EN_TURN.search(text, start, end)
        if turn and not _EN_MODAL.search(text, start, turn.start()) and _en_fact(
            text[start:turn.start()]
        ):
            return turn.end()
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
