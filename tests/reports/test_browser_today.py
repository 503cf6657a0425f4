"""Browser test: an officer fills in and submits today's daily report on a phone-sized window."""

import pytest

from reports.choices import ReportStatus
from reports.models import Report
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_submits_daily_report_on_phone(phone_page, catalogue, officer_an_bien):
    page = phone_page
    browser_login(page, officer_an_bien.username)
    page.click("[data-testid=today-button]")
    page.wait_for_selector("[data-testid=form-heading]")
    # The form fits the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.fill("input[name=home_quarantine]", "14")
    page.fill("input[name=confirmed_cases]", "0")
    page.fill("input[name=samples_tested]", "6")
    page.fill("input[name=masks_given]", "-5")
    page.click("[data-testid=save-draft]")
    # The bad value is refused next to its field; everything typed is still there.
    error = page.locator("input[name=masks_given] ~ .invalid-feedback, #error_1_id_masks_given")
    assert error.first.is_visible()
    assert page.input_value("input[name=home_quarantine]") == "14"
    assert not Report.objects.exists()

    page.fill("input[name=masks_given]", "250")
    page.click("[data-testid=save-draft]")
    page.wait_for_selector(".alert-success")
    assert page.input_value("input[name=masks_given]") == "250"  # prefilled from the draft
    page.fill("input[name=situation]" if page.locator("input[name=situation]").count() else "textarea[name=situation]",
              "Tình hình ổn định <b>không</b> có ca mới")  # fmt: skip
    page.click("[data-testid=review-report]")  # saved, then checked on the review page
    page.wait_for_selector("[data-testid=confirm-heading]")
    page.click("[data-testid=submit-report]")
    page.wait_for_selector(".alert-success")
    assert page.locator("[data-testid=status]").first.inner_text().strip() != ""

    report = Report.objects.get(ward=officer_an_bien.ward)
    assert report.status == ReportStatus.SUBMITTED
    assert dict(report.values.values_list("indicator__code", "value")) == {
        "home_quarantine": 14, "confirmed_cases": 0, "samples_tested": 6, "masks_given": 250,
    }  # fmt: skip
    assert report.situation == "Tình hình ổn định <b>không</b> có ca mới"
