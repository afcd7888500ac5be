"""Every refusal and e-mail a reader can meet is a catalogue message in both languages.

A domain error is raised as ``Error.of("key", **params)`` (or ``of_each``): a plain message
(``InvalidInput("…")``, ``NotFound(f"…")``) would reach a Chinese reader in English. The
scan reads every module under src/luoshi by its syntax tree, so a raising site split over
lines, or one that builds its error first and raises it later, is found all the same.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from luoshi import errors, i18n

SRC = Path(__file__).resolve().parent.parent / "src" / "luoshi"
DOMAIN_ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.LuoshiError)
}
# Built from a schema's own errors: English as pydantic says it, other readers get the
# field's label and the catalogue's words (web/errors.py:FormRefused).
STRUCTURED = {"FormRefused"}
# A refusal (err_) or an e-mail (mail_) named in code.
KEY = re.compile(r"^(?:err|mail)_[a-z0-9_]*[a-z0-9]$")


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SRC.rglob("*.py"))
        if path != SRC / "errors.py"
    ]


def _error_names(tree: ast.Module) -> set[str]:
    """The domain errors a module may construct: those it imports, and its subclasses."""
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "luoshi.errors"
        for alias in node.names
        if alias.name in DOMAIN_ERRORS
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Name) and base.id in names for base in node.bases
        ):
            names.add(node.name)
    return names - STRUCTURED


def _plain_messages() -> list[str]:
    found = []
    for path, tree in _modules():
        names = _error_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in names
                and (node.args or any(k.arg == "message" for k in node.keywords))
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.func.id}(…)")
    return found


def _keyed_calls() -> dict[str, list[tuple[str, set[str]]]]:
    """Each catalogue key an error is raised with, and the blanks each site fills."""
    used: dict[str, list[tuple[str, set[str]]]] = {}
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "of"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                given = {k.arg for k in node.keywords if k.arg}
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                if any(k.arg is None for k in node.keywords):  # **params: not checkable
                    given = {"*"}
                used.setdefault(node.args[0].value, []).append((where, given))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY.match(node.value)
            ):
                used.setdefault(node.value, []).append((str(path.relative_to(SRC)), {"*"}))
    return used


def test_no_domain_error_is_raised_with_a_plain_message() -> None:
    assert {"InvalidInput", "NotFound", "PermissionDenied"} <= DOMAIN_ERRORS
    plain = _plain_messages()
    assert not plain, "raise these with Error.of('key', …) and add the key to both .po files: " + (
        "; ".join(plain)
    )


def _plain_row_problems(modules: list[tuple[Path, ast.Module]]) -> list[str]:
    """A bad cell built from a sentence (``RowProblem("due", f"due: …")``) instead of
    ``RowProblem.of("err_row_…", column=…)``; a copy that carries its ``key`` is fine."""
    return [
        f"{path}:{node.lineno} RowProblem(…)"
        for path, tree in modules
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "RowProblem"
        and (len(node.args) > 1 or any(k.arg == "message" for k in node.keywords))
        and not any(k.arg == "key" for k in node.keywords)
    ]


def test_no_row_problem_is_raised_with_a_plain_message() -> None:
    """A sheet import's bad cell reaches a Chinese reader in Chinese (docs/i18n.md)."""
    modules = _modules()
    assert sum(ast.dump(t).count("attr='of'") for _, t in modules) > 250  # the scan reads
    plain = _plain_row_problems(modules)
    assert not plain, "raise these with RowProblem.of('err_row_…', column=…): " + "; ".join(plain)
    caught = _plain_row_problems(
        [(Path("x.py"), ast.parse("raise tabular.RowProblem(\n  'due', f'{v} is bad'\n)"))]
    )
    assert caught == ["x.py:1 RowProblem(…)"]


def test_a_row_problem_reads_in_each_language_with_its_column_by_header() -> None:
    from luoshi.kernel.tabular import Row, RowProblem

    bad = RowProblem.of("err_row_not_a_deadline", column="due", value="明年")
    assert bad.message == (
        "due: '明年' is not a deadline (2023-06-30, 2023年6月底前, 第二季度, 年底前, 长期坚持)"
    )
    error = bad.as_error(Row(3, {"due": "明年"}, "分解表"))
    assert error.message == bad.message and error.message_in("en") == bad.message
    assert error.message_in("zh").startswith("「完成时限」：“明年”不是可识别的时限（可写 ")
    near = RowProblem.of("err_row_not_a_unit_near", column="lead", value="x", names=("甲", "乙"))
    assert near.message.endswith("did you mean 甲 or 乙?")
    assert near.as_error(Row(4, {})).message_in("zh").endswith("是否指甲或乙？")
    # A domain error caught in a row keeps its catalogue message.
    from luoshi.kernel.tabular import RowError

    caught = RowError.caught(
        Row(5, {}), errors.InvalidInput.of("err_unit_code_does_not_exist", code="x9")
    )
    assert caught.message == "unit 'x9' does not exist"
    assert caught.message_in("zh") == "单位 'x9' 不存在"
    # A register's schema refusing a cell: pydantic's English, the catalogue's Chinese.
    from pydantic import BaseModel, Field, ValidationError

    class Matter(BaseModel):
        title: str = Field(max_length=5)

    with pytest.raises(ValidationError) as refused:
        Matter(title="一二三四五六")
    schema = RowError.refused(Row(6, {}), refused.value)
    assert schema.message == "title: String should have at most 5 characters"
    assert schema.message_in("zh") == "「名称」：最多 5 个字"


def test_the_scan_finds_a_plain_message(tmp_path: Path) -> None:
    tree = ast.parse(
        "from luoshi.errors import InvalidInput\n"
        "def f(n):\n    raise InvalidInput(\n        f'{n} is wrong'\n    )\n"
    )
    names = _error_names(tree)
    calls = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") in names
    ]
    assert names == {"InvalidInput"} and len(calls) == 1


def _blanks(message: str) -> set[str]:
    return {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(message) if name}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_error_key_is_in_the_catalogue_filled_in(language: i18n.Language) -> None:
    catalogue = i18n.catalogue(language)
    used = _keyed_calls()
    assert len([k for k in used if k.startswith("err_")]) > 200  # the scan works
    missing = {k: [w for w, _ in sites] for k, sites in used.items() if not catalogue.get(k)}
    assert not missing, f"not in {i18n.LOCALES[language]}/messages.po (or empty): {missing}"


def test_every_raising_site_fills_the_blanks_of_its_message() -> None:
    english = i18n.catalogue("en")
    unfilled = {
        where: sorted(_blanks(english[key]) - given)
        for key, sites in _keyed_calls().items()
        if key in english
        for where, given in sites
        if "*" not in given and _blanks(english[key]) - given
    }
    assert not unfilled, unfilled


def test_an_error_reads_in_each_language_and_english_is_its_message() -> None:
    error = errors.InvalidInput.of("err_unit_code_does_not_exist", code="x9")
    assert error.message == str(error) == "unit 'x9' does not exist"
    assert error.message_in("zh") == "单位 'x9' 不存在"
    both = errors.InvalidInput.of_each(
        [("err_password_min_length", {"min_length": 12}), ("err_password_common", {})]
    )
    assert both.message.startswith("a password has at least 12 characters; this password")
    assert both.message_in("zh").startswith("密码不少于 12 个字符；该密码属于常用密码")
    # A stored code in a refusal reads as its word for a Chinese reader, as the code in English.
    late = errors.InvalidInput.of("err_status_task_cannot_be_extended", status="accepted")
    assert late.message_in("zh") == "任务处于“已签收”状态，不能申请延期"
    assert late.message == "a accepted task cannot be extended"


@pytest.mark.parametrize("step", ["remind", "urge", "notice_yellow", "notice_red"])
@pytest.mark.parametrize("subject", ["accept", "report", "task"])
def test_every_ladder_mail_has_its_words_in_both_languages(step: str, subject: str) -> None:
    """The ladder's e-mails name their catalogue keys from the step and the subject: each
    combination must find its words (a missing key would read as ``mail_…``)."""
    from luoshi.domains.supervision import notify
    from luoshi.domains.tasks.models import Task
    from luoshi.kernel.models import Unit

    message = notify.ladder_message(
        step=step,
        task=Task(code="T00007", title="Clean rivers", progress=30),
        unit=Unit(code="u", name_zh="水利厅", name_en="Water Resources"),
        subject=subject,
        period="2023-05",
        due="2023-06-10",
        days=3,
    )
    zh_subject, zh_body = message.for_reader("zh")
    en_subject, en_body = message.for_reader("en")
    for words in (zh_subject, zh_body, en_subject, en_body):
        assert "mail_" not in words and "{" not in words, words
    assert "水利厅" in zh_body and "Water Resources" in en_body
    assert not re.search(r"[\u4e00-\u9fff]", en_subject + en_body), en_subject + en_body
    assert re.search(r"[\u4e00-\u9fff]", zh_subject), zh_subject


def test_every_event_and_step_of_a_mail_subject_has_its_words() -> None:
    from luoshi.domains.supervision import events, notify

    for zh, en in [*events.LABELS.values(), *notify.STEP_LABELS.values()]:
        assert not zh.startswith("mail_") and not en.startswith("mail_"), (zh, en)
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)
    assert set(events.LABELS) == set(events.EVENTS)
