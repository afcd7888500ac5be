"""Move labels left in ``web/i18n.py``'s dicts into the catalogues, and tidy the catalogues.

    python tools/i18n_sync.py            # move, sort, rewrite; says what it did
    python tools/i18n_sync.py --check    # exit 1 when a run would change something
    python tools/i18n_sync.py --from OLD_I18N_PY   # take another branch's dicts (a merge)

``src/luoshi/web/i18n.py`` keeps ``LABELS = {"zh": {...}, "en": {...}}`` for code written
before the catalogues (and for a branch merged after them): a key added there works at once,
and this command carries it into ``src/luoshi/locale/{zh_CN,en}/LC_MESSAGES/messages.po``
(a dict's value wins over the catalogue's: it is the newer edit), sorts both catalogues by
key, notes beside each message what it says in the other language (for a translator), and
empties the dicts again. A key given in one language only is written with an empty
translation and named on stderr; ``tests/test_i18n.py`` fails until it is filled in.
"""

from __future__ import annotations

import argparse
import io
import re
import runpy
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SHIM = ROOT / "src" / "luoshi" / "web" / "i18n.py"
LOCALE_DIR = ROOT / "src" / "luoshi" / "locale"
LOCALES = {"zh": "zh_CN", "en": "en"}
OTHER = {"zh": "en", "en": "zh"}
# A fixed header date: a run that changes no message changes no byte.
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
# From the LABELS assignment to the first function: the dicts and any later .update()s.
LABELS_BLOCK = re.compile(r"^LABELS: dict\[str, dict\[str, str\]\] = .*?(?=^def )", re.S | re.M)
EMPTY_LABELS = 'LABELS: dict[str, dict[str, str]] = {"zh": {}, "en": {}}\n\n\n'


def po_path(language: str) -> Path:
    return LOCALE_DIR / LOCALES[language] / "LC_MESSAGES" / "messages.po"


def read_catalogue(language: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    path = po_path(language)
    if not path.exists():
        return {}, {}
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=LOCALES[language])
    texts: dict[str, str] = {}
    comments: dict[str, list[str]] = {}
    for message in catalogue:
        if isinstance(message.id, str) and message.id:
            texts[message.id] = message.string if isinstance(message.string, str) else ""
            comments[message.id] = list(message.user_comments)
    return texts, comments


def leftover_labels(path: Path = SHIM) -> dict[str, dict[str, str]]:
    """The dict entries still in web/i18n.py, or in an older copy of it (run as a file: no
    install needed)."""
    sys.path.insert(0, str(ROOT / "src"))
    namespace = runpy.run_path(str(path))
    labels = namespace.get("LABELS", {})
    return {language: dict(labels.get(language, {})) for language in LOCALES}


def render(
    language: str, texts: dict[str, str], others: dict[str, str], comments: dict[str, list[str]]
) -> bytes:
    catalogue = Catalog(
        locale=LOCALES[language],
        project="luoshi",
        version="1",
        copyright_holder="the luoshi authors",
        msgid_bugs_address="https://github.com/luoshi/luoshi/issues",
        last_translator="the luoshi authors",
        language_team=f"luoshi {LOCALES[language]}",
        creation_date=STAMP,
        revision_date=STAMP,
        fuzzy=False,
        header_comment=(
            f"# luoshi messages, {LOCALES[language]}. One symbolic key a message.\n"
            "# Edit here; `python tools/i18n_sync.py` sorts and annotates (docs/i18n.md)."
        ),
    )
    for key in sorted(texts):
        other = others.get(key, "")
        catalogue.add(
            key,
            texts[key],
            auto_comments=[f"{OTHER[language]}: {other}"] if other else [],
            user_comments=comments.get(key, []),
        )
    out = io.BytesIO()
    write_po(out, catalogue, width=0, sort_output=False, omit_header=False)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a run would"
    )
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="take the LABELS of this copy of web/i18n.py (another branch's) instead",
    )
    args = parser.parse_args(argv)

    leftovers = leftover_labels(args.source or SHIM)
    texts: dict[str, dict[str, str]] = {}
    comments: dict[str, dict[str, list[str]]] = {}
    for language in LOCALES:
        texts[language], comments[language] = read_catalogue(language)
        texts[language].update(leftovers[language])
    every = set(texts["zh"]) | set(texts["en"])
    for language in LOCALES:
        for key in sorted(every - set(texts[language])):
            print(f"{key}: no {LOCALES[language]} text; left empty", file=sys.stderr)
            texts[language][key] = ""

    changed: list[Path] = []
    for language in LOCALES:
        new = render(language, texts[language], texts[OTHER[language]], comments[language])
        path = po_path(language)
        if not path.exists() or path.read_bytes() != new:
            changed.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(new)
    moved = sum(len(entries) for entries in leftovers.values())
    if moved and args.source is None:
        changed.append(SHIM)
        if not args.check:
            source = SHIM.read_text(encoding="utf-8")
            emptied, count = LABELS_BLOCK.subn(EMPTY_LABELS, source, count=1)
            if count != 1:
                print(f"{SHIM}: could not find the LABELS block to empty", file=sys.stderr)
                return 2
            SHIM.write_text(emptied, encoding="utf-8")
    for path in changed:
        print(("would change " if args.check else "changed ") + str(path.relative_to(ROOT)))
    if moved:
        print(f"{moved} dict entries {'to move' if args.check else 'moved'} into the catalogues")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
