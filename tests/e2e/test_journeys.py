"""The journeys of issue #12, one after another, as people would make them in the system's
headless Chromium: only pages, clicks and forms, and assertions on what a person sees.

One server for the module, on a fresh database holding the sample province and the demo's
users and nothing else: the office uploads the project's seed readout and publishes it (a),
and the later journeys work on the tasks that made. The server's clock starts on the day
after the seed meeting and is moved on between journeys, as weeks pass in an office.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from luoshi import clock
from luoshi.cli.demo import DEMO_PASSWORD, DEMO_USERS
from luoshi.db import make_engine, make_sessionmaker
from luoshi.kernel import users
from luoshi.kernel.permissions import system_actor
from luoshi.kernel.sample import load_sample_province
from luoshi.migrations import runner
from luoshi.settings import Settings
from tests.e2e.conftest import csp_violations, serving

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# What one journey leaves for the next (the module's journeys run in order).
STATE: dict[str, Any] = {}


def _travel(day: date, at: time = time(9, 0)) -> None:
    clock.travel_to(datetime.combine(day, at, tzinfo=clock.LOCAL_TZ))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('journeys') / 'journeys.db'}"
    _travel(date(2023, 3, 17), time(8, 0))
    engine = make_engine(url)
    runner.upgrade(engine)
    session = make_sessionmaker(engine)()
    system = system_actor()
    assert not load_sample_province(session, actor=system).errors
    for username, unit, roles, _ in DEMO_USERS:
        users.create_user(
            session,
            actor=system,
            username=username,
            password=DEMO_PASSWORD,
            unit_code=unit,
            roles=list(roles),
        )
    session.commit()
    session.close()
    engine.dispose()
    settings = Settings(
        environment="test", database_url=url, secret_key="j" * 40, password_policy="asvs"
    )
    try:
        with serving(settings) as base:
            yield base
    finally:
        clock.reset()


def _login(browser: Any, server: str, username: str, **context: Any) -> Any:
    """A page of its own (its own session cookie) logged in as ``username``, on its home."""
    from playwright.sync_api import expect

    page = browser.new_context(**context).new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login"), timeout=30_000)
    return page


def test_a_the_office_uploads_the_seed_reviews_confirms_and_publishes(
    server: str, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = _login(browser, server, "office")
    blocked = csp_violations(page)
    page.goto(f"{server}/sources?lang=zh")
    seed = tmp_path / "seed_readout.txt"
    seed.write_bytes(resources.files("luoshi.data").joinpath("seed_readout.txt").read_bytes())
    page.set_input_files("input[name=file]", str(seed))
    page.fill("input[name=title]", "省委常委会会议 2023-03-16")
    page.click("form.upload button[type=submit]")
    expect(page).to_have_url(re.compile(r"/sources/\d+$"))
    cards = page.locator("article.directive")
    expect(cards.first).to_be_visible()
    # Counted once the whole page is parsed: the first card shows while a long
    # breakdown's later cards may still be arriving.
    page.wait_for_load_state("load")
    found = cards.count()
    assert found >= 5
    summary = page.locator("#review-summary")
    expect(summary.locator(".badge.draft b")).to_have_text(str(found))

    # The reviewer confirms two drafts in place (htmx: no page load; the counts follow)
    # and rejects one that is not a task.
    source_url = page.url
    for done in (1, 2):
        page.locator("article.directive.draft button.confirm").first.click()
        expect(summary.locator(".badge.confirmed b")).to_have_text(str(done))
    page.locator("article.directive.draft button.reject").last.click()
    expect(summary.locator(".badge.rejected b")).to_have_text("1")
    assert page.url == source_url
    drafts = found - 3

    # Publishing everything asks once more, listing the drafts nobody confirmed; the
    # reviewer confirms them all from that list, and lands on the new tasks.
    form = page.locator("form.publish")
    expect(form.locator("input[name=scope][value=confirmed]")).to_be_checked()
    form.locator("select[name=report_cycle]").select_option("monthly")
    form.locator("input[name=scope][value=all]").check()
    form.locator("button[type=submit]").click()
    confirm = page.locator("#confirm-drafts")
    expect(confirm.locator("ul.unconfirmed li")).to_have_count(drafts)
    confirm.locator("form.inline button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/tasks\?q=S\d+-$"))
    rows = page.locator("table.tasks tbody tr")
    expect(rows).to_have_count(found - 1)
    expect(page.locator("#task-total")).to_have_text(str(found - 1))
    jxt = rows.filter(has_text="经济和信息化厅")
    assert jxt.count() >= 2
    STATE["jxt_task"] = jxt.first.locator("td.code a").get_attribute("href")
    STATE["jxt_other"] = jxt.nth(1).locator("td.code a").get_attribute("href")
    nynct = rows.filter(has_text="农业农村厅")
    STATE["nynct_task"] = nynct.first.locator("td.code a").get_attribute("href")
    page.goto(source_url)
    expect(page.locator("article.directive a.task-code")).to_have_count(found - 1)
    assert blocked == []


def test_b_a_unit_accepts_a_task_and_files_a_report_with_evidence_on_a_phone(
    server: str, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    _travel(date(2023, 3, 20))
    page = _login(browser, server, "jxt", viewport=PHONE, is_mobile=True, has_touch=True)
    blocked = csp_violations(page)
    page.goto(f"{server}/?lang=zh")
    # The unit's home lists what it must do next: first, accept its new tasks.
    home = page.locator("#home-unit")
    expect(home).to_be_visible()
    assert _page_width(page) <= PHONE["width"]  # nothing wider than the phone
    home.locator(f"a[href='{STATE['jxt_task']}']").first.click()
    expect(page).to_have_url(f"{server}{STATE['jxt_task']}")
    page.locator("#acceptance button[name=accept]").click()
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator("#acceptance button[name=accept]")).to_have_count(0)

    # The report form: progress, what was done, a photo of the meeting as evidence.
    form = page.locator("#report-form")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    evidence = tmp_path / "meeting-minutes.txt"
    evidence.write_text("专题会议纪要：部署一季度工作（旅程测试）", encoding="utf-8")
    form.locator("input[name=progress]").fill("20")
    form.locator("textarea[name=done]").fill("召开专题会议，制定工作方案（旅程测试）")
    form.locator("input[name=files]").set_input_files(str(evidence))
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_be_visible()
    filed = page.locator("article.report.submitted", has_text="制定工作方案（旅程测试）")
    expect(filed).to_be_visible()
    expect(filed.locator("a", has_text="meeting-minutes.txt")).to_be_visible()
    STATE["report"] = filed.get_attribute("id")
    assert _page_width(page) <= PHONE["width"]
    assert blocked == []


def _page_width(page: Any) -> int:
    width: int = page.evaluate("document.scrollingElement.scrollWidth")
    return width


def test_c_the_office_reviews_the_report_and_returns_it_and_the_unit_sees_it(
    server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    office = _login(browser, server, "office")
    office.goto(f"{server}/?lang=zh")
    # The office's home counts the report among those waiting and links to it.
    queue = office.locator("#home-office")
    expect(queue.locator("a[href='#review-queue'] strong")).to_have_text("1")
    queue.locator(f"a[href^='{STATE['jxt_task']}']").first.click()
    review = office.locator(f"#{STATE['report']} form.review-form")
    review.locator("input[name=comment]").fill("请补充工作方案全文（旅程测试）")
    review.locator("button[value=return]").click()
    expect(office.locator(".flash")).to_be_visible()
    expect(office.locator(f"article#{STATE['report']}.returned")).to_be_visible()
    office.goto(f"{server}/")
    expect(queue.locator("a[href='#review-queue'] strong")).to_have_text("0")

    unit = _login(browser, server, "jxt")
    unit.goto(f"{server}/?lang=zh")
    returned = unit.locator("#home-unit").locator(f"a[href^='{STATE['jxt_task']}']")
    expect(returned.first).to_be_visible()
    returned.first.click()
    card = unit.locator(f"article#{STATE['report']}.returned")
    expect(card.locator(".review-comment")).to_have_text("请补充工作方案全文（旅程测试）")
    expect(unit.locator("#report-form input[name=progress]")).to_have_value("20")


def test_e_a_returned_task_is_reassigned_by_the_office_from_its_page(
    server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    unit = _login(browser, server, "nynct")
    unit.goto(f"{server}{STATE['nynct_task']}?lang=zh")
    acceptance = unit.locator("#acceptance")
    acceptance.locator("input[name=reason]").fill("此项属商务厅职责（旅程测试）")
    acceptance.locator("button.secondary").click()
    expect(unit.locator(".flash")).to_be_visible()

    office = _login(browser, server, "office")
    office.goto(f"{server}/?lang=zh")
    office.locator("#home-office a[href='/tasks?status=returned']").click()
    rows = office.locator("table.tasks tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("td.code a").click()
    card = office.locator("#reassign")
    expect(card).to_contain_text("此项属商务厅职责（旅程测试）")
    card.locator("select[name=lead_unit]").select_option("sc.swt")
    card.locator("button[type=submit]").click()
    expect(office.locator(".flash")).to_be_visible()
    expect(office.locator("#reassign")).to_have_count(0)
    expect(office.locator("main dl")).to_contain_text("四川省商务厅")

    commerce = _login(browser, server, "swt")
    commerce.goto(f"{server}{STATE['nynct_task']}")
    expect(commerce.locator("#acceptance button[name=accept]")).to_be_visible()


def _lights_of(page: Any, unit_name: str) -> dict[str, int]:
    """One unit's row of the dashboard's lights-by-unit table, as the leader reads it."""
    table = page.locator("#chart-lights_unit table")
    heads = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has=page.locator("th", has_text=unit_name))
    cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
    return {h: int(c) for h, c in zip(heads[1:], cells[1:], strict=True)}


def test_d_a_leader_sees_the_light_change_and_writes_an_instruction(
    server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    _travel(date(2023, 4, 10))
    leader = _login(browser, server, "leader")
    blocked = csp_violations(leader)
    leader.goto(f"{server}/dashboard?lang=zh")
    before = _lights_of(leader, "四川省经济和信息化厅")
    assert before["未开始"] >= 1, before

    # The unit accepts its other task and reports on it.
    unit = _login(browser, server, "jxt")
    unit.goto(f"{server}{STATE['jxt_other']}?lang=zh")
    unit.locator("#acceptance button[name=accept]").click()
    expect(unit.locator(".flash")).to_be_visible()
    form = unit.locator("#report-form")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.locator("input[name=progress]").fill("30")
    form.locator("textarea[name=done]").fill("完成第一批企业走访（旅程测试）")
    form.locator("button[type=submit]").click()
    expect(unit.locator(".flash")).to_be_visible()

    # On the leader's dashboard one of the unit's tasks moved from "not started" to green.
    leader.reload()
    after = _lights_of(leader, "四川省经济和信息化厅")
    assert after["未开始"] == before["未开始"] - 1, (before, after)
    assert after["绿灯"] == before["绿灯"] + 1, (before, after)
    assert after["合计"] == before["合计"]

    # From the figure to the task, and an instruction on it.
    leader.goto(f"{server}{STATE['jxt_other']}")
    expect(leader.locator("ul.reasons")).to_contain_text("30%")
    written = leader.locator("#instruction-form")
    written.locator("summary").click()
    written.locator("textarea[name=text]").fill("请加快进度，六月底前完成全部走访（旅程测试）")
    written.locator("button[type=submit]").click()
    expect(leader.locator(".flash")).to_be_visible()
    expect(leader.locator("#instructions")).to_contain_text("六月底前完成全部走访")

    # The unit sees it: on its home, among what it must answer, and on the task.
    unit.goto(f"{server}/?lang=zh")
    answer = unit.locator("#home-unit").locator(f"a[href^='{STATE['jxt_other']}']")
    expect(answer.first).to_be_visible()
    unit.goto(f"{server}{STATE['jxt_other']}")
    expect(unit.locator("#instructions article.instruction")).to_contain_text(
        "六月底前完成全部走访（旅程测试）"
    )
    assert blocked == []


def test_f_the_language_is_switched_mid_journey_with_the_filters_kept(
    server: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    office = _login(browser, server, "office")
    office.goto(f"{server}/tasks?lang=zh")
    office.select_option("select[name=unit]", "sc.jxt")
    expect(office).to_have_url(f"{server}/tasks?unit=sc.jxt")
    office.select_option("select[name=light]", "green")
    expect(office).to_have_url(f"{server}/tasks?light=green&unit=sc.jxt")
    total = office.locator("#task-total").inner_text()
    assert int(total) == 2
    expect(office.locator("table.tasks tbody")).to_contain_text("经济和信息化厅")
    office.click("#lang-switch")
    expect(office.locator("html")).to_have_attribute("lang", "en")
    expect(office).to_have_url(f"{server}/tasks?light=green&unit=sc.jxt")
    expect(office.locator("select[name=unit]")).to_have_value("sc.jxt")
    expect(office.locator("select[name=light]")).to_have_value("green")
    expect(office.locator("#task-total")).to_have_text(total)
    expect(office.locator("table.tasks tbody")).to_contain_text("Economy and Information")
    expect(office.locator("table.tasks thead")).to_contain_text("Lead unit")
    # ... and back, still filtered.
    office.click("#lang-switch")
    expect(office.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(office).to_have_url(f"{server}/tasks?light=green&unit=sc.jxt")
    expect(office.locator("#task-total")).to_have_text(total)


def test_g_the_auditor_finds_the_journey_in_the_trail_and_exports_it(
    server: str, browser: Any
) -> None:
    import pyotp
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "auditor")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    # The auditor sets up a second factor at the first login (三员).
    page.click("form[action='/login/enrol'] button")
    secret = page.locator("#totp-secret").inner_text()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server}/admin")
    page.goto(f"{server}/admin/audit?lang=zh")
    task_id = STATE["nynct_task"].rsplit("/", 1)[1]
    page.fill("input[name=object_type]", "task")
    page.fill("input[name=object_id]", task_id)
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(rf"object_type=task&object_id={task_id}"))
    # The journey of the refused task, newest first: who refused it, why, who reassigned it.
    trail = page.locator("table.audit tbody")
    refused = trail.locator("tr", has_text="task.return")
    expect(refused).to_contain_text("nynct")
    expect(refused).to_contain_text("退回任务")
    expect(trail.locator("tr", has_text="task.assign_units")).to_contain_text("office")
    expect(trail.locator("tr", has_text="task.create")).to_have_count(1)
    shown = trail.locator("tr").count()
    with page.expect_download() as download:
        page.click("form.filters a[href^='/admin/audit/export.csv']")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = [line for line in exported.splitlines() if re.match(r"\d+,", line)]
    assert len(lines) == shown
    assert all(f",task,{task_id}," in line for line in lines)
    assert any(",nynct,task.return," in line for line in lines)
    assert any(",office,task.assign_units," in line for line in lines)
