"""Who a directive tells to act, as written: the subject of "must"/"要", the units named
as responsible ("由省发改委牵头", "（国家发展改革委、财政部按职责分工负责）"), or those the
meeting calls on. Not the meeting itself, not "we".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.extract import vocabulary as vocab
from luoshi.extract.vocabulary import EN_IMPERATIVE, alternation


@dataclass(frozen=True)
class FoundActor:
    start: int
    end: int


_EN_ACTOR_NOUNS = re.compile(
    r"\b(?:departments?|units?|governments?|committees?|commissions?|bureaus?|agencies|agency|"
    r"localities|locality|cities|city|counties|county|provinces?|prefectures?|districts?|"
    r"townships?|towns?|villages?|members|cadres|officials|leaders|leadership|parties|organs|"
    r"enterprises|institutions|authorities|organizations|organisations|offices?|sectors?|"
    r"regions?|comrades|teams?|ministries|ministry|administrations?|banks|compan(?:y|ies)|"
    r"schools|hospitals|forces|staff|personnel|grid|corporations?|groups|centres?|centers?|"
    r"communities|parks|zones|heads|secretaries|mayors|governors|people|levels|businesses|"
    r"firms|employers|operators|platforms|parties concerned|stakeholders|regulators|"
    r"supervisors|inspectors)\b",
    re.IGNORECASE,
)
_EN_NOT_ACTORS = re.compile(
    r"^(?:we|it|this|that|there|they|these|those|the meeting|the conference|the key|the focus|"
    r"the goal|the aim|the task|our|efforts|work)\b",
    re.IGNORECASE,
)
# Where the head of a noun phrase ends: "Departments | at all levels", "Labour cooperation |
# with eastern provinces" (not an actor), "Villages | whose collective income …".
_EN_HEAD_END = re.compile(
    r"\s(?:of|with|for|in|on|at|by|from|that|which|whose|who|above|below|under|reported|"
    # ("departments responsible for …", but "the responsible cities" is one phrase)
    r"involved|concerned|responsible(?= for)|including|to)\b",
    re.IGNORECASE,
)
# Heads that only count ("the majority of party members …", "heads of departments").
_EN_QUANTIFIERS = frozenset(
    [
        "majority", "all", "each", "most", "heads", "head", "leaders", "members", "some", "many",
        "thousands", "hundreds", "part"
    ]
)
_EN_MODAL = (r"(?:must|should|shall|are required to|is required to|need to|needs to|have to|"
             r"has to|will|are expected to|is expected to|are to|is to|ought to|"
             r"(?:is|are) asked to|(?:is|are) requested to|"
             r"(?:is|are) going to|(?:is|are) encouraged to|(?:is|are) urged to|"
             r"(?:is|are) called on to|plans to|aims to|intends to|strives to|vows to)")
# A place or a named body as the subject of a statement of intent: "China will …",
# "Changde is going to …", "Sichuan plans to …" (one to four capitalised words).
_EN_PROPER = re.compile(r"^(?:the\s+)?[A-Z][a-z]+(?:[\s\-][A-Z][a-z]+){0,3}$")
# Endings of abstract nouns ("Consumption", "Investment", "Industry", "Manufacturing"); the
# pinyin endings "-jing"/"-qing" (Beijing, Chongqing) are names.
_EN_ABSTRACT = re.compile(
    r"(?:tion|sion|ment|ity|ness|ance|ence|ism|ure|ics|ship|cy|ry|(?<![jq])ing|al|ic|ive|ed)$")
_EN_NOT_PROPER = re.compile(
    r"\b(?:It|This|That|There|They|These|Those|We|Meeting|Conference|Session|Plan|Program|"
    r"Programme|Project|Campaign|Initiative|Strategy|Measures|Opinions|Policy|Work|Report|"
    r"Notice|Document|Efforts?|Next|Then|Also|However|Meanwhile|First|Second|Third|Fourth|"
    r"Fifth|Sixth|Finally|Moreover|Furthermore|In|On|At|For|By|With|To|From|As|If|When|"
    r"President|General|Secretary|Premier|Comrade|Mr|Ms|Xi|Li)\b"
)
_EN_SUBJECT = re.compile(
    rf"(?:^|(?<=[,;])\s*(?:and\s+|while\s+|but\s+)?|(?<=\bthat)\s+)"
    rf"(?P<a>[A-Za-z][^,;:.]{{2,150}}?)\s+"
    rf"(?:(?:all|also|further|resolutely|earnestly|jointly|each)\s+)?{_EN_MODAL}\b"
)
# After "It required that …": "the Bureau speed up …", "relevant departments formulate …".
_EN_SUBJUNCTIVE = re.compile(
    r"(?:^|(?<=\bthat)\s+)(?P<a>(?:the|all|relevant|each|every|[A-Z])"
    r"(?:(?!\b(?:must|should|shall|will|can|may|to|need|needs|are|is|be)\b)[^,;:.]){2,90}?)\s+"
    rf"(?:{alternation(sorted(EN_IMPERATIVE - {'better', 'further', 'always', 'never'}))})\b"
)
_EN_TO = re.compile(r"^(?P<a>[A-Za-z][^,;:.]{2,90}?)\s+to\s+[a-z]")
_EN_ASKED = re.compile(
    r"\b(?:asked|urged|called on|called upon|required|requested|told|directed|instructed|"
    r"encouraged|ordered|stressed|emphasized|emphasised|pointed out|noted|demanded)"
    r"(?:\s+that)?\s+")
# "The Bureau of X, together with the Y Bureau, should …": the lead, then the co-unit.
_EN_TOGETHER = re.compile(
    r"(?:^|(?<=[;:])\s*|\bthat\s+)(?P<lead>[A-Za-z][^,;:.]{2,120}),\s*"
    r"(?:together|jointly|in conjunction|in cooperation|in coordination)\s+with\s+"
    rf"(?P<co>[^,;:.]{{2,120}}),\s*{_EN_MODAL}\b")
_EN_LED = re.compile(
    r"\b(?:led by|with|under the leadership of)\s+(?P<a>(?:the\s+)?[A-Z][^,;:.]{2,80}?)"
    r"(?:\s+taking the lead|\s+in the lead|(?=[,;.])"
    # "with the Department of Water Resources assisting": the co-unit, not its role
    r"|\s+(?:assisting|helping|cooperating|participating|in support)(?=[,;.]))"
)
_EN_DANGLING = re.compile(r"\b(?:of|for|in|on|at|to|with|and|by|from)$", re.IGNORECASE)
# "It is necessary for all localities and departments to …": those it is necessary for.
_EN_NECESSARY_FOR = re.compile(
    r"\b(?:necessary|important|essential|imperative|vital|urgent|crucial|required|needed)"
    r"\s+for\s+(?P<a>[A-Za-z][^,;:.]{2,90}?)\s+to\s+[a-z]")
_EN_BRACKETED = re.compile(r"\([^()]{0,80}\)")
_EN_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_EN_LIST = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_EN_DETERMINER = re.compile(r"(?:the|all|relevant|various|each|every|local)\b", re.IGNORECASE)

_ZH_ACTOR_END = (
    r"(?:部门|单位|委员会|管委会|委|厅|局|办公室|办|部|院|政府|党委|党组|地区|各地|全省|全市|全县|全区|"
    r"干部|机关|企业|银行|组织|系统|人员|同志|省|市|县|区|州|乡镇|街道|机构|领导|班子|党员|集团|学校|"
    r"医院|公司|中心|协会|商会|法院|检察院|总署|总局|署|站|队|各级|方面|群众|负责人|市州|园区|室|"
    r"上下|分行|支行|各村|社区|村委会|居委会|"
    # the heads of a chief system and of units ("各级林长", "河湖长", "链长"), not 增长 or 成长
    r"(?:林|河|湖|路|田|山|链|街|巷|网格|镇|乡|村|局|厅|处|科|所|院|校|组|站|县|市|区)长)"
)
_ZH_PAREN = r"(?:\([\u4e00-\u9fff、]{1,8}\))"
# Verbs only an agent opens a task with; not those that sit inside unit names (发展, 建设,
# 改革, 服务, 保障, 管理) nor those a topic takes ("全市经济稳定恢复").
# Where a task begins after a unit's name: verbs of at least two characters, but not those
# that also sit inside names ("市发展和改革委员会", "省教育厅", "市场监督管理局").
_ZH_TASK_VERB = "|".join(
    re.escape(word) for word in sorted(
        (w for w in vocab.ZH_VERB_WORDS if len(w) >= 2 and w not in {
            "发展", "建设", "改革", "服务", "保障", "保护", "教育", "监督", "宣传", "创新",
            "治理", "科学", "规范", "安排", "检查", "考核", "执行", "组织", "稳定", "精准",
            "高效", "协同", "融合", "转型", "升级", "研究", "部署", "引领", "带动", "关爱"}),
        key=len, reverse=True))
_ZH_AGENT_VERB = (r"(?:加快|加强|推进|推动|做好|抓好|抓紧|落实|开展|组织|督促|指导|协调|统筹|"
                  r"研究制定|制定|出台|牵头|配合|协助|联合|共同|带头|履行|加大|切实|认真|积极|全力|"
                  r"进一步|严格|及时|尽快|依法)")
_ZH_SUBJECT = re.compile(
    r"(?:^|(?<=[,;:。]))(?P<a>(?:[\u4e00-\u9fff、和及与]|" + _ZH_PAREN + r"){0,30}?"
    + _ZH_ACTOR_END + _ZH_PAREN + r"?)"
    r"(?:都|也|还|更|均|则|等部门|等单位|等)?"
    # (应 is "should", not the 应 of 应急管理局 or 应用)
    r"(?:要(?!求)|务必|必须|需要|须|应当|应(?![急用届])|负责|牵头|分别|会同|按职责|按照)"
)
# A unit opening a clause with the verb of its task: "市住建局加快推进老旧小区改造".
_ZH_AGENT = re.compile(
    r"(?:^|(?<=[,;:。]))(?P<a>(?:[\u4e00-\u9fff、和及与]|" + _ZH_PAREN + r"){0,30}?"
    + _ZH_ACTOR_END + _ZH_PAREN + r"?)(?:都|也|还|均|等部门|等单位|等)?" + _ZH_AGENT_VERB
)
_ZH_INNER_VERB = re.compile(r"要(?!求)|会同|牵头|负责|配合|按照|务必|必须")
# What a subject never opens with: a verb ("支持商贸企业开展…"), a conjunction or a
# preposition ("并组织开展…", "通过金融机构…").
_ZH_NOT_SUBJECT_START = re.compile(
    r"(?:" + vocab.ZH_VERB_START.pattern
    + r"|并|同时|从而|进而|以|对|在|把|将|为|通过|围绕|和|与|及|让|使|向|给|帮助|依托|按照)"
)
_ZH_LEAD = re.compile(
    r"由(?P<a>[\u4e00-\u9fff、和及与()]{2,40}?)(?:牵头|负责|会同|组织|统筹)"
    r"|会同(?P<c>[\u4e00-\u9fff、和及与()]{0,30}?" + _ZH_ACTOR_END + r")"
    # (ends where the task begins: "会同市自然资源局加快……", not at "市")
    r"(?=[,;:。、等\d]|$|于|在|今年|明年|年底|年内|本月|" + _ZH_AGENT_VERB + r"|"
    + _ZH_TASK_VERB + r")"
)
# "安全生产是各级党委政府的重大政治责任", "办好建议提案是政府系统……的法定职责": those
# whose duty the sentence says the work is.
_ZH_DUTY = re.compile(
    r"是(?P<a>[\u4e00-\u9fff、和及与()]{1,20}?" + _ZH_ACTOR_END + r")"
    r"(?=的|自觉|依法|应尽|义不容辞|不可推卸)[^,;。]{0,24}?的[^,;。]{0,8}?(?:职责|责任|义务|使命)"
)
_ZH_NOTE_LABEL = re.compile(r"(?:牵头|责任|配合|协办|主办)(?:单位|部门)[:：]")
# "由市发改委牵头，市财政局配合": the co-units named right after the lead.
_ZH_CO = re.compile(
    r"(?:(?<=牵头,)|(?<=负责,))(?P<d>[\u4e00-\u9fff、和及与()]{0,30}?" + _ZH_ACTOR_END
    + r")(?:等)?(?:配合|协助|参与)"
)
_ZH_SPLIT_COMMA = re.compile(r"[、,]")
_ZH_SPLIT_AND = re.compile(r"(?:和|及|与)(?=[\u4e00-\u9fff]{1,12}?" + _ZH_ACTOR_END + ")")
_ZH_NOT_ACTORS = re.compile(r"^(?:我们|我|你们|会议|这|此|其|各方面|各项|一些|要|力争|确保)|的")
_ZH_ACTOR_END_RE = re.compile(_ZH_ACTOR_END + _ZH_PAREN + "?$")


def find_actors(text: str, start: int, end: int, lang: str) -> list[FoundActor]:
    """Actors named in ``text[start:end]``, in text order, without repeats."""
    spans = _zh(text, start, end) if lang == "zh" else _en(text, start, end)
    seen: set[str] = set()
    out: list[FoundActor] = []
    for span in sorted(spans, key=lambda s: s.start):
        key = text[span.start:span.end]
        if key not in seen and span.end > span.start:
            seen.add(key)
            out.append(span)
    return out


def _en_reported(text: str, a_start: int, a_end: int) -> int:
    """Where the actor starts in "The meeting urged that all localities …" and "The meeting
    asked relevant departments to …": after the report, with those asked."""
    asked = list(_EN_ASKED.finditer(text, a_start, a_end))
    return asked[-1].end() if asked else a_start


def _en(text: str, start: int, end: int) -> list[FoundActor]:
    found: list[FoundActor] = []
    # "All counties (cities, districts) must …": a list in brackets belongs to the name
    # before it, so its commas end no subject (masked in a copy of the same length).
    segment = _EN_BRACKETED.sub(lambda m: m.group().replace(",", "\u00b7").replace(";", "\u00b7"),
                                text[start:end])
    # nor does the comma of a number ("Villages whose income is below 100,000 yuan should …")
    segment = _EN_THOUSANDS.sub("\u00b7", segment)
    for match in _EN_SUBJECT.finditer(segment):
        a_start, a_end = start + match.start("a"), start + match.end("a")
        found.extend(_en_split(text, _en_reported(text, a_start, a_end), a_end, proper=True))
    for match in _EN_TOGETHER.finditer(segment):
        for group in ("lead", "co"):
            found.extend(_en_split(text, start + match.start(group), start + match.end(group)))
    for match in _EN_SUBJUNCTIVE.finditer(segment):
        a_start, a_end = start + match.start("a"), start + match.end("a")
        if _EN_DANGLING.search(text, a_start, a_end):
            continue  # "The departments of | finance …": a verb-like noun after "of"
        found.extend(_en_split(text, _en_reported(text, a_start, a_end), a_end))
    for match in _EN_NECESSARY_FOR.finditer(segment):
        found.extend(_en_split(text, start + match.start("a"), start + match.end("a")))
    called = _EN_TO.match(segment)
    if called and not found:
        a_start, a_end = start + called.start("a"), start + called.end("a")
        found.extend(_en_split(text, _en_reported(text, a_start, a_end), a_end))
    for match in _EN_LED.finditer(segment):
        found.extend(_en_split(text, start + match.start("a"), start + match.end("a")))
    return found


def _en_is_actor(phrase: str, proper: bool = False) -> bool:
    if _EN_NOT_ACTORS.match(phrase):
        return False
    if proper and _en_proper(phrase):
        return True
    rest = phrase
    while True:
        cut = _EN_HEAD_END.search(rest)
        head = rest[: cut.start()] if cut else rest
        if _EN_ACTOR_NOUNS.search(head):
            return True
        words = head.lower().split()
        if cut is None or not words or words[-1] not in _EN_QUANTIFIERS:
            return False
        rest = rest[cut.end():]


def _en_proper(phrase: str) -> bool:
    """A place or body by its name ("China", "Changde", "Hubei Province"); a capitalised
    abstract noun at a sentence's start ("Consumption will …") is not one."""
    if not _EN_PROPER.match(phrase) or _EN_NOT_PROPER.search(phrase):
        return False
    words = phrase.split()
    last = words[-1].lower()
    if len(words) == 1 and re.search(r"[^su]s$", last):
        return False  # "Sales are to reach …", "Exports will …": a plural noun, no name
    return not _EN_ABSTRACT.search(last)


def _en_split(text: str, a_start: int, a_end: int, proper: bool = False) -> list[FoundActor]:
    """An actor phrase, split where it lists several ("the Commission and the Bureau")."""
    phrase = text[a_start:a_end]
    if not _en_is_actor(phrase, proper):
        return []
    out: list[FoundActor] = []
    cursor = 0
    for match in _EN_LIST.finditer(phrase):
        left = phrase[cursor:match.start()]
        right = phrase[match.end():]
        # Split only between two actors, the second with its own determiner or name:
        # "Development and Reform Commission" and "all districts and counties" stay whole.
        last = left.split()[-1] if left.split() else ""
        determined = bool(_EN_DETERMINER.match(right)) and _en_is_actor(left)
        named = bool(_EN_ACTOR_NOUNS.search(last)) and right[:1].isupper()
        if (determined or named) and _en_is_actor(right):
            out.append(FoundActor(a_start + cursor, a_start + match.start()))
            cursor = match.end()
    out.append(FoundActor(a_start + cursor, a_end))
    return out


def _zh(text: str, start: int, end: int) -> list[FoundActor]:
    found: list[FoundActor] = []
    # Search the directive alone, so that "^" is its start.
    segment = text[start:end]
    for match in _ZH_SUBJECT.finditer(segment):
        if _in_note(segment, match.start("a")):
            continue
        a_start, a_end = start + match.start("a"), start + match.end("a")
        if text.startswith(("由", "请"), a_start):
            a_start += 1  # "由市发改委牵头", "请市交通局牵头": the unit, not the preposition
        if text.startswith("我们", a_start) and a_end - a_start > 4:
            a_start += 2  # "我们各级干部要……": who, not "we"
        a_start = _after_time(text, a_start, a_end)
        # (on the slice: "^" does not match at a search's start position)
        if _ZH_NOT_ACTORS.search(text[a_start:a_end]) or text[a_start:a_end] == "上下":
            continue
        found.extend(_zh_list(text, a_start, a_end))
    for match in _ZH_LEAD.finditer(segment):
        group = next(g for g in ("a", "c") if match.group(g))
        if _in_note(segment, match.start(group)):
            continue
        found.extend(_zh_list(text, start + match.start(group), start + match.end(group)))
    for match in _ZH_AGENT.finditer(segment):
        a_start, a_end = start + match.start("a"), start + match.end("a")
        if text.startswith(("由", "请"), a_start):
            a_start += 1
        a_start = _after_time(text, a_start, a_end)
        if (_in_note(segment, match.start("a")) or _ZH_NOT_SUBJECT_START.match(text, a_start)
                or _ZH_NOT_ACTORS.search(text[a_start:a_end])
                or _ZH_INNER_VERB.search(text, a_start, a_end)):
            continue  # a verb, a conjunction, or a subject the modal pattern has read
        found.extend(_zh_list(text, a_start, a_end))
    for match in _ZH_DUTY.finditer(segment):
        if not _in_note(segment, match.start("a")):
            found.extend(_zh_list(text, start + match.start("a"), start + match.end("a")))
    for match in _ZH_CO.finditer(segment):
        if not _in_note(segment, match.start("d")):
            found.extend(_zh_list(text, start + match.start("d"), start + match.end("d")))
    return found


# A time opening the clause before its subject: "汛期各级河长要……", "节日期间各景区要……".
_ZH_TIME_OPENER = re.compile(
    r"(?:[\u4e00-\u9fff、]{0,8}?期间|汛期|当前|目前|今年|明年|下一步|同时|此外|近期|今后)")


def _after_time(text: str, a_start: int, a_end: int) -> int:
    """Where the subject starts after a time that opens its clause."""
    opener = _ZH_TIME_OPENER.match(text, a_start, a_end)
    if opener is None or a_end - opener.end() < 2:
        return a_start
    return opener.end()


def _in_note(segment: str, at: int) -> bool:
    """Inside brackets, where a plan puts an item's assignment note ("（X牵头，Y配合，年底前
    完成）"), or on a line that assigns ("牵头单位：X"). A note names who answers for the task
    (the unit suggester reads it as lead and co-units), not whom the sentence tells to act."""
    before = segment[:at]
    if before.count("(") > before.count(")"):
        return True
    line = before[before.rfind("\n") + 1:]
    return bool(_ZH_NOTE_LABEL.search(line))


def _zh_list(text: str, a_start: int, a_end: int) -> list[FoundActor]:
    """Split "市委督查室、市政府督查室" into two actors, but only when every part names an
    actor; "应急、水利、气象等部门" stays one, and so do "省工业和信息化厅" and
    "各县（市、区）政府" inside a list."""
    pieces: list[tuple[int, int]] = []
    cursor = a_start
    for match in _ZH_SPLIT_COMMA.finditer(text, a_start, a_end):
        inside = text[a_start:match.start()]
        if inside.count("(") > inside.count(")"):
            continue  # "各县(市、区)政府": a list inside a bracket is part of one name
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, a_end))
    parts: list[FoundActor] = []
    for p_start, p_end in pieces:
        parts.extend(_zh_and(text, p_start, p_end))
    parts = [p for p in parts if p.end - p.start >= 2]
    if len(parts) > 1 and all(_ZH_ACTOR_END_RE.search(text[p.start:p.end]) for p in parts):
        return parts
    return [FoundActor(a_start, a_end)]


def _zh_and(text: str, p_start: int, p_end: int) -> list[FoundActor]:
    """Split at 和/及/与 only where both sides name an actor: "市财政局和市税务局" is two
    actors, "省工业和信息化厅" one."""
    for match in _ZH_SPLIT_AND.finditer(text, p_start, p_end):
        left, right = text[p_start:match.start()], text[match.end():p_end]
        if _ZH_ACTOR_END_RE.search(left) and _ZH_ACTOR_END_RE.search(right):
            return [FoundActor(p_start, match.start()), *_zh_and(text, match.end(), p_end)]
    return [FoundActor(p_start, p_end)]
