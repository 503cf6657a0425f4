"""Drafting a report: values checked per field and across indicators, one report per ward and
period, only the ward's officers draft; the today page, the new-report page and the API."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core.service_errors import details_of
from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from tests.factories import DAILY_VALUES, draft_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # asserted in English (the msgids); one test checks the Vietnamese form
    with translation.override("en"):
        yield


def _post_today(client, **values):
    data = {"action": "save", "situation": "", "difficulties": "", "proposals": ""}
    data.update({k: str(v) for k, v in values.items()})
    return client.post(reverse("reports:today"), data)


# ---- the services ----------------------------------------------------------------------------


def test_officer_creates_draft_with_values_read_back_by_code(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {"home_quarantine": 12, "confirmed_cases": 0, "samples_tested": 3})
    assert report.status == ReportStatus.DRAFT
    assert report.period_end == today
    stored = dict(report.values.values_list("indicator__code", "value"))
    assert stored == {"home_quarantine": Decimal(12), "confirmed_cases": Decimal(0), "samples_tested": Decimal(3)}


def test_zero_is_stored_and_blank_is_not_reported(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {"confirmed_cases": 0, "suspected_cases": "", "masks_given": None})
    assert dict(report.values.values_list("indicator__code", "value")) == {"confirmed_cases": Decimal(0)}


@pytest.mark.parametrize(
    ("values", "code", "fragment"),
    [
        ({"home_quarantine": -1}, "home_quarantine", "negative"),
        ({"home_quarantine": 20001}, "home_quarantine", "exceed"),
        ({"home_quarantine": "mười hai"}, "home_quarantine", "number"),
        ({"home_quarantine": "1.5"}, "home_quarantine", "whole"),
        ({"home_quarantine": "NaN"}, "home_quarantine", "number"),
        ({"home_quarantine": True}, "home_quarantine", "number"),
        ({"confirmed_cases": 5, "samples_tested": 3}, "confirmed_cases", "must not exceed"),
        ({"violations_found": 4, "establishments_inspected": 2}, "violations_found", "must not exceed"),
        ({"no_such_indicator": 1}, "no_such_indicator", "not part"),
        ({"workers_affected": 3}, "workers_affected", "not part"),  # weekly/monthly only
    ],
)
def test_bad_values_are_refused_per_field_and_nothing_is_saved(officer_an_bien, today, values, code, fragment):
    with pytest.raises(ValidationError) as exc:
        draft_daily(officer_an_bien, today, values)
    assert code in exc.value.message_dict
    assert fragment in " ".join(exc.value.message_dict[code]).lower()
    assert not Report.objects.exists()


def test_cross_indicator_rule_sees_stored_values_on_partial_update(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {"samples_tested": 3, "confirmed_cases": 1})
    with pytest.raises(ValidationError) as exc:
        services.report_update(
            report=report, user=officer_an_bien, version=report.version, values={"confirmed_cases": 4}
        )
    assert "confirmed_cases" in exc.value.message_dict
    assert report.values.get(indicator__code="confirmed_cases").value == 1


def test_period_in_the_future_is_refused(officer_an_bien, today):
    with pytest.raises(ValidationError) as exc:
        draft_daily(officer_an_bien, today + datetime.timedelta(days=1))
    assert "future" in exc.value.message_dict["period_start"][0]


def test_weekly_period_must_start_on_monday(officer_an_bien, today):
    with pytest.raises(ValidationError) as exc:
        services.report_create(user=officer_an_bien, ward=officer_an_bien.ward, kind="weekly", period_start=today)
    assert "Monday" in exc.value.message_dict["period_start"][0]
    monday = today - datetime.timedelta(days=today.weekday())
    report = services.report_create(user=officer_an_bien, ward=officer_an_bien.ward, kind="weekly", period_start=monday)
    assert report.period_end == monday + datetime.timedelta(days=6)


def test_second_report_for_same_ward_and_period_is_refused(officer_an_bien, today):
    draft_daily(officer_an_bien, today)
    with pytest.raises(ValidationError) as exc:
        draft_daily(officer_an_bien, today)
    assert "already has a report" in exc.value.message_dict["period_start"][0]
    assert Report.objects.count() == 1


def test_officer_cannot_create_report_for_another_ward(officer_an_bien, cat_dai, today):
    with pytest.raises(PermissionDenied):
        services.report_create(user=officer_an_bien, ward=cat_dai, kind="daily", period_start=today, values={})


def test_committee_cannot_create_reports(committee_member, an_bien, today):
    with pytest.raises(PermissionDenied):
        services.report_create(user=committee_member, ward=an_bien, kind="daily", period_start=today)


def test_narrative_html_is_stored_as_typed(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, situation="<script>alert(1)</script>")
    assert report.situation == "<script>alert(1)</script>"  # escaping happens on output


# ---- the pages -------------------------------------------------------------------------------


def test_officer_today_page_shows_grouped_form(officer_client):
    res = officer_client.get(reverse("reports:today"))
    assert res.status_code == 200
    html = res.content.decode()
    assert 'name="home_quarantine"' in html and 'inputmode="numeric"' in html
    assert "Surveillance" in html and "Support" in html
    assert 'name="workers_affected"' not in html  # weekly/monthly only


@pytest.mark.parametrize("client_fixture", ["committee_client", "admin_client_"])
def test_today_page_is_for_officers_only(client_fixture, request):
    assert request.getfixturevalue(client_fixture).get(reverse("reports:today")).status_code == 403


def test_save_draft_then_prefilled_then_submit(officer_client, officer_an_bien, today):
    res = _post_today(officer_client, home_quarantine=12, confirmed_cases=0, samples_tested=4)
    assert res.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.DRAFT
    page = officer_client.get(reverse("reports:today")).content.decode()
    assert 'value="12"' in page and 'name="version" value="2"' not in page
    data = {"action": "submit", "version": report.version, "home_quarantine": "13", "confirmed_cases": "0"}
    res = officer_client.post(reverse("reports:today"), data)
    assert res.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert dict(report.values.values_list("indicator__code", "value")) == {"home_quarantine": 13, "confirmed_cases": 0}


def test_invalid_values_keep_what_was_typed_and_show_errors_next_to_fields(officer_client):
    res = _post_today(officer_client, home_quarantine=-2, masks_given="abc", suspected_cases=7)
    assert res.status_code == 400
    html = res.content.decode()
    assert 'value="-2"' in html and 'value="abc"' in html and 'value="7"' in html
    assert "must not be negative" in html
    assert "Enter a number" in html
    assert not Report.objects.exists()


def test_cross_rule_error_on_the_page(officer_client):
    res = _post_today(officer_client, confirmed_cases=5, samples_tested=2)
    assert res.status_code == 400
    assert "must not exceed" in res.content.decode()


def test_new_weekly_report_opens_edit_page(officer_client, today):
    res = officer_client.post(reverse("reports:new"), {"kind": "weekly", "day": today.isoformat()})
    assert res.status_code == 302
    report = Report.objects.get(kind="weekly")
    assert report.period_start == datetime.date(2020, 3, 16)
    html = officer_client.get(res.url).content.decode()
    assert 'name="workers_affected"' in html


def test_new_report_in_the_future_is_refused(officer_client):
    res = officer_client.post(reverse("reports:new"), {"kind": "monthly", "day": "2020-04-02"})
    assert res.status_code == 400 and not Report.objects.exists()


def test_vietnamese_is_the_default_language_on_the_form(client, officer_an_bien, settings):
    client.force_login(officer_an_bien)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"  # as the language switch leaves it
    html = client.get(reverse("reports:today")).content.decode()
    assert "Số người cách ly tại nhà" in html


# ---- the API ---------------------------------------------------------------------------------


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
    existing = draft_daily(officer_an_bien, today)
    dup = officer_api.post("/api/v1/reports/", {"kind": "daily", "period_start": today.isoformat()}, format="json")
    assert dup.status_code == 400
    assert "already has a report" in dup.json()["period_start"][0]
    assert Report.objects.count() == 1
    # The answer names the report holding the period, so a client that queued one offline can open it.
    assert dup.json()["existing_report"] == {"id": existing.pk, "version": existing.version, "status": "draft"}


def test_a_duplicate_refused_by_the_database_still_names_the_existing_report(officer_an_bien, today, monkeypatch):
    """Two requests raced past the check: the unique constraint refuses the second, and the error
    still names the report that won."""
    existing = draft_daily(officer_an_bien, today)
    monkeypatch.setattr(services, "_check_period_free", lambda **kwargs: None)
    with pytest.raises(ValidationError) as exc:
        services.report_create(
            user=officer_an_bien, ward=officer_an_bien.ward, kind="daily", period_start=today, values={}
        )
    assert "period_start" in exc.value.message_dict
    assert details_of(exc.value)["existing_report"]["id"] == existing.pk


def test_officer_cannot_create_for_another_ward(officer_api, cat_dai, today):
    res = officer_api.post(
        "/api/v1/reports/", {"ward": cat_dai.pk, "kind": "daily", "period_start": today.isoformat()}, format="json"
    )
    assert res.status_code == 403
    assert not Report.objects.exists()


def test_committee_cannot_create_reports_through_the_api(committee_api, an_bien, today):
    res = committee_api.post(
        "/api/v1/reports/", {"ward": an_bien.pk, "kind": "daily", "period_start": today.isoformat()}, format="json"
    )
    assert res.status_code == 403
