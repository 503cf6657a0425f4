"""The browser crawl (issue 12): every page each role reaches from the navigation, and one detail page
of each kind, at a phone (360×740) and a laptop (1280×800) size, on the demo data.

Each page answers 200, fits the window, logs no console error or CSP violation, loads every asset,
and axe-core (vendored, tests/browser/assets/) finds no serious or critical violation. The laptop
menu is one line in Vietnamese and English, with the user menu on screen; the phone header shows
the unread and urgent counts. Screenshots of every page visited go to test-results/screenshots/crawl/
(git-ignored): open them to judge the pages as their users see them.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.crawl import AXE, RECORD_CSP, SCREENSHOTS, crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = ("360", {"width": 360, "height": 740}, True)
LAPTOP = ("1280", {"width": 1280, "height": 800}, False)
ROLES = ("officer.an-bien", "committee", "admin")  # the demo's accounts of the three roles
ONE_LINE = 64  # px: the header's height when the laptop menu is one line (two lines are over 90)


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())


def _log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("[data-testid=home-heading]")


def _header(page) -> dict:
    return page.evaluate(
        """() => {
          const nav = document.querySelector('nav.navbar').getBoundingClientRect();
          const user = document.querySelector('[data-testid=user-menu]').getBoundingClientRect();
          return {height: nav.height, userRight: user.right, userVisible: user.width > 0,
                  width: innerWidth, scrollWidth: document.documentElement.scrollWidth};
        }"""
    )


def _check_laptop_menu(page, where: str, problems: list[str]) -> None:
    header = _header(page)
    if header["height"] > ONE_LINE:
        problems.append(f"{where}: the menu takes {header['height']} px (more than one line)")
    if not header["userVisible"] or header["userRight"] > header["width"]:
        problems.append(f"{where}: the user menu is off screen ({header})")


def test_every_page_of_every_role_at_phone_and_laptop_size(chromium_browser, live_server, demo):
    problems: list[str] = []
    for username in ROLES:
        for size, viewport, mobile in (PHONE, LAPTOP):
            context = chromium_browser.new_context(
                viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="vi-VN", base_url=live_server.url
            )
            # Before each document's own scripts (and outside its CSP, as an extension would be).
            context.add_init_script(script=RECORD_CSP)
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            page.set_default_timeout(15_000)
            try:
                _log_in(page, username)
                run = crawl(page, f"{username}-{size}", one_line_menu=ONE_LINE if not mobile else None)
                problems.extend(run.problems)
                assert len(run.visited) >= 20, run.visited  # the menu was found and followed
                assert {"report", "establishment", "inspection", "summary", "ward"} <= set(run.details), run.details
                # The header in English: the laptop menu still one line, nothing wider than the window.
                page.goto("/")
                page.click("[data-testid=language-switch] button[value=en]")
                page.wait_for_selector("html[lang=en] [data-testid=home-heading]")
                header = _header(page)
                if header["scrollWidth"] > header["width"]:
                    problems.append(f"[{username}-{size}] / in English: horizontal scroll ({header})")
                if not mobile:
                    _check_laptop_menu(page, f"[{username}-{size}] / in English", problems)
                page.screenshot(path=str(SCREENSHOTS / f"{username}-{size}-home-en.png"))
                page.click("[data-testid=language-switch] button[value=vi]")
                page.wait_for_selector("html[lang=vi] [data-testid=home-heading]")
            finally:
                context.close()
    assert not problems, "\n".join(problems)


def test_anonymous_pages_and_the_favicon(chromium_browser, live_server, le_chan):
    """The login page (with the district's identity), the API docs and /favicon.ico, logged out."""
    context = chromium_browser.new_context(viewport=PHONE[1], is_mobile=True, locale="vi-VN", base_url=live_server.url)
    context.add_init_script(script=RECORD_CSP)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    try:
        run = crawl(page, "anonymous-360", follow_menu=False)
        for path in ("/accounts/login/", "/api/docs/"):
            run.visit(page, path, shot=path.strip("/").replace("/", "-"))
        assert not run.problems, "\n".join(run.problems)
        page.goto("/accounts/login/")
        assert le_chan.committee_name in page.locator("[data-testid=login-identity]").inner_text()
        assert le_chan.committee_name in page.locator("[data-testid=footer-identity]").inner_text()
        favicon = page.goto("/favicon.ico")
        assert favicon is not None and favicon.status == 200
        assert favicon.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    finally:
        context.close()
