"""The reports API: same rules as the pages, each role on each endpoint, errors as field JSON."""

import datetime

import pytest
from django.utils import translation

from reports.choices import ReportStatus
from reports.models import Report, ReportChange
from tests.factories import DAILY_VALUES, at, bulk_daily, draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _detail(pk, action=""):
    return f"/api/v1/reports/{pk}/" + (f"{action}/" if action else "")


def test_indicators_list_with_kind_filter(officer_api):
    res = officer_api.get("/api/v1/indicators/?kind=daily&page_size=100")
    assert res.status_code == 200
    codes = {row["code"] for row in res.json()["results"]}
    assert "home_quarantine" in codes and "workers_affected" not in codes
    confirmed = officer_api.get("/api/v1/indicators/confirmed_cases/").json()
    assert confirmed["must_not_exceed"] == "samples_tested"
    assert confirmed["aggregation"] == "sum"


def test_indicators_are_read_only_for_everyone(admin_api):
    assert admin_api.post("/api/v1/indicators/", {"code": "x"}).status_code == 405


def test_deadlines_are_readable(officer_api):
    rows = {r["kind"]: r for r in officer_api.get("/api/v1/report-deadlines/").json()["results"]}
    assert rows["daily"]["time"] == "16:00:00"
    assert rows["weekly"]["days_after_period_end"] == 1


def test_anonymous_gets_401_or_403(anon_api):
    assert anon_api.get("/api/v1/reports/").status_code in (401, 403)


def test_officer_creates_draft_with_values(officer_api, officer_an_bien, today):
    res = officer_api.post(
        "/api/v1/reports/", {"kind": "daily", "period_start": today.isoformat(), "values": DAILY_VALUES}, format="json"
    )
    assert res.status_code == 201, res.json()
    body = res.json()
    assert body["status"] == "draft"
    assert body["ward"] == officer_an_bien.ward_id
    assert body["values"] == DAILY_VALUES
    assert body["version"] == 1


@pytest.mark.parametrize(
    ("values", "code"),
    [({"home_quarantine": -3}, "home_quarantine"), ({"masks_given": "abc"}, "masks_given"),
     ({"confirmed_cases": 9, "samples_tested": 1}, "confirmed_cases"), ({"home_quarantine": 10**9}, "home_quarantine")],
)  # fmt: skip
def test_bad_values_give_400_with_field_errors_and_change_nothing(officer_api, today, values, code):
    res = officer_api.post(
        "/api/v1/reports/", {"kind": "daily", "period_start": today.isoformat(), "values": values}, format="json"
    )
    assert res.status_code == 400
    assert code in res.json()["values"]
    assert not Report.objects.exists()


def test_future_period_and_duplicate_give_400(officer_api, officer_an_bien, today):
    future = officer_api.post("/api/v1/reports/", {"kind": "daily", "period_start": "2020-03-18"}, format="json")
    assert future.status_code == 400 and "period_start" in future.json()
    draft_daily(officer_an_bien, today)
    dup = officer_api.post("/api/v1/reports/", {"kind": "daily", "period_start": today.isoformat()}, format="json")
    assert dup.status_code == 400
    assert "already has a report" in dup.json()["period_start"][0]
    assert Report.objects.count() == 1


def test_officer_cannot_create_for_another_ward(officer_api, cat_dai, today):
    res = officer_api.post(
        "/api/v1/reports/", {"ward": cat_dai.pk, "kind": "daily", "period_start": today.isoformat()}, format="json"
    )
    assert res.status_code == 403
    assert not Report.objects.exists()


def test_committee_cannot_create_reports(committee_api, an_bien, today):
    res = committee_api.post(
        "/api/v1/reports/", {"ward": an_bien.pk, "kind": "daily", "period_start": today.isoformat()}, format="json"
    )
    assert res.status_code == 403


def test_list_is_scoped_and_filterable(officer_api, committee_api, officer_an_bien, officer_cat_dai, today):
    submitted_daily(officer_an_bien, today)
    draft_daily(officer_cat_dai, today)
    mine = officer_api.get("/api/v1/reports/").json()
    assert [r["ward_code"] for r in mine["results"]] == ["an-bien"]
    everyone = committee_api.get("/api/v1/reports/").json()
    assert everyone["count"] == 2
    submitted = committee_api.get(f"/api/v1/reports/?status=submitted&kind=daily&period_start={today}").json()
    assert [r["ward_code"] for r in submitted["results"]] == ["an-bien"]
    by_ward = committee_api.get(f"/api/v1/reports/?ward={officer_cat_dai.ward_id}").json()
    assert [r["ward_code"] for r in by_ward["results"]] == ["cat-dai"]


def test_officer_gets_404_for_other_ward_report(officer_api, officer_cat_dai, today):
    report = draft_daily(officer_cat_dai, today)
    assert officer_api.get(_detail(report.pk)).status_code == 404
    assert officer_api.post(_detail(report.pk, "submit"), {}, format="json").status_code == 404
    assert officer_api.patch(_detail(report.pk), {"version": 1, "values": {}}, format="json").status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_patch_updates_values_and_stale_version_gives_409(officer_api, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    ok = officer_api.patch(
        _detail(report.pk), {"version": 1, "values": {"masks_given": 0, "home_quarantine": None}}, format="json"
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["values"]["masks_given"] == 0
    assert "home_quarantine" not in ok.json()["values"]
    stale = officer_api.patch(_detail(report.pk), {"version": 1, "values": {"masks_given": 7}}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert report.values.get(indicator__code="masks_given").value == 0


def test_patch_requires_version(officer_api, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    assert officer_api.patch(_detail(report.pk), {"values": {}}, format="json").status_code == 400


def test_put_is_not_allowed(officer_api, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    assert officer_api.put(_detail(report.pk), {"version": 1}, format="json").status_code == 405


def test_full_workflow_over_the_api(officer_api, committee_api, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    res = officer_api.post(_detail(report.pk, "submit"), {"version": 1}, format="json")
    assert res.status_code == 200 and res.json()["status"] == "submitted"
    assert res.json()["is_late"] is False
    officer_approve = officer_api.post(_detail(report.pk, "approve"), {}, format="json")
    assert officer_approve.status_code == 403
    returned = committee_api.post(
        _detail(report.pk, "return"), {"comment": "Kiểm tra lại", "field_comments": {"masks_given": "Quá cao"}},
        format="json",
    )  # fmt: skip
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["reviews"][0]["field_comments"] == {"masks_given": "Quá cao"}
    version = returned.json()["version"]
    officer_api.patch(_detail(report.pk), {"version": version, "values": {"masks_given": 100}}, format="json")
    assert officer_api.post(_detail(report.pk, "submit"), {}, format="json").json()["status"] == "resubmitted"
    approved = committee_api.post(_detail(report.pk, "approve"), {"comment": "OK"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_submit_by_committee_or_other_ward_is_refused(committee_api, other_officer_api, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    assert committee_api.post(_detail(report.pk, "submit"), {}, format="json").status_code == 403
    assert other_officer_api.post(_detail(report.pk, "submit"), {}, format="json").status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_return_without_comment_is_400(committee_api, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = committee_api.post(_detail(report.pk, "return"), {"comment": ""}, format="json")
    assert res.status_code == 400 and "comment" in res.json()


def test_urgent_report_acknowledge(
    officer_api, committee_api, officer_an_bien, today, django_capture_on_commit_callbacks
):
    res = officer_api.post(
        "/api/v1/reports/",
        {"kind": "urgent", "title": "Phát hiện ca nghi nhiễm", "severity": "serious",
         "occurred_at": at(today, 8).isoformat(), "location": "Tổ dân phố 5", "description": "Sốt, ho."},
        format="json",
    )  # fmt: skip
    assert res.status_code == 201, res.json()
    pk = res.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_api.post(_detail(pk, "submit"), {}, format="json").status_code == 200
    assert officer_api.post(_detail(pk, "acknowledge")).status_code == 403
    ack = committee_api.post(_detail(pk, "acknowledge"))
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    assert committee_api.post(_detail(pk, "acknowledge")).status_code == 400


def test_flags_are_visible_in_the_api(committee_api, officer_an_bien, today):
    days = [today - datetime.timedelta(days=k) for k in range(1, 15)]
    bulk_daily([officer_an_bien.ward], days, officer_an_bien, values={"masks_given": 100})
    report = submitted_daily(officer_an_bien, today, {"masks_given": 9000})
    assert committee_api.get(_detail(report.pk)).json()["flags"] == ["masks_given"]


def test_edit_after_submission_through_api_is_in_history(officer_api, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    officer_api.patch(_detail(report.pk), {"version": report.version, "situation": "Mới"}, format="json")
    assert ReportChange.objects.filter(report=report, field="situation", new_value="Mới").exists()


def test_api_list_query_count_is_constant(committee_api, officer_an_bien, all_wards, django_assert_max_num_queries):
    days = [datetime.date(2020, 3, d) for d in range(1, 4)]
    bulk_daily(all_wards[:5], days, officer_an_bien)
    with django_assert_max_num_queries(8):
        assert committee_api.get("/api/v1/reports/").status_code == 200
    bulk_daily(all_wards[5:], days, officer_an_bien)
    with django_assert_max_num_queries(8):
        assert committee_api.get("/api/v1/reports/").json()["count"] == 45
