"""Browser test: a ward officer opens a disinfection round on a 360 px phone, sees its coverage
and marks a site done; the committee's view of the round at 1280 px. Screenshots in test-results/."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from inspections.models import DisinfectionTarget
from tests.browser.crawl import AXE, AXE_RUN
from tests.conftest import browser_login
from tests.inspections.disinfection import mark, target_of

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


def test_administrator_corrects_a_round_on_a_360px_phone(
    chromium_browser, live_server, the_round, places, officer_an_bien, district_admin, today
):
    """A site done two days ago; the administrator first moves the start after it (refused: the error is
    by the field, on screen, what was typed kept), then extends the end the Vietnamese way (dd/mm/yyyy)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    mark(
        officer_an_bien,
        the_round,
        target_of(the_round, places["market_ab"]),
        done_on=today - datetime.timedelta(days=2),
    )
    context = _context(chromium_browser, live_server, 360, 780, True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, district_admin.username)
        page.goto(the_round.get_absolute_url())
        page.click("[data-testid=round-edit]")
        page.wait_for_selector("input[name=start]")
        typed = (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
        page.fill("input[name=start]", typed)
        page.click("main form.card button[type=submit]")
        error = page.locator(".invalid-feedback, .text-danger").filter(has_text="không thể bắt đầu sau ngày đó").first
        error.wait_for()
        error.scroll_into_view_if_needed()
        assert error.is_visible() and page.input_value("input[name=start]") == typed
        assert _fits(page) and page.evaluate(AXE_RUN) == []
        page.screenshot(path=str(SHOTS / "round-edit-refused-360.png"), full_page=True)
        new_end = today + datetime.timedelta(days=20)
        page.fill("input[name=start]", the_round.start.strftime("%d/%m/%Y"))
        page.fill("input[name=end]", new_end.strftime("%d/%m/%Y"))
        page.click("main form.card button[type=submit]")
        page.wait_for_selector("[data-testid=coverage-by-category]")
        assert new_end.strftime("%d/%m/%Y") in page.inner_text("main")
        page.screenshot(path=str(SHOTS / "round-edit-saved-360.png"), full_page=True)
    finally:
        context.close()
    the_round.refresh_from_db()
    assert the_round.end == today + datetime.timedelta(days=20)
