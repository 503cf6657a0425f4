"""The trend chart's legend is in the page's language (issue 12 #5): it once came from the series
API, which answers in the browser's language, so a Vietnamese page on an English phone showed an
English legend. The legend now comes from the page."""

import datetime

import pytest
from django.utils import timezone

from reports.choices import ReportKind
from reports.summary.services import summary_compile
from tests.conftest import browser_login
from tests.factories import bulk_daily

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEGEND = "Chart.getChart(document.getElementById('trend-chart')).data.datasets[0].label"


def test_the_legend_follows_the_page_not_the_phone(
    chromium_browser, live_server, catalogue, le_chan, all_wards, committee_member
):
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=k) for k in range(1, 4)]
    bulk_daily(all_wards[:2], days, committee_member, {"confirmed_cases": 2, "masks_given": 250})
    for day in days:
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=day)
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-US",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, committee_member.username)
        page.goto("/dashboard/")
        assert page.get_attribute("html", "lang") == "vi"
        page.wait_for_selector("#trend-chart[data-indicator=confirmed_cases]:not([data-loading])")
        assert page.evaluate(LEGEND).startswith("Ca mắc được xác định")
        page.select_option("[data-testid=chart-indicator]", "masks_given")
        page.wait_for_selector("#trend-chart[data-indicator=masks_given]:not([data-loading])")
        legend = page.evaluate(LEGEND)
        assert legend.startswith("Khẩu trang phát miễn phí"), legend
        assert "Masks" not in legend and "masks" not in legend
    finally:
        context.close()
