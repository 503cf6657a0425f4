"""The morning brief's settings page in Chromium at a phone (360 px) and a laptop (1280 px) size:
the crawl's rules (200, no horizontal scroll, no console/CSP error, axe-core without serious or
critical violations), a bad time refused next to its field, and a good one saved. Screenshots go
to test-results/screenshots/crawl/brief-*.png."""

import datetime

import pytest

from reports.summary import brief
from tests.browser.crawl import AXE, RECORD_CSP, Crawl
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGE = "/dashboard/brief/settings/"


@pytest.mark.parametrize(("width", "mobile"), [(360, True), (1280, False)])
def test_settings_page_in_the_browser(chromium_browser, live_server, district_admin, committee_member, width, mobile):
    context = chromium_browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=mobile, has_touch=mobile, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    context.add_init_script(script=RECORD_CSP)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_login(page, district_admin.username)
        run = Crawl(name=f"brief-{width}")
        run.watch(page)
        run.visit(page, PAGE, shot="settings")
        page.fill("input[name=send_at]", "")
        page.click("[data-testid=brief-settings-form] button[type=submit]")
        page.wait_for_selector("#id_send_at.is-invalid")
        assert page.locator("#id_send_at.is-invalid").count() == 1
        page.screenshot(path=f"test-results/screenshots/crawl/brief-{width}-settings-error.png", full_page=True)
        page.fill("input[name=send_at]", "07:05")
        page.fill("input[name=low_cover_days]", "10")
        page.click("[data-testid=brief-settings-form] button[type=submit]")
        page.wait_for_selector(".alert-success")
        assert not run.problems, "\n".join(run.problems)
    finally:
        context.close()
    row = brief.brief_settings()
    assert (row.send_at, row.low_cover_days) == (datetime.time(7, 5), 10)
