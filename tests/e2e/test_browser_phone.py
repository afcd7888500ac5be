"""A unit files its report on a 390 px phone, and the pages fit a 768 px tablet (issue 12).

On each page of the journey the page never scrolls sideways (a wide table scrolls inside its
own box), and the header keeps its words on one line instead of one character per line.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
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


SECRETS: dict[str, str] = {}


def _log_in(page: Any, server: str, username: str) -> None:
    """Logs in as a demo user; an administrator sets up (or gives) a second factor."""
    import pyotp

    page.goto(f"{server}/login")
    _fits(page, page.viewport_size["width"])
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.locator("form[action='/login/enrol'] button").count():
        _fits(page, page.viewport_size["width"])
        page.click("form[action='/login/enrol'] button")
        SECRETS[username] = page.locator("#totp-secret").inner_text()
        code = pyotp.TOTP(SECRETS[username]).now()
    elif username in SECRETS:
        # Each code is good once: the next step's, still inside the allowed drift.
        code = pyotp.TOTP(SECRETS[username]).at(datetime.now(UTC), counter_offset=1)
    else:
        page.wait_for_url(f"{server}/")
        return
    _fits(page, page.viewport_size["width"])
    page.fill("input[name=code]", code)
    page.click("button[type=submit]")
    page.wait_for_load_state()


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


DESKTOP = {"width": 1280, "height": 800}
# English words are longer than Chinese ones: a unit's or a work line's name in a two-column
# home, a long unit name in a review form's choices.
DESKTOP_PAGES = ("/", "/tasks", "/dashboard", "/inbox", "/sources/1", "/sources/2")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_office_pages_fit_a_desktop_in_either_language(
    server: str, browser: object, lang: str
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _log_in(page, server, "office")
    for path in DESKTOP_PAGES:
        page.goto(f"{server}{path}?lang={lang}")
        assert page.locator("html").get_attribute("lang") == ("en" if lang == "en" else "zh-CN")
        wide = page.evaluate("document.scrollingElement.scrollWidth")
        assert wide <= DESKTOP["width"], f"{path} in {lang}: the page is {wide} px wide"
    context.close()


# Each lights table of the office's home: its width against its box's, and where its
# "Total" column ends against the box's right edge.
LIGHTS_TABLES = """() => Array.from(document.querySelectorAll('table.lights-table')).map((t) => {
    const box = t.parentElement.getBoundingClientRect();
    const total = Array.from(t.querySelectorAll('thead th'))
      .find((th) => th.textContent.trim() === TOTAL).getBoundingClientRect();
    return {table: t.scrollWidth, box: t.parentElement.clientWidth,
            total: Math.round(total.right), edge: Math.round(box.right)}; })"""


@pytest.mark.parametrize(("lang", "total"), [("en", "Total"), ("zh", "合计")])
def test_the_homes_lights_tables_show_their_total_at_1280_px(
    server: str, browser: object, lang: str, total: str
) -> None:
    """In English the lights' words are long: the by-unit and by-work-line tables scrolled
    in their half of the page with the Total column off to the right (643 and 629 px in a
    547 px box)."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _log_in(page, server, "office")
    page.goto(f"{server}/?lang={lang}")
    tables = page.evaluate(LIGHTS_TABLES.replace("TOTAL", repr(total)))
    assert len(tables) == 2
    for table in tables:
        assert table["table"] <= table["box"], table
        assert table["total"] <= table["edge"], table
    context.close()


# Each role's pages on a 390 px phone: its home, the task list, the inbox and a register's list
# (the administrators and the auditor: their own pages).
PHONE_PAGES = {
    "office": ("/", "/tasks", "/tasks?light=red", "/inbox", "/projects", "/proposals"),
    "leader": ("/", "/tasks", "/inbox", "/livelihood", "/dashboard"),
    "jxt": ("/", "/tasks", "/inbox", "/projects", "/support-items"),
    "chengdu": ("/", "/tasks", "/inbox", "/indicators"),
    "admin": ("/admin", "/inbox", "/admin/users", "/admin/units"),
    "secadmin": ("/admin", "/inbox", "/admin/users", "/admin/roles"),
    "auditor": ("/admin", "/inbox", "/admin/audit"),
}
# What a task's card shows, each cell in view and none cut: its code, its light (with its
# word), title, lead unit and due date.
CARD = """() => Array.from(document.querySelectorAll('table.task-list tbody tr')).slice(0, 5)
    .map((tr) => {
      const cell = (sel) => { const e = tr.querySelector(sel); if (!e) return null;
        const r = e.getBoundingClientRect();
        return {text: e.textContent.trim(), left: r.left, right: r.right,
                wide: e.scrollWidth > e.clientWidth + 1}; };
      return {display: getComputedStyle(tr).display,
              row: tr.getBoundingClientRect().right,
              code: cell('td.code'), light: cell('td.light-cell .light'),
              title: cell('td.title'),
              cells: Array.from(tr.querySelectorAll('td[data-label]')).map((td) =>
                [getComputedStyle(td, '::before').content, td.textContent.trim(),
                 td.getBoundingClientRect().right])};
    })"""


DESKTOP_EXTRA = {
    "admin": ("/admin/settings",),
    "secadmin": ("/admin/security",),
    "auditor": ("/admin/audit?object_type=user",),
}


@pytest.mark.parametrize("username", list(PHONE_PAGES))
def test_each_roles_pages_fit_a_phone(server: str, browser: object, username: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    blocked = csp_violations(page)
    _log_in(page, server, username)
    for path in PHONE_PAGES[username]:
        response = page.goto(f"{server}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        _fits(page, 390)
        if path != "/tasks":
            continue
        cards = page.evaluate(CARD)
        assert cards, f"{username}: no task on /tasks"
        for card in cards:
            # A card, not a table row; nothing in it wider than the phone or cut off.
            assert card["display"] == "grid", card
            assert card["row"] <= 390, card
            for part in ("code", "light", "title"):
                cell = card[part]
                assert cell and cell["text"] and cell["right"] <= 390 and not cell["wide"], card
            assert card["light"]["text"] in ("红灯", "黄灯", "绿灯", "已完成", "未开始"), card
            labels = [label for label, _, _ in card["cells"]]
            assert '"牵头单位："' in labels[0] and '"完成时限："' in labels[1], labels
            assert all(right <= 390 for _, _, right in card["cells"]), card
    assert blocked == []
    # The same pages on a desktop in English, in the same session (a second factor's code is
    # good once), with the administrators' long values: settings, security policy, the trail.
    desktop = browser.new_context(viewport=DESKTOP, storage_state=context.storage_state())
    page = desktop.new_page()
    for path in PHONE_PAGES[username] + DESKTOP_EXTRA.get(username, ()):
        page.goto(f"{server}{path}{'&' if '?' in path else '?'}lang=en")
        wide = page.evaluate("document.scrollingElement.scrollWidth")
        assert wide <= DESKTOP["width"], f"{username} {path}: the page is {wide} px wide"
    desktop.close()
    context.close()


def _edge_shades(page: Any) -> tuple[int, int]:
    """The darkest pixel (sum of red, green and blue) in a column 2 px in from the left and
    from the right edge of the header's row of links, as the screen shows it."""
    from PIL import Image

    nav = page.locator("header.top nav")
    shot = Image.open(io.BytesIO(nav.screenshot())).convert("RGB")
    width, height = shot.size
    pixels = shot.load()
    assert pixels is not None

    def darkest(x: int) -> int:
        return min(sum(pixels[x, y]) for y in range(height))

    return darkest(2), darkest(width - 3)


def test_the_header_links_show_there_is_more_and_a_keyboard_reaches_them(
    server: str, browser: object
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    _log_in(page, server, "office")
    page.goto(f"{server}/tasks")
    nav = page.locator("header.top nav")
    overflow = nav.evaluate("(n) => [n.scrollWidth, n.clientWidth]")
    assert overflow[0] > overflow[1], "the header's links fit: nothing to show here"
    brand = sum((0x9B, 0x1C, 0x1C))  # the header's red
    # At the start: the right edge fades (more links that way), the left does not.
    left, right = _edge_shades(page)
    assert right < brand - 60, (left, right)
    assert left >= brand - 10, (left, right)
    # The keyboard walks the links; the last one scrolls into view, within the row.
    links = nav.locator("a")
    last = links.nth(links.count() - 1)
    page.locator(".brand").focus()
    for _ in range(links.count()):
        page.keyboard.press("Tab")
    assert last.evaluate("(a) => a === document.activeElement")
    box, row = last.bounding_box(), nav.bounding_box()
    assert box is not None and row is not None
    assert box["x"] >= row["x"] and box["x"] + box["width"] <= row["x"] + row["width"] + 1
    page.wait_for_timeout(100)
    # At the end: the left edge fades, the right does not.
    left, right = _edge_shades(page)
    assert left < brand - 60, (left, right)
    assert right >= brand - 10, (left, right)
    context.close()
