"""Work-line headings: where a titled group of directives starts, and where its title ends.

The forms are those of corpus/ANNOTATION.md: run-in headings ("Do a good job in project
investment", glued to the body or not), ordinal leads ("First, …", "一要……", "（一）……"),
standalone headline lines, and agenda markers ("会议研究了X。", "关于X，会议强调", "In terms
of X, …", "On X, the meeting required …"). Everything here works on the normalized text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.extract import vocabulary as vocab
from luoshi.extract.normalize import Normalized
from luoshi.extract.segment import clause_end, trim

RUN_IN = "run_in"  # a heading phrase at the start of a sentence, its body after it
SHORT = "short"  # a short sentence opening a paragraph, its body in the next sentences
ORDINAL = "ordinal"
AGENDA = "agenda"
LINE = "line"  # a standalone headline line


@dataclass(frozen=True)
class Heading:
    start: int  # the title's span in the normalized text
    end: int
    body: int  # where the body starts in the same sentence (the sentence end if it does not)
    kind: str
    series: str | None = None  # ordinal leads: which numbering they belong to
    number: int = 0


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (up to 99: enough for list numbering)."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + _CN_DIGITS.get(ones, 0)


_CN_NUM = "[一二三四五六七八九十]{1,3}"
_ZH_ORDINAL = re.compile(
    rf"(?P<yao>{_CN_NUM})(?P<yao_kind>要|是|则|来|抓)(?![是否])[,:]?"
    rf"|\((?P<paren>{_CN_NUM})\)"
    rf"|第(?P<di>{_CN_NUM})(?:[,、:]|(?:是|要|条|项)[,:]?)"
    rf"|(?P<top>{_CN_NUM})、"
    r"|(?P<num>\d{1,2})[.、](?!\d)"
    r"|\((?P<pnum>\d{1,2})\)"
)
_EN_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_EN_ORDINAL = re.compile(
    r"(?P<word>(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth))(?:ly)?\s*[,:]\s*"
    r"|(?P<last>Finally|Lastly)\s*,\s*"
    # "The first is to …": 一是 as machine translation renders it
    r"|(?i:the )(?P<the>(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))"
    r"(?: (?i:one|point|task|aspect))? (?i:is)(?: (?i:to))?\s+"
    r"|(?P<num>\d{1,2})[.)]\s+(?=[A-Za-z])"
    r"|\((?P<pnum>\d{1,2})\)\s*"
    r"|\((?P<roman>i{1,3}|iv|vi{0,3}|ix|x)\)\s*"
    r"|(?P<upper>I{1,3}|IV|VI{0,3}|IX|X)\.\s+(?=[A-Z])"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}


# Numbering used for headlines rather than for items in running text.
HEADLINE_SERIES = frozenset({"paren", "top", "num", "pnum", "roman", "upper"})
# How deep each headline numbering sits in an outline: "一、" above "（一）" above "1." above
# "（1）"; "I." above "1." above "(i)".
OUTLINE_LEVEL = {"top": 0, "upper": 0, "paren": 1, "num": 2, "pnum": 3, "roman": 3}


def deeper(inner: str | None, outer: str | None) -> bool:
    """Does numbering ``inner`` sit below numbering ``outer`` in an outline?"""
    if inner not in OUTLINE_LEVEL or outer not in OUTLINE_LEVEL:
        return False
    return OUTLINE_LEVEL[inner] > OUTLINE_LEVEL[outer]


@dataclass(frozen=True)
class Ordinal:
    end: int  # end of the marker
    series: str
    number: int


def ordinal_at(text: str, pos: int, end: int, lang: str) -> Ordinal | None:
    """The list marker opening the text at ``pos``, if any."""
    if lang == "zh":
        match = _ZH_ORDINAL.match(text, pos, end)
        if not match:
            return None
        if match.group("yao"):
            return Ordinal(match.end(), "yao" + match.group("yao_kind"),
                           cn_number(match.group("yao")))
        for group in ("paren", "di", "top"):
            if match.group(group):
                return Ordinal(match.end(), group, cn_number(match.group(group)))
        for group in ("num", "pnum"):
            if match.group(group):
                return Ordinal(match.end(), group, int(match.group(group)))
        return None
    match = _EN_ORDINAL.match(text, pos, end)
    if not match:
        return None
    if match.group("word"):
        return Ordinal(match.end(), "word", _EN_WORDS[match.group("word").lower()])
    if match.group("the"):
        return Ordinal(match.end(), "the", _EN_WORDS[match.group("the").lower()])
    if match.group("last"):
        return Ordinal(match.end(), "word", 99)
    if match.group("roman"):
        return Ordinal(match.end(), "roman", _ROMAN[match.group("roman")])
    if match.group("upper"):
        return Ordinal(match.end(), "upper", _ROMAN[match.group("upper").lower()])
    group = "num" if match.group("num") else "pnum"
    return Ordinal(match.end(), group, int(match.group(group)))


def ordinal_heading(text: str, pos: int, end: int, lang: str, marker: Ordinal) -> Heading:
    """The title of an ordinal lead: from the marker to the end of the first clause after
    it, or of the next clause when the first names only a manner ("九要结合我市实际")."""
    title_end = clause_end(text, marker.end, end)
    if _manner_only(text, marker.end, title_end, lang) and title_end < end:
        title_end = clause_end(text, title_end + 1, end, skip_leading=False)
    elif lang == "zh":
        # "一是稳住工业基本盘全力保障重点企业满产达产；": no mark between the title and its
        # body. Only a long clause is cut, where an adverb or verb that opens bodies begins.
        unmarked = _ZH_UNMARKED_BODY.search(text, marker.end + 5, title_end - 4)
        if title_end - marker.end >= 14 and unmarked is not None:
            title_end = unmarked.start()
    if lang == "en":
        # "2. Improve the business environment All departments must …": no mark between
        # the title and its body; a sentence starts where a capitalised opener follows a
        # lower-case word.
        unmarked = _EN_UNMARKED_BODY.search(text, marker.end, title_end)
        if unmarked is not None:
            title_end = unmarked.start()
    start, stop = trim(text, pos, title_end)
    body = _skip_marks(text, title_end, end)
    return Heading(start, stop, body, ORDINAL, marker.series, marker.number)


_ZH_UNMARKED_BODY = re.compile(
    r"全力|着力|大力|切实|加快|持续|积极|坚决|扎实|深入|确保|进一步|不断"
)
_EN_UNMARKED_BODY = re.compile(
    r"(?<=[a-z]) (?=(?:The|All|We|It|Our|Each|Every|This|These|Those|They|Its|Their|Efforts|"
    r"Relevant|Departments|Governments|Localities)\b)"
)


def _manner_only(text: str, start: int, end: int, lang: str) -> bool:
    clause = text[start:end].strip()
    if lang == "zh":
        clause = clause.lstrip("要是")
        return bool(vocab.ZH_MANNER.match(clause)) or len(clause) <= 2
    words = clause.lower()
    words = re.sub(r"^(?:we|it) (?:must|should|will|need to|is necessary to) ", "", words)
    return bool(vocab.EN_MANNER.match(words))


def _skip_marks(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in ",;:。.、 ":
        pos += 1
    return pos


_EN_RUN_IN = re.compile(
    r"(?:(?:we|it) (?:must|should|will|shall|need to|have to|is (?:necessary|essential|"
    r"imperative|important) to) |(?:must|should) )?(?:continue to |strive to )?"
    r"do (?:a |an )?(?:good|better|solid|great|excellent|thorough|effective|fine|proper)"
    r"(?: and (?:solid|effective|thorough|good))? jobs? (?:in|of|on)\b",
    re.IGNORECASE,
)
_CLAUSE_MARK = re.compile(r"[,;:.!?。，；：]")


def run_in_heading(norm: Normalized, pos: int, end: int) -> Heading | None:
    """An English run-in heading at ``pos``: a heading phrase that ends at a glue point, a
    full stop or colon, or where an imperative body visibly begins."""
    text = norm.text
    mark = _CLAUSE_MARK.search(text, pos, end)
    limit = mark.start() if mark else end
    glued = norm.glue_between(pos, limit)
    phrase = _EN_RUN_IN.match(text, pos, end)
    if glued is not None:
        words = text[pos:glued].split()
        if 3 <= len(words) <= 16 and (phrase or _imperative_en(words)) and glued < end - 1:
            return Heading(*trim(text, pos, glued), glued + 1, RUN_IN)
        return None
    if not phrase:
        return None
    boundary = _verb_boundary(text, phrase.end(), limit)
    if boundary is not None:
        return Heading(*trim(text, pos, boundary), boundary, RUN_IN)
    if mark and text[mark.start()] in ".:;" and len(text[pos:limit].split()) <= 16:
        return Heading(*trim(text, pos, limit), _skip_marks(text, limit, end), RUN_IN)
    return None


def _imperative_en(words: list[str]) -> bool:
    first = words[0].lower()
    if first in {"we", "it"} and len(words) > 2:
        return words[1].lower() in {"must", "should", "will", "shall", "need", "have", "is"}
    return first in vocab.EN_IMPERATIVE


def _verb_boundary(text: str, start: int, limit: int) -> int | None:
    """Where an unpunctuated body begins inside a heading phrase: an imperative verb that
    follows a content word ("…project investment focusing on…", "…opening up deepen…")."""
    words = list(re.finditer(r"[A-Za-z][\w'\-]*", text[start:limit]))
    for index in range(2, len(words)):
        word = words[index].group().lower()
        before = words[index - 1].group().lower()
        if word in vocab.EN_BODY_START and before not in vocab.EN_FUNCTION_WORDS:
            return start + words[index].start()
    return None


def short_heading(text: str, pos: int, end: int, lang: str) -> Heading | None:
    """A short imperative sentence that opens a paragraph and titles the rest of it
    ("持续扩大有效投资。", "Expand effective investment.")."""
    stop = end
    while stop > pos and text[stop - 1] in "。.:：;；!！ ":
        stop -= 1
    if stop == end and end - pos > 0 and text[end - 1] not in "。.:：":
        return None
    content = text[pos:stop]
    if any(mark in content for mark in ",;，；"):
        return None
    if lang == "zh":
        if not 2 <= len(content) <= 20 or vocab.ZH_NOT_HEADING_START.match(content):
            return None
        if not vocab.ZH_VERB_START.match(content):
            return None
    else:
        # A verb-phrase title ("Expand effective investment.", "Boosting consumption."),
        # not "We will …".
        words = content.split()
        if not 2 <= len(words) <= 10 or not _en_title_verb(words[0]):
            return None
    return Heading(pos, stop, end, SHORT)


def _en_title_verb(word: str) -> bool:
    first = word.lower()
    return first in vocab.EN_IMPERATIVE or (
        word[:1].isupper() and first.endswith("ing") and len(first) > 5)


_EN_COLON_TITLE = re.compile(r"(?P<x>[A-Z][\w'\-]*(?: [\w'\-]+){1,7}):\s+(?=\S)")
_EN_FINITE = re.compile(r"\b(?:must|should|shall|will|is|are|was|were|has|have|need|needs)\b")


def colon_heading(text: str, pos: int, end: int) -> Heading | None:
    """A verb-phrase title before a colon at the start of a sentence ("Safeguarding
    people's livelihood: relevant departments should …")."""
    match = _EN_COLON_TITLE.match(text, pos, end)
    if not match or not _en_title_verb(match.group("x").split()[0]):
        return None
    if _EN_FINITE.search(match.group("x")) or re.search(r"\bfollowing\b", match.group("x")):
        return None  # "We will focus on the following:" is a list intro
    return Heading(match.start("x"), match.end("x"), match.end(), RUN_IN)


_EN_TOPIC = re.compile(
    r"(?:In terms of|Regarding|With regard to|With respect to|As for|As to|Concerning|"
    r"When it comes to|On the (?:issue|question|matter|work) of)\s+(?P<x>[^,;:.]{3,150}?)\s*,\s*",
    re.IGNORECASE,
)
_EN_ON = re.compile(
    r"On\s+(?P<x>[^,;:.]{3,150}?)\s*,\s*(?=(?:the|this) (?:meeting|session|conference)\s+"
    r"(?:also\s+|further\s+)?(?:required|stressed|emphasized|emphasised|demanded|called|urged|"
    r"asked|pointed out|noted|requested|underlined)"
    r"|it (?:was|is) (?:stressed|required|emphasized|pointed out|demanded))"
)
_EN_STUDIED = re.compile(
    r"(?:The|This) (?:meeting|session) (?:also |then |further |later )?"
    r"(?:studied|discussed|reviewed|deliberated on|deliberated(?! and)|examined|considered|"
    r"looked into|analyzed|analysed|studied and deployed|studied and arranged|"
    r"made arrangements for|arranged)(?!\s+and\s+(?:approved|adopted|passed))"
    r"\s+(?P<x>[^;]{3,200}?)\s*[.;]?$"
)
# Agenda items in the passive, as official translations and news reports put them: "In
# the meeting, X was approved, …", "During the meeting, X was discussed and approved in
# principle.", "X was also deliberated and approved at the meeting, which noted that …",
# "Attendees of the meeting were briefed on X." The title is X.
_EN_PASSIVE_DONE = (
    r"(?:was|were)\s+(?:also\s+|further\s+|first\s+)?(?:discussed|deliberated|reviewed|studied|"
    r"approved|adopted|passed|examined|considered|read)"
    r"(?:\s+and\s+(?:approved|adopted|passed|deployed))?(?:\s+in principle)?"
)
_EN_PASSIVE_AGENDA = re.compile(
    r"(?:In|At|During) (?:the|this) (?:meeting|session|conference)\s*,\s*"
    rf"(?P<x>[^,;]{{3,200}}?)\s+{_EN_PASSIVE_DONE}\b"
    rf"|(?P<y>(?-i:A|An|The)\s[^,;]{{3,200}}?)\s+{_EN_PASSIVE_DONE}\s+(?:at|during|by|in)\s+"
    r"(?:the|this)\s+(?:meeting|session|conference)\b"
    r"|(?:(?:The\s+)?(?:attendees|participants)\s+(?:of|at)\s+the\s+meeting|The meeting)\s+"
    r"(?:was|were)\s+(?:also\s+)?briefed\s+on\s+(?P<z>[^;]{3,200}?)\s*[.;]?$",
    re.IGNORECASE,
)
_ZH_GUANYU = re.compile(r"关于(?P<x>[^,。;:]{2,30}?)[,:]\s*")
# "就做好防汛工作，会议强调，……", "针对X，会议要求……" (as "On X, the meeting required …"):
# X is the topic. ("在X方面，要……" stays part of its directive, as the development set has it.)
_ZH_TOPIC = re.compile(
    r"(?:就|针对)(?P<x>[^,。;:]{2,30}?)[,]\s*(?=(?:会议|会上)[^,。;:]{0,6}(?:强调|要求|指出|提出))"
)
_ZH_STUDIED = re.compile(
    # "会议对近期防汛工作进行了安排部署。"
    r"会议(?:还|同时|并)?对(?P<y>[^,。;:]{2,60}?)(?:进行了|作出了|作了|进行|作出)"
    r"(?:安排部署|研究部署|专题研究|专题部署|研究|部署|安排)[。]?$"
    r"|会议(?:还|专题|认真|集中|同时|并)?"
    r"(?:研究部署|研究讨论|分析研究|专题研究|研究|讨论|部署|审议(?!通过|并|同意))了?"
    r"(?P<x>[^,。;:]{2,80})"
)
_MONTHS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\d{4})\b"
)


_OTHER_MATTERS = re.compile(
    r"\s*(?:其他|其它)(?:有关)?事项|\s*(?:other|some other) (?:issues|matters|items)\b",
    re.IGNORECASE,
)


def agenda_heading(text: str, pos: int, end: int, lang: str) -> Heading | None:
    """An agenda or topic marker at ``pos``; the title is the topic X."""
    if lang == "zh":
        match = (_ZH_GUANYU.match(text, pos, end) or _ZH_TOPIC.match(text, pos, end)
                 or _ZH_STUDIED.match(text, pos, end))
    else:
        match = (_EN_TOPIC.match(text, pos, end) or _EN_ON.match(text, pos, end)
                 or _EN_STUDIED.match(text, pos, end) or _EN_PASSIVE_AGENDA.match(text, pos, end))
        if match and match.re is _EN_ON and _MONTHS.search(match.group("x")):
            return None  # "On March 16, the meeting …" is a date, not a topic
    if not match:
        return None
    group = next(g for g in ("x", "y", "z") if g in match.re.groupindex and match.group(g))
    if _OTHER_MATTERS.match(match.group(group)):
        return None  # "会议还研究了其他事项": no topic
    start, stop = trim(text, match.start(group), match.end(group))
    while stop > start and text[stop - 1] in ".。;":
        stop -= 1
    body = _skip_marks(text, match.end(), end)
    return Heading(start, stop, body, AGENDA)


# "The meeting reviewed and approved X." — a decision recorded as done, which asks nothing
# itself but titles what the meeting then asks about X ("It required that …"). In the same
# sentence: "The meeting adopted X and asked all cities to …".
_EN_APPROVED = re.compile(
    r"(?:The|This) (?:meeting|session) (?:also |then |further )?"
    r"(?:(?:reviewed|deliberated|discussed|considered|examined) and (?:approved|adopted|passed)|"
    r"approved|adopted|passed)(?: in principle)?\s+(?P<x>[^;]{3,250}?)"
    r"(?:\s*[.;]?$|,? and (?:also )?(?=(?:required|called on|called for|urged|demanded|asked|"
    r"requested|stressed|emphasized|emphasised|instructed|directed)\b))"
)


def approval_heading(text: str, pos: int, end: int, lang: str) -> Heading | None:
    """An English approval sentence at ``pos``; the title is what was approved."""
    if lang != "en":
        return None
    match = _EN_APPROVED.match(text, pos, end)
    if not match:
        return None
    start, stop = trim(text, match.start("x"), match.end("x"))
    while stop > start and text[stop - 1] in ".;":
        stop -= 1
    return Heading(start, stop, match.end(), AGENDA)


def headline_line(text: str, start: int, end: int, lang: str) -> bool:
    """A standalone headline: one short line with no sentence-final punctuation."""
    if text[end - 1] in "。.!?！？;；:：,，":
        return False
    content = text[start:end]
    if content.startswith(("—", "-", "(", "（")) and not ordinal_at(text, start, end, lang):
        return False  # "——2022年3月5日在……会议上": a byline, not a headline
    if lang == "zh":
        # "省长　韩启明" (a byline with a space) is no headline.
        return 4 <= len(content) <= 40 and " " not in content.strip()
    words = content.split()
    return 2 <= len(words) <= 15 and not _title_case(words)


_ZH_TIME_LIMIT_FIRST = re.compile(
    r"^(?:要|在|于)?(?:(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|上旬|中旬|下旬)?|今年|年底|"
    r"今年年底|上半年|下半年|[一二三四]季度末?)(?:前|以前|之前)|年内|本月内|\d{4}年内)[,，]?"
)


def names_a_task(text: str, start: int, end: int, lang: str) -> bool:
    """Does a headline name work to do ("全力扩大有效投资", "Boosting consumption"), rather
    than a part of the document ("二、2022年经济社会发展总体要求和政策取向")?"""
    marker = ordinal_at(text, start, end, lang)
    pos = marker.end if marker else start
    content = text[pos:end].strip()
    if lang == "zh":
        # "一、9月底前完成校舍安全排查": the work follows the time it is due by
        content = _ZH_TIME_LIMIT_FIRST.sub("", content, count=1)
        return bool(vocab.ZH_VERB_START.match(content))
    first = content.split(maxsplit=1)[0].lower() if content else ""
    return first in vocab.EN_IMPERATIVE or (first.endswith("ing") and len(first) > 4)


def _title_case(words: list[str]) -> bool:
    # "Study on the Implementation of the Opinions in Our Province" is a document title.
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.6
