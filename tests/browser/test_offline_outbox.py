"""Browser tests (issue 13 #2-#4): the offline outbox on Chromium with the network cut
(``context.set_offline``): the daily report, the urgent report, a distribution and an inspection
record entered offline, kept in IndexedDB keyed by the user, sent once when the network returns;
a replayed entry; the conflict view; a session that ended; a new service worker; another user."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = "test-results/offline-outbox"


@pytest.fixture
def phone(chromium_browser, live_server):
    """A phone's browser context (360 px), closed with the network back on."""
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    context.set_default_timeout(15_000)
    yield context
    context.close()


def controlled(page, path: str) -> None:
    """Open ``path`` online with the service worker in control (it keeps the page for offline use)."""
    page.goto(path)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def outbox(page) -> list[dict]:
    return page.evaluate("pcdOutbox.mine(document.querySelector('meta[name=pcd-user]').content).then(o => o.entries)")


def badge_count(page) -> str:
    page.wait_for_selector("[data-testid=outbox-badge]:not([hidden])")
    return page.locator("[data-testid=outbox-badge] [data-outbox-count]").inner_text()


def wait_until(page, check, timeout: float = 15) -> None:
    """Poll ``check()`` (which may evaluate promises in the page) until true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        page.wait_for_timeout(100)


def wait_synced(page) -> None:
    wait_until(page, lambda: outbox(page) == [])


def test_daily_report_entered_offline_is_kept_and_sent_once_with_the_typed_values(phone, catalogue, officer_an_bien):
    page = phone.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    browser_login(page, officer_an_bien.username)
    controlled(page, "/reports/today/")
    page.goto("/outbox/")  # kept by the worker too (it asks for it on every page)
    page.goto("/reports/today/")

    phone.set_offline(True)
    page.reload()  # from the worker's page cache
    page.wait_for_selector("[data-testid=form-heading]")
    assert page.locator("[data-testid=review-report]").is_hidden()
    page.fill("input[name=home_quarantine]", "12")
    page.fill("input[name=confirmed_cases]", "0")
    page.fill("input[name=samples_tested]", "4")
    page.click("[data-testid=submit-when-online]")
    page.wait_for_selector("[data-testid=outbox-notice]")
    assert badge_count(page) == "1"
    assert "Chờ gửi (1)" in page.locator("[data-testid=outbox-badge]").inner_text()
    page.screenshot(path=f"{SHOTS}/daily-queued-360.png", full_page=True)

    page.reload()  # offline again: still queued
    assert badge_count(page) == "1"
    [entry] = outbox(page)
    assert entry["status"] == "queued" and entry["url"] == "/reports/today/"
    assert ["home_quarantine", "12"] in entry["fields"] and ["action", "submit"] in entry["fields"]
    page.goto("/outbox/")  # the list, offline, with the time it was queued
    page.wait_for_selector("[data-testid=outbox-entry]")
    assert timezone.localtime().strftime("%d/%m/%Y") in page.locator("[data-testid=outbox-queued-at]").inner_text()
    page.screenshot(path=f"{SHOTS}/outbox-page-360.png", full_page=True)
    assert Report.objects.count() == 0

    phone.set_offline(False)  # the online event sends it
    wait_synced(page)
    report = Report.objects.get()
    assert report.kind == ReportKind.DAILY and report.status == ReportStatus.SUBMITTED
    assert {v.indicator.code: int(v.value) for v in report.values.all()} == {
        "home_quarantine": 12, "confirmed_cases": 0, "samples_tested": 4,
    }  # fmt: skip
    page.wait_for_selector("[data-testid=outbox-empty]")
    assert page.locator("[data-testid=outbox-badge]").is_hidden()
    assert [e for e in errors if "net::" not in e and "Failed to load" not in e] == []
