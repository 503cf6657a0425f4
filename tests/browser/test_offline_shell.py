"""Browser test (issue 13 #1): the service worker keeps the officer's home page and shows the Vietnamese
offline page for a page it has not kept, with the network cut (``context.set_offline``); a logout
empties the page cache."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_opens_offline_and_an_unvisited_page_shows_the_offline_page(
    chromium_browser, live_server, catalogue, officer_an_bien
):
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    try:
        browser_login(page, officer_an_bien.username)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        # The worker controls the page after a reload online (which also keeps the home page).
        page.reload()
        page.wait_for_selector("[data-testid=home-heading]")
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        assert errors == []

        context.set_offline(True)
        page.reload()
        page.wait_for_selector("[data-testid=home-heading]")  # from the worker's page cache
        assert page.locator("link[rel=stylesheet]").count() >= 2
        assert page.evaluate("getComputedStyle(document.querySelector('.navbar-portal')).backgroundColor") == (
            "rgb(10, 79, 180)"  # portal.css from the shell cache
        )

        page.goto("/reports/urgent/")  # never opened: the offline page, in Vietnamese first
        page.wait_for_selector("[data-testid=offline-page]")
        assert page.locator("[data-testid=offline-heading]").inner_text() == "Không có kết nối mạng"
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert page.evaluate("getComputedStyle(document.querySelector('.navbar-portal')).backgroundColor") == (
            "rgb(10, 79, 180)"
        )

        # Logging out empties the page cache: the next person offline sees the offline page, not the home.
        context.set_offline(False)
        page.goto("/")
        page.wait_for_selector("[data-testid=home-heading]")
        page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').submit()")
        page.wait_for_url("**/accounts/login/**")
        context.set_offline(True)
        page.goto("/")
        page.wait_for_selector("[data-testid=offline-page]")
        assert officer_an_bien.first_name not in page.content()
    finally:
        context.set_offline(False)
        context.close()
