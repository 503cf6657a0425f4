"""The committee's morning in Chromium at 360 px and 1280 px (issue 14 #1, #5): the closed day
first, today "đến giờ: 7/15 phường", pending wards, whole indicator names on the cards, the chart's
7-day average and rates per 100,000 residents. Screenshots go to test-results/ to be looked at.

The deadline is set to 23:59 so that "before the deadline" holds whatever the hour the test runs
at (the live server reads the real clock).
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from reports.choices import ReportKind
from reports.models import ReportDeadline
from reports.summary.services import summary_compile
from tests.browser.crawl import AXE, AXE_RUN
from tests.conftest import browser_login
from tests.factories import bulk_daily

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHART = "Chart.getChart(document.getElementById('trend-chart')).data.datasets"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_committees_morning(chromium_browser, live_server, catalogue, le_chan, all_wards, committee_member, width):
    ReportDeadline.objects.update_or_create(
        kind=ReportKind.DAILY, defaults={"days_after_period_end": 0, "time": datetime.time(23, 59)}
    )
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily(all_wards, days, committee_member, {"confirmed_cases": 2, "home_quarantine": 40})
    bulk_daily(all_wards[:7], [today], committee_member, {"confirmed_cases": 1, "home_quarantine": 12})
    for n, ward in enumerate(all_wards):
        ward.population = 20_000 + 1_000 * n
        ward.save(update_fields=["population"])
    for day in [today, *days]:
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=day)

    context = chromium_browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=width < 500, has_touch=width < 500, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        browser_login(page, committee_member.username)
        page.goto("/dashboard/")
        page.wait_for_selector("#trend-chart[data-indicator=confirmed_cases]:not([data-loading])")
        heading = page.locator("[data-testid=closed-day]").inner_text()
        assert (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y") in heading
        assert page.locator("[data-testid=kpi-confirmed_cases]").inner_text() == "30"
        assert "đến giờ: 7/15 phường" in page.locator("[data-testid=so-far-confirmed_cases]").inner_text()
        assert "8 chờ hạn" in page.locator("[data-testid=live-pending]").inner_text()
        # The two quarantine cards can be told apart: each name whole, nothing cut or hidden.
        for code in ("home_quarantine", "central_quarantine"):
            name = page.locator(f"[data-testid=kpi-name-{code}]")
            assert name.inner_text() == str(catalogue[code].name)
            assert name.evaluate(
                "e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).textOverflow !== 'ellipsis'"
            )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(AXE_RUN) == []  # no serious or critical accessibility problem
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"morning-dashboard-{width}.png"), full_page=True)

        # Trends: the 7-day average, then rates per 100,000 residents.
        page.check("[data-testid=chart-average]")
        page.wait_for_selector("#trend-chart[data-average='7']:not([data-loading])")
        assert len(page.evaluate(CHART)) == 2
        page.check("[data-testid=chart-per]")
        page.wait_for_selector("#trend-chart[data-per='100000']:not([data-loading])")
        values = page.evaluate(f"{CHART}[0].data")
        assert values[-1] == round(30 * 100_000 / sum(20_000 + 1_000 * n for n in range(15)), 2)
        page.locator("#trend-chart").scroll_into_view_if_needed()
        page.screenshot(path=str(RESULTS / f"morning-chart-{width}.png"), full_page=False)

        # The grid up to today: seven wards on time, eight pending (not missing).
        page.goto(f"/dashboard/?end={today:%d/%m/%Y}")
        # Today on the chart is partial: drawn apart (dashed, hollow point), counted in data-open.
        page.wait_for_selector("#trend-chart[data-open='1']:not([data-loading])")
        assert page.locator("[data-testid=ward-grid] [data-state=pending]").count() == 8
        assert page.locator("[data-testid=ward-grid] [data-state=missing]").count() == 0
        page.locator("[data-testid=ward-grid]").scroll_into_view_if_needed()
        page.screenshot(path=str(RESULTS / f"morning-grid-{width}.png"), full_page=False)
        assert page.evaluate(AXE_RUN) == []

        # Today's summary before the deadline: so far, wards awaiting the deadline.
        page.click("[data-testid=closed-day-summary]")
        page.wait_for_selector("[data-testid=summary-heading]")
        page.goto("/dashboard/summaries/")
        page.locator("[data-testid=so-far-badge]").first.locator("xpath=..").locator("a").click()
        page.wait_for_selector("[data-testid=so-far-notice]")
        assert "đến giờ: 7/15 phường" in page.locator("[data-testid=so-far-notice]").inner_text()
        assert page.locator("[data-testid=ward-lines] [data-state=pending]").count() == 8
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(AXE_RUN) == []
        page.screenshot(path=str(RESULTS / f"morning-summary-{width}.png"), full_page=False)
        assert not errors, errors
    finally:
        context.close()
