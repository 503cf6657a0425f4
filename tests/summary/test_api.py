"""API: summaries (list, detail), compile now with its status, and the chart series."""

import datetime
from unittest import mock

import pytest

from reports.choices import ReportKind
from reports.summary import tasks
from reports.summary.models import DistrictSummary
from reports.summary.services import summary_compile
from tests.factories import bulk_daily, daily

pytestmark = pytest.mark.django_db

LIST = "/api/v1/summaries/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def compile_day(district, day, kind=ReportKind.DAILY):
    return summary_compile(district_id=district.pk, kind=kind, period_start=day)


def test_officers_and_anonymous_cannot_use_the_summary_api(officer_api, anon_api, le_chan, today):
    summary = compile_day(le_chan, today)
    for api in (officer_api, anon_api):
        assert api.get(LIST).status_code in (401, 403)
        assert api.get(f"{LIST}{summary.pk}/").status_code in (401, 403)
        assert api.post(f"{LIST}compile/", {"kind": "daily"}).status_code in (401, 403)
        assert api.get(f"{LIST}series/", {"indicator": "confirmed_cases"}).status_code in (401, 403)


def test_list_filters_by_kind_and_period(committee_api, le_chan, today):
    for k in range(3):
        compile_day(le_chan, today - datetime.timedelta(days=k))
    compile_day(le_chan, today, ReportKind.WEEKLY)
    body = committee_api.get(LIST, {"kind": "daily", "start": (today - datetime.timedelta(days=1)).isoformat()}).json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["period_start"] == today.isoformat()
    assert first["completeness"] == {
        "expected": 15, "submitted": 0, "on_time": 0, "late": 0, "missing": 15, "completeness_rate": 0.0,
        "timeliness_rate": 0.0,
    }  # fmt: skip
    assert committee_api.get(LIST, {"kind": "weekly"}).json()["count"] == 1


def test_detail_has_totals_ward_lines_and_completeness(admin_api, le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 2, "home_quarantine": 11}, committee_member)
    daily(all_wards[1], today, {"confirmed_cases": 1}, committee_member, late=True)
    summary = compile_day(le_chan, today)
    body = admin_api.get(f"{LIST}{summary.pk}/").json()
    assert body["totals"] == {"confirmed_cases": 3, "home_quarantine": 11}
    assert len(body["wards"]) == 15
    line = next(w for w in body["wards"] if w["ward"] == all_wards[0].pk)
    assert line["values"] == {"confirmed_cases": 2, "home_quarantine": 11}
    assert line["status"] == "on_time"
    assert body["completeness"]["late"] == 1
    assert [w["name"] for w in body["late_wards"]] == [all_wards[1].name]


def test_list_query_count_is_the_same_at_two_sizes(committee_api, le_chan, today, django_assert_max_num_queries):
    compile_day(le_chan, today)
    with django_assert_max_num_queries(4):
        committee_api.get(LIST)
    for k in range(1, 20):
        compile_day(le_chan, today - datetime.timedelta(days=k))
    with django_assert_max_num_queries(4):
        assert committee_api.get(LIST).json()["count"] == 20


def test_compile_now_returns_202_and_the_status_reports_success(
    committee_api, le_chan, all_wards, committee_member, today
):
    daily(all_wards[0], today, {"masks_given": 120}, committee_member)
    response = committee_api.post(
        f"{LIST}compile/", {"kind": "daily", "period_start": today.isoformat()}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["task_id"]
    assert body["status_url"].startswith("/api/v1/summaries/compile/status/?")
    status = committee_api.get(body["status_url"]).json()
    summary = DistrictSummary.objects.get()
    assert status["state"] == "SUCCESS"
    assert status["summary_id"] == summary.pk
    assert status["summary_url"] == f"/dashboard/summaries/{summary.pk}/"
    assert summary.totals == {"masks_given": 120}


def test_compile_status_is_pending_until_the_summary_is_compiled(committee_api, le_chan, today, clock):
    with mock.patch.object(tasks.compile_summary, "apply_async") as send:
        send.return_value.id = "abc"
        body = committee_api.post(f"{LIST}compile/", {"kind": "daily"}, format="json").json()
    assert committee_api.get(body["status_url"]).json()["state"] == "PENDING"
    clock(today, 21, 1)
    compile_day(le_chan, today)
    assert committee_api.get(body["status_url"]).json()["state"] == "SUCCESS"


def test_compile_now_with_the_broker_down_compiles_in_the_request(committee_api, le_chan, today):
    with mock.patch.object(tasks.compile_summary, "apply_async", side_effect=OSError("refused")):
        response = committee_api.post(
            f"{LIST}compile/", {"kind": "weekly", "period_start": today.isoformat()}, format="json"
        )
    assert response.status_code == 202
    assert response.json()["task_id"] == ""
    assert DistrictSummary.objects.filter(kind="weekly").exists()


def test_compile_now_refuses_bad_input_with_field_errors(committee_api, le_chan):
    body = committee_api.post(f"{LIST}compile/", {"kind": "urgent", "period_start": "tomorrow"}, format="json").json()
    assert set(body) == {"kind", "period_start"}


def test_series_gives_the_district_total_per_day_with_gaps(committee_api, le_chan, all_wards, committee_member, today):
    days = [today - datetime.timedelta(days=k) for k in range(3)]
    bulk_daily(all_wards[:2], days, committee_member, {"confirmed_cases": 2})
    for day in days[:2]:
        compile_day(le_chan, day)  # the third day is not compiled: a gap
    start = today - datetime.timedelta(days=2)
    body = committee_api.get(
        f"{LIST}series/", {"indicator": "confirmed_cases", "start": start.isoformat(), "end": today.isoformat()}
    ).json()
    assert body["dates"] == [d.isoformat() for d in reversed(days)]
    assert body["values"] == [None, 4, 4]
    assert body["labels"][-1] == today.strftime("%d/%m")
    assert body["name"] == "Ca mắc được xác định"


def test_series_for_one_ward(committee_api, le_chan, all_wards, committee_member, today):
    daily(all_wards[0], today, {"confirmed_cases": 3}, committee_member)
    daily(all_wards[1], today, {"confirmed_cases": 5}, committee_member)
    compile_day(le_chan, today)
    body = committee_api.get(
        f"{LIST}series/", {"indicator": "confirmed_cases", "ward": all_wards[1].pk, "start": today.isoformat()}
    ).json()
    assert body["values"] == [5]
    assert body["ward"] == all_wards[1].pk


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"indicator": "no_such"}, "indicator"),
        ({"indicator": "confirmed_cases", "start": "2019-01-01", "end": "2020-03-17"}, "start"),
        ({"indicator": "confirmed_cases", "start": "2020-03-18", "end": "2020-03-17"}, "start"),
        ({"indicator": "confirmed_cases", "ward": 999999}, "ward"),
    ],
)
def test_series_refuses_bad_parameters(committee_api, le_chan, params, field):
    response = committee_api.get(f"{LIST}series/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_series_query_count_does_not_grow_with_the_range(committee_api, le_chan, today, django_assert_max_num_queries):
    for k in range(10):
        compile_day(le_chan, today - datetime.timedelta(days=k))
    for days in (7, 365):
        start = (today - datetime.timedelta(days=days - 1)).isoformat()
        with django_assert_max_num_queries(3):
            assert (
                committee_api.get(f"{LIST}series/", {"indicator": "confirmed_cases", "start": start}).status_code == 200
            )
