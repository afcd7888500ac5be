"""No English inside a Chinese refusal (issue 12): a Chinese reader reads every refusal in
Chinese, but for the codes and identifiers they must type or recognise (file formats, period
patterns, a value they gave).

- Every Chinese refusal's own words (``err_`` and ``field_`` messages, blanks left out) hold
  only the allowed Latin tokens below.
- A blank that holds a code or an English phrase (``errors.CODE_PARAMS``,
  ``errors.WORD_PARAMS``: an action, a role, what a field is) has a Chinese word for every
  value the code raises it with: each task, proposal and support transition, each role, and
  each ``what``/``kind`` the source passes (found by its syntax tree, through the helpers that
  pass theirs on).
- A raising site that fills a blank of a Chinese message with a literal English word does so
  only in a blank that is worded (a bad cell's ``column``: by its header, ``col_<column>``).

``tests/web/test_refusals_language.py`` asks the API and the pages for such refusals.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from luoshi import errors, i18n
from luoshi.domains.proposals import rules as proposal_rules
from luoshi.domains.support import rules as support_rules
from luoshi.domains.tasks import rules as task_rules
from luoshi.kernel.permissions import ROLES
from luoshi.kernel.roles import ADMIN_ROLES

SRC = Path(i18n.__file__).parent
LATIN = re.compile(r"[A-Za-z]+")
# Latin a Chinese refusal may hold: file formats and programs a clerk knows by these names,
# patterns to type (YYYY-MM, 2023Q1, H1), codes a caller sends (agree, land, drop, after=,
# sort=, 'en'/'zh', the YAML key units, the column title), and a developer's own calls.
ALLOWED = frozenset(
    [
        "API",
        "CSV",
        "DTD",
        "Debian",
        "Excel",
        "GB",
        "GIF",
        "H",
        "JPEG",
        "LibreOffice",
        "MB",
        "OpenDocument",
        "PDF",
        "PNG",
        "PowerPoint",
        "Q",
        "RAR",
        "UTF",
        "VBA",
        "WPS",
        "Word",
        "XXE",
        "YAML",
        "YYYY",
        "MM",
        "DD",
        "Qn",
        "Www",
        "csv",
        "doc",
        "docx",
        "gzip",
        "ods",
        "odt",
        "txt",
        "xls",
        "xlsb",
        "xlsx",
        "yaml",
        "yml",
        "soffice",
        "make",
        "office",
        "libreoffice",
        "writer",
        "nogui",
        "date",
        "agree",
        "land",
        "drop",
        "after",
        "sort",
        "en",
        "zh",
        "units",
        "title",
        "extract",
        "read",
        "document",
    ]
)


def _words(message: str) -> list[str]:
    """The Latin tokens of a message, its ``{blanks}`` left out."""
    return LATIN.findall(re.sub(r"\{[^}]*\}", "", message))


def _zh_refusals() -> dict[str, str]:
    zh = i18n.labels("zh")
    return {k: v for k, v in zh.items() if k.startswith(("err_", "field_"))}


def test_a_chinese_refusal_says_no_english_of_its_own() -> None:
    english = {
        key: sorted({w for w in _words(message) if w not in ALLOWED})
        for key, message in _zh_refusals().items()
    }
    assert {k: v for k, v in english.items() if v} == {}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))]


def _call_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


def _keyed(node: ast.Call) -> str | None:
    """The catalogue key of an ``Error.of("err_…", …)`` call."""
    if _call_name(node) != "of" or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value if first.value.startswith("err_") else None
    return None


def _passers(tree: ast.Module, names: frozenset[str]) -> dict[str, tuple[int | None, str]]:
    """Functions that raise with one of their own parameters as a worded blank: each its
    name → (the parameter's position, or None if keyword-only, and its name)."""
    found: dict[str, tuple[int | None, str]] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        for call in ast.walk(fn):
            if not (isinstance(call, ast.Call) and _keyed(call)):
                continue
            for kw in call.keywords:
                value = kw.value
                if kw.arg in names and isinstance(value, ast.Name):
                    index = positional.index(value.id) if value.id in positional else None
                    found[fn.name] = (index, kw.arg)
    return found


def worded_values() -> dict[str, set[str]]:
    """Every literal the source gives a worded blank (``WORD_PARAMS``), directly in an
    ``.of()`` or through a helper that passes its parameter on."""
    names = frozenset(errors.WORD_PARAMS)
    values: dict[str, set[str]] = {name: set() for name in names}
    for _, tree in _modules():
        helpers = _passers(tree, names)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            targets = {kw.arg for kw in node.keywords if kw.arg in names} if _keyed(node) else set()
            if name in helpers:
                index, param = helpers[name]
                targets = {param}
                if index is not None:
                    # A method's self does not appear among the call's arguments.
                    shift = 1 if isinstance(node.func, ast.Attribute) and index > 0 else 0
                    at = index - shift
                    arg = node.args[at] if at < len(node.args) else None
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        values[param].add(arg.value)
            for kw in node.keywords:
                value = kw.value
                if kw.arg in targets and isinstance(value, ast.Constant) and value.value:
                    values[kw.arg].add(str(value.value))
    return values


def test_the_scan_finds_what_the_helpers_pass_on() -> None:
    found = worded_values()
    # projects' _unit(session, actor, code, what) and the project page's _amount(text, what)
    assert {"owner unit", "region", "this month's investment"} <= found["what"]


def _coded_values() -> dict[str, set[str]]:
    """What each worded blank is raised with: the transitions, the roles, the phrases."""
    values = worded_values()
    values["transition"] |= (
        set(task_rules.TRANSITIONS)
        | set(proposal_rules.TRANSITIONS)
        | set(support_rules.TRANSITIONS)
    )
    roles = set(ROLES) | set(ADMIN_ROLES)
    for name in ("role", "roles", "held", "admin_roles"):
        values[name] |= roles
    # Phrases the code picks at run time rather than passes as a literal.
    values["what"] |= {
        "an actual start date",
        "an actual completion date",
        "the date it went into operation",
    }
    values["kind"] |= {"a month (2023-04)", "a quarter (2023Q2)"}
    return values


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_value_of_a_worded_blank_has_its_word(language: str) -> None:
    missing = sorted(
        errors.word_key(name, value)
        for name, found in _coded_values().items()
        for value in found
        if not i18n.labels(language).get(errors.word_key(name, value))
    )
    assert missing == []


def test_a_worded_blank_reads_in_chinese_and_stays_as_given_in_english() -> None:
    for name, found in _coded_values().items():
        for value in found:
            zh = errors.worded({name: value}, "zh")[name]
            assert not _words(zh) or set(_words(zh)) <= ALLOWED, (name, value, zh)
            assert errors.worded({name: value}, "en")[name] == value
    assert errors.worded({"roles": "leader, office"}, "zh")["roles"] == "领导、督查室"


def test_no_english_word_is_put_into_a_chinese_refusal() -> None:
    """A literal English word given to a blank of a Chinese message is worded."""
    zh = i18n.labels("zh")
    worded = errors.CODE_PARAMS | frozenset(errors.WORD_PARAMS)
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not (key := _keyed(node)):
                continue
            blanks = set(re.findall(r"\{(\w+)", zh.get(key, "")))
            for kw in node.keywords:
                value = kw.value
                # A bad cell's column reads as the sheet's header (col_<column>, tabular.py).
                headed = (
                    kw.arg == "column"
                    and isinstance(value, ast.Constant)
                    and i18n.has(f"col_{value.value}")
                )
                if (
                    kw.arg in blanks
                    and kw.arg not in worded
                    and not headed
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and re.fullmatch(r"[A-Za-z][A-Za-z ']*", value.value)
                ):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno} {kw.arg}={value.value!r}")
    assert found == []


@pytest.mark.parametrize(
    ("key", "params", "said"),
    [
        (
            "err_cannot_transition_task_that_current",
            {"transition": "accept", "current": "draft"},
            "任务处于“草稿”状态，不能执行“签收”操作",
        ),
        (
            "err_project_in_stage_stage_needs_what",
            {"stage": "under_construction", "what": "an actual start date"},
            "处于“在建”阶段的项目须填写 实际开工日期",
        ),
        (
            "err_administrator_holds_no_business_role",
            {"role": "auditor", "roles": "leader, office"},
            "管理员（安全审计员）不得同时担任业务角色：领导、督查室",
        ),
        (
            "err_what_number_not_text",
            {"what": "this month's investment", "text": "abc"},
            "本月完成投资 应为数字（万元），不能为 'abc'",
        ),
    ],
)
def test_a_refusal_with_coded_blanks_reads_all_chinese(
    key: str, params: dict[str, str], said: str
) -> None:
    error = errors.InvalidInput.of(key, **params)
    assert error.message_in("zh") == said
    assert set(_words(said)) <= ALLOWED | {"abc"}
    # The English is as raised: the codes and phrases themselves.
    assert all(v in error.message for v in params.values() if v != "draft")
