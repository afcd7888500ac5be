"""A unit files its report on a 390 px phone, and the pages fit a 768 px tablet (issue 12).

On each page of the journey the page never scrolls sideways (a wide table scrolls inside its
own box), and the header keeps its words on one line instead of one character per line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from luoshi.cli.demo import DEMO_PASSWORD, build_demo
from luoshi.db import make_engine
from luoshi.migrations import runner
from luoshi.settings import Settings
from tests.e2e.conftest import csp_violations, serving

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("phone") / "demo.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    runner.upgrade(engine)
    engine.dispose()
    # Today's clock with the demo of 2023: the ASVS policy, whose passwords do not expire.
    settings = Settings(
        environment="test", database_url=url, secret_key="p" * 40, password_policy="asvs"
    )
    build_demo(settings, as_of=date(2023, 6, 30))
    with serving(settings) as base:
        yield base


def _fits(page: Any, width: int) -> None:
    """The page is no wider than the screen, and no header word is stood on end."""
    where = page.url
    wide = page.evaluate("document.scrollingElement.scrollWidth")
    assert wide <= width, f"{where}: the page is {wide} px wide on a {width} px screen"
    # A link or button set one character per line is far taller than it is wide.
    tall = page.evaluate(
        """() => Array.from(document.querySelectorAll('header.top a, header.top button'))
            .map((e) => [e.textContent.trim(), e.getBoundingClientRect()])
            .filter(([text, r]) => text.length > 1 && r.height > 2 * parseFloat(
                getComputedStyle(document.body).fontSize) * 1.6)
            .map(([text, r]) => `${text}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert tall == [], f"{where}: header words wrapped {tall}"


def _log_in(page: Any, server: str, username: str) -> None:
    page.goto(f"{server}/login")
    _fits(page, page.viewport_size["width"])
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")


def test_a_unit_files_its_report_on_a_phone(server: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    blocked = csp_violations(page)
    _log_in(page, server, "jxt")  # leads tasks in progress
    _fits(page, 390)
    page.goto(f"{server}/tasks?status=in_progress")
    _fits(page, 390)
    table = page.locator("table.tasks")
    expect(table).to_be_visible()
    # The table, wider than the phone, scrolls in its own box: the page does not.
    box = table.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.locator("table.tasks tbody tr td.code a").first.tap()
    expect(page.locator("h1")).to_be_visible()
    _fits(page, 390)
    form = page.locator("#report-form form")
    if not form.is_visible():
        page.locator("#report-form summary").tap()
    expect(form).to_be_visible()
    progress = form.locator("input[name=progress]")
    progress.fill(str(min(100, int(progress.input_value() or 0) + 3)))
    form.locator("textarea[name=next_steps]").fill("手机上报：下周完成第二批项目验收（测试）")
    evidence = tmp_path / "验收照片说明.txt"
    evidence.write_text("第二批项目验收照片清单（测试用）\n", encoding="utf-8")
    form.locator("input[type=file][name=files]").set_input_files(str(evidence))
    for field in ("input[name=progress]", "textarea[name=done]", "input[type=file]"):
        field_box = form.locator(field).bounding_box()
        assert field_box is not None and field_box["x"] + field_box["width"] <= 390, field
    form.locator("button[type=submit]").tap()
    expect(page.locator(".flash")).to_be_visible()
    filed = page.locator("article.report.submitted", has_text="第二批项目验收（测试）")
    expect(filed).to_be_visible()
    expect(filed).to_contain_text("验收照片说明.txt")
    _fits(page, 390)
    page.goto(f"{server}/inbox")
    _fits(page, 390)
    page.screenshot(path=str(tmp_path / "phone-inbox.png"))
    assert blocked == []
    context.close()


TABLET_PAGES = ("/", "/tasks", "/tasks?light=red", "/inbox", "/dashboard", "/projects")


@pytest.mark.parametrize(("username", "size"), [("office", TABLET), ("office", PHONE)])
def test_the_office_pages_fit_a_tablet_and_a_phone(
    server: str, browser: object, username: str, size: dict[str, int]
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=size, is_mobile=True, has_touch=True)
    page = context.new_page()
    _log_in(page, server, username)
    for path in TABLET_PAGES:
        page.goto(f"{server}{path}")
        _fits(page, size["width"])
    # A task's own page, its ladder and history tables included.
    page.goto(f"{server}/tasks?light=red")
    page.locator("table.tasks tbody tr td.code a").first.click()
    page.wait_for_load_state()
    _fits(page, size["width"])
    context.close()
