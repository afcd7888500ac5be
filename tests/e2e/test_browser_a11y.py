"""Accessibility in the system's headless Chromium (issue 12, item 7).

axe-core (npm `axe-core`, copied by `make install` into tests/e2e/vendor, never served by the
app) runs on every main page as each demo role and fails on any WCAG 2.1 A/AA violation,
colour contrast included; a keyboard reaches the task list's filters and its first task with
a visible focus; and a Chromium that has no CJK font of its own draws the pages' Chinese in
the Noto Sans SC the app ships, loaded from the app under its CSP and from nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from luoshi.cli.demo import DEMO_PASSWORD, build_demo
from luoshi.db import make_engine
from luoshi.migrations import runner
from luoshi.settings import Settings
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, csp_violations, serving

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SECRETS: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("a11y") / "demo.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    runner.upgrade(engine)
    engine.dispose()
    # Today's clock with the demo of 2023: the ASVS policy, whose passwords do not expire.
    settings = Settings(
        environment="test", database_url=url, secret_key="a" * 40, password_policy="asvs"
    )
    build_demo(settings, as_of=date(2023, 6, 30))
    with serving(settings) as base:
        yield base


def _log_in(page: Any, server: str, username: str) -> None:
    """Logs ``page`` in as a demo user; an administrator sets up (or gives) a second factor."""
    import pyotp

    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.locator("form[action='/login/enrol'] button").count():
        page.click("form[action='/login/enrol'] button")
        SECRETS[username] = page.locator("#totp-secret").inner_text()
        code = pyotp.TOTP(SECRETS[username]).now()
    elif username in SECRETS:
        # Each code is good once: the next step's, still inside the allowed drift.
        code = pyotp.TOTP(SECRETS[username]).at(datetime.now(UTC), counter_offset=1)
    else:
        return
    page.fill("input[name=code]", code)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _violations(page: Any, *, skip: tuple[str, ...] = ()) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per element."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async ([tags, skip]) => {
            const rules = {};
            skip.forEach((id) => { rules[id] = { enabled: false }; });
            const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules });
            const why = (n) => n.failureSummary.replace(/\\s+/g, ' ');
            return r.violations.flatMap((v) => v.nodes.map((n) =>
                `${v.id} (${v.impact}): ${n.target.join(' ')} :: ${why(n)}`));
        }""",
        [WCAG_AA, list(skip)],
    )
    return list(found)


def _first_link(page: Any, pattern: str) -> str:
    """The first link in the page's main part whose path matches ``pattern``."""
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        if re.fullmatch(pattern, href):
            return str(href)
    raise AssertionError(f"no link like {pattern} on {page.url}")


def _check(page: Any, server: str, path: str, failures: dict[str, list[str]], **kw: Any) -> None:
    response = page.goto(f"{server}{path}")
    assert response is not None, path
    found = _violations(page, **kw)
    if found:
        failures[f"{path} [{response.status}]"] = found


# Each role's pages; a `~pattern` entry opens the first link matching it on the page before.
PAGES: dict[str, tuple[str, ...]] = {
    "office": (
        "/",
        "/tasks",
        "~/tasks/\\d+",
        "/tasks?light=red",
        "~/tasks/\\d+",
        "/inbox",
        "/dashboard",
        "/sources",
        "~/sources/\\d+",
        "/projects",
        "~/projects/\\d+",
        "/projects/metrics",
        "/proposals",
        "~/proposals/\\d+",
        "/livelihood",
        "~/livelihood/\\d+",
        "/indicators",
        "~/indicators/\\d+",
        "/support-items",
        "~/support-items/\\d+",
        "/docking",
        "~/docking/\\d+",
        "/bulletins",
        "/tasks/999999",
        "/?lang=en",
        "/tasks?lang=en",
    ),
    # A unit leading tasks in progress: its home, the report form on its task, its inbox.
    "jxt": ("/", "/tasks?status=in_progress", "~/tasks/\\d+", "/inbox", "/dashboard"),
    "chengdu": ("/", "/tasks", "/dashboard"),
    "leader": ("/", "/dashboard", "/tasks?light=red", "~/tasks/\\d+", "/inbox"),
    "admin": ("/admin", "/admin/users", "/admin/units", "/admin/settings", "/admin/calendar"),
    "secadmin": ("/admin", "/admin/users", "/admin/roles", "/admin/security"),
    "auditor": ("/admin", "/admin/audit", "/admin/audit?object_type=user", "/tasks"),
    "": ("/login", "/public", "/no-such-page"),
}


@pytest.mark.parametrize("username", list(PAGES), ids=[u or "anonymous" for u in PAGES])
def test_every_page_meets_wcag_21_aa(server: str, browser: object, username: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (it copies npm's axe-core there)")
    # The test injects axe-core as an inline script, which the app's CSP rightly refuses.
    _check_pages(browser.new_context(bypass_csp=True), server, username, PAGES[username])


def _check_pages(context: Any, server: str, username: str, paths: tuple[str, ...]) -> None:
    """axe-core over ``paths`` as ``username`` (none: anonymous) in a browser ``context``;
    a path "~PATTERN" is the first link of the page before that matches it."""
    page = context.new_page()
    if username:
        _log_in(page, server, username)
    failures: dict[str, list[str]] = {}
    for path in paths:
        if path.startswith("~"):
            path = _first_link(page, path[1:])
        _check(page, server, path, failures)
    context.close()
    assert failures == {}, "\n".join(
        f"{where}\n  " + "\n  ".join(lines) for where, lines in failures.items()
    )


# On a 390 px phone a wide table scrolls in its own box (luoshi.css), which a keyboard must
# reach: the pages the office and a unit open there.
PHONE_PAGES: dict[str, tuple[str, ...]] = {
    "office": (
        "/",
        "/tasks",
        "/inbox",
        "/dashboard",
        "/projects",
        "/projects/metrics",
        "/proposals",
        "/livelihood",
        "/indicators",
        "~/indicators/\\d+",
        "/support-items",
        "/docking",
        "/bulletins",
    ),
    "jxt": ("/", "/tasks", "~/tasks/\\d+", "/inbox", "/projects", "~/projects/\\d+"),
}


@pytest.mark.parametrize("username", list(PHONE_PAGES))
def test_the_pages_on_a_phone_meet_wcag_21_aa(server: str, browser: object, username: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    _check_pages(context, server, username, PHONE_PAGES[username])


def test_the_big_screen_and_a_filtered_list_meet_wcag_21_aa(server: str, browser: object) -> None:
    """The big screen reloads itself every five minutes by design (a wall display nobody
    reads with a keyboard: axe's meta-refresh rule is the one left out there); and the task
    list's rows swapped in by htmx after a filter meet the same bar as the first ones."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    _log_in(page, server, "office")
    failures: dict[str, list[str]] = {}
    _check(page, server, "/dashboard/screen", failures, skip=("meta-refresh",))
    page.goto(f"{server}/tasks")
    page.select_option("select[name=light]", "red")
    expect(page).to_have_url(f"{server}/tasks?light=red")
    found = _violations(page)
    if found:
        failures["/tasks after choosing red"] = found
    context.close()
    assert failures == {}, failures


def _focus(page: Any) -> dict[str, Any]:
    """What has the keyboard's focus, and whether it shows (an outline of 2 px or more)."""
    return dict(
        page.evaluate(
            """() => {
                const e = document.activeElement;
                const s = getComputedStyle(e);
                return { tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
                         href: e.getAttribute('href') || '', cls: e.className || '',
                         row: !!e.closest('table.tasks tbody'),
                         visible: e.matches(':focus-visible') && s.outlineStyle !== 'none'
                                  && parseFloat(s.outlineWidth) >= 2 };
            }"""
        )
    )


def test_the_task_list_by_keyboard(server: str, browser: object) -> None:
    """Tab: the skip link shows first and jumps past the header; tabbing on meets the search
    box and each filter, each with a visible focus, then the first task, which Enter opens;
    a filter changed by the arrow keys filters the list as a click would."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    _log_in(page, server, "office")
    page.goto(f"{server}/tasks")
    page.keyboard.press("Tab")
    first = _focus(page)
    assert first["cls"] == "skip" and first["visible"], first
    assert page.locator("a.skip").bounding_box()["y"] >= 0  # type: ignore[index]
    page.keyboard.press("Enter")
    met: list[str] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        now = _focus(page)
        assert now["visible"], now
        met.append(now["name"] or now["href"])
        if now["row"]:
            break
    assert met[:5] == ["q", "status", "light", "unit", "sort"], met
    assert re.fullmatch(r"/tasks/\d+", met[-1]), met
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server}{met[-1]}")

    page.goto(f"{server}/tasks")
    page.focus("select[name=light]")
    page.keyboard.press("ArrowDown")
    expect(page).to_have_url(f"{server}/tasks?light=green")
    page.close()


def test_a_machine_without_a_cjk_font_shows_chinese_in_the_shipped_one(
    server: str, browser: object, tmp_path: Path
) -> None:
    """A Chromium whose fontconfig knows only DejaVu (no CJK face) draws the login page's and
    the dashboard's Chinese in the app's Noto Sans SC: each slice it needs is a woff2 from
    /static/vendor answered 200 under the CSP, nothing is asked of any other host, and the
    charts are set in the same font."""
    from playwright.sync_api import Browser, Request, Response, expect

    assert isinstance(browser, Browser)

    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        "<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    # A Chromium of its own: the module's one sees the machine's fonts.
    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env
    )
    try:
        page = chromium.new_page()
        blocked = csp_violations(page)
        elsewhere: list[str] = []
        fonts: dict[str, int] = {}

        def asked(request: Request) -> None:
            if not request.url.startswith(server) and not request.url.startswith("data:"):
                elsewhere.append(request.url)

        def answered(response: Response) -> None:
            if response.url.endswith(".woff2"):
                fonts[response.url] = response.status

        page.on("request", asked)
        page.on("response", answered)
        page.goto(f"{server}/login?lang=zh")
        page.evaluate("document.fonts.ready")
        assert fonts, "the page loaded no web font"
        assert all(
            url.startswith(f"{server}/static/vendor/noto-sans-sc/files/") and status == 200
            for url, status in fonts.items()
        ), fonts
        assert page.evaluate("document.fonts.check('15px \"Noto Sans SC Variable\"', '落实')")
        # What Chromium actually drew the brand's 落实 with.
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        brand = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".brand"})["nodeId"]
        drawn = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": brand})["fonts"]
        assert any(f["isCustomFont"] and "Noto Sans SC" in f["familyName"] for f in drawn), drawn

        _log_in(page, server, "leader")
        page.goto(f"{server}/dashboard")
        chart = page.locator("[data-chart] canvas").first
        expect(chart).to_be_visible(timeout=15_000)
        family = page.evaluate(
            "echarts.getInstanceByDom(document.querySelector('[data-chart]'))"
            ".getOption().textStyle.fontFamily"
        )
        assert "Noto Sans SC Variable" in family, family
        assert page.evaluate(
            "document.fonts.check('12px \"Noto Sans SC Variable\"', "
            "document.querySelector('[data-chart]').closest('section').querySelector('h2')"
            ".textContent)"
        )
        assert elsewhere == [] and blocked == [], (elsewhere, blocked)
    finally:
        chromium.close()
