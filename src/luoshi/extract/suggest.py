"""Suggest lead and co-units for a directive.

Three signals, strongest first:

(a) names: a unit named in the text ("省发改委牵头") or among the extractor's actors is
    almost certainly involved; named right before "牵头" it leads.
(b) functions: BM25 over each unit's function statement and names, on jieba words for
    Chinese and lower-cased, lightly stemmed words for English, so one index serves both
    languages. A domain hint adds a few words at reduced weight.
(c) learning: confirmed assignments and division-plan clauses (LearnedExample) give a
    per-unit centroid and nearest neighbours over TF-IDF of the same features; their
    weight grows with the number of examples, so a fresh deployment relies on functions
    and a mature one on its own history.

Everything is computed once in the constructor; `suggest` only tokenizes the text and
walks inverted indexes, so it takes well under a millisecond per directive.
"""

from __future__ import annotations

import heapq
import importlib.resources
import logging
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from luoshi.extract.units import LearnedExample, Suggestion, UnitProfile

__all__ = [
    "UnitSuggester",
    "build_suggester",
    "load_units_yaml",
    "tokenize",
]

# Kinds a task can be assigned to. The root of a tree (the province itself, the State
# Council) issues directives and is never suggested as their owner.
ASSIGNABLE_KINDS = frozenset({"department", "city", "county", "township"})
ROOT_KINDS = frozenset({"province", "national"})
KNOWN_KINDS = ASSIGNABLE_KINDS | ROOT_KINDS

# --- tokenization --------------------------------------------------------------------

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_DATA = importlib.resources.files("luoshi.extract") / "data"

_tokenizer: Any = None
_tokenizer_lock = threading.Lock()


def _jieba() -> Any:
    """A private jieba.Tokenizer with the policy lexicon, built on first use.

    A private instance keeps our user words out of jieba's global dictionary, which other
    code in the process may use; building it lazily keeps `import luoshi.extract` fast.
    """
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            import jieba  # deferred: importing jieba costs time and warns on old setuptools

            tokenizer = jieba.Tokenizer()
            # jieba announces dictionary loading at DEBUG on its own stderr handler;
            # quiet it for the one call instead of reconfiguring logging for the process.
            logger = logging.getLogger("jieba")
            level = logger.level
            logger.setLevel(logging.WARNING)
            try:
                tokenizer.initialize()
            finally:
                logger.setLevel(level)
            for line in (_DATA / "suggest_userdict.txt").read_text("utf-8").splitlines():
                parts = line.split()
                if parts:
                    freq = int(parts[1]) if len(parts) > 1 else None
                    tokenizer.add_word(parts[0], freq)
            _tokenizer = tokenizer
    return _tokenizer


def _load_stopwords() -> frozenset[str]:
    words = set()
    for line in (_DATA / "suggest_stopwords.txt").read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


_STOPWORDS = _load_stopwords()

# Suffixes stripped from English words, longest first. A light stemmer is enough here:
# both the query and the function statements go through it, so it only has to be
# consistent, and it must not merge unrelated words the way aggressive stemmers do.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("isations", "ise"),
    ("izations", "ize"),
    ("isation", "ise"),
    ("ization", "ize"),
    ("ational", "ate"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", ""),
    ("ment", ""),
    ("nesses", ""),
    ("ness", ""),
    ("ities", ""),
    ("ity", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ers", ""),
    ("er", ""),
    ("ors", ""),
    ("or", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)


def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s").strip("'")
    if len(word) <= 3:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue  # "graduates" is "graduate" + s, not "graduat" + es
            word = word[: -len(suffix)] + replacement
            break
    # A final e comes and goes with the suffix (graduate, graduated, graduating).
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


# English stopwords as the stemmer leaves them, so "developing" meets "develop".
_STOP_STEMS = frozenset(_stem(w) for w in _STOPWORDS if w.isascii())


def tokenize(text: str) -> list[str]:
    """Content words of a text: jieba words for Chinese runs, stems for English words.

    Single Chinese characters and stopwords are dropped; English stems are prefixed with
    nothing and Chinese words are kept as they are, so the two never collide.
    """
    tokens: list[str] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        tokens += _latin_tokens(text[position : match.start()])
        position = match.end()
        for word in _jieba().lcut(match.group(), HMM=False):
            if len(word) >= 2 and word not in _STOPWORDS:
                tokens.append(word)
            if len(word) >= 4:
                tokens += _parts(word)
    tokens += _latin_tokens(text[position:])
    return tokens


def _parts(compound: str) -> list[str]:
    """The dictionary words that open or close a compound: 市场主体 → 市场, 主体.

    A compound in the text should still meet its parts in a function statement and the
    other way round ("数据共享" and "数据"). Only the opening and closing words are kept:
    words straddling the inside ("场主" in 市场主体) are accidents of the dictionary.
    """
    parts: list[str] = []
    for part in _jieba().lcut_for_search(compound, HMM=False):
        if (
            2 <= len(part) < len(compound)
            and (compound.startswith(part) or compound.endswith(part))
            and part not in _STOPWORDS
        ):
            parts.append(part)
    return parts


def _latin_tokens(text: str) -> list[str]:
    out: list[str] = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group().lower()
        if len(word) < 2 or word in _STOPWORDS:
            continue
        stem = _stem(word)
        if stem not in _STOPWORDS and stem not in _STOP_STEMS:
            out.append(stem)
    return out


@lru_cache(maxsize=8192)
def _statement_tokens(text: str) -> tuple[str, ...]:
    """``tokenize`` of a unit's function statement or names, remembered for the process:
    the web app builds a suggester per tenant and per change of history, and the units'
    statements stay the same between builds."""
    return tuple(tokenize(text))


def build_inputs() -> list[bytes]:
    """What a built suggester depends on besides its units and examples: this module's code,
    its data files and jieba's version. A caller that keeps built suggesters (the command
    line does, in a cache directory) keys them by these."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [Path(__file__).read_bytes()]
    for name in ("suggest_userdict.txt", "suggest_stopwords.txt", "suggest_domains.yaml"):
        parts.append((_DATA / name).read_bytes())
    try:
        parts.append(version("jieba").encode())
    except PackageNotFoundError:
        parts.append(b"no jieba")
    return parts


# --- loading units -------------------------------------------------------------------


def load_units_yaml(path_or_text: str | Path) -> list[UnitProfile]:
    """Read a units file (`units: [...]`, see src/luoshi/data/sichuan_units.yaml).

    A Path, or a one-line string not containing "units:", is read as a file; anything
    else is parsed as YAML text. Entries may also nest under `children:`. The short name
    becomes the first alias; `functions` holds functions_zh and functions_en on two lines
    (the suggester indexes both, so one profile serves documents in either language).
    """
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and "units:" not in path_or_text
    ):
        text = Path(path_or_text).read_text("utf-8")
    else:
        text = path_or_text
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise ValueError("a units file must be a mapping with a list under 'units'")
    profiles: list[UnitProfile] = []
    seen: set[str] = set()
    for entry in _flatten(data["units"], parent=None):
        profile = _profile(entry)
        if profile.code in seen:
            raise ValueError(f"duplicate unit code {profile.code!r}")
        seen.add(profile.code)
        profiles.append(profile)
    return profiles


def _flatten(entries: Iterable[Any], parent: str | None) -> Iterable[dict[str, Any]]:
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError(f"a unit must be a mapping, got {entry!r}")
        children = entry.get("children") or []
        flat = {k: v for k, v in entry.items() if k != "children"}
        if parent is not None:
            flat.setdefault("parent", parent)
        yield flat
        yield from _flatten(children, parent=str(entry.get("code")))


def _profile(entry: Mapping[str, Any]) -> UnitProfile:
    code = entry.get("code")
    name_zh = entry.get("name_zh")
    if not isinstance(code, str) or not code.isascii() or not code:
        raise ValueError(f"unit code must be a non-empty ASCII string, got {code!r}")
    if not isinstance(name_zh, str) or not name_zh:
        raise ValueError(f"unit {code}: name_zh is required")
    kind = str(entry.get("kind") or "department")
    if kind not in KNOWN_KINDS:
        raise ValueError(f"unit {code}: unknown kind {kind!r}")
    aliases: list[str] = []
    for alias in [entry.get("short_zh"), *(entry.get("aliases") or [])]:
        if isinstance(alias, str) and alias and alias not in aliases and alias != name_zh:
            aliases.append(alias)
    functions = "\n".join(
        str(entry[key]).strip() for key in ("functions_zh", "functions_en") if entry.get(key)
    )
    return UnitProfile(
        code=code,
        name_zh=name_zh,
        name_en=str(entry.get("name_en") or ""),
        aliases=tuple(aliases),
        functions=functions,
        kind=kind,
    )


def _load_domain_hints() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load((_DATA / "suggest_domains.yaml").read_text("utf-8")) or {}
    return {str(k): tuple(str(w) for w in v) for k, v in data.items()}


# --- the suggester -------------------------------------------------------------------

# BM25 parameters. Length normalisation is mild on purpose: a long function statement
# belongs to a unit with broad responsibilities, which does lead more tasks.
_K1 = 1.2
_B = 0.25
# Scores of named units: named as leader, named in the text or as an actor, named as
# co-operator. Above anything similarity alone reaches, so a named unit always wins.
_NAMED_LEAD = 1.0
_NAMED = 0.9
_NAMED_CO = 0.6
# The unit named as the subject who must act ("the Department of Commerce must …", the
# extractor's actors) outranks a unit only named in passing; a unit named as the place
# where the work happens ("… a fair in Chengdu", "在成都举办") is at most a co-unit.
_NAMED_SUBJECT = 0.95
_NAMED_PLACE = 0.5
# Ceiling for unnamed units: similarity never claims the certainty of a name.
_SIMILARITY_CEILING = 0.85
# A BM25 top score this large counts as a confident match (roughly three distinctive
# words in common with one unit and not with the others).
_BM25_CONFIDENT = 12.0
# Confirmed texts added to their unit's profile, at this weight per text, so that a
# unit's own history extends its function statement.
_EXPANSION_WEIGHT = 0.3
# Distinct confirmed texts at which nearest-neighbour votes weigh as much as the profile.
_LEARNING_HALF_WEIGHT = 100
# Nearest confirmed texts consulted for each directive.
_NEIGHBOURS = 12
# A co-unit named in an example counts for this much of a lead.
_CO_EXAMPLE_WEIGHT = 0.3
# Domain hint words count for this much of a word of the text.
_DOMAIN_WEIGHT = 0.5
# Chinese aliases preceded by these are another level's unit of the same name
# ("国家发展改革委" is not the province's 发展改革委, nor is "市发改委").
_OTHER_LEVEL_PREFIXES = ("国家", "中央", "全国", "国务院", "市", "县", "区", "州", "镇", "乡")
_LATIN_OTHER_LEVEL = re.compile(
    r"\b(national|state|central|municipal|city|county|prefecture|district)\s+$", re.I
)
_LATIN_LEADS = re.compile(
    r"\s*(?:(?:shall|will|should|must|is to|are to)\s+)?(?:take the lead|leads?\b)", re.I
)
_LATIN_PLACE = re.compile(
    r"\b(?:in|at|across|throughout|around|within|inside|held in|hosted by)\s+(?:the\s+)?$",
    re.I)
_CJK_PLACE = ("在", "于", "赴", "到", "来", "去")
_LATIN_JOINER = re.compile(r"\s*,?\s*(?:and\s+)?(?:the\s+)?", re.I)
_NAME_JOINERS = "、，,和与及以及 \u3000"

Ranked = tuple[str, float, str, tuple[str, ...]]  # (code, score, role hint, reasons)


@dataclass(frozen=True)
class _Named:
    code: str
    written: str
    role: str  # "lead", "co" or "" when the text does not say
    source: str  # "text" or "actor"
    span: tuple[int, int] | None = None  # where in the text, for hits in the text
    # "subject" (named as who must act), "place" (where the work happens) or ""
    part: str = ""


class UnitSuggester:
    """Ranks units for a directive; see the module docstring for the method.

    `co_threshold` is the score a runner-up needs to be suggested as co-unit; set it to 0
    to always get k suggestions (the benchmark does, to measure top-3 ranking).
    """

    def __init__(
        self,
        units: Sequence[UnitProfile],
        examples: Sequence[LearnedExample] = (),
        *,
        co_threshold: float = 0.4,
    ) -> None:
        self._units = {u.code: u for u in units}
        self._co_threshold = co_threshold
        # The hint words are Chinese: tokenized once here, so that a built suggester
        # answers an English directive without loading jieba.
        self._domain_tokens: dict[str, Counter[str]] = {
            name: Counter(t for word in words for t in _statement_tokens(word))
            for name, words in _load_domain_hints().items()
        }
        # Each distinct confirmed text once: a plan clause with three lead units is one
        # text of three units, not three unrelated examples.
        by_text: dict[str, dict[str, float]] = {}
        for example in examples:
            if example.unit_code not in self._units:
                continue
            weight = 1.0 if example.role == "lead" else _CO_EXAMPLE_WEIGHT
            owners = by_text.setdefault(example.text, {})
            owners[example.unit_code] = max(owners.get(example.unit_code, 0.0), weight)
        texts = sorted(by_text)
        learned = [(Counter(tokenize(t)), by_text[t]) for t in texts]
        self._build_names(units)
        self._build_profiles(units, learned)
        self._build_neighbours(texts, learned)

    # -- public API -------------------------------------------------------------------

    def suggest(
        self,
        text: str,
        *,
        lang: str,
        domain: str | None = None,
        actors: Sequence[str] = (),
        k: int = 3,
    ) -> list[Suggestion]:
        """The k best units: the best, and any unit the text names as leader, as "lead";
        the rest as "co" while their score reaches the co-threshold."""
        suggestions: list[Suggestion] = []
        for position, (code, score, role_hint, reasons) in enumerate(
            self.rank(text, domain=domain, actors=actors, lang=lang)[:k]
        ):
            if position == 0 or role_hint == "lead":
                role = "lead"
            elif score >= self._co_threshold or role_hint == "co":
                role = "co"
            else:
                break
            unit = self._units[code]
            name = unit.name_en if lang == "en" and unit.name_en else unit.name_zh
            suggestions.append(
                Suggestion(unit=code, name=name, role=role, score=round(score, 3), reasons=reasons)
            )
        return suggestions

    def rank(
        self,
        text: str,
        *,
        domain: str | None = None,
        actors: Sequence[str] = (),
        lang: str | None = None,
    ) -> list[Ranked]:
        """Every unit with a positive score, best first: (code, score, role hint, reasons).

        The role hint is "lead" or "co" when the text itself says so, else "". Reasons are
        written for a reader of ``lang`` (Chinese for "zh", else English) and quote the
        directive's own words, never the stems the index works on.
        """
        zh = lang == "zh" if lang else bool(_CJK_RUN.search(text))
        named = self._find_named(text, actors)
        # Names are signal (a); left in the text they would also count as function words
        # and favour the named units whose names happen to share words with the text.
        content = list(text)
        for hit in named:
            if hit.span is not None:
                content[hit.span[0] : hit.span[1]] = " " * (hit.span[1] - hit.span[0])
        query = Counter(tokenize("".join(content)))
        hint = self._domain_tokens.get(domain or "", Counter())
        profile, matched = self._profile_scores(query, hint)
        surface = _surface_words("".join(content))
        votes, neighbours = self._neighbour_votes(query)

        # The profile already carries what was learned at a fixed weight; the votes of
        # similar confirmed texts gain weight as the history grows.
        alpha = self._n_texts / (self._n_texts + _LEARNING_HALF_WEIGHT)
        scores = {
            code: _SIMILARITY_CEILING
            * ((1 - alpha) * profile.get(code, 0.0) + alpha * votes.get(code, 0.0))
            for code in profile.keys() | votes.keys()
        }
        roles: dict[str, str] = {}
        named_reasons: dict[str, str] = {}
        # The strongest way each unit is named decides its reason.
        for hit in sorted(named, key=lambda h: -_named_value(h)):
            value = _named_value(hit)
            # A unit named as helper may still be the best match; naming only raises it.
            if hit.part == "place":
                scores[hit.code] = max(value, min(scores.get(hit.code, 0.0), _NAMED_PLACE))
            else:
                scores[hit.code] = max(scores.get(hit.code, 0.0), value)
            if hit.role and roles.get(hit.code) != "lead":
                roles[hit.code] = hit.role
            if hit.part == "place" and roles.get(hit.code) == "lead":
                roles.pop(hit.code)
            named_reasons.setdefault(hit.code, _named_reason(hit, zh))

        out: list[Ranked] = []
        for code, score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
            if score <= 0.0:
                continue
            reasons: list[str] = []
            if code in named_reasons:
                reasons.append(named_reasons[code])
            words = [surface[t] for t in matched.get(code, ()) if t in surface]
            if words:
                reasons.append(("职能相关：" + "、".join(words)) if zh
                               else "matches functions: " + ", ".join(words))
            elif matched.get(code) and domain:
                reasons.append(f"职能涉及本条所属领域（{_domain_label(domain, zh)}）" if zh
                               else f"its functions cover this field: "
                                    f"{_domain_label(domain, zh)}")
            if code in neighbours:
                count, snippet = neighbours[code]
                reasons.append(f"与{count}条已确认的分工相似：{snippet}" if zh else
                               f"like {count} confirmed assignment{'s' if count > 1 else ''}: "
                               f"{snippet}")
            out.append((code, min(score, 1.0), roles.get(code, ""), tuple(reasons)))
        return out

    # -- names ------------------------------------------------------------------------

    def _build_names(self, units: Sequence[UnitProfile]) -> None:
        forms: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            for form in (unit.name_zh, unit.name_en, *unit.aliases):
                form = form.strip()
                # One- and two-letter Latin forms ("MA") match too much by accident.
                if len(form) >= 2 and not (form.isascii() and len(form) < 3):
                    forms[form].add(unit.code)
        # A form shared by two units ("统计局" for two levels) names neither.
        self._forms = {form: next(iter(codes)) for form, codes in forms.items() if len(codes) == 1}
        cjk = sorted((f for f in self._forms if not f.isascii()), key=lambda f: (-len(f), f))
        latin = sorted((f for f in self._forms if f.isascii()), key=lambda f: (-len(f), f))
        self._cjk_names = re.compile("|".join(map(re.escape, cjk))) if cjk else None
        # Acronyms must match in capitals; other English names in any case.
        latin_patterns = [
            rf"\b{re.escape(f)}\b" if f.isupper() else rf"\b(?i:{re.escape(f)})\b" for f in latin
        ]
        self._latin_names = re.compile("|".join(latin_patterns)) if latin_patterns else None

    def _find_named(self, text: str, actors: Sequence[str]) -> list[_Named]:
        hits: list[_Named] = []
        spans: list[tuple[int, int, str]] = []
        if self._cjk_names is not None:
            for match in self._cjk_names.finditer(text):
                form = match.group()
                before = text[max(0, match.start() - 3) : match.start()]
                if not _own_prefix(form) and before.endswith(_OTHER_LEVEL_PREFIXES):
                    continue
                spans.append((match.start(), match.end(), form))
        if self._latin_names is not None:
            for match in self._latin_names.finditer(text):
                if _LATIN_OTHER_LEVEL.search(text[max(0, match.start() - 20) : match.start()]):
                    continue
                spans.append((match.start(), match.end(), match.group()))
        spans.sort()
        for group in _groups(text, spans):
            end = group[-1][1]
            after = text[end : end + 30]
            role = ""
            if after.lstrip("等 ").startswith("牵头") or _LATIN_LEADS.match(after):
                role = "lead"
            elif after.lstrip("等 ").startswith(("配合", "参与", "协助", "协办")):
                role = "co"
            # "（A、B等按职责分工负责）": a plan's note lists the lead first
            answers = not role and after.lstrip("等 ").startswith(_CJK_ANSWER)
            first = group[0][0]
            place = (_LATIN_PLACE.search(text[max(0, first - 20) : first]) is not None
                     or text[max(0, first - 1) : first] in _CJK_PLACE)
            for index, (start, stop, form) in enumerate(group):
                code = self._lookup(form)
                if code is not None and self._units[code].kind in ASSIGNABLE_KINDS:
                    subject = any(form in actor for actor in actors)
                    part = "subject" if subject else ("place" if place and not role else "")
                    own_role = "lead" if answers and index == 0 else role
                    hits.append(_Named(code, form, own_role, "text", (start, stop), part))
        for actor in actors:
            code = self._lookup(actor.strip())
            if code is None:
                # An actor phrase may carry words around the name ("省发改委等部门").
                for named in self._find_named(actor, ()):
                    hits.append(_Named(named.code, named.written, "", "actor", None, "subject"))
            elif self._units[code].kind in ASSIGNABLE_KINDS:
                hits.append(_Named(code, actor.strip(), "", "actor", None, "subject"))
        return hits

    def _lookup(self, form: str) -> str | None:
        if form in self._forms:
            return self._forms[form]
        lowered = form.lower()
        for known, code in self._forms.items():
            if known.isascii() and known.lower() == lowered and not known.isupper():
                return code
        return None

    # -- profiles: function statements and names, extended by confirmed texts ---------

    def _build_profiles(
        self, units: Sequence[UnitProfile], learned: Sequence[tuple[Counter[str], dict[str, float]]]
    ) -> None:
        docs: dict[str, Counter[str]] = {}
        self._own_terms: dict[str, frozenset[str]] = {}
        for unit in units:
            if unit.kind in ASSIGNABLE_KINDS:
                names = " ".join((unit.name_zh, unit.name_en, *unit.aliases))
                functions = Counter(_statement_tokens(unit.functions))
                # Reasons quote only words of the function statement: not the unit's
                # name, which is no explanation, nor its history.
                self._own_terms[unit.code] = frozenset(functions)
                docs[unit.code] = functions + Counter(_statement_tokens(names))
        profiles = {code: {t: float(tf) for t, tf in doc.items()} for code, doc in docs.items()}
        for counts, owners in learned:
            for code, weight in owners.items():
                if code in profiles:
                    profile = profiles[code]
                    for term, tf in counts.items():
                        profile[term] = profile.get(term, 0.0) + _EXPANSION_WEIGHT * weight * tf
        n_docs = max(len(profiles), 1)
        lengths = {code: sum(p.values()) for code, p in profiles.items()}
        avg_length = max(sum(lengths.values()) / n_docs, 1.0)
        df: Counter[str] = Counter()
        for profile in profiles.values():
            df.update(profile.keys())
        # Postings hold the finished per-term BM25 weight, so scoring is one addition.
        self._postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for code in sorted(profiles):
            norm = _K1 * (1 - _B + _B * lengths[code] / avg_length)
            for term, freq in profiles[code].items():
                idf = math.log(1 + (n_docs - df[term] + 0.5) / (df[term] + 0.5))
                self._postings[term].append((code, idf * freq * (_K1 + 1) / (freq + norm)))

    def _profile_scores(
        self, query: Counter[str], hint: Counter[str]
    ) -> tuple[dict[str, float], dict[str, list[str]]]:
        weights = dict.fromkeys(query, 1.0)
        for term in hint:
            weights[term] = max(weights.get(term, 0.0), _DOMAIN_WEIGHT)
        raw: dict[str, float] = defaultdict(float)
        contributions: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for term, weight in weights.items():
            for code, value in self._postings.get(term, ()):
                raw[code] += weight * value
                if term in self._own_terms[code]:
                    contributions[code].append((weight * value, term))
        if not raw:
            return {}, {}
        top = max(raw.values())
        # Relative to the best unit, damped when even the best match is weak.
        confidence = min(1.0, 2 * top / (top + _BM25_CONFIDENT))
        scaled = {code: value / top * confidence for code, value in raw.items()}
        matched = {
            code: [term for _, term in sorted(items, key=lambda x: (-x[0], x[1]))[:3]]
            for code, items in contributions.items()
        }
        return scaled, matched

    # -- nearest confirmed texts ------------------------------------------------------

    def _build_neighbours(
        self, texts: Sequence[str], learned: Sequence[tuple[Counter[str], dict[str, float]]]
    ) -> None:
        self._n_texts = len(texts)
        self._texts = list(texts)
        self._owners = [owners for _, owners in learned]
        df: Counter[str] = Counter()
        for counts, _ in learned:
            df.update(counts.keys())
        n = max(len(texts), 1)
        self._idf = {term: math.log((1 + n) / (1 + d)) + 1.0 for term, d in df.items()}
        self._text_index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, (counts, _) in enumerate(learned):
            for term, value in self._vector(counts).items():
                self._text_index[term].append((i, value))

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF vector (sublinear tf) over the confirmed texts' vocabulary."""
        vector = {
            term: (1 + math.log(tf)) * self._idf[term]
            for term, tf in counts.items()
            if term in self._idf and tf > 0
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {term: v / norm for term, v in vector.items()}

    def _neighbour_votes(
        self, query: Counter[str]
    ) -> tuple[dict[str, float], dict[str, tuple[int, str]]]:
        """Share of the nearest confirmed texts' similarity that went to each unit."""
        if not self._n_texts:
            return {}, {}
        similarity: dict[int, float] = defaultdict(float)
        for term, value in self._vector(query).items():
            for i, weight in self._text_index.get(term, ()):
                similarity[i] += value * weight
        nearest = heapq.nlargest(_NEIGHBOURS, similarity.items(), key=lambda x: (x[1], -x[0]))
        total = sum(sim for _, sim in nearest) or 1.0
        votes: dict[str, float] = defaultdict(float)
        support: dict[str, list[int]] = defaultdict(list)
        for i, sim in nearest:
            for code, weight in self._owners[i].items():
                votes[code] += sim * weight / total
                support[code].append(i)
        reasons = {
            code: (len(items), _snippet(self._texts[items[0]]))
            for code, items in support.items()
        }
        return {code: min(1.0, v) for code, v in votes.items()}, reasons


def build_suggester(
    units: Sequence[UnitProfile], examples: Sequence[LearnedExample] = ()
) -> UnitSuggester:
    """The default suggester for a set of units and the examples learned so far."""
    return UnitSuggester(units, examples)


# --- helpers -------------------------------------------------------------------------


def _named_value(hit: _Named) -> float:
    if hit.role == "lead":
        return _NAMED_LEAD
    if hit.part == "subject":
        return _NAMED_SUBJECT
    if hit.role == "co":
        return _NAMED_CO
    if hit.part == "place":
        return _NAMED_PLACE
    return _NAMED


def _named_reason(hit: _Named, zh: bool) -> str:
    """Why a named unit is suggested, in the reader's language."""
    if zh:
        how = {"lead": "（牵头）", "co": "（配合）"}.get(hit.role) or {
            "subject": "（负责落实）", "place": "（工作所在地）"}.get(hit.part, "")
        return f"文中点名：{hit.written}{how}"
    how = {"lead": ", to take the lead", "co": ", to support"}.get(hit.role) or {
        "subject": ", as the one who must act",
        "place": ", as the place where the work happens"}.get(hit.part, "")
    return f"named in text: {hit.written}{how}"


def _surface_words(text: str) -> dict[str, str]:
    """Index term → the word as the text writes it ("commerc" → "commerce"), first seen."""
    out: dict[str, str] = {}
    position = 0
    for match in _CJK_RUN.finditer(text):
        _surface_latin(text[position : match.start()], out)
        position = match.end()
        for token in tokenize(match.group()):
            out.setdefault(token, token)
    _surface_latin(text[position:], out)
    return out


def _surface_latin(text: str, out: dict[str, str]) -> None:
    for match in _LATIN_WORD.finditer(text):
        for stem in _latin_tokens(match.group()):
            out.setdefault(stem, match.group())


def _domain_label(code: str, zh: bool) -> str:
    from luoshi.extract.domains import taxonomy

    for domain in taxonomy():
        if domain.code == code:
            return domain.zh if zh else domain.en
    return code


def _own_prefix(form: str) -> bool:
    """True when the alias itself starts with a level word ("省发改委", "国家…")."""
    return form.startswith(("省", *_OTHER_LEVEL_PREFIXES))


_CJK_ANSWER = ("按职责分工负责", "按职责负责", "分别负责", "负责")


def _groups(text: str, spans: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Runs of names separated only by joiners ("省发改委、省财政厅和省商务厅")."""
    groups: list[list[tuple[int, int, str]]] = []
    last_end = -1
    for span in spans:
        if span[0] < last_end:
            continue  # overlapping shorter match inside a longer one
        between = text[last_end : span[0]] if groups else None
        if between is not None and (
            (all(c in _NAME_JOINERS for c in between) and len(between) <= 3)
            or _LATIN_JOINER.fullmatch(between)
        ):
            groups[-1].append(span)
        else:
            groups.append([span])
        last_end = span[1]
    return groups


def _snippet(text: str, width: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
