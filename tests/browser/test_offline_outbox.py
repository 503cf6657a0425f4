"""Browser tests (issue 13 #2-#4): the offline outbox on Chromium with the network cut
(``context.set_offline``): the daily report, the urgent report, a distribution and an inspection
record entered offline, kept in IndexedDB keyed by the user, sent once when the network returns;
a replayed entry; the conflict view; a session that ended; a new service worker; another user."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from core import pwa
from inspections.choices import Action, Result
from inspections.models import Inspection
from inspections.services import checklist_for, schedule_create
from reports.choices import ReportKind, ReportStatus
from reports.models import Report, ReportChange
from supplies.choices import MovementKind
from supplies.models import StockMovement
from tests.browser.crawl import AXE, AXE_RUN, RECORD_CSP
from tests.conftest import browser_login
from tests.factories import OfficerFactory, submitted_daily
from tests.inspections import conftest as inspection_fixtures
from tests.supplies import conftest as supply_fixtures

# The fixtures of the inspections and supplies tests this module uses (their conftest files are not ours).
inspection_defaults = inspection_fixtures.inspection_defaults
inspector = inspection_fixtures.inspector
team = inspection_fixtures.team
restaurant = inspection_fixtures.restaurant
items = supply_fixtures.items
masks = supply_fixtures.masks
district_store = supply_fixtures.district_store
an_bien_store = supply_fixtures.an_bien_store
stocked = supply_fixtures.stocked
ward_stock = supply_fixtures.ward_stock

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
    context.add_init_script(script=RECORD_CSP)
    context.add_init_script(path=str(AXE))
    yield context
    context.close()


def controlled(page, path: str) -> None:
    """Open ``path`` online with the service worker in control (it keeps the page for offline use)."""
    page.goto(path)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def open_online(phone, username: str, path: str, *also: str):
    """A page signed in as ``username`` on ``path`` under the worker, after visiting ``also`` (kept offline)."""
    page = phone.new_page()
    browser_login(page, username)
    controlled(page, path)
    if also:
        for other in also:
            page.goto(other)
        page.goto(path)
    return page


def fill_urgent(page, title: str) -> None:
    page.fill("input[name=title]", title)
    page.fill("input[name=occurred_at_date]", timezone.localtime().strftime("%d/%m/%Y"))
    page.fill("input[name=occurred_at_time]", "08:30")
    page.fill("input[name=location]", "Chợ An Biên")
    page.fill("textarea[name=description]", "Một người bán hàng sốt cao.")


def page_rules(page, where: str) -> list[str]:
    """The crawl's rules on the page as it is now: no horizontal scroll, no CSP violation, axe clean."""
    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append(f"{where}: horizontal scroll {width}")
    problems += [f"{where}: CSP {v}" for v in page.evaluate("window.__cspViolations || []")]
    problems += [f"{where}: axe {v}" for v in page.evaluate(AXE_RUN)]
    return problems


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
    page = open_online(phone, officer_an_bien.username, "/reports/today/", "/outbox/")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

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
    assert "Đã gửi" in page.locator("[data-testid=outbox-notice]").first.inner_text()  # shown as sent

    # The answer lost on the way: the same entry (same key, same body) sent twice more gives one report.
    page.evaluate("entry => pcdOutbox.put(entry)", entry)
    page.evaluate("pcdOutbox.sync(null)")
    page.evaluate("entry => pcdOutbox.put(entry)", entry)
    page.evaluate("pcdOutbox.sync(null)")
    assert outbox(page) == []
    assert Report.objects.count() == 1 and Report.objects.get().version == report.version
    assert [e for e in errors if "net::" not in e and "Failed to load" not in e] == []


def queue_daily(page, **values) -> None:
    """Open the daily form (kept by the worker), go offline, fill it in and queue it."""
    page.reload()
    page.wait_for_selector("[data-testid=form-heading]")
    for name, value in values.items():
        page.fill(f"input[name={name}]", str(value))
    page.click("[data-testid=submit-when-online]")
    page.wait_for_selector("[data-testid=outbox-notice]")


def test_a_report_submitted_meanwhile_by_another_officer_opens_the_conflict_view(
    phone, catalogue, officer_an_bien, an_bien
):
    page = open_online(phone, officer_an_bien.username, "/reports/today/", "/outbox/")
    phone.set_offline(True)
    queue_daily(page, home_quarantine=15, confirmed_cases=1, samples_tested=6)

    # Meanwhile another officer of the ward submits today's report.
    colleague = OfficerFactory(username="officer2.an-bien.test", ward=an_bien)
    theirs = submitted_daily(colleague, timezone.localdate(), {"home_quarantine": 9, "samples_tested": 2})

    phone.set_offline(False)
    wait_until(page, lambda: [e["status"] for e in outbox(page)] == ["conflict"])
    [entry] = outbox(page)
    assert entry["report"] == str(theirs.pk)
    theirs.refresh_from_db()
    assert {v.indicator.code: int(v.value) for v in theirs.values.all()} == {"home_quarantine": 9, "samples_tested": 2}

    # A second queued copy: "keep the server version" discards it and changes nothing.
    copy = {**entry, "key": "copy-1", "queuedAt": "2000-01-01T00:00:00.000Z"}
    page.evaluate("entry => pcdOutbox.put(entry)", copy)
    page.goto("/outbox/")
    page.locator("[data-testid=outbox-entry]").first.locator("[data-testid=outbox-compare]").click()
    page.click("[data-testid=keep-server]")
    wait_until(page, lambda: [e["key"] for e in outbox(page)] == [entry["key"]])
    assert page.locator("[data-testid=outbox-entry]").count() == 1
    theirs.refresh_from_db()
    assert theirs.values.get(indicator__code="home_quarantine").value == 9

    page.click("[data-testid=outbox-compare]")
    table = page.locator("[data-testid=conflict-table]")
    table.wait_for()
    row = table.locator("tr[data-field=home_quarantine]")
    assert row.locator("[data-side=server]").inner_text() == "9"
    assert row.locator("[data-side=mine]").inner_text() == "15"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=f"{SHOTS}/conflict-360.png", full_page=True)
    assert page_rules(page, "/outbox/ conflict 360") == []
    assert Report.objects.count() == 1  # nothing overwritten, nothing duplicated

    page.click("[data-testid=use-mine]")  # sent as an edit of the current version
    wait_synced(page)
    theirs.refresh_from_db()
    assert Report.objects.count() == 1
    assert {v.indicator.code: int(v.value) for v in theirs.values.all()} == {
        "home_quarantine": 15, "confirmed_cases": 1, "samples_tested": 6,
    }  # fmt: skip
    assert ReportChange.objects.filter(report=theirs, user=officer_an_bien, field="home_quarantine").exists()


def test_session_ended_offline_asks_to_log_in_then_sends_and_another_user_never_sees_the_entries(
    phone, catalogue, officer_an_bien, officer_cat_dai
):
    page = open_online(phone, officer_an_bien.username, "/reports/today/")
    phone.set_offline(True)
    queue_daily(page, home_quarantine=7)
    assert badge_count(page) == "1"

    phone.clear_cookies()  # the session ended while offline
    phone.set_offline(False)
    page.wait_for_selector("[data-testid=outbox-notice] >> text=đăng nhập lại")
    assert [e["status"] for e in outbox(page)] == ["queued"]
    assert Report.objects.count() == 0

    # Another officer logs in on the same phone: neither shown nor sent.
    browser_login(page, officer_cat_dai.username)
    page.goto("/outbox/")
    page.wait_for_selector("[data-testid=outbox-empty]")
    assert page.locator("[data-testid=outbox-entry]").count() == 0
    assert page.locator("[data-testid=outbox-badge]").is_hidden()
    page.goto("/reports/today/")
    page.wait_for_timeout(500)
    assert Report.objects.count() == 0
    page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').submit()")
    page.wait_for_url("**/accounts/login/**")

    # The first officer logs in again: the queue is sent.
    browser_login(page, officer_an_bien.username)
    wait_until(page, lambda: Report.objects.count() == 1)
    report = Report.objects.get()
    assert report.ward == officer_an_bien.ward and report.status == ReportStatus.SUBMITTED
    wait_synced(page)


def test_urgent_report_distribution_and_inspection_record_offline(
    phone, catalogue, officer_an_bien, inspector, team, restaurant, district_admin, masks, ward_stock
):
    visit = schedule_create(user=district_admin, team=team, establishment=restaurant, date=timezone.localdate())
    page = open_online(phone, officer_an_bien.username, "/reports/urgent/new/", "/supplies/distribute/")

    phone.set_offline(True)
    page.reload()
    fill_urgent(page, "Ca nghi nhiễm tại chợ")
    if page.locator("select[name=severity]").count():
        page.select_option("select[name=severity]", index=1)
    page.click("[data-testid=send-urgent]")
    page.wait_for_selector("[data-testid=outbox-notice]")

    page.goto("/supplies/distribute/")
    page.select_option("#id_item", str(masks.pk))
    page.fill("#id_quantity", "120")
    page.select_option("#id_recipient_type", "residential_group")
    page.fill("#id_recipient", "Tổ dân phố số 7")
    page.fill("#id_people_reached", "60")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=outbox-notice]")
    assert badge_count(page) == "2"
    phone.set_offline(False)
    wait_synced(page)
    urgent = Report.objects.get(kind=ReportKind.URGENT)
    assert urgent.title == "Ca nghi nhiễm tại chợ" and urgent.status == ReportStatus.SUBMITTED
    assert StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION, people_reached=60).count() == 1

    # The inspection team's record form, by a team member.
    page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').submit()")
    page.wait_for_url("**/accounts/login/**")
    browser_login(page, inspector.username)
    controlled(page, f"/inspections/record/{visit.pk}/")
    phone.set_offline(True)
    page.reload()
    for item in checklist_for(restaurant.category):
        page.click(f"label[for=id_item_{item.code}_0]")
    page.fill("textarea[name=findings]", "Đạt yêu cầu.")
    page.check(f"input[name=result][value={Result.COMPLIANT}]")
    page.select_option("select[name=action]", Action.NONE)
    page.click("[data-testid=record-submit]")
    page.wait_for_selector("[data-testid=outbox-notice]")
    assert badge_count(page) == "1"
    assert Inspection.objects.count() == 0
    phone.set_offline(False)
    wait_synced(page)
    inspection = Inspection.objects.get(schedule=visit)
    assert inspection.result == Result.COMPLIANT and inspection.findings == "Đạt yêu cầu."


def test_refused_and_unreadable_entries_are_kept_shown_and_corrected_and_logout_warns(
    phone, catalogue, officer_an_bien
):
    page = open_online(phone, officer_an_bien.username, "/reports/today/", "/outbox/")
    phone.set_offline(True)
    queue_daily(page, confirmed_cases=5, samples_tested=3)  # a rule broken: more cases than samples
    page.evaluate(
        "user => pcdOutbox.putRaw('broken-1', {user: user, url: 42, fields: 'home_quarantine=3'})",
        page.evaluate("document.querySelector('meta[name=pcd-user]').content"),
    )
    phone.set_offline(False)
    wait_until(page, lambda: [e["status"] for e in outbox(page)] == ["refused"])
    assert Report.objects.count() == 0

    page.goto("/outbox/")
    page.wait_for_selector("[data-testid=outbox-unreadable]")
    assert "home_quarantine=3" in page.locator("[data-testid=outbox-raw]").inner_text()
    assert badge_count(page) == "2"
    page.screenshot(path=f"{SHOTS}/refused-360.png", full_page=True)
    problems = page_rules(page, "/outbox/ 360")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=f"{SHOTS}/refused-1280.png", full_page=True)
    problems += page_rules(page, "/outbox/ 1280")
    page.set_viewport_size({"width": 360, "height": 740})
    assert problems == []

    # Logging out with entries waiting: warned, offered to send first.
    page.click("[data-testid=user-menu]") if page.locator("[data-testid=user-menu]").is_visible() else None
    page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').requestSubmit()")
    page.wait_for_selector("[data-testid=logout-warning]")
    assert page.locator("[data-testid=send-first]").is_visible()
    assert "/outbox/" in page.url  # still signed in

    # Corrected on the form, opened with the values and the server's words.
    page.click("[data-testid=outbox-correct]")
    page.wait_for_selector("[data-testid=outbox-errors]")
    assert page.input_value("input[name=confirmed_cases]") == "5"
    page.fill("input[name=confirmed_cases]", "2")
    page.click("[data-testid=review-report]")
    page.wait_for_url("**/confirm/")
    assert Report.objects.get().values.get(indicator__code="confirmed_cases").value == 2
    assert [e["status"] for e in outbox(page)] == []
    page.goto("/outbox/")
    page.wait_for_selector("[data-testid=outbox-unreadable]")  # never dropped silently


def test_a_new_service_worker_keeps_the_queued_entries(phone, catalogue, officer_an_bien, settings):
    page = open_online(phone, officer_an_bien.username, "/reports/today/")
    phone.set_offline(True)
    queue_daily(page, home_quarantine=4)
    before = page.evaluate("caches.keys()")

    # Online again but the outbox cannot reach the server yet: the entry stays while a new worker arrives.
    phone.route("**/outbox/session/", lambda route: route.abort())
    phone.set_offline(False)
    settings.PWA_SHELL_VERSION = "next-release"
    pwa._cached_version.cache_clear()
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    wait_until(page, lambda: page.evaluate("caches.keys()") != before and all(
        name not in before for name in page.evaluate("caches.keys()") if name.startswith("pcd-shell-")
    ))  # fmt: skip
    assert [e["status"] for e in outbox(page)] == ["queued"]
    page.reload()
    assert badge_count(page) == "1"
    assert Report.objects.count() == 0

    # Logging out with the entry waiting: warned; "send first" sends it, then logs out.
    phone.unroute("**/outbox/session/")
    page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').requestSubmit()")
    page.click("[data-testid=send-first]")
    page.wait_for_url("**/accounts/login/**")
    assert Report.objects.get().values.get(indicator__code="home_quarantine").value == 4


def test_a_post_that_fails_on_the_network_while_online_stays_in_the_outbox(phone, catalogue, officer_an_bien):
    page = open_online(phone, officer_an_bien.username, "/reports/urgent/new/", "/outbox/")
    fill_urgent(page, "Mất mạng giữa chừng")
    # The phone says it is online, but the post never reaches the server.
    phone.route(
        "**/reports/urgent/new/", lambda route: route.abort() if route.request.method == "POST" else route.fallback()
    )
    page.click("[data-testid=send-urgent]")
    page.wait_for_url("**/outbox/")
    page.wait_for_selector("[data-testid=outbox-entry]")
    assert [e["status"] for e in outbox(page)] == ["queued"]
    assert Report.objects.count() == 0
    phone.unroute("**/reports/urgent/new/")
    page.click("[data-testid=outbox-send]")
    wait_synced(page)
    assert Report.objects.get().title == "Mất mạng giữa chừng"
