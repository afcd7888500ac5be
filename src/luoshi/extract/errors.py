"""The one error the extractor raises for input it cannot read."""

from __future__ import annotations

from typing import Any

from luoshi.i18n import text


class ExtractInputError(ValueError):
    """The input is empty, binary, too large or in a format the extractor cannot read.

    The message is meant for the person who uploaded the file: it names a catalogue message
    (``key``, ``params``), so delivery can say it in the uploader's language; ``str()`` is
    the English.
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(text(key, "en", **params))
        self.key = key
        self.params = params
