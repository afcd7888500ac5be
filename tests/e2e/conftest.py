"""What the browser tests share: the system Chromium, and the app served on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.web.threaded import serving

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "csp_violations", "serving"]

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out of a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def csp_violations(page: object) -> list[str]:
    """Collects what the page's Content-Security-Policy blocked (Chromium reports each on
    the console); a page that works under the policy leaves the list empty."""
    from playwright.sync_api import ConsoleMessage, Page

    assert isinstance(page, Page)
    seen: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", note)
    return seen


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make browser` (Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
