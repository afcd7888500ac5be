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
    r"(?<![\w“\"])(?:[A-Z][\w'\-]*\s+(?:(?:and|of|for|on|the|in)\s+)?){1,6}"
    r"(?:Plan|Program|Programme|Project|Initiative|Strategy|Campaign|Action Plan|Scheme)\b"
)
# A quoted name right before a word for a programme ("“放管服”改革", "“三品一创”消费提质扩容
# 工程"); a few general words only directly after it ("“六稳”工作"), never after "的".
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
                        r"完善|依托|通过)$")
# Slogans used as names of mechanisms carry two or more numerals ("一企一策", "三会一课",
# "一岗双责"); plan periods are "十四五", "十五五"; "…制" names a system ("链长制").
_ZH_NUMERALS = re.compile(r"[一二三四五六七八九十百千万双两]")
_ZH_PLAN_PERIOD = re.compile(r"十[一二三四五六七八九]五")
_ZH_NOT = frozenset({"双过半", "双十一", "双十二"})
# Unquoted plan names after the verb that puts them to work ("细化优化营商环境三年行动方案").
_ZH_UNQUOTED = re.compile(
    r"(?:细化|实施|落实|推进|制定|出台|印发|贯彻|开展|启动|编制|对照|按照|深化|执行)"
    r"(?P<name>[\u4e00-\u9fff]{2,14}?(?:三年行动方案|三年行动计划|三年行动|行动方案|行动计划|"
    r"实施方案|工作方案|专项行动|攻坚行动|提升行动))"
)


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
            if name in _ZH_NOT:
                continue
            if (_ZH_AFTER.match(after[:12].lstrip("”」")) or _ZH_BEFORE.search(before)
                    or len(_ZH_NUMERALS.findall(name)) >= 2 or _ZH_PLAN_PERIOD.fullmatch(name)
                    or (name.endswith("制") and len(name) <= 8)):
                found.append(FoundProgramme(q_start, q_end))
        elif (_capitalised(name) or _EN_NAME_WORDS.search(name) or _EN_AFTER.match(after)
              or _EN_BEFORE.search(before)):
            found.append(FoundProgramme(q_start, q_end))
    if lang == "zh":
        for match in _ZH_UNQUOTED.finditer(text, start, end):
            if not any(p.start <= match.start("name") < p.end for p in found):
                found.append(FoundProgramme(match.start("name"), match.end("name")))
    if lang != "zh":
        for match in _EN_TITLED.finditer(text, start, end):
            if not any(p.start <= match.start() < p.end for p in found):
                found.append(FoundProgramme(match.start(), match.end()))
        for match in _EN_NAME_AFTER_THE.finditer(text, start, end):
            name = match.group("name")
            if _EN_NOT_PROGRAMME.search(name) or any(
                p.start <= match.start("name") < p.end or match.start("name") <= p.start
                < match.end("name") for p in found
            ):
                continue
            found.append(FoundProgramme(match.start("name"), match.end("name")))
    return sorted(found, key=lambda p: p.start)


def _capitalised(name: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'\-]*", name) if len(w) > 2]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.5
