"""Browser test (issue 12): on a 360 px phone the unread badge and the committee's urgent count are in
the header bar beside the menu button, visible without opening the menu, with accessible names."""

import pytest
from django.utils import timezone

from reports import services
from reports.choices import NotificationKind, ReportKind, Severity
from tests.conftest import browser_login
from tests.factories import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_committee_sees_unread_and_urgent_counts_on_a_phone_without_opening_the_menu(
    chromium_browser, live_server, catalogue, officer_an_bien, committee_member
):
    report = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT, title="Ổ dịch tại chợ",
        severity=Severity.CRITICAL, occurred_at=at(timezone.localdate(), 8), location="Chợ An Biên",
        description="Một người sốt cao.",
    )  # fmt: skip
    services.report_submit(report=report, user=officer_an_bien)
    for key in ("a", "b"):
        services.notification_send(
            recipients=[committee_member], kind=NotificationKind.APPROVED, dedup_key=key,
            params={"kind": "daily", "period": "17/03/2020"},
        )  # fmt: skip
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    try:
        browser_login(page, committee_member.username)
        assert page.locator("#mainNav").is_hidden()  # the menu is collapsed
        bell = page.get_by_role("link", name="3 thông báo chưa đọc")
        urgent = page.get_by_role("link", name="1 báo cáo đột xuất chưa tiếp nhận")
        assert bell.is_visible() and urgent.is_visible()
        toggler = page.locator(".navbar-toggler").bounding_box()
        for link in (bell, urgent):
            box = link.bounding_box()
            assert box is not None and toggler is not None
            assert abs(box["y"] - toggler["y"]) < 20 and box["x"] + box["width"] <= toggler["x"]  # same bar
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        urgent.click()
        page.wait_for_url("**/reports/urgent/")
    finally:
        context.close()
