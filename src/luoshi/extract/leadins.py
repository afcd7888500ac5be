"""Lead-ins: the words that report who said a thing ("The meeting pointed out that",
"会议强调，"). They are kept out of directive spans, and what they say about the speech act
(stressing, requiring, merely noting) weighs in deciding whether a sentence asks for action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How strongly the reporting verb implies that what follows asks for something.
REQUIRE = "require"  # 要求, 部署, called on: almost always a directive follows
STRESS = "stress"  # 强调, stressed: usually a directive
NOTE = "note"  # 指出, 认为, pointed out: often an assessment

_EN_VERBS = {
    # not "arranged"/"deployed": "The meeting also arranged X." records a topic
    REQUIRE: r"required|requires|demanded|demands|requested|requests|called on|calls on|"
    r"called for|calls for|urged|urges|asked|asks|directed|instructed|"
    # "The meeting decided to extend …" (not "decided on the appointment of …")
    r"decided(?= to | that)",
    STRESS: r"stressed|stresses|emphasized|emphasizes|emphasised|emphasises|underlined|"
    r"underscored|reiterated|made it clear|highlighted|insisted",
    # not "held": "the committee held a meeting" is no report
    NOTE: r"pointed out|points out|noted|notes|said|held that|holds that|believed|believes|"
    r"agreed|observed|stated|recognized|considered|maintained|concluded|proposed|added",
}
_EN_SPEAKER = (
    r"(?:the|this) (?:meeting|session|conference|plenary session|symposium)"
    r"|(?:he|she|they|it|which)"
    # a title without a name, or the text that reports the meeting
    r"|(?:the|a) (?:premier|vice premier|president|governor|vice governor|mayor|"
    r"vice mayor|secretary|party secretary|minister|chairman|chairwoman|chair|director|"
    r"leader|official|statement|communique|circular|notice|readout)"
    r"(?: (?:released|issued|published) (?:after|following|at) the meeting)?"
    # a title and name, capitalised ("Provincial Party Secretary Wang Xiaohui")
    r"|(?-i:[A-Z][\w'.\-]*(?: [A-Z][\w'.\-]*){0,7})"
)
_EN_ADVERB = r"(?:(?:also|further|once again|again|clearly|particularly|specifically) )?"
_EN_LEADIN = re.compile(
    rf"(?:(?P<speaker>{_EN_SPEAKER})(?:,? (?:in|during|when|while|at) [^,]{{1,60}},)? "
    rf"{_EN_ADVERB}(?P<verb>"
    + "|".join(f"(?P<{k}>{v})" for k, v in _EN_VERBS.items())
    + r")(?P<that> that)?[,:]?"
    r"|(?:(?:on|at|during|in) [^,]{1,60}, )?"
    r"(?:it|(?:the )?(?:participants|attendees)(?: (?:of|at) the meeting)?|those present)"
    r" (?:was|is|were|are) (?:also |further )?(?P<passive>stressed|emphasized|emphasised|"
    r"required|pointed out|noted|demanded|proposed|underlined|made clear|reported|announced|"
    r"agreed|decided|told|informed)"
    r"(?: (?:at|in|from|during) the (?:meeting|conference|session)[^,]{0,80}?)?"
    r" that[,:]?)"
    r"(?:\s+|(?=[A-Z“\"]))",
    re.IGNORECASE,
)
_EN_PASSIVE_KIND = {"required": REQUIRE, "demanded": REQUIRE, "stressed": STRESS,
                    "emphasized": STRESS, "emphasised": STRESS, "underlined": STRESS,
                    "made clear": STRESS}

_ZH_VERBS = {
    # 决定/确定: "会议决定，延续实施……", "会议确定，一是……": a decision on what to do
    REQUIRE: r"要求|部署|号召|提出要求|明确要求|强调要求|作出部署|安排|决定|确定",
    STRESS: r"强调|强调指出|特别强调|进一步强调|再次强调|明确|提出",
    NOTE: r"指出|认为|表示|提到|说|判断|分析",
}
_ZH_VERB_ALTERNATION = "|".join(
    f"(?P<{k}>{v})" for k, v in sorted(_ZH_VERBS.items(), key=lambda kv: -len(kv[1]))
)
_ZH_LEADIN = re.compile(
    r"(?:(?P<meeting>会议|会上|全会|常委会|常务会议|会议最后)|讲话|他|她|我们"
    r"|(?P<person>[\u4e00-\u9fff·]{2,18}?))?"
    r"(?:在[^，,。]{1,20}?中)?"
    r"(?:还|并|同时|也|进一步|再次|最后|特别|专门)?"
    rf"(?P<verb>{_ZH_VERB_ALTERNATION})"
    r"[，,：:]\s*"
)

_ZH_TITLE_WORDS = r"同志|书记|省长|市长|县长|区长|主任|部长|主席|总理|负责人|领导"
# A speaker is a title, or a title and a name ("省委书记王晓晖"), or a name and 同志; not a
# clause that mentions one ("要按照以习近平同志为核心的党中央部署要求，").
_ZH_TITLES = re.compile(rf"^[^要的以把在按为]*(?:{_ZH_TITLE_WORDS})[\u4e00-\u9fff]{{0,3}}$")
# A bare name before 强调/指出/要求 ("罗晓峰强调，") is a speaker: a common surname and one or
# two more characters. Subjects ("各地要求，") do not start with a surname.
_ZH_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡"
    "鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖"
    "练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母"
    "裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀"
    "衣信展阴昝智幸奉植衡富尧闭由"
)


# A decision recorded as done, then what the meeting asks to be done with it: the request
# after it is a directive ("会议审议通过了《X》，要求各地…", "The meeting approved X and
# required that …").
_ZH_DECISION_THEN = re.compile(
    r"(?:会议)?(?:审议|研究)?(?:并)?(?:原则)?(?:通过|同意)(?:了)?[^,。;]{0,80}[,]\s*(?:会议)?"
    r"(?P<verb>要求|强调|指出|提出|决定)[,:]?\s*"
)
_EN_DECISION_THEN = re.compile(
    r"(?:the|this) meeting (?:also )?(?:approved|adopted|passed|deliberated and adopted|"
    r"reviewed and approved)(?: in principle)?\b[^.;]{0,200}?,? and (?:also )?"
    r"(?P<verb>required|called on|urged|demanded|asked|stressed|emphasized)(?: that)?[,:]?\s+",
    re.IGNORECASE,
)


def decision_then_request(text: str, start: int, end: int, lang: str) -> LeadIn | None:
    """The lead-in of a request that follows a recorded decision in the same sentence."""
    pattern = _ZH_DECISION_THEN if lang == "zh" else _EN_DECISION_THEN
    match = pattern.match(text, start, end)
    if not match or match.end() >= end:
        return None
    verb = match.group("verb").lower()
    kind = STRESS if verb in {"强调", "stressed", "emphasized"} else (
        NOTE if verb in {"指出", "提出"} else REQUIRE)
    return LeadIn(match.end(), kind, True)


def _is_name(text: str) -> bool:
    return 2 <= len(text) <= 3 and text[0] in _ZH_SURNAMES


@dataclass(frozen=True)
class LeadIn:
    end: int  # where the reported content starts
    kind: str  # REQUIRE / STRESS / NOTE
    meeting: bool = False  # the meeting itself speaks (not an official, not a bare verb)


# "会议要求对文稿作修改完善后，提交……": the meeting requires, with no comma after the verb.
_ZH_MEETING_REQUIRES = re.compile(
    r"(?:会议|会上|全会|常委会|常务会议)(?:还|并|同时|也|进一步|最后)?(?:要求|责成)(?![的是,:])"
)


def lead_in(text: str, start: int, end: int, lang: str) -> LeadIn | None:
    """The lead-in at ``start``, if the sentence opens with one."""
    if lang == "zh":
        match = _ZH_LEADIN.match(text, start, end)
        if not match:
            bare = _ZH_MEETING_REQUIRES.match(text, start, end)
            return LeadIn(bare.end(), REQUIRE, True) if bare and bare.end() < end else None
        # A bare verb at sentence start is a lead-in ("强调，要……" after an agenda sentence);
        # before it may stand the meeting or a named official, but not any subject.
        person = match.group("person")
        if person and not (_ZH_TITLES.search(person) or _is_name(person)):
            return None  # "各地要求，": a subject, not a speaker
        kind = next(k for k in (REQUIRE, STRESS, NOTE) if match.group(k))
        return LeadIn(match.end(), kind, bool(match.group("meeting")))
    match = _EN_LEADIN.match(text, start, end)
    if not match:
        return None
    if match.group("passive"):
        kind = _EN_PASSIVE_KIND.get(match.group("passive").lower(), NOTE)
        return LeadIn(match.end(), kind, True)
    kind = next(k for k in (REQUIRE, STRESS, NOTE) if match.group(k))
    speaker = match.group("speaker").lower()
    reported = match.group("that") or match.group(0).rstrip().endswith((",", ":"))
    meeting = bool(_MEETING.match(speaker))
    if not reported and not meeting and not _TITLE_SPEAKER.match(speaker) and not (
        _NAMED_OFFICIAL.search(match.group("speaker"))
    ):
        # "Departments at all levels required …" is an actor doing something, not a report.
        return None
    if kind == STRESS and not reported:
        # "The premier stressed proper use of the fund": stressing a thing asks for it, as
        # "called for" does; "stressed that …" reports a clause that must ask by itself.
        kind = REQUIRE
    # "The meeting called on X to …": X is the actor and stays in the directive.
    return LeadIn(match.end(), kind, meeting)


# "Governor Li", "Provincial Party Secretary Lan Foan", "Mayor Wang Yuanhe": a title and a
# name speak; "Departments at all levels" act.
_NAMED_OFFICIAL = re.compile(
    r"\b(?:Governor|Mayor|Premier|Secretary|President|Minister|Chairman|Chairwoman|Director|"
    r"Commissioner|Head|Chief)(?: [A-Z][a-z]+){1,3}$"
)
_TITLE_SPEAKER = re.compile(
    r"(?:the|a) (?:premier|vice premier|president|governor|vice governor|mayor|vice mayor|"
    r"secretary|party secretary|minister|chairman|chairwoman|chair|director|leader|official|"
    r"statement|communique|circular|notice|readout)\b"
)
# "It stressed that …" after "The meeting studied X." is the meeting speaking again.
_MEETING = re.compile(r"(?:the|this) (?:meeting|session|conference|plenary|symposium)|it$|which$")
