"""The dashboard in the system's headless Chromium: ECharts draws every chart from the JSON
beside it under the strict CSP (no violation on the console), on the page and on the big
screen, and the office's home links each figure to the filtered list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.sample import load_sample_province
from luoshi.migrations import runner
from luoshi.settings import Settings
from tests.e2e.conftest import csp_violations, serving
from tests.web.test_chart_palette import NON_TEXT_CONTRAST, contrast

PASSWORD = "dashboard-horse-42"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'dashboard.db'}"
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
        roles=["office", "leader"],
    )
    session.commit()
    session.close()
    engine.dispose()
    settings = Settings(environment="test", database_url=url, secret_key="d" * 40)
    with serving(settings) as base:
        yield base


def test_the_dashboard_draws_its_charts_under_the_csp(server: str, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    blocked = csp_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/", timeout=30_000)

    # Two published tasks, through the API with the session's token.
    token = page.request.get(f"{server}/api/auth/csrf").json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    for title, unit in (("扩大有效投资", "sc.cd"), ("促进消费恢复", "sc.bz")):
        made = page.request.post(
            f"{server}/api/tasks", data={"title": title, "lead_unit": unit}, headers=headers
        )
        assert made.ok, made.text()
        assigned = page.request.post(
            f"{server}/api/tasks/{made.json()['id']}/assign",
            data={"lead_unit": unit},
            headers=headers,
        )
        assert assigned.ok, assigned.text()

    page.goto(f"{server}/?lang=zh")
    expect(page.locator("#home-office")).to_be_visible()
    expect(page.locator("#home-leader")).to_be_visible()
    page.locator("#home-office a[href='/tasks?status=assigned']").click()
    expect(page).to_have_url(f"{server}/tasks?status=assigned")

    for path in ("/dashboard", "/dashboard/screen"):
        page.goto(f"{server}{path}")
        chart = page.locator("#chart-lights_unit .chart canvas")
        expect(chart.first).to_be_attached(timeout=15_000)
        box = chart.first.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
        # The table beside it holds the same data.
        expect(page.locator("#chart-lights_unit table")).to_contain_text("成都市")
        _drawn_colours_stand_out(page, path)
    assert page.locator(".dashboard.screen").count() == 1
    assert not blocked, blocked
    assert not errors, errors


# What ECharts drew each chart with (its own record of the option), and the card under it.
DRAWN = """() => Array.from(document.querySelectorAll('[data-chart]'))
    .filter((el) => echarts.getInstanceByDom(el))
    .map((el) => {
      const option = echarts.getInstanceByDom(el).getOption();
      const aria = Array.isArray(option.aria) ? option.aria[0] : option.aria;
      return {
        key: el.getAttribute('data-chart'),
        card: getComputedStyle(el.closest('.chart-card')).backgroundColor,
        series: option.series.map((s) => [s.name, s.itemStyle.color]),
        decal: Boolean(aria && aria.enabled && aria.decal.show),
        label: el.getAttribute('aria-label'),
      };
    })"""


def _hex(rgb: str) -> str:
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _drawn_colours_stand_out(page: object, path: str) -> None:
    """Every series ECharts drew stands out from its card by 3:1 (WCAG 2.1 1.4.11), the bars
    carry patterns, and the chart keeps its title as its name."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    drawn = page.evaluate(DRAWN)
    assert len(drawn) >= 3, drawn
    for chart in drawn:
        card = _hex(chart["card"])
        assert chart["decal"], chart["key"]
        assert chart["label"], chart["key"]
        for name, colour in chart["series"]:
            ratio = contrast(colour, card)
            assert ratio >= NON_TEXT_CONTRAST, f"{path} {chart['key']}: {name} {colour} on {card}"
