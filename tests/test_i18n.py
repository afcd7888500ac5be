"""Every word a reader can meet is in both catalogues, filled in, with the same blanks.

Keys are found where they are used: ``t.key`` and ``t['key']`` in every template, the few
ways Python names a label (``text("key", …)``, ``_t(request, "key")``, a flash key, an error
page's code), and the codes a template turns into words with a prefix (``t[task.status]``,
``t['pp_' ~ p.state]``): every stored code of those families must have its word.
"""

from __future__ import annotations

import re
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from luoshi import i18n
from luoshi.web.i18n import LABELS, translator

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "luoshi"
TEMPLATES = SRC / "web" / "templates"

TEMPLATE_KEYS = (
    re.compile(r"\bt\.([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"\bt\[\s*['\"]([A-Za-z0-9_.]+)['\"]\s*\]"),
)
PYTHON_KEYS = (
    re.compile(r"(?<![.\w])text\(\s*\"([A-Za-z][A-Za-z0-9_.]*)\""),
    re.compile(r"\b_t\(\s*request,\s*\"([A-Za-z0-9_.]+)\""),
    re.compile(r"\bflash=\"([A-Za-z0-9_.]+)\""),
    re.compile(r"\bflash=\(.*?,\s*\"([A-Za-z0-9_.]+)\"\)"),
    re.compile(r"\b_refusal\(\s*request,\s*[^,]+,\s*\"([A-Za-z0-9_.]+)\""),
    re.compile(r"\.of\(\s*\"([A-Za-z0-9_.]+)\""),
    re.compile(r"^(?:PAGE_CODES|FIELD_MESSAGES) = \{([^}]*)\}", re.M),
)


def _template_keys() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for pattern in TEMPLATE_KEYS:
            for key in pattern.findall(source):
                used.setdefault(key, set()).add(str(path.relative_to(SRC)))
    return used


def _python_keys() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "errors.py":  # defines .of(); its docstring shows a made-up key
            continue
        source = path.read_text(encoding="utf-8")
        for pattern in PYTHON_KEYS:
            for found in pattern.findall(source):
                # A dict of codes names its keys as its values.
                keys = re.findall(r":\s*\"([a-z_]+)\"", found) if ":" in found else [found]
                for key in keys:
                    used.setdefault(key, set()).add(str(path.relative_to(SRC)))
    return used


def _families() -> dict[str, tuple[str, ...]]:
    """Stored codes a template turns into words, by the key each becomes."""
    from luoshi.domains.docking import rules as docking
    from luoshi.domains.progress.rules import LIGHTS
    from luoshi.domains.proposals import rules as proposals
    from luoshi.domains.support import rules as support
    from luoshi.domains.tasks.rules import STATUSES
    from luoshi.domains.tasks.schemas import CYCLES

    return {
        "task status": STATUSES,
        "light": LIGHTS,
        "report cycle": CYCLES,
        "proposal state": tuple(f"pp_{s}" for s in proposals.STATES),
        "proposal kind": tuple(f"pp_{s}" for s in proposals.KINDS),
        "proposal outcome": tuple(f"pp_{s}" for s in proposals.OUTCOMES),
        "support status": tuple(f"support_{s}" for s in support.STATUSES),
        "docking status": tuple(f"docking_{s}" for s in docking.STATUSES),
    }


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_template_key_is_in_the_catalogue(language: i18n.Language) -> None:
    catalogue = i18n.catalogue(language)
    missing = {k: sorted(w) for k, w in _template_keys().items() if k not in catalogue}
    assert not missing, f"not in {i18n.LOCALES[language]}/messages.po: {missing}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_key_python_names_is_in_the_catalogue(language: i18n.Language) -> None:
    catalogue = i18n.catalogue(language)
    used = _python_keys()
    assert {"wrong_login", "csrf_rejected", "page_not_found", "may_not", "field_too_long"} <= set(
        used
    )  # the scan works
    missing = {k: sorted(w) for k, w in used.items() if k not in catalogue}
    assert not missing, f"not in {i18n.LOCALES[language]}/messages.po: {missing}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_stored_code_shown_on_a_page_has_its_word(language: i18n.Language) -> None:
    catalogue = i18n.catalogue(language)
    missing = {
        family: [key for key in codes if key not in catalogue]
        for family, codes in _families().items()
    }
    assert not any(missing.values()), missing


def test_both_catalogues_hold_the_same_keys_all_filled_in() -> None:
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    assert len(zh) > 400
    assert set(zh) ^ set(en) == set(), "a key in one catalogue only"
    empty = [
        f"{lang}:{k}"
        for lang, cat in (("zh", zh), ("en", en))
        for k, v in cat.items()
        if not v.strip()
    ]
    assert not empty, f"empty translations: {empty}"


def _blanks(message: str) -> set[str]:
    names = {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(message) if name}
    return names | set(re.findall(r"%[sd]", message))


def test_a_chinese_message_has_no_blank_the_english_lacks() -> None:
    """Code fills the blanks the English (the wording of logs and the CLI) names; the
    Chinese may leave a detail out but never ask for one the code does not give."""
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    extra = {k: _blanks(zh[k]) - _blanks(en[k]) for k in zh if _blanks(zh[k]) - _blanks(en[k])}
    assert not extra, extra


def test_no_label_waits_in_the_old_dicts() -> None:
    assert LABELS == {"zh": {}, "en": {}}, "run: python tools/i18n_sync.py"


def test_the_catalogues_are_as_the_sync_command_writes_them() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n_sync.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_dict_entry_shows_before_it_is_synced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LABELS, "en", {"brand_new_label": "Brand new"})
    assert translator("en")["brand_new_label"] == "Brand new"
    assert translator("en")["tasks"] == i18n.text("tasks", "en")
    assert translator("zh")["brand_new_label"] == "brand_new_label"  # missing reads as its key


def test_languages_dates_and_numbers_follow_the_reader() -> None:
    assert i18n.language_of("zh-CN") == "zh" and i18n.language_of("en_GB") == "en"
    assert i18n.language_of("fr") == "zh" and i18n.language_of(None) == "zh"
    assert i18n.accepted_language("fr;q=1, en-US;q=0.8, zh;q=0.5") == "en"
    assert i18n.accepted_language("de, fr") is None
    assert i18n.accepted_language("en;q=0, zh-TW") == "zh"
    day = date(2023, 6, 30)
    assert i18n.format_date(day, "zh") == "2023年6月30日"
    assert i18n.format_date(day, "en") == "Jun 30, 2023"
    assert i18n.format_decimal(1234567.5, "en") == "1,234,567.5"
    assert i18n.text("unread_count", "zh", n=3) == "3条未读"
    assert i18n.text("unread_count", "en", n=3) != i18n.text("unread_count", "zh", n=3)


def _audit_actions() -> set[str]:
    """Every audit action the code records: the literal ones, and the families built from
    a code (task transitions, ladder steps, notifications, support transitions)."""
    from luoshi.domains.supervision.events import EVENTS
    from luoshi.domains.support.rules import TRANSITIONS as SUPPORT_TRANSITIONS
    from luoshi.domains.tasks.rules import TRANSITIONS

    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found.update(re.findall(r"\baction=\"([a-z_]+\.[a-z_]+)\"", path.read_text("utf-8")))
        found.update(re.findall(r"\baction=\"([a-z_]+\.[a-z_]+)\" if", path.read_text("utf-8")))
        found.update(re.findall(r"else \"([a-z_]+\.(?!html\b)[a-z_]+)\",", path.read_text("utf-8")))
    found.update(f"task.{name}" for name in TRANSITIONS)
    found.update(
        f"supervision.{step}" for step in ("remind", "urge", "notice_yellow", "notice_red")
    )
    found.update(f"notify.{event}" for event in EVENTS)
    found.update(f"support.{name}" for name in SUPPORT_TRANSITIONS)
    found.update(("extension.approve", "extension.refuse"))
    return found


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_history_entry_has_words(language: i18n.Language) -> None:
    actions = _audit_actions()
    assert {"task.assign", "supervision.notice_yellow", "user.deactivate"} <= actions
    catalogue = i18n.catalogue(language)
    missing = sorted(a for a in actions if f"event_{a}" not in catalogue)
    assert not missing, f"no event_<action> in {i18n.LOCALES[language]}: {missing}"


def test_templates_format_days_numbers_and_events_per_reader() -> None:
    from luoshi.web.pages.rendering import TEMPLATES

    template = TEMPLATES.env.from_string("{{ d | day }} · {{ n | number }} · {{ a | event }}")
    values = {"d": date(2023, 6, 30), "n": 1234567.5, "a": "supervision.notice_yellow"}
    zh = template.render(t=translator("zh"), lang="zh", **values)
    en = template.render(t=translator("en"), lang="en", **values)
    assert zh == "2023年6月30日 · 1,234,567.5 · 发出黄色督办单"
    assert en == "Jun 30, 2023 · 1,234,567.5 · Issued a yellow supervision notice"
    unknown = template.render(t=translator("en"), lang="en", d=None, n=None, a="new.code")
    assert unknown == " ·  · new.code"
