"""The dashboard's cache (reports/summary/dashboard.py): what changes shows on the next load,
nothing leaks between filters, users or languages, and a cache that is down costs speed only."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache

from reports.choices import ReportKind, ReportStatus
from reports.models import Indicator, Report
from reports.services import report_acknowledge, report_create, report_submit
from reports.summary import cache as dashboard_cache
from reports.summary.services import summary_compile
from tests.factories import at, daily

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def kpi(html: str, code: str) -> str:
    marker = f'data-testid="kpi-{code}">'
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_a_compile_shows_on_the_next_load(
    committee_client, le_chan, all_wards, committee_member, today, clock, django_capture_on_commit_callbacks
):
    daily(all_wards[0], today, {"confirmed_cases": 5}, committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    assert kpi(committee_client.get(DASHBOARD).content.decode(), "confirmed_cases") == "5"
    assert kpi(committee_client.get(DASHBOARD).content.decode(), "confirmed_cases") == "5"  # from the cache
    daily(all_wards[1], today, {"confirmed_cases": 7}, committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    assert kpi(committee_client.get(DASHBOARD).content.decode(), "confirmed_cases") == "12"


def test_a_compile_shows_even_when_the_generation_bump_is_lost(
    committee_client, le_chan, all_wards, committee_member, today, clock
):
    """A process whose cache is not shared misses other processes' bumps: the compile time read
    from the database on every load still changes the key."""
    daily(all_wards[0], today, {"confirmed_cases": 5}, committee_member)
    with mock.patch.object(dashboard_cache, "_bump"):
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
        assert kpi(committee_client.get(DASHBOARD).content.decode(), "confirmed_cases") == "5"
        daily(all_wards[1], today, {"confirmed_cases": 7}, committee_member)
        clock(today, 21, 5)
        summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
        assert kpi(committee_client.get(DASHBOARD).content.decode(), "confirmed_cases") == "12"


def test_a_submitted_report_updates_todays_completeness_at_once(
    committee_client, le_chan, an_bien, officer_an_bien, today, clock, django_capture_on_commit_callbacks
):
    clock(today, 9)
    html = committee_client.get(DASHBOARD).content.decode()
    assert 'data-testid="kpi-completeness">0/15<' in html
    report = report_create(
        user=officer_an_bien, ward=an_bien, kind=ReportKind.DAILY, period_start=today, values={"confirmed_cases": 1}
    )
    # No compile in between (its task is debounced): the submission itself makes the live part stale.
    with mock.patch("reports.summary.services._send_recompile"), django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, user=officer_an_bien)
    assert 'data-testid="kpi-completeness">1/15<' in committee_client.get(DASHBOARD).content.decode()


def test_an_acknowledged_urgent_report_leaves_the_list_at_once(
    committee_client, committee_member, an_bien, officer_an_bien, today, django_capture_on_commit_callbacks
):
    urgent = Report.objects.create(
        ward=an_bien, kind=ReportKind.URGENT, status=ReportStatus.SUBMITTED, title="Ca nghi nhiễm tại chợ Ga",
        occurred_at=at(today, 8), description="…", created_by=officer_an_bien, submitted_at=at(today, 8),
    )  # fmt: skip
    assert "Ca nghi nhiễm tại chợ Ga" in committee_client.get(DASHBOARD).content.decode()
    with mock.patch("reports.summary.services._send_recompile"), django_capture_on_commit_callbacks(execute=True):
        report_acknowledge(report=urgent, user=committee_member)
    assert "Ca nghi nhiễm tại chợ Ga" not in committee_client.get(DASHBOARD).content.decode()


def test_a_renamed_ward_and_a_renamed_indicator_show_at_once(
    committee_client, le_chan, all_wards, committee_member, today, django_capture_on_commit_callbacks
):
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    html = committee_client.get(DASHBOARD).content.decode()
    assert all_wards[0].name in html
    with django_capture_on_commit_callbacks(execute=True):
        all_wards[0].name = "Phường Mới Đặt Tên"
        all_wards[0].save()
    assert "Phường Mới Đặt Tên" in committee_client.get(DASHBOARD).content.decode()
    indicator = Indicator.objects.get(code="confirmed_cases")
    with django_capture_on_commit_callbacks(execute=True):
        indicator.name_vi = "Ca mắc mới được xác nhận"
        indicator.save()
    assert "Ca mắc mới được xác nhận" in committee_client.get(DASHBOARD).content.decode()


def test_filters_do_not_share_a_cached_part(committee_client, le_chan, all_wards, today):
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    everyone = committee_client.get(DASHBOARD).content.decode()
    one = committee_client.get(DASHBOARD, {"ward": all_wards[2].pk}).content.decode()
    assert all_wards[3].name in everyone
    # The ward table of the one-ward view (the district's map below it shows every ward on purpose).
    ward_table = one.split('data-testid="ward-table"', 1)[1].split("</table>", 1)[0]
    assert all_wards[3].name not in ward_table
    assert 'data-testid="ward-chip"' in one and 'data-testid="ward-chip"' not in everyone


def test_languages_do_not_share_a_cached_part(committee_client, le_chan, today):
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    assert "Diễn biến" in committee_client.get(DASHBOARD).content.decode()
    committee_client.cookies["django_language"] = "en"
    english = committee_client.get(DASHBOARD).content.decode()
    assert "Trend" in english and "Diễn biến" not in english


def test_the_dashboard_works_when_the_cache_is_down(committee_client, le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 5}, committee_member)
    summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    broken = mock.Mock(side_effect=ConnectionError("redis down"))
    with (
        mock.patch.object(cache, "get", broken),
        mock.patch.object(cache, "set", broken),
        mock.patch.object(cache, "add", broken),
    ):
        response = committee_client.get(DASHBOARD)
    assert response.status_code == 200
    assert kpi(response.content.decode(), "confirmed_cases") == "5"


def test_a_compile_commits_even_when_the_cache_is_down(le_chan, today, django_capture_on_commit_callbacks):
    broken = mock.Mock(side_effect=ConnectionError("redis down"))
    with mock.patch.object(cache, "incr", broken), django_capture_on_commit_callbacks(execute=True):
        summary = summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)
    assert summary.pk is not None


def test_the_generation_moves_forward_and_survives_an_eviction():
    first = dashboard_cache.generation()
    dashboard_cache._bump()
    assert dashboard_cache.generation() == first + 1
    cache.delete(dashboard_cache.GENERATION_KEY)
    dashboard_cache._bump()  # nothing to increment: a new start value, never an old one
    assert dashboard_cache.generation() not in (None, first, first + 1)


def test_the_menu_is_the_one_of_each_role(client, committee_member, officer_an_bien, district_admin):
    """The menu is rendered once per role and language: a committee member's never reaches an officer."""
    client.force_login(committee_member)
    assert 'data-testid="nav-dashboard"' in client.get("/").content.decode()
    client.force_login(officer_an_bien)
    officer_home = client.get("/").content.decode()
    assert 'data-testid="nav-dashboard"' not in officer_home
    assert 'data-testid="nav-today"' in officer_home
    client.force_login(district_admin)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_dates_in_the_key_roll_over_at_midnight(client, le_chan, all_wards, committee_member, today, clock):
    clock(today, 23, 59)
    client.force_login(committee_member)
    committee_client = client
    assert 'data-testid="kpi-completeness">0/15<' in committee_client.get(DASHBOARD).content.decode()
    tomorrow = today + datetime.timedelta(days=1)
    daily(all_wards[0], tomorrow, {"confirmed_cases": 1}, committee_member)
    clock(tomorrow, 0, 1)
    assert 'data-testid="kpi-completeness">1/15<' in committee_client.get(DASHBOARD).content.decode()
