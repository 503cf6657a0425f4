"""Browser test: an officer on a 360 px phone types figures the Vietnamese way (1.000, 12,5) and
dates dd/mm/yyyy in Debian's Chromium; the portal saves what was meant."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from reports.choices import ValueType
from reports.models import Indicator, Report
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def positivity_rate(catalogue):
    """A decimal indicator an administrator added to the daily report."""
    return Indicator.objects.create(
        code="positivity_rate", name_vi="Tỷ lệ mẫu dương tính", name_en="Positivity rate", unit_vi="%",
        unit_en="%", value_type=ValueType.DECIMAL, in_daily=True, group="surveillance", order=99,
        max_value=Decimal(100),
    )  # fmt: skip


def page_at(chromium_browser, live_server, viewport, *, mobile: bool):
    context = chromium_browser.new_context(
        viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="en-US", base_url=live_server.url
    )  # an English phone: its number and date inputs would follow English, the portal's do not
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_officer_types_one_thousand_masks_and_twelve_and_a_half_percent_on_a_phone(
    chromium_browser, live_server, officer_an_bien, positivity_rate
):
    context, page = page_at(chromium_browser, live_server, PHONE, mobile=True)
    try:
        browser_login(page, officer_an_bien.username)
        page.click("[data-testid=today-button]")
        page.wait_for_selector("[data-testid=form-heading]")
        masks = page.locator("input[name=masks_given]")
        assert masks.get_attribute("type") == "text" and masks.get_attribute("inputmode") == "numeric"
        assert page.locator("input[name=positivity_rate]").get_attribute("inputmode") == "decimal"
        assert page.locator("input[type=number]").count() == 0

        # A whole-number field with a decimal comma: refused next to the field, the text kept.
        page.locator("input[name=masks_given]").press_sequentially("1,5")
        page.locator("input[name=home_quarantine]").press_sequentially("14")
        page.click("[data-testid=save-draft]")
        error = page.locator("#div_id_masks_given .invalid-feedback, #error_1_id_masks_given").first
        error.wait_for()
        assert "1,5" in error.inner_text()
        assert page.input_value("input[name=masks_given]") == "1,5"
        assert page.input_value("input[name=home_quarantine]") == "14"
        assert not Report.objects.exists()
        shot(page, "report-number-error-360.png")

        page.fill("input[name=masks_given]", "")
        page.locator("input[name=masks_given]").press_sequentially("1.000")
        page.locator("input[name=samples_tested]").press_sequentially("2 500")
        page.locator("input[name=positivity_rate]").press_sequentially("12,5")
        page.click("[data-testid=save-draft]")
        page.wait_for_selector(".alert-success")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Shown back grouped the Vietnamese way.
        assert page.input_value("input[name=masks_given]") == "1.000"
        assert page.input_value("input[name=samples_tested]") == "2.500"
        assert page.input_value("input[name=positivity_rate]") == "12,5"
        shot(page, "report-numbers-saved-360.png")
    finally:
        context.close()

    report = Report.objects.get(ward=officer_an_bien.ward)
    values = dict(report.values.values_list("indicator__code", "value"))
    assert values["masks_given"] == 1000
    assert values["samples_tested"] == 2500
    assert values["positivity_rate"] == Decimal("12.5")
    assert values["home_quarantine"] == 14


@pytest.mark.parametrize(("viewport", "mobile", "name"), [(PHONE, True, "360"), (LAPTOP, False, "1280")])
def test_officer_sends_an_urgent_report_with_the_date_typed_dd_mm_yyyy(
    chromium_browser, live_server, officer_an_bien, catalogue, viewport, mobile, name
):
    context, page = page_at(chromium_browser, live_server, viewport, mobile=mobile)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    try:
        browser_login(page, officer_an_bien.username)
        page.goto("/reports/urgent/new/")
        date_input = page.locator("input[name=occurred_at_date]")
        assert date_input.get_attribute("placeholder") == "dd/mm/yyyy"
        assert date_input.input_value() == timezone.localdate().strftime("%d/%m/%Y")
        page.fill("input[name=title]", "Ca nghi nhiễm tại chợ")
        date_input.fill("")
        date_input.press_sequentially(yesterday.strftime("%d%m%Y"))  # a digits-only keypad
        page.fill("input[name=occurred_at_time]", "08:30")
        page.fill("input[name=location]", "Chợ Cột Đèn")
        page.fill("textarea[name=description]", "Một người sốt cao.")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shot(page, f"urgent-form-{name}.png")
        page.click("[data-testid=send-urgent]")
        page.wait_for_selector(".alert-success")
    finally:
        context.close()
    report = Report.objects.get(kind="urgent")
    assert timezone.localtime(report.occurred_at).replace(tzinfo=None) == datetime.datetime.combine(
        yesterday, datetime.time(8, 30)
    )
