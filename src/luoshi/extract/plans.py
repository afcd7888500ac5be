"""Task-division plans (重点工作分工方案): clauses and the units named after them.

A division plan turns a work report into assignments. Each measure is followed by a
parenthetical that names who answers for it and by when, for example

    ……扩大普惠金融覆盖面。（人民银行、银保监会等按职责分工负责，年内持续推进）
    ……化解风险隐患。（人民银行牵头，司法部、财政部等按职责分工负责，9月底前完成）
    ……（牵头单位：省发展改革委；配合单位：省财政厅；完成时限：2023年6月底前）

`parse_plan` finds those clauses with their offsets, `resolve_unit_names` maps the names
as written to unit codes, and `plan_examples` turns the result into LearnedExamples, which
is what `luoshi units learn` feeds to the suggester.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from luoshi.extract.units import LearnedExample, UnitProfile

__all__ = [
    "GENERIC_UNIT_NAMES",
    "PlanItem",
    "Resolution",
    "parse_plan",
    "plan_examples",
    "resolve_unit_names",
    "split_unit_names",
]


@dataclass(frozen=True)
class PlanItem:
    """One clause of a plan and the assignment that follows it.

    `text == plan[start:end]`; unit names are exactly as written in the plan.
    """

    text: str
    start: int
    end: int
    lead_units: list[str]
    co_units: list[str]
    deadline_text: str | None
    # Collective references ("有关部门", "国务院各部门") name no particular unit; they are
    # kept apart so that name resolution does not report them as unmatched rows.
    generic_units: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Resolution:
    """Written names mapped to unit codes; names with no unique match are listed apart."""

    resolved: dict[str, str]
    unresolved: list[str]


# Parentheticals in both widths; the plan texts use full-width ones, drafts often do not.
_PAREN = re.compile(r"[（(]([^（()）]*)[）)]")
# An assignment parenthetical always says who leads, cooperates or is responsible; other
# parentheticals ("（一）", "（以下简称……）") stay part of the clause text.
_ASSIGNMENT_WORDS = re.compile(r"牵头|负责|配合|参与|协办|主办|责任单位")
# Numbering that opens a paragraph and belongs to no clause: "10．", "（三）", "一、", "3.".
_NUMBERING = re.compile(
    r"^[\s\u3000]*(?:\d+[．.、]|[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+、)"
)
_SEGMENT_SPLIT = re.compile(r"[，,；;]")
# "牵头单位：X" / "配合单位：X" / "责任单位：X" / "完成时限：…"
_LABELLED = re.compile(
    r"^(牵头单位|主办单位|责任单位|配合单位|协办单位|参与单位|完成时限|时限要求|时限)[：:](.*)$"
)
_LEAD_SUFFIX = re.compile(r"^(.+?)(?:牵头负责|牵头落实|牵头)$")
_RESPONSIBLE_SUFFIX = re.compile(
    r"^(.+?)(?:等?按职责分工负责|等?按职责负责|等?分别负责|等?负责落实|等?负责)$"
)
_CO_SUFFIX = re.compile(r"^(.+?)(?:等?配合|等?参与|等?协办)$")
# Name separators. "和" is not among them because it sits inside real names
# (工业和信息化部, 文化和旅游部); it is split only between two complete unit names.
_NAME_SPLIT = re.compile(r"[、/／]|以及|及|与")
_UNIT_SUFFIX = re.compile(
    r"(部|委|局|署|行|会|办|院|厅|室|政府|单位|部门|公司|联|社|中心|总局|集团|组|处|科|所)$"
)

GENERIC_UNIT_NAMES: frozenset[str] = frozenset(
    {
        "有关部门",
        "相关部门",
        "各有关部门",
        "各相关部门",
        "有关单位",
        "相关单位",
        "各有关单位",
        "国务院各部门",
        "各部门",
        "各地区",
        "各地",
        "各地区各部门",
        "各级政府",
        "各市（州）",
        "各市(州)",
        "各市州",
        "各县（市、区）",
        "省直各部门",
        "省级各部门",
    }
)


def parse_plan(text: str) -> list[PlanItem]:
    """Split a division plan into clauses, each with its lead and co-units and deadline.

    A clause runs from the start of its paragraph (after any numbering) or from the end of
    the previous assignment in the same paragraph, up to its assignment parenthetical.
    """
    items: list[PlanItem] = []
    # Where the next clause may begin: reset at every line break.
    for line_start, line in _lines(text):
        clause_from = line_start + _numbering_length(line)
        for match in _PAREN.finditer(line):
            body = match.group(1)
            if not _ASSIGNMENT_WORDS.search(body):
                continue
            start, end = _trim(text, clause_from, line_start + match.start())
            clause_from = line_start + match.end()
            if start >= end:
                continue
            lead, co, generic, deadline = _parse_assignment(body)
            items.append(
                PlanItem(
                    text=text[start:end],
                    start=start,
                    end=end,
                    lead_units=lead,
                    co_units=co,
                    deadline_text=deadline,
                    generic_units=generic,
                )
            )
    return items


def split_unit_names(written: str) -> list[str]:
    """Split "国家发展改革委、财政部等" into names, keeping "工业和信息化部" whole."""
    names: list[str] = []
    for piece in _NAME_SPLIT.split(written):
        for name in _split_on_he(piece.strip()):
            name = name.strip().removesuffix("等").strip()
            if name:
                names.append(name)
    return names


def resolve_unit_names(names: Iterable[str], units: Sequence[UnitProfile]) -> Resolution:
    """Map names as written to unit codes.

    Tried in order, the first unique answer wins: exact name or alias; the same after
    dropping a country or province prefix; containment either way (the longest matching
    name wins, "国家外汇局" ⊃ "外汇局"); the written name's characters in order inside one
    unit's full name ("人力资源社会保障部" in "人力资源和社会保障部"). Generic references
    ("有关部门") are neither resolved nor reported.
    """
    index = _NameIndex(units)
    resolved: dict[str, str] = {}
    unresolved: list[str] = []
    for name in names:
        if name in resolved or name in unresolved or name in GENERIC_UNIT_NAMES:
            continue
        code = index.resolve(name)
        if code is None:
            unresolved.append(name)
        else:
            resolved[name] = code
    return Resolution(resolved=resolved, unresolved=unresolved)


def plan_examples(
    items: Iterable[PlanItem], resolution: Resolution, *, include_co: bool = True
) -> list[LearnedExample]:
    """LearnedExamples from parsed clauses: one per (clause, resolved unit, role)."""
    examples: list[LearnedExample] = []
    for item in items:
        seen: set[str] = set()
        roles = [("lead", item.lead_units)]
        if include_co:
            roles.append(("co", item.co_units))
        for role, names in roles:
            for name in names:
                code = resolution.resolved.get(name)
                if code is None or code in seen:
                    continue
                seen.add(code)
                examples.append(LearnedExample(text=item.text, unit_code=code, role=role))
    return examples


# --- parsing helpers -------------------------------------------------------------------


def _lines(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def _numbering_length(line: str) -> int:
    match = _NUMBERING.match(line)
    return match.end() if match else 0


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    # Full-width spaces indent Chinese paragraphs; they are layout, not clause text.
    while start < end and (text[start].isspace() or text[start] in "\u3000"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u3000"):
        end -= 1
    return start, end


def _parse_assignment(body: str) -> tuple[list[str], list[str], list[str], str | None]:
    """Read one assignment parenthetical into (lead, co, generic, deadline text)."""
    leads: list[str] = []
    responsible: list[str] = []  # "按职责分工负责": co-units if someone leads, else leads
    cos: list[str] = []
    deadline_parts: list[str] = []
    for raw in _SEGMENT_SPLIT.split(body):
        segment = raw.strip()
        if not segment:
            continue
        labelled = _LABELLED.match(segment)
        if labelled:
            label, value = labelled.group(1), labelled.group(2).strip()
            if label in ("牵头单位", "主办单位"):
                leads += split_unit_names(value)
            elif label == "责任单位":
                responsible += split_unit_names(value)
            elif label in ("配合单位", "协办单位", "参与单位"):
                cos += split_unit_names(value)
            elif value:
                deadline_parts.append(value)
            continue
        lead_match = _LEAD_SUFFIX.match(segment)
        if lead_match:
            # "A牵头，B配合" and "A、B牵头" both occur; a "牵头" after only generic names
            # ("有关部门牵头") still yields no concrete lead.
            leads += split_unit_names(lead_match.group(1))
            continue
        co_match = _CO_SUFFIX.match(segment)
        if co_match:
            cos += split_unit_names(co_match.group(1))
            continue
        responsible_match = _RESPONSIBLE_SUFFIX.match(segment)
        if responsible_match:
            responsible += split_unit_names(responsible_match.group(1))
            continue
        if _is_name_list(segment):
            responsible += split_unit_names(segment)
            continue
        deadline_parts.append(segment)

    concrete_leads = [n for n in leads if n not in GENERIC_UNIT_NAMES]
    if concrete_leads:
        cos = responsible + cos
    else:
        leads = leads + responsible
    generic = _unique(n for n in leads + cos if n in GENERIC_UNIT_NAMES)
    lead_names = _unique(n for n in leads if n not in GENERIC_UNIT_NAMES)
    co_names = [n for n in _unique(cos) if n not in GENERIC_UNIT_NAMES and n not in lead_names]
    deadline = "，".join(deadline_parts) or None
    return lead_names, co_names, generic, deadline


def _is_name_list(segment: str) -> bool:
    """True for a bare list of unit names with no verb after it ("省发展改革委、省财政厅")."""
    names = split_unit_names(segment)
    return bool(names) and all(_UNIT_SUFFIX.search(n) and len(n) <= 20 for n in names)


def _split_on_he(piece: str) -> list[str]:
    """Split on "和" only where both sides are complete unit names."""
    parts = piece.split("和")
    if len(parts) == 1:
        return parts
    out: list[str] = [parts[0]]
    for part in parts[1:]:
        if _UNIT_SUFFIX.search(out[-1]) and _UNIT_SUFFIX.search(part):
            out.append(part)
        else:
            out[-1] = out[-1] + "和" + part
    return out


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


# --- resolution ------------------------------------------------------------------------

# Prefixes a written name may carry or drop ("四川省发展和改革委员会" vs "省发展和改革委员会"):
# the country, any province or autonomous region by name, or a bare level word.
_PREFIX = re.compile(
    r"^(?:中华人民共和国|中国|国家|[\u4e00-\u9fff]{2,6}?(?:省|自治区)|省|市|县)"
)


def _normalise(name: str) -> str:
    return re.sub(r"[\s\u3000]+", "", name).replace("(", "（").replace(")", "）").lower()


def _strip_prefix(name: str) -> str:
    match = _PREFIX.match(name)
    if match and len(name) - match.end() >= 2:
        return name[match.end() :]
    return name


class _NameIndex:
    def __init__(self, units: Sequence[UnitProfile]) -> None:
        self._exact: dict[str, set[str]] = {}
        self._stripped: dict[str, set[str]] = {}
        self._forms: list[tuple[str, str]] = []  # (form, code) for containment tests
        self._full: list[tuple[str, str]] = []  # (full Chinese name, code)
        for unit in units:
            forms = {unit.name_zh, unit.name_en, *unit.aliases}
            for form in forms:
                key = _normalise(form)
                if not key:
                    continue
                self._exact.setdefault(key, set()).add(unit.code)
                self._stripped.setdefault(_strip_prefix(key), set()).add(unit.code)
                # Two-character forms ("财政") are too loose for containment.
                if len(key) >= 3:
                    self._forms.append((key, unit.code))
            self._full.append((_normalise(unit.name_zh), unit.code))

    def resolve(self, name: str) -> str | None:
        key = _normalise(name)
        if not key:
            return None
        for table, probe in ((self._exact, key), (self._stripped, _strip_prefix(key))):
            codes = table.get(probe, set())
            if len(codes) == 1:
                return next(iter(codes))
        return self._contained(key) or self._subsequence(key)

    def _contained(self, key: str) -> str | None:
        best_len = 0
        best: set[str] = set()
        for form, code in self._forms:
            if form in key or (key in form and len(key) >= 3):
                overlap = min(len(form), len(key))
                if overlap > best_len:
                    best_len, best = overlap, {code}
                elif overlap == best_len:
                    best.add(code)
        return next(iter(best)) if len(best) == 1 else None

    def _subsequence(self, key: str) -> str | None:
        if len(key) < 4:
            return None
        codes = {code for full, code in self._full if _is_subsequence(key, full)}
        return next(iter(codes)) if len(codes) == 1 else None


def _is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(c in chars for c in needle)
