"""Browser test: a ward officer opens a disinfection round on a 360 px phone, sees its coverage
and marks a site done; the committee's view of the round at 1280 px. Screenshots in test-results/."""

from decimal import Decimal
from pathlib import Path

import pytest

from inspections.models import DisinfectionTarget
from tests.conftest import browser_login
from tests.inspections.disinfection import target_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots" / "disinfection"


def _context(chromium_browser, live_server, width, height, mobile):
    return chromium_browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_officer_marks_a_site_on_a_360px_phone(chromium_browser, live_server, the_round, places, officer_an_bien):
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = target_of(the_round, places["market_ab"])
    context = _context(chromium_browser, live_server, 360, 780, True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, officer_an_bien.username)
        page.goto(the_round.get_absolute_url())
        page.wait_for_selector("[data-testid=coverage-by-category]")
        assert _fits(page)
        page.screenshot(path=str(SHOTS / "round-officer-360.png"), full_page=True)
        page.click(f"[data-testid=mark-{target.pk}]")
        page.wait_for_selector("[data-testid=mark-form]")
        page.fill("input[name=done_by]", "Tổ phản ứng nhanh phường An Biên")
        page.fill("input[name=product]", "Cloramin B 2%")
        page.fill("input[name=quantity]", "12,5")
        assert _fits(page)
        page.screenshot(path=str(SHOTS / "mark-officer-360.png"), full_page=True)
        page.click("[data-testid=mark-form] button[type=submit]")
        page.wait_for_selector("[data-testid=disinfection-sites]")
        assert _fits(page)
        page.screenshot(path=str(SHOTS / "round-after-mark-360.png"), full_page=True)
    finally:
        context.close()
    target.refresh_from_db()
    assert target.done_on is not None and target.quantity == Decimal("12.5") and target.marked_by == officer_an_bien
    assert DisinfectionTarget.objects.filter(round=the_round, done_on__isnull=False).count() == 1


def test_committee_sees_the_round_at_1280px(chromium_browser, live_server, the_round, committee_member):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(chromium_browser, live_server, 1280, 900, False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, committee_member.username)
        page.goto(the_round.get_absolute_url())
        page.wait_for_selector("[data-testid=coverage-by-ward]")
        assert _fits(page)
        assert page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height") <= 80
        page.screenshot(path=str(SHOTS / "round-committee-1280.png"), full_page=True)
    finally:
        context.close()
