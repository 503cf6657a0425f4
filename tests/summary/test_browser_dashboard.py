"""Browser test: the committee opens the dashboard on a phone, changes the chart's indicator and compiles."""

import datetime

import pytest
from django.utils import timezone

from reports.choices import ReportKind
from reports.models import ReportDeadline
from reports.summary.services import summary_compile
from tests.conftest import browser_login
from tests.factories import bulk_daily

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_committee_opens_dashboard_and_changes_the_chart_indicator(
    phone_page, catalogue, le_chan, all_wards, committee_member
):
    # Today's deadline has passed whatever the hour the test runs at: the dashboard shows up to today.
    ReportDeadline.objects.update_or_create(
        kind=ReportKind.DAILY, defaults={"days_after_period_end": 0, "time": datetime.time(0, 0)}
    )
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=k) for k in range(5)]
    bulk_daily(all_wards[:4], days, committee_member, {"confirmed_cases": 2, "masks_given": 250})
    for day in days[1:]:
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=day)

    page = phone_page
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    browser_login(page, committee_member.username)
    page.goto("/dashboard/")
    page.wait_for_selector("[data-testid=dashboard-heading]")
    chart = page.locator("#trend-chart")
    page.wait_for_selector("#trend-chart[data-indicator=confirmed_cases]:not([data-loading])")
    assert chart.get_attribute("data-points") == "4"  # today is not compiled yet
    assert "Ca mắc được xác định" in chart.get_attribute("aria-label")

    page.select_option("[data-testid=chart-indicator]", "masks_given")
    page.wait_for_selector("#trend-chart[data-indicator=masks_given]:not([data-loading])")
    assert "Khẩu trang phát miễn phí" in chart.get_attribute("aria-label")
    assert "indicator=masks_given" in page.url
    # The chart's data are the district totals: 4 wards × 250 masks on each compiled day.
    values = page.evaluate("Chart.getChart(document.getElementById('trend-chart')).data.datasets[0].data")
    assert values[-5:] == [1000, 1000, 1000, 1000, None]

    # "Compile now" for today: the page shows progress, then when it was compiled, and the chart fills in.
    page.click("[data-testid=compile-now]")
    page.wait_for_selector("#compile-form[data-state=done]")
    assert (
        "Đã tổng hợp lúc" in page.locator("[data-testid=compile-status]").inner_text()
        or "Compiled at" in page.locator("[data-testid=compile-status]").inner_text()
    )
    page.wait_for_selector("#trend-chart[data-points='5']:not([data-loading])")
    # The page fits the phone: no horizontal scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not missing, missing
