"""Browser test: the ward map at a phone's and a laptop's width — it fits, every ward is a link with its level
in words, the colours pass contrast (axe), no CSP error; screenshots in test-results/levels/ to look at."""

import datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from reports.choices import ReportKind
from reports.summary.services import summary_compile
from tests.browser.crawl import AXE, AXE_RUN, RECORD_CSP
from tests.conftest import browser_login
from tests.factories import WardFactory, daily

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "levels"
SIZES = (("360", {"width": 360, "height": 740}, True), ("1280", {"width": 1280, "height": 800}, False))


def test_the_ward_map_at_phone_and_laptop_width(
    chromium_browser, live_server, catalogue, le_chan, all_wards, committee_member
):
    cache.clear()  # the shared cache (Redis in CI) may hold an earlier test's map under the same generation
    today = timezone.localdate()
    cases = {"an-bien": 1, "cat-dai": 3, "lam-son": 6, "ho-nam": 20}  # 10, 30, 60, 200 per 100,000: levels 1–4
    for ward in all_wards:
        ward.population = 10000
        ward.save(update_fields=["population"])
        if ward.code in cases:
            daily(ward, today, {"confirmed_cases": cases[ward.code], "home_quarantine": 5}, committee_member)
    WardFactory(district=le_chan, name="Phường Mới", code="phuong-moi", active_from=today - datetime.timedelta(days=3))
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for size, viewport, mobile in SIZES:
        context = chromium_browser.new_context(
            viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="vi-VN", base_url=live_server.url
        )
        context.add_init_script(script=RECORD_CSP)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        try:
            browser_login(page, committee_member.username)
            for path, shot in (
                ("/dashboard/levels/", "levels"),
                ("/dashboard/levels/?indicator=home_quarantine", "by-indicator"),
            ):
                page.goto(path)
                page.wait_for_selector("[data-testid=ward-map] svg")
                assert page.locator("[data-testid=map-tile]").count() == 16  # the 15 wards and the one added later
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    problems.append(f"{size} {path}: horizontal scroll")
                page.click("[data-testid=map-table] summary")  # open the table alternative for the screenshot
                problems += [f"{size} {path}: axe {v}" for v in page.evaluate(AXE_RUN)]
                problems += [f"{size} {path}: CSP {v}" for v in page.evaluate("window.__cspViolations || []")]
                page.screenshot(path=str(SHOTS / f"{shot}-{size}.png"), full_page=True)
            # The level is in words on each tile, not colour alone; a tile opens its ward's page.
            page.goto("/dashboard/levels/")
            ho_nam = page.locator("[data-testid=map-tile][aria-label^='Hồ Nam']")
            assert ho_nam.get_attribute("aria-label") == "Hồ Nam: Cấp 4 (đỏ)"
            assert "Cấp 4" in (ho_nam.text_content() or "")
            ho_nam.click()
            page.wait_for_selector("[data-testid=ward-level]")
            assert "Cấp 4 (đỏ)" in page.locator("[data-testid=ward-level]").inner_text()
            page.screenshot(path=str(SHOTS / f"ward-{size}.png"), full_page=True)
            page.goto("/dashboard/")
            page.wait_for_selector("[data-testid=dashboard-map] svg")
            page.locator("[data-testid=dashboard-map]").screenshot(path=str(SHOTS / f"dashboard-map-{size}.png"))
        finally:
            context.close()
        problems += [f"{size}: console {e}" for e in errors]
    assert not problems, "\n".join(problems)
