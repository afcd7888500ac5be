"""End to end in the system's headless Chromium: upload a readout, review it, publish it.

A fresh SQLite database with the sample province and one supervision-office user, served
by uvicorn on a free port.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.sample import load_sample_province
from luoshi.migrations import runner
from luoshi.settings import Settings
from tests.e2e.conftest import csp_violations, serving

PASSWORD = "review-horse-42"
READOUT = """四川省政府常务会议纪要
2023年3月16日，省政府召开常务会议。
会议指出，今年以来全省经济运行总体平稳。
一要抓好项目投资。省发展改革委要加快重点项目建设，一季度新开工项目30个。各市（州）要在6月底前完成项目储备。
二要促进消费恢复。省商务厅要组织开展“春季消费季”活动，全年社会消费品零售总额增长5%。
会议还听取了天气情况汇报。
"""
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('review') / 'review.db'}"
    engine = make_engine(url)
    runner.upgrade(engine)
    session = make_sessionmaker(engine)()
    system = system_actor()
    assert not load_sample_province(session, actor=system).errors
    users.create_user(
        session,
        actor=system,
        username="office",
        password=PASSWORD,
        unit_code="sc",
        roles=["office"],
    )
    session.commit()
    session.close()
    engine.dispose()
    settings = Settings(environment="test", database_url=url, secret_key="r" * 40)
    with serving(settings) as base:
        yield base


def test_upload_review_and_publish(server: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    blocked = csp_violations(page)
    page.goto(f"{server}/login?next=/sources")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # Wait for the login to land: going on at once aborts its post, and hashing the
    # password (sec-auth's parameters) takes seconds on a loaded machine.
    expect(page).to_have_url(f"{server}/sources", timeout=30_000)
    page.goto(f"{server}/sources?lang=zh")

    # Upload the readout through the page.
    readout = tmp_path / "readout.txt"
    readout.write_text(READOUT, encoding="utf-8")
    page.set_input_files("input[name=file]", str(readout))
    page.fill("input[name=title]", "省政府常务会议")
    page.click("form.upload button[type=submit]")
    expect(page).to_have_url(f"{server}/sources/1")

    # The text shows every span and heading; what was left out stays plain.
    marks = page.locator("#source-text mark")
    expect(marks).to_have_count(3)
    expect(page.locator("#source-text strong.heading")).to_have_count(2)
    assert "天气情况" not in "".join(marks.all_inner_texts())
    cards = page.locator("article.directive")
    expect(cards).to_have_count(3)

    # Hovering a directive highlights its span; its key links to the span.
    second = cards.nth(1)
    second_id = second.get_attribute("data-directive")
    second.hover()
    expect(page.locator(f'mark[data-directive="{second_id}"]')).to_have_class("draft first hover")
    second.locator("a.key").click()
    expect(page).to_have_url(f"{server}/sources/1#span-{second_id}")

    # The extractor's lead unit is pre-selected; the reviewer moves it and saves in place.
    first = page.locator("article.directive").first
    first_id = first.get_attribute("data-directive")
    lead = first.locator("select[name=lead_unit]")
    expect(lead).to_have_value("sc.fgw")
    lead.select_option("sc.swt")
    # htmx sends the CSRF token as a header (from <body hx-headers>): the save works even
    # without the form's own field.
    first.locator("form.edit input[name=csrf_token]").evaluate("e => e.remove()")
    first.locator('button[name=status][value=""]').click()
    saved = page.locator(f"#dir-{first_id}")
    expect(saved.locator(".saved")).to_be_visible()
    expect(saved.locator("select[name=lead_unit]")).to_have_value("sc.swt")
    expect(page).to_have_url(f"{server}/sources/1#span-{second_id}")  # no page load
    page.reload()
    expect(page.locator(f"#dir-{first_id} select[name=lead_unit]")).to_have_value("sc.swt")

    page.screenshot(path=str(tmp_path / "draft.png"), full_page=True)

    # Publish quarterly. Nothing is confirmed yet, so the reviewer chooses to publish the
    # drafts too, and is asked once more with the drafts listed before anything goes out.
    page.select_option("form.publish select[name=report_cycle]", "quarterly")
    page.check('form.publish input[name=scope][value="all"]')
    page.click("form.publish button[type=submit]")
    confirm = page.locator("#confirm-drafts")
    expect(confirm.locator("ul.unconfirmed li")).to_have_count(3)
    confirm.locator("form.inline button[type=submit]").first.click()
    expect(page).to_have_url(f"{server}/tasks?q=S1-")
    rows = page.locator("table.tasks tbody tr")
    expect(rows).to_have_count(3)
    assert "商务厅" in rows.first.inner_text()
    assert "S1-001" in rows.first.inner_text()

    # Back on the source, each directive shows its task's code and can no longer be edited.
    page.goto(f"{server}/sources/1")
    expect(page.locator("article.directive a.task-code")).to_have_count(3)
    expect(page.locator("form.edit")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    assert blocked == []  # the pages, htmx and review.js all run under the CSP
