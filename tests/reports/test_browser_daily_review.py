"""Browser test at 360×740 (issue 12 #2, #11): after a failed save the error summary at the top of the
daily form takes the focus and its links lead to the fields; carried-over figures are prefilled;
"Review" shows the changes and the unusual values before the one "Submit" button."""

import datetime

import pytest
from django.utils import timezone

from reports.choices import ReportStatus
from reports.models import Report
from tests.conftest import browser_login
from tests.factories import daily

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

USUAL = {"home_quarantine": 12, "central_quarantine": 3, "samples_tested": 8, "confirmed_cases": 0, "masks_given": 150}


@pytest.fixture
def small_phone(chromium_browser, live_server):
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def test_error_summary_takes_the_focus_and_the_review_step_shows_flags_at_360px(
    small_phone, catalogue, officer_an_bien
):
    today = timezone.localdate()
    for n in range(9, 0, -1):
        daily(officer_an_bien.ward, today - datetime.timedelta(days=n), USUAL, officer_an_bien)
    page = small_phone
    browser_login(page, officer_an_bien.username)
    page.goto("/reports/today/")
    page.wait_for_selector("[data-testid=form-heading]")
    # Carried over from yesterday; flows empty.
    assert page.input_value("input[name=home_quarantine]") == "12"
    assert page.input_value("input[name=masks_given]") == ""
    assert page.locator("[data-testid=carried-over]").count() == 2
    assert page.locator("[data-testid=carried-over]").first.inner_text().strip() == "giữ từ báo cáo trước"

    page.fill("input[name=samples_tested]", "abc")
    page.fill("input[name=masks_given]", "9000")
    page.click("[data-testid=save-draft]")
    summary = page.locator("[data-testid=error-summary]")
    summary.wait_for()
    assert "Có 1 lỗi cần sửa" in summary.inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert summary.bounding_box()["y"] < 740  # on screen, where the officer looks
    assert page.input_value("input[name=masks_given]") == "9000"  # nothing typed is lost
    page.click("[data-testid=error-summary] a[href='#id_samples_tested']")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'samples_tested'")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.fill("input[name=samples_tested]", "9")
    page.click("[data-testid=review-report]")
    page.wait_for_selector("[data-testid=confirm-heading]")
    assert page.locator("[data-code=masks_given][data-flagged]").count() == 1
    assert page.locator("[data-code=home_quarantine][data-flagged]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    report = Report.objects.get(ward=officer_an_bien.ward, period_start=today)
    assert report.status == ReportStatus.DRAFT

    page.click("[data-testid=submit-report]")
    page.wait_for_selector(".alert-success")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not [e for e in page.errors if "Content Security Policy" in e or "Refused" in e]  # type: ignore[attr-defined]
