"""Browser test at 360×740 (issue 12 #10): the officer's home is their task list and fits the phone."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from reports import services as report_services
from tests.conftest import browser_login
from tests.factories import daily, draft_daily

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def test_officer_home_task_list_at_360px(chromium_browser, live_server, catalogue, officer_an_bien, committee_member):
    today = timezone.localdate()
    for n in range(3, 8):
        daily(officer_an_bien.ward, today - datetime.timedelta(days=n), {"home_quarantine": 10 + n}, officer_an_bien)
    for n, comment in ((1, "Bổ sung số mẫu xét nghiệm."), (2, "Kiểm tra lại số khẩu trang.")):
        report = report_services.report_submit(
            report=draft_daily(officer_an_bien, today - datetime.timedelta(days=n)), user=officer_an_bien
        )
        report_services.report_return(report=report, user=committee_member, comment=comment)
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, officer_an_bien.username)
        returned = page.locator("[data-testid=home-returned]")
        assert "(2)" in returned.inner_text()
        assert "Bổ sung số mẫu xét nghiệm." in returned.inner_text()
        assert "Kiểm tra lại số khẩu trang." in returned.inner_text()
        assert page.locator("[data-testid=today-card]").is_visible()
        assert page.locator("[data-testid=home-strip]").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        strip = page.locator("[data-testid=home-strip]").bounding_box()
        assert strip["x"] + strip["width"] <= 360  # the week fits the phone's width
        assert "hour" not in page.locator("[data-testid=today-card]").inner_text()  # no English
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "officer-home-360.png"), full_page=True)
    finally:
        context.close()
