"""Browser test: an officer logs in on a phone and sees their ward's home page in Vietnamese."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_logs_in_on_phone_and_sees_ward_home_in_vietnamese(phone_page, officer_an_bien):
    browser_login(phone_page, officer_an_bien.username)
    heading = phone_page.locator("[data-testid=home-heading]")
    assert "Phường An Biên" in heading.inner_text()
    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert "Ban Chỉ đạo phường" in phone_page.locator("#content").inner_text()
    # On a phone the navigation collapses behind the toggler; opening it shows Vietnamese labels
    # and only what an officer may use (no administration).
    toggler = phone_page.locator(".navbar-toggler")
    assert toggler.is_visible()
    nav = phone_page.locator("#mainNav")
    assert not nav.get_by_role("link", name="Phường của tôi").is_visible()
    toggler.click()
    my_ward = nav.get_by_role("link", name="Phường của tôi")
    my_ward.wait_for(state="visible")
    assert nav.get_by_role("link", name="Trang chủ").is_visible()
    assert nav.get_by_role("link", name="Quản trị").count() == 0
    # The layout fits the phone: no horizontal scrolling.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The ward link leads to the officer's own ward.
    my_ward.click()
    phone_page.wait_for_url("**/wards/")
    assert "An Biên" in phone_page.locator("#content").inner_text()
