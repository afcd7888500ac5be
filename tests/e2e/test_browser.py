"""End to end in the system's headless Chromium: log in, read the task list, open a task.

The demo database is built as `luoshi demo` builds it, served by uvicorn on a free port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from luoshi.cli.demo import DEMO_PASSWORD, build_demo
from luoshi.db import make_engine
from luoshi.migrations import runner
from luoshi.settings import Settings
from luoshi.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "demo.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    runner.upgrade(engine)
    engine.dispose()
    settings = Settings(environment="test", database_url=url, secret_key="e" * 40)
    build_demo(settings, as_of=date(2023, 6, 30))
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `make install` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def test_login_list_and_provenance(server: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    page.goto(f"{server}/tasks")
    expect(page).to_have_url(f"{server}/login?next=/tasks")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_be_visible()
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/tasks")
    rows = page.locator("table.tasks tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10
    everything = int(page.locator("#task-total").inner_text())
    # Filtering through htmx swaps the rows in place, without leaving the page.
    page.select_option("select[name=unit]", "sc.swt")
    expect(page.locator("#task-total")).not_to_have_text(str(everything))
    assert 0 < int(page.locator("#task-total").inner_text()) < everything
    assert "商务厅" in page.locator("table.tasks tbody").inner_text()
    expect(page).to_have_url(f"{server}/tasks")
    page.goto(f"{server}/tasks")
    page.locator("table.tasks tbody tr td.code a").first.click()
    mark = page.locator("mark#span")
    expect(mark).to_be_visible()
    assert len(mark.inner_text()) > 20
    page.screenshot(path=str(tmp_path / "task.png"))


def _total_as(browser: object, server: str, username: str) -> int:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/tasks")
    total = int(page.locator("#task-total").inner_text())
    page.close()
    return total


def test_a_unit_sees_only_its_tasks(server: str, browser: object) -> None:
    everything = _total_as(browser, server, "office")
    commerce = _total_as(browser, server, "swt")
    assert 0 < commerce < everything
