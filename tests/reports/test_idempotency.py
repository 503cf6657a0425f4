"""Idempotency keys on the reports API, the daily form and the urgent form: a resent write counts once."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reports.choices import ReportKind, ReportStatus, Severity
from reports.models import Report, ReportChange
from tests.factories import DAILY_VALUES, OfficerFactory, at

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def post(api, path, body, key):
    return api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_replayed_daily_report_creation_returns_the_first_report(officer_api, today):
    body = {"kind": "daily", "period_start": today.isoformat(), "values": DAILY_VALUES}
    first, again = post(officer_api, REPORTS, body, "daily-1"), post(officer_api, REPORTS, body, "daily-1")
    assert first.status_code == again.status_code == 201, again.json()
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Report.objects.filter(kind=ReportKind.DAILY).count() == 1
    # Without the key the repeat is refused (the period is taken), which an outbox would show as an error.
    assert officer_api.post(REPORTS, body, format="json").status_code == 400


def test_a_replayed_urgent_report_is_created_once(officer_api, today):
    body = {"kind": "urgent", "title": "Phát hiện ca nghi nhiễm", "severity": "serious",
            "occurred_at": at(today, 8).isoformat(), "location": "Tổ dân phố 5", "description": "Sốt, ho."}  # fmt: skip
    responses = [post(officer_api, REPORTS, body, "urgent-1") for _ in range(3)]
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert Report.objects.filter(kind=ReportKind.URGENT).count() == 1


def test_a_replayed_submission_answers_like_the_first(officer_api, today):
    created = officer_api.post(
        REPORTS, {"kind": "daily", "period_start": today.isoformat(), "values": DAILY_VALUES}, format="json"
    ).json()
    path = f"{REPORTS}{created['id']}/submit/"
    first = post(officer_api, path, {"version": created["version"]}, "submit-1")
    again = post(officer_api, path, {"version": created["version"]}, "submit-1")
    assert first.status_code == again.status_code == 200 and again.json() == first.json()
    assert Report.objects.get().status == ReportStatus.SUBMITTED


def test_the_same_key_for_another_report_is_422(officer_api, today):
    post(officer_api, REPORTS, {"kind": "daily", "period_start": today.isoformat()}, "daily-2")
    response = post(
        officer_api, REPORTS, {"kind": "daily", "period_start": today.isoformat(), "comment": "x"}, "daily-2"
    )
    assert response.status_code == 422 and "Idempotency-Key" in response.json()["detail"]
    assert Report.objects.count() == 1


# ---- the pages -------------------------------------------------------------------------------------


def test_the_report_and_urgent_forms_carry_a_key(officer_client):
    for name in ("reports:today", "reports:urgent-new"):
        assert 'name="idempotency_key"' in officer_client.get(reverse(name)).content.decode(), name


def test_a_resent_daily_submission_redirects_without_changing_the_report_again(officer_client):
    data = {"action": "submit", "situation": "", "difficulties": "", "proposals": "", "idempotency_key": "today-1"}
    data.update({code: str(value) for code, value in DAILY_VALUES.items()})
    first = officer_client.post(reverse("reports:today"), data)
    report = Report.objects.get()
    changes, version = ReportChange.objects.count(), report.version
    again = officer_client.post(reverse("reports:today"), data)
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.version == version
    assert ReportChange.objects.count() == changes


def test_a_resent_urgent_form_redirects_to_the_first_report(officer_client):
    data = {"title": "Ca nghi nhiễm ở chợ", "severity": Severity.CRITICAL, "occurred_at": "2020-03-17T08:30",
            "location": "Chợ Cột Đèn", "description": "Sốt cao", "idempotency_key": "urgent-page-1"}  # fmt: skip
    first = officer_client.post(reverse("reports:urgent-new"), data)
    again = officer_client.post(reverse("reports:urgent-new"), data)
    report = Report.objects.get(kind=ReportKind.URGENT)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == report.get_absolute_url()


def test_a_colleague_with_the_same_key_sends_their_own_urgent_report(officer_client, officer_an_bien):
    data = {"title": "Ca nghi nhiễm", "severity": Severity.SERIOUS, "occurred_at": "2020-03-17T08:30",
            "location": "Tổ 5", "description": "Sốt", "idempotency_key": "shared-key"}  # fmt: skip
    officer_client.post(reverse("reports:urgent-new"), data)
    colleague = Client()
    colleague.force_login(OfficerFactory(username="officer.colleague.urgent", ward=officer_an_bien.ward))
    assert colleague.post(reverse("reports:urgent-new"), data).status_code == 302
    assert Report.objects.filter(kind=ReportKind.URGENT).count() == 2
