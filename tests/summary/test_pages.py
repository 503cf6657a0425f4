"""Dashboard, summary pages and "compile now" without JavaScript: roles, content, query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.choices import ReportKind, ReportStatus, Severity
from reports.models import Report
from reports.summary.models import DistrictSummary
from reports.summary.services import summary_compile
from tests.factories import WardFactory, at, bulk_daily, daily

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def compile_days(district, days):
    for day in days:
        summary_compile(district_id=district.pk, kind=ReportKind.DAILY, period_start=day)


def last(n, today):
    return [today - datetime.timedelta(days=k) for k in range(n)]


def test_anonymous_is_sent_to_login(client):
    assert client.get(DASHBOARD).status_code == 302


def test_officer_is_refused_the_dashboard(officer_client):
    assert officer_client.get(DASHBOARD).status_code == 403


@pytest.mark.parametrize("persona", ["committee_client", "admin_client_"])
def test_committee_and_admin_see_kpis_with_changes_against_yesterday_and_last_week(
    request, persona, le_chan, all_wards, committee_member, today
):
    page_client = request.getfixturevalue(persona)
    daily(all_wards[0], today, {"confirmed_cases": 5, "home_quarantine": 40}, committee_member)
    daily(all_wards[1], today, {"confirmed_cases": 2}, committee_member, late=True)
    daily(all_wards[0], today - datetime.timedelta(days=1), {"confirmed_cases": 4}, committee_member)
    daily(all_wards[0], today - datetime.timedelta(days=7), {"confirmed_cases": 10}, committee_member)
    compile_days(le_chan, [today, today - datetime.timedelta(days=1), today - datetime.timedelta(days=7)])
    response = page_client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    cards = {c["indicator"].code: c for c in response.context["kpi"]["cards"]}
    assert cards["confirmed_cases"]["value"] == 7
    assert cards["confirmed_cases"]["change_yesterday"] == 3
    assert cards["confirmed_cases"]["change_week_ago"] == -3
    assert 'data-testid="kpi-completeness">2/15<' in html
    assert 'data-testid="kpi-timeliness">1/15<' in html
    assert "+3" in html and "−3" in html
    assert 'id="dashboard-config"' in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline code (CSP)
    assert 'style="' not in html


def test_grid_shows_on_time_late_missing_and_not_compiled_days(
    committee_client, le_chan, all_wards, committee_member, today
):
    an_bien = all_wards[0]
    daily(an_bien, today, {"confirmed_cases": 1}, committee_member)
    daily(an_bien, today - datetime.timedelta(days=1), {"confirmed_cases": 1}, committee_member, late=True)
    compile_days(le_chan, [today, today - datetime.timedelta(days=1), today - datetime.timedelta(days=2)])
    response = committee_client.get(DASHBOARD)
    row = next(r for r in response.context["rows"] if r["ward_id"] == an_bien.pk)
    states = dict(row["grid"])
    assert len(states) == 14
    assert states[today] == "on_time"
    assert states[today - datetime.timedelta(days=1)] == "late"
    assert states[today - datetime.timedelta(days=2)] == "missing"
    assert states[today - datetime.timedelta(days=3)] == "none"


def test_comparison_combines_days_by_each_indicators_rule_and_sorts(
    committee_client, le_chan, all_wards, committee_member, today
):
    a, b = all_wards[0], all_wards[1]
    yesterday = today - datetime.timedelta(days=1)
    # confirmed_cases is a flow (sum over days); home_quarantine a stock (latest value).
    daily(a, yesterday, {"confirmed_cases": 2, "home_quarantine": 50}, committee_member)
    daily(a, today, {"confirmed_cases": 3, "home_quarantine": 40}, committee_member)
    daily(b, yesterday, {"confirmed_cases": 9, "home_quarantine": 10}, committee_member)
    compile_days(le_chan, [today, yesterday])
    start = yesterday.isoformat()
    response = committee_client.get(
        DASHBOARD, {"start": start, "end": today.isoformat(), "sort": "confirmed_cases", "desc": "1"}
    )
    keys = [i.code for i in response.context["key_indicators"]]
    rows = response.context["rows"]
    assert [r["name"] for r in rows[:2]] == [b.name, a.name]
    row_a = next(r for r in rows if r["ward_id"] == a.pk)
    assert row_a["values"][keys.index("confirmed_cases")] == 5
    assert row_a["values"][keys.index("home_quarantine")] == 40
    assert (row_a["submitted"], row_a["days"], row_a["missing"]) == (2, 2, 0)
    row_b = next(r for r in rows if r["ward_id"] == b.pk)
    assert (row_b["submitted"], row_b["missing"], row_b["rate"]) == (1, 1, 50.0)


def test_ward_filter_and_name_search_limit_the_table(committee_client, le_chan, all_wards, today):
    compile_days(le_chan, [today])
    one = committee_client.get(DASHBOARD, {"ward": all_wards[2].pk})
    assert [r["name"] for r in one.context["rows"]] == [all_wards[2].name]
    assert one.context["chart_config"]["ward"] == all_wards[2].pk
    search = committee_client.get(DASHBOARD, {"q": "Dư Hàng"})
    assert sorted(r["name"] for r in search.context["rows"]) == ["Dư Hàng", "Dư Hàng Kênh"]


def test_a_range_longer_than_a_year_is_refused_with_the_error_shown(committee_client, le_chan, today):
    response = committee_client.get(DASHBOARD, {"start": "2018-01-01", "end": today.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    assert "is-invalid" in response.content.decode()
    assert response.context["start"] == today - datetime.timedelta(days=6)


def test_urgent_reports_awaiting_acknowledgement_are_listed(committee_client, an_bien, officer_an_bien, today):
    Report.objects.create(
        ward=an_bien, kind=ReportKind.URGENT, status=ReportStatus.SUBMITTED, title="Ổ dịch mới tại tổ dân phố 5",
        severity=Severity.CRITICAL, occurred_at=at(today, 8), description="…", created_by=officer_an_bien,
        submitted_at=at(today, 8),
    )  # fmt: skip
    assert "Ổ dịch mới tại tổ dân phố 5" in committee_client.get(DASHBOARD).content.decode()


def test_dashboard_query_count_is_the_same_at_two_data_sizes(
    committee_client, le_chan, all_wards, committee_member, today, django_assert_max_num_queries
):

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert committee_client.get(DASHBOARD).status_code == 200
        return len(ctx.captured_queries)

    def measure():
        """Queries of a first load (nothing cached: after a compile) and of the next one (cached)."""
        cache.clear()
        return count(), count()

    bulk_daily(all_wards[:3], last(3, today), committee_member, {"confirmed_cases": 1})
    compile_days(le_chan, last(3, today))
    committee_client.get(DASHBOARD)  # the first request of a session refreshes its expiry (one write)
    small = measure()
    extra = WardFactory.create_batch(60, district=le_chan)
    bulk_daily(all_wards + extra, last(20, today)[3:], committee_member, {"confirmed_cases": 1, "home_quarantine": 3})
    compile_days(le_chan, last(20, today))
    large = measure()
    assert small == large
    miss, hit = large
    assert hit < miss
    cache.clear()
    with django_assert_max_num_queries(12):  # with the district's identity for the footer (then cached), the ward map
        committee_client.get(DASHBOARD)
    with django_assert_max_num_queries(5):  # session, user, district, unread notifications
        committee_client.get(DASHBOARD)


# ---- summary pages -------------------------------------------------------------------------------


def test_summary_list_and_detail_for_the_committee(committee_client, le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 1234}, committee_member)
    compile_days(le_chan, [today])
    summary = DistrictSummary.objects.get()
    listing = committee_client.get(reverse("summary:list"), {"kind": "daily"})
    assert summary.period_label in listing.content.decode()
    detail = committee_client.get(reverse("summary:detail", args=[summary.pk])).content.decode()
    assert "1.234" in detail  # Vietnamese thousands separator
    assert "Cát Dài" in detail  # a missing ward is named
    assert reverse("summary:export", args=[summary.pk, "pdf"]) in detail


def test_officer_sees_only_their_own_ward_in_a_summary(
    officer_client, le_chan, all_wards, committee_member, an_bien, today
):
    # Figures with a thousands separator: a random CSRF token can hold "99", never "9.902".
    daily(an_bien, today, {"confirmed_cases": 7701}, committee_member)
    daily(all_wards[2], today, {"confirmed_cases": 9902}, committee_member)
    compile_days(le_chan, [today])
    summary = DistrictSummary.objects.get()
    response = officer_client.get(reverse("summary:detail", args=[summary.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "An Biên" in html and "7.701" in html
    assert "Cát Dài" not in html and "9.902" not in html
    assert f"?ward={an_bien.pk}" in html
    other = all_wards[2]
    assert officer_client.get(reverse("summary:detail", args=[summary.pk]), {"ward": other.pk}).status_code == 404


def test_compile_now_without_javascript(committee_client, le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"masks_given": 300}, committee_member)
    response = committee_client.post(
        reverse("summary:compile"), {"kind": "daily", "period_start": today.isoformat(), "next": "/dashboard/"}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert DistrictSummary.objects.get().totals == {"masks_given": 300}


def test_officer_cannot_compile(officer_client, le_chan, today):
    response = officer_client.post(reverse("summary:compile"), {"kind": "daily", "period_start": today.isoformat()})
    assert response.status_code == 403
    assert not DistrictSummary.objects.exists()
