"""Browser test: a ward officer records a distribution on a phone-sized window."""

import pytest

from supplies import services
from supplies.choices import MovementKind
from supplies.models import StockMovement
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_records_a_distribution_on_a_phone(phone_page, officer_an_bien, masks, ward_stock):
    page = phone_page
    browser_login(page, officer_an_bien.username)

    # Through the collapsed navigation, as on a phone.
    page.click(".navbar-toggler")
    page.click("[data-testid=nav-supplies]")
    page.click("[data-testid=nav-distribute]")
    page.wait_for_selector("[data-testid=form-heading]")

    # The officer's own store is the only choice and is preselected.
    assert page.locator("#id_holder option[value]:not([value=''])").count() == 1
    assert page.input_value("#id_holder") == str(ward_stock.pk)
    page.select_option("#id_item", str(masks.pk))
    hint = page.locator("[data-testid=available-hint]")
    hint.wait_for(state="visible")
    assert "1.000" in hint.inner_text()

    page.fill("#id_quantity", "120")
    page.select_option("#id_recipient_type", "residential_group")
    page.fill("#id_recipient", "Tổ dân phố số 7")
    page.fill("#id_people_reached", "60")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("[data-testid=submit]")

    page.wait_for_selector("[data-testid=movement-heading]")
    assert "-120" in page.inner_text("[data-testid=movement-quantity]")
    assert page.locator(".alert-success").is_visible()
    movement = StockMovement.objects.get(kind=MovementKind.DISTRIBUTION)
    assert movement.created_by == officer_an_bien and movement.people_reached == 60
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 880


def test_officer_sees_the_refusal_when_asking_for_more_than_the_stock(phone_page, officer_an_bien, masks, ward_stock):
    page = phone_page
    browser_login(page, officer_an_bien.username)
    page.goto("/supplies/distribute/")
    page.select_option("#id_item", str(masks.pk))
    page.fill("#id_quantity", "5000")
    page.select_option("#id_recipient_type", "school")
    page.fill("#id_recipient", "Trường Tiểu học An Biên")
    page.fill("#id_people_reached", "400")
    page.click("[data-testid=submit]")
    error = page.locator("#id_quantity ~ .invalid-feedback, .invalid-feedback").first
    error.wait_for(state="visible")
    assert "1000" in error.inner_text()
    assert page.input_value("#id_recipient") == "Trường Tiểu học An Biên"
    assert services.available(holder_id=ward_stock.pk, item_id=masks.pk) == 1000
