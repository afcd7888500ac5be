"""The one error the extractor raises for input it cannot read."""

from __future__ import annotations


class ExtractInputError(ValueError):
    """The input is empty, binary, too large or in a format the extractor cannot read.

    The message is meant for the person who uploaded the file.
    """
