"""Named programmes a directive refers to: 《…》 titles, quoted names of plans, projects,
reforms and campaigns ("“Three Products and One Innovation” … project", "“放管服”改革"),
and capitalised plan names ("Three-Year Action Plan").

A quoted phrase is a programme only when it is used as the name of one: capitalised like a
name, or next to a word that says so (project, plan, reform, 工程, 行动…). Quoted slogans
used as principles ("two establishments", "两个确立") are not; "双过半" is a deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FoundProgramme:
    start: int
    end: int


_QUOTED = re.compile(r"“(?P<q>[^“”\n]{2,200})”|\"(?P<s>[^\"\n]{2,80})\"|「(?P<c>[^「」\n]{2,80})」")
_BOOK = re.compile(r"《[^《》\n]{2,100}》")
_EN_AFTER = re.compile(
    r"^\W*(?:\S+\s+){0,5}?(?:projects?|plans?|programs?|programmes?|campaigns?|initiatives?|"
    r"actions?|strateg(?:y|ies)|schemes?|measures|reforms?|pilots?|polic(?:y|ies)|"
    r"deployment|engineering)\b",
    re.IGNORECASE,
)
_EN_BEFORE = re.compile(
    r"(?:reform|deployment|strategy|campaign|initiative|programme|program|plan|project|action|"
    r"policy|policies|implement|implementing|implementation of|launch|launching|carry out|"
    r"carrying out|pilot)\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_EN_NAME_WORDS = re.compile(
    r"(?:Plan|Program|Programme|Project|Initiative|Strategy|Campaign|Action|Scheme|Opinions|"
    r"Measures|Regulations|Outline|Law)s?\b"
)
_EN_TITLED = re.compile(
    r"(?<![\w“\"])(?:\d{1,2}(?:st|nd|rd|th)\s+)?(?:[A-Z][\w'\-]*\s+(?:(?:and|of|for|on|the|in)\s+)?){1,6}"
    r"(?:Plan|Program|Programme|Project|Initiative|Strategy|Campaign|Action Plan|Scheme)\b"
    # the title's object: "Action Plan for Boosting Consumption", "Plan for the Revitalization
    # of Old Industrial Bases" (capitalised words only: "the Plan for this year" stops)
    r"(?:\s+(?:of|for|on)\s+(?:the\s+)?"
    r"(?:[A-Z][\w\-]*(?:\s+(?:(?:of|in)\s+(?:the\s+)?|and\s+(?!the\b))?"
    r"(?=[A-Z])(?!(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b)|\b))+)*"
)
# "Implement the Three-Year Action Plan" at a sentence's start: the verb is no part of the name.
_EN_LEADING_VERB = re.compile(r"[A-Z][a-z]+\s+the\s+(?=[A-Z])")
# A quoted name right before a word for a programme ("“放管服”改革", "“三品一创”消费提质扩容
# 工程"); a few general words only directly after it ("“六稳”工作"), never after "的".
# "revise the Management Methods of Administrative Documents of Hill Province": a
# title-case document name around the word for its kind.
_EN_DOCUMENT = re.compile(
    r"(?<![\w“\"])(?:[A-Z][\w'\-]*\s+(?:(?:and|of|for|on|the|in)\s+)?){1,6}"
    r"(?:Methods|Measures|Regulations|Rules|Provisions|Opinions|Guidelines|Outline|Law)\b"
    # "the Regulations on Optimizing the Business Environment of Hill Province": lower-case
    # "the" and prepositions may stand between the capitalised words of the object
    r"(?:\s+(?:of|for|on|in)\s+(?:the\s+)?(?:[A-Z][\w'\-]*(?:\s+(?:(?:of|in|for|on|to)\s+"
    r"(?:the\s+)?|the\s+|and\s+(?!the\b))?(?=[A-Z])(?!(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\b)|\b))+)*"
)
_EN_DOCUMENT_WORD = re.compile(
    r"\b(?:Methods|Measures|Regulations|Rules|Provisions|Opinions|Guidelines|Outline|Law)\b")
# "the spirit of “…”", "the requirement of “…”": a quoted principle, not a programme.
_EN_PRINCIPLE_BEFORE = re.compile(
    r"(?:spirit|requirements?|principles?|concept|idea|philosophy|motto|slogan)\s+of\s+"
    r"(?:the\s+)?$", re.IGNORECASE)
# A quoted sentence ("管发展必须管环保，管生产必须管环保") is a principle, not a name.
_ZH_SENTENCE = re.compile(r"[,，;；]|必须|就是|才能")
# "the Hundred Days of Hard Work campaign", "the Consumption Upgrading Action": a run of
# capitalised words after "the" names something; organisations, places, people, meetings
# and holidays are not programmes.
_CAP = r"(?:[A-Z][\w'’\-]*|\d[\w\-]*)"
_EN_NAME_AFTER_THE = re.compile(
    rf"(?<=\bthe )(?P<name>{_CAP}(?:(?:,? (?:and |of |in |for |on |to |the |with )*){_CAP})+)"
)
_EN_NOT_PROGRAMME = re.compile(
    r"\b(?:Bureau|Department|Commission|Committee|Government|Province|Provincial|Municipal|"
    r"City|County|Party|Congress|Council|Office|Company|Corporation|Group|University|Bank|"
    r"Administration|Ministry|Centre|Center|Session|Sessions|Plenary|Festival|River|Lake|"
    r"Mountain|Basin|Sea|Bay|Day|Secretary|Governor|Mayor|President|Chairman|Premier|Grid|"
    r"Court|Procuratorate|Association|Federation|League|Army|Conference|Meeting|Forum|Report|"
    r"Republic|State|People's|Park|Airport|Station|Railway|District|Prefecture|Town|Village|"
    r"Street|Road|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|CPC|China|"
    r"Chinese|Communist|Central|National)\b"
)
_ZH_AFTER = re.compile(
    r"(?!的)(?:[\u4e00-\u9fff]{0,6}?(?:工程|行动|计划|规划|方案|战略|试点|项目|专项|攻坚|示范|"
    r"创建|品牌|活动|机制|制度|模式)|(?:改革|工作|建设|体系|政策|要求))"
)
_ZH_BEFORE = re.compile(r"(?:实施|开展|启动|推进|落实|深化|打造|创建|推广|部署|组织|实行|推行|建立|"
                        r"完善|依托|通过|打好|打赢|推动|提升|建好|用好|實施|開展|啟動|推進|落實)$")
# Slogans used as names of mechanisms carry two or more numerals ("一企一策", "三会一课",
# "一岗双责"); plan periods are "十四五", "十五五"; "…制" names a system ("链长制").
_ZH_NUMERALS = re.compile(r"[一二三四五六七八九十百千万双两]")
_ZH_PLAN_PERIOD = re.compile(r"十[一二三四五六七八九]五")
_ZH_NOT = frozenset({"双过半", "双十一", "双十二"})
# Unquoted plan names after the verb that puts them to work ("细化优化营商环境三年行动方案").
_ZH_UNQUOTED = re.compile(
    r"(?:细化|实施|落实|推进|制定|出台|印发|贯彻|开展|启动|编制|对照|按照|深化|执行|打好|打赢|抓好|"
    r"實施|落實|推進|開展|啟動|抓好)"
    r"(?P<name>[\u4e00-\u9fff、]{2,16}?(?:三年行动方案|三年行动计划|三年行动|行动方案|行动计划|"
    r"实施方案|工作方案|专项行动|攻坚行动|提升行动|整治行动|攻坚战|保卫战|歼灭战|工程|战略|"
    r"学习教育|學習教育|行動|倍增计划|提升计划|振兴计划))(?![\u4e00-\u9fff]{0,2}(?:的|中|上|方面))"
)
# "以供给侧结构性改革为主线", "以产业链链长制为抓手": a named reform or system as the axis of
# the work.
_ZH_AXIS = re.compile(
    r"以(?P<name>[\u4e00-\u9fff]{2,14}?(?:改革|制|战略|工程|行动|计划|试点))"
    r"为(?:主线|抓手|牵引|引领|载体|突破口|重点)")
# Named projects listed before the word that says so: "开工建设甲乙高速二期、丙丁大桥等重点
# 项目", "加快推进A基地、B工厂升级等重大项目", "A高铁和B高速改扩建、C、D 3条高速公路".
_ZH_PROJECT_LIST = re.compile(
    r"(?P<list>[\u4e00-\u9fff()（）\d]{2,30}(?:(?:、|和|及)[\u4e00-\u9fff()（）\d]{2,30}){1,12})"
    r"(?:等(?:[一二三四五六七八九十\d]+[个项座条批])?(?:一批)?(?:重点|重大|标志性|骨干|龙头)?"
    r"(?:项目|工程)|[一二三四五六七八九十\d]+条(?:高速公路|高速|铁路|高铁|国道|省道)|"
    r"等(?:[一二三四五六七八九十\d]+[个项座条])?(?:高速公路|铁路|高铁|机场|港口|水利工程))"
)
# The verb (and any time before it) that opens the list: "年底前建成投用A、B等项目".
_ZH_LIST_LEAD = re.compile(
    r"开工建设|加快建设|加快推进|加快实施|推进|建设|建成|投用|投产|实施|启动|谋划|争取|开工|续建|"
    r"推动|确保|力争|做好|抓好|完成|开通|通车")
_ZH_LIST_SPLIT = re.compile(r"、|和|及")


def find_programmes(text: str, start: int, end: int, lang: str) -> list[FoundProgramme]:
    """Programmes named in ``text[start:end]``."""
    found: list[FoundProgramme] = []
    for match in _BOOK.finditer(text, start, end):
        found.append(FoundProgramme(match.start(), match.end()))
    for match in _QUOTED.finditer(text, start, end):
        group = "q" if match.group("q") else ("s" if match.group("s") else "c")
        q_start, q_end = match.start(group), match.end(group)
        name = text[q_start:q_end]
        after = text[match.end(): min(end, match.end() + 60)]
        before = text[max(start, match.start() - 40): match.start()]
        if lang == "zh":
            if name in _ZH_NOT or _ZH_SENTENCE.search(name):
                continue
            if (_ZH_AFTER.match(after[:12].lstrip("”」")) or _ZH_BEFORE.search(before)
                    or len(_ZH_NUMERALS.findall(name)) >= 2 or _ZH_PLAN_PERIOD.fullmatch(name)
                    or (name.endswith("制") and len(name) <= 8)):
                found.append(FoundProgramme(q_start, q_end))
        elif _EN_PRINCIPLE_BEFORE.search(before):
            continue
        elif (_capitalised(name) or _EN_NAME_WORDS.search(name) or _EN_AFTER.match(after)
              or _EN_BEFORE.search(before)):
            found.append(FoundProgramme(q_start, q_end))
    if lang == "zh":
        for pattern in (_ZH_UNQUOTED, _ZH_AXIS):
            for match in pattern.finditer(text, start, end):
                _add(found, match.start("name"), match.end("name"))
        for match in _ZH_PROJECT_LIST.finditer(text, start, end):
            _zh_project_list(text, match.start("list"), match.end("list"), found)
    if lang != "zh":
        if _EN_DOCUMENT_WORD.search(text, start, end):  # the full pattern is slow
            for match in _EN_DOCUMENT.finditer(text, start, end):
                d_start = _en_name_start(text, match)
                if d_start is not None:
                    _add(found, d_start, match.end())
        for match in _EN_TITLED.finditer(text, start, end):
            t_start = _en_name_start(text, match)
            if t_start is not None and not any(p.start <= t_start < p.end for p in found):
                found.append(FoundProgramme(t_start, match.end()))
        for match in _EN_NAME_AFTER_THE.finditer(text, start, end):
            name = match.group("name")
            if _EN_NOT_PROGRAMME.search(name) or any(
                p.start <= match.start("name") < p.end or match.start("name") <= p.start
                < match.end("name") for p in found
            ):
                continue
            found.append(FoundProgramme(match.start("name"), match.end("name")))
    return sorted(found, key=lambda p: p.start)


def _en_name_start(text: str, match: re.Match[str]) -> int | None:
    """Where a title-case name starts: after a verb opening the sentence ("Implement the
    Three-Year Action Plan": the name only); None for a bare word ("Revise the Plan",
    "Revise the Rules" name none)."""
    lead = _EN_LEADING_VERB.match(text, match.start(), match.end())
    n_start = lead.end() if lead else match.start()
    return n_start if " " in text[n_start:match.end()] else None


def _add(found: list[FoundProgramme], p_start: int, p_end: int) -> None:
    """Add a span unless it overlaps one already found."""
    if not any(p.start < p_end and p_start < p.end for p in found):
        found.append(FoundProgramme(p_start, p_end))


def _zh_project_list(text: str, l_start: int, l_end: int, found: list[FoundProgramme]) -> None:
    """Each named project of a list that ends in "等重点项目" and the like."""
    first = _ZH_LIST_SPLIT.search(text, l_start, l_end)
    first_end = first.start() if first else l_end
    cursor = l_start
    for lead in _ZH_LIST_LEAD.finditer(text, l_start, first_end):
        if first_end - lead.end() >= 2:
            cursor = lead.end()
    parts: list[tuple[int, int]] = []
    for split in _ZH_LIST_SPLIT.finditer(text, cursor, l_end):
        parts.append((cursor, split.start()))
        cursor = split.end()
    parts.append((cursor, l_end))
    # the count before the kind word ("…台黑4条高速公路") is not part of the last name
    last_start, last_end = parts[-1]
    while last_end > last_start and (text[last_end - 1].isdigit()
                                     or text[last_end - 1] in "一二三四五六七八九十"):
        last_end -= 1
    parts[-1] = (last_start, last_end)
    for p_start, p_end in parts:
        if p_end - p_start >= 2:
            _add(found, p_start, p_end)


def _capitalised(name: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'\-]*", name) if len(w) > 2]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.5
