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
_ZH_AFTER = re.compile(
    r"^[”」]?(?:[\u4e00-\u9fff]{0,8}?)(?:工程|行动|计划|规划|方案|战略|改革|活动|试点|项目|品牌|"
    r"政策|攻坚|示范|创建|工作|机制|模式|建设|专项|体系)"
)
_ZH_BEFORE = re.compile(r"(?:实施|开展|启动|推进|落实|深化|打造|创建|推广|部署|组织)$")
_ZH_NOT = frozenset({"双过半"})


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
            if _ZH_AFTER.match(after[:12]) or _ZH_BEFORE.search(before):
                found.append(FoundProgramme(q_start, q_end))
        elif (_capitalised(name) or _EN_NAME_WORDS.search(name) or _EN_AFTER.match(after)
              or _EN_BEFORE.search(before)):
            found.append(FoundProgramme(q_start, q_end))
    if lang != "zh":
        for match in _EN_TITLED.finditer(text, start, end):
            if not any(p.start <= match.start() < p.end for p in found):
                found.append(FoundProgramme(match.start(), match.end()))
    return sorted(found, key=lambda p: p.start)


def _capitalised(name: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'\-]*", name) if len(w) > 2]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.5
