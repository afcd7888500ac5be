"""End to end in the system's headless Chromium: log in, read the task list, open a task.

The demo database is built as `luoshi demo` builds it, served by uvicorn on a free port.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from luoshi.cli.demo import DEMO_PASSWORD, build_demo
from luoshi.db import make_engine
from luoshi.migrations import runner
from luoshi.settings import Settings
from tests.e2e.conftest import csp_violations, serving

pytestmark = pytest.mark.browser
# The demo's administrators set up their second factor at their first login; the secrets
# they were shown, for their later logins in this module (the server is the module's).
SECRETS: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "demo.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    runner.upgrade(engine)
    engine.dispose()
    # Served on today's clock, not the demo's 2023: under the MLPS policy the demo users'
    # passwords would long have expired, so this server runs the ASVS policy (no rotation).
    settings = Settings(
        environment="test", database_url=url, secret_key="e" * 40, password_policy="asvs"
    )
    build_demo(settings, as_of=date(2023, 6, 30))
    with serving(settings) as base:
        yield base


def test_login_list_and_provenance(server: str, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    blocked = csp_violations(page)
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
    expect(page).to_have_url(f"{server}/tasks?unit=sc.swt")  # only the fields in use
    page.goto(f"{server}/tasks")
    page.locator("table.tasks tbody tr td.code a").first.click()
    mark = page.locator("mark#span")
    expect(mark).to_be_visible()
    assert len(mark.inner_text()) > 20
    page.screenshot(path=str(tmp_path / "task.png"))
    assert blocked == []


def test_an_administrator_sets_up_a_second_factor_at_first_login(
    server: str, browser: object
) -> None:
    import pyotp
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    page.goto(f"{server}/login?next=/sources")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.click("form[action='/login/enrol'] button")
    secret = SECRETS["admin"] = page.locator("#totp-secret").inner_text()
    assert page.locator("#totp-uri").inner_text().startswith("otpauth://totp/")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/sources")
    page.close()


def _total_as(browser: object, server: str, username: str) -> int:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    page.goto(f"{server}/login?next=/tasks")
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


def _logged_in(browser: object, server: str, username: str) -> object:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()  # a context of its own: its own session cookie
    page.goto(f"{server}/login?next=/tasks")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/tasks")
    return page


def test_a_report_filed_returned_and_seen(server: str, browser: object, tmp_path: Path) -> None:
    """A unit files from the pre-filled form, the office returns it with a comment, the
    unit sees the comment and its figures again in the form."""
    from playwright.sync_api import Page, expect

    unit = _logged_in(browser, server, "jxt")  # leads two tasks in progress
    assert isinstance(unit, Page)
    unit.goto(f"{server}/tasks?status=in_progress")
    unit.locator("table.tasks tbody tr td.code a").first.click()
    task_url = unit.url
    form = unit.locator("#report-form form")
    expect(form).to_be_visible()  # open: the unit's own report
    # Report once: the form starts from the last report; only what changed is typed.
    progress = form.locator("input[name=progress]")
    before = int(progress.input_value())
    assert before > 0 and form.locator("textarea[name=done]").input_value()
    after = min(100, before + 5)
    progress.fill(str(after))
    form.locator("textarea[name=next_steps]").fill("Open the second batch of projects (e2e)")
    form.locator("button[type=submit]").click()
    expect(unit.locator(".flash")).to_be_visible()
    assert unit.url.startswith(task_url) and unit.url.endswith("#reports")
    filed = unit.locator("article.report.submitted", has_text="second batch of projects (e2e)")
    expect(filed).to_be_visible()
    report_id = filed.get_attribute("id")
    assert report_id

    office = _logged_in(browser, server, "office")
    assert isinstance(office, Page)
    office.goto(task_url)
    review = office.locator(f"#{report_id} form.review-form")
    review.locator("input[name=comment]").fill("请列明第二批项目清单 (e2e)")
    review.locator("button[value=return]").click()
    expect(office.locator(".flash")).to_be_visible()
    expect(office.locator(f"article#{report_id}.returned")).to_be_visible()

    unit.goto(task_url)
    expect(unit.locator(f"#{report_id} .review-comment")).to_have_text("请列明第二批项目清单 (e2e)")
    expect(unit.locator("#report-form input[name=progress]")).to_have_value(str(after))
    unit.screenshot(path=str(tmp_path / "returned.png"), full_page=True)
    office.close()
    unit.close()


def _second_factor(page: object, username: str) -> None:
    """Set up the administrator's second factor at its first login, or give its code."""
    from datetime import UTC, datetime

    import pyotp
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    if username not in SECRETS:
        page.click("form[action='/login/enrol'] button")
        SECRETS[username] = page.locator("#totp-secret").inner_text()
        code = pyotp.TOTP(SECRETS[username]).now()
    else:
        # Each code is good once: the next step's code, still inside the allowed drift,
        # is not the one the last login of this administrator used.
        code = pyotp.TOTP(SECRETS[username]).at(datetime.now(UTC), counter_offset=1)
    page.fill("input[name=code]", code)
    page.click("button[type=submit]")


def _admin_page(browser: object, server: str, username: str) -> object:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    page.goto(f"{server}/login?next=/tasks")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    _second_factor(page, username)
    expect(page).to_have_url(f"{server}/admin")
    return page


def test_the_three_administrators_of_the_demo(server: str, browser: object) -> None:
    """三员: the demo's system, security and audit administrators each land on their own
    jobs; the security administrator grants a role and the auditor finds it in the trail."""
    from playwright.sync_api import Page, expect

    sysadmin = _admin_page(browser, server, "admin")
    assert isinstance(sysadmin, Page)
    expect(sysadmin.locator("nav.admin-jobs a[href='/admin/users']")).to_be_visible()
    assert sysadmin.locator("header a[href='/tasks']").count() == 0
    assert sysadmin.locator("nav.admin-jobs a[href='/admin/audit']").count() == 0
    assert sysadmin.goto(f"{server}/tasks").status == 403  # type: ignore[union-attr]
    sysadmin.close()
    secadmin = _admin_page(browser, server, "secadmin")
    assert isinstance(secadmin, Page)
    secadmin.goto(f"{server}/admin/roles")
    row = secadmin.locator("tr", has=secadmin.locator("td.code", has_text="nynct"))
    row.locator("select[name=role]").select_option("leader")
    row.get_by_role("button").last.click()
    expect(secadmin).to_have_url(f"{server}/admin/roles")
    expect(secadmin.locator(".flash")).to_contain_text("leader")
    secadmin.close()
    auditor = _admin_page(browser, server, "auditor")
    assert isinstance(auditor, Page)
    auditor.goto(f"{server}/admin/audit?object_type=user")
    expect(auditor.locator("table.audit")).to_contain_text("role.grant")
    expect(auditor.locator("table.audit")).to_contain_text("secadmin")
    auditor.close()


def test_the_api_docs_render_from_the_apps_own_files(server: str, browser: object) -> None:
    from playwright.sync_api import Page, Request, expect

    page = _logged_in(browser, server, "office")
    assert isinstance(page, Page)
    blocked = csp_violations(page)
    elsewhere: list[str] = []

    def note(request: Request) -> None:
        if not request.url.startswith(server) and not request.url.startswith("data:"):
            elsewhere.append(request.url)

    page.on("request", note)
    page.goto(f"{server}/docs")
    # Swagger UI draws one block per operation once it has read the OpenAPI document; it
    # draws only the blocks near the viewport, so the test scrolls through and counts them.
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    seen: set[str] = set()
    for _ in range(200):
        seen.update(page.locator(".opblock-summary-path").all_inner_texts())
        if len(seen) > 20:
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    assert len(seen) > 20, sorted(seen)
    assert elsewhere == [] and blocked == []
    page.close()


REGISTERS = (
    ("/projects", "/projects/"),
    ("/proposals", "/proposals/"),
    ("/livelihood", "/livelihood/"),
    ("/indicators", "/indicators/"),
    ("/support-items", "/support-items/"),
    ("/docking", "/docking/"),
)


def test_every_register_lists_the_demo_and_opens_a_record(server: str, browser: object) -> None:
    from playwright.sync_api import Page

    # One login for all six: the server limits logins per address and minute.
    page = _logged_in(browser, server, "office")
    assert isinstance(page, Page)
    blocked = csp_violations(page)
    for listing, detail in REGISTERS:
        response = page.goto(f"{server}{listing}")
        assert response is not None and response.status == 200, listing
        links = page.locator(f'main a[href^="{detail}"]')
        assert links.count() > 0, f"{listing} lists nothing"
        href = links.first.get_attribute("href")
        opened = page.goto(f"{server}{href}")
        assert opened is not None and opened.status == 200, href
        assert page.locator("main h1").count() == 1, href
    assert blocked == []
    page.close()


def test_filters_live_in_the_url_and_paste_searches(server: str, browser: object) -> None:
    """The task list's filters survive reload, back and the language switch; pasting into
    the search field searches (the input event, not only keys)."""
    from playwright.sync_api import Page, expect

    page = _logged_in(browser, server, "office")
    assert isinstance(page, Page)
    blocked = csp_violations(page)
    everything = int(page.locator("#task-total").inner_text())
    page.select_option("select[name=sort]", "light")
    expect(page).to_have_url(f"{server}/tasks?sort=light")
    # As a paste does: one input event carrying the whole word, no key pressed or released.
    page.locator("form.filters input[name=q]").focus()
    page.keyboard.insert_text("consumption")
    expect(page).to_have_url(f"{server}/tasks?q=consumption&sort=light")
    found = int(page.locator("#task-total").inner_text())
    assert 0 < found < everything
    page.select_option("select[name=light]", "green")
    expect(page).to_have_url(f"{server}/tasks?q=consumption&light=green&sort=light")
    green = page.locator("#task-total").inner_text()
    # Reload: the same list, the fields filled in.
    page.reload()
    expect(page.locator("form.filters input[name=q]")).to_have_value("consumption")
    expect(page.locator("select[name=light]")).to_have_value("green")
    expect(page.locator("#task-total")).to_have_text(green)
    # Back: the list before the light was chosen.
    page.go_back()
    expect(page).to_have_url(f"{server}/tasks?q=consumption&sort=light")
    expect(page.locator("#task-total")).to_have_text(str(found))
    expect(page.locator("select[name=light]")).to_have_value("")
    # The language switch keeps the query.
    page.go_forward()
    expect(page).to_have_url(f"{server}/tasks?q=consumption&light=green&sort=light")
    page.click("#lang-switch")
    expect(page).to_have_url(f"{server}/tasks?q=consumption&light=green&sort=light")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#task-total")).to_have_text(green)
    expect(page.locator("select[name=sort]")).to_have_value("light")
    assert blocked == []
