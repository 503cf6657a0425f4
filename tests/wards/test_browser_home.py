"""Browser test: an officer logs in on a phone and sees their ward's home page in Vietnamese."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_logs_in_on_phone_and_sees_ward_home_in_vietnamese(phone_page, officer_an_bien):
    browser_login(phone_page, officer_an_bien.username)
    heading = phone_page.locator("[data-testid=home-heading]")
    assert "An Biên" in heading.inner_text()
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    # Navigation collapses behind the toggler on a phone.
    assert phone_page.locator(".navbar-toggler").is_visible()
