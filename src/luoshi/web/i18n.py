"""The pages' words: a shim over the catalogues (``luoshi/i18n.py``, ``locale/*.po``).

``translator(language)`` is what templates receive as ``t``: ``t.key`` and ``t['key']`` read
the catalogue of the reader's language. ``LABELS`` is where code written before the
catalogues put its words; an entry added here still shows at once (it overrides the
catalogue), and ``python tools/i18n_sync.py`` moves it into both ``.po`` files. Keep it empty:
``tests/test_i18n.py`` fails while an entry waits here.
"""

from __future__ import annotations

from functools import cache

from luoshi.i18n import Labels, labels, language_of

LABELS: dict[str, dict[str, str]] = {"zh": {}, "en": {}}


def translator(language: str) -> Labels:
    """Every label of ``language`` (unknown → Chinese), the dicts' leftovers on top."""
    lang = language_of(language)
    leftovers = LABELS.get(lang, {})
    if not leftovers:
        return labels(lang)
    return _merged(lang, tuple(sorted(leftovers.items())))


@cache
def _merged(language: str, leftovers: tuple[tuple[str, str], ...]) -> Labels:
    merged = Labels(labels(language))
    merged.update(leftovers)
    return merged
