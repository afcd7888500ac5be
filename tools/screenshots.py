"""Screenshots of the journeys' key pages for README.md and docs/, on a fresh demo database.

    make screenshots
    python tools/screenshots.py --out docs/screenshots [--only home-office,dashboard]

Builds the demo (``luoshi demo``'s data, living on 2023-06-30) in a temporary directory,
serves it on a free local port with the clock set to that day, and photographs each page
in the system's headless Chromium as the role that uses it: 1280x800, the phone's report
form at 390x844. The data and the clock are fixed, so a rerun changes little (times of
day and the charts' anti-aliasing at most). Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as day_time
from pathlib import Path
from typing import Any

from luoshi import clock
from luoshi.cli.demo import DEMO_PASSWORD, build_demo
from luoshi.db import make_engine
from luoshi.migrations import runner
from luoshi.settings import Settings
from luoshi.web.threaded import serving

AS_OF = date(2023, 6, 30)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@dataclass(frozen=True)
class Shot:
    name: str  # the file's name, without .png
    user: str
    take: Callable[[Any, str], None]  # (page, base URL): leaves the page ready to photograph
    phone: bool = False


def _open(path: str, ready: str = "main h1, main h2") -> Callable[[Any, str], None]:
    def take(page: Any, base: str) -> None:
        page.goto(f"{base}{path}")
        page.locator(ready).first.wait_for()

    return take


def _charts(path: str) -> Callable[[Any, str], None]:
    def take(page: Any, base: str) -> None:
        page.goto(f"{base}{path}")
        page.locator(".chart canvas").first.wait_for(state="attached")
        page.wait_for_timeout(1500)  # ECharts' entry animation

    return take


def _red_task(page: Any, base: str) -> None:
    """The first red task of the list: its light and the reasons at the top."""
    page.goto(f"{base}/tasks?light=red")
    page.locator("table.tasks tbody tr td.code a").first.click()
    page.locator("ul.reasons").wait_for()


def _report_form(page: Any, base: str) -> None:
    """A unit's task with a report to file, its report form open, on the phone."""
    page.goto(f"{base}/tasks?sort=light")
    links = page.locator("table.tasks tbody tr td.code a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        page.goto(f"{base}{href}")
        form = page.locator("#report-form")
        if form.count():
            break
    else:
        raise SystemExit("no task of the demo's unit has a report to file")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.scroll_into_view_if_needed()


SHOTS = (
    Shot("home-office", "office", _open("/", "#home-office")),
    Shot("home-unit", "jxt", _open("/", "#home-unit")),
    Shot("home-leader", "leader", _open("/", "#home-leader")),
    Shot("dashboard", "leader", _charts("/dashboard")),
    Shot("dashboard-screen", "office", _charts("/dashboard/screen")),
    Shot("tasks", "office", _open("/tasks", "table.tasks")),
    Shot("task-reasons", "office", _red_task),
    Shot("review", "office", _open("/sources/1", "article.directive")),
    Shot("report-phone", "jxt", _report_form, phone=True),
    Shot("inbox", "office", _open("/inbox")),
    Shot("audit", "auditor", _open("/admin/audit?object_type=task", "table.audit")),
)
NAMES = tuple(s.name for s in SHOTS)


def _log_in(browser: Any, base: str, username: str, *, phone: bool) -> Any:
    import pyotp

    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        is_mobile=phone,
        has_touch=phone,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    page = context.new_page()
    page.goto(f"{base}/login?lang=zh")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.locator("form[action='/login/enrol'] button").count():
        # The demo's administrators set up a second factor at their first login.
        page.click("form[action='/login/enrol'] button")
        secret = page.locator("#totp-secret").inner_text()
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("button[type=submit]")
        page.wait_for_load_state()
    return page


def take(out: Path, only: tuple[str, ...] = NAMES) -> list[Path]:
    """Build the demo, serve it and write one PNG per page named in ``only``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="luoshi-shots-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        engine = make_engine(url)
        runner.upgrade(engine)
        engine.dispose()
        settings = Settings(
            environment="test",
            database_url=url,
            secret_key="screenshots-" + "s" * 40,
            # The demo's passwords date from its day; no rotation asked in the pictures.
            password_policy="asvs",
        )
        build_demo(settings, as_of=AS_OF)
        clock.travel_to(datetime.combine(AS_OF, day_time(10, 0), tzinfo=clock.LOCAL_TZ))
        try:
            with serving(settings) as base, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                pages: dict[tuple[str, bool], Any] = {}
                for shot in SHOTS:
                    if shot.name not in only:
                        continue
                    key = (shot.user, shot.phone)
                    if key not in pages:
                        pages[key] = _log_in(browser, base, shot.user, phone=shot.phone)
                    page = pages[key]
                    shot.take(page, base)
                    path = out / f"{shot.name}.png"
                    page.screenshot(path=str(path), animations="disabled", caret="hide")
                    written.append(path)
                browser.close()
        finally:
            clock.reset()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument(
        "--only", default=",".join(NAMES), help=f"comma-separated, of: {', '.join(NAMES)}"
    )
    args = parser.parse_args(argv)
    only = tuple(n.strip() for n in args.only.split(",") if n.strip())
    unknown = sorted(set(only) - set(NAMES))
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}; known: {', '.join(NAMES)}")
    for path in take(args.out, only):
        print(f"{path} {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
