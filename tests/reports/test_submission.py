"""Submitting a report: the ward's own officer only, never empty, once; today's status on the home page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from reports import services
from reports.choices import ReportStatus
from tests.factories import draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _detail(pk, action=""):
    return f"/api/v1/reports/{pk}/" + (f"{action}/" if action else "")


# ---- the services ----------------------------------------------------------------------------


def test_officer_submits_own_ward_report(officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == officer_an_bien
    assert report.is_late is False


def test_officer_of_another_ward_cannot_submit(officer_an_bien, officer_cat_dai, today):
    report = draft_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, user=officer_cat_dai)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_committee_cannot_submit_a_ward_report(officer_an_bien, committee_member, today):
    report = draft_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, user=committee_member)


def test_empty_report_cannot_be_submitted(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, {})
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=report, user=officer_an_bien)
    assert "values" in exc.value.message_dict


def test_submitted_report_cannot_be_submitted_twice(officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=officer_an_bien)


# ---- the pages -------------------------------------------------------------------------------


def test_officer_home_shows_today_status(officer_client, officer_an_bien, today):
    html = officer_client.get("/").content.decode()
    assert 'data-testid="today-card"' in html and "Not started" in html
    submitted_daily(officer_an_bien, today)
    html = officer_client.get("/").content.decode()
    assert "Submitted" in html


# ---- the API ---------------------------------------------------------------------------------


def test_submit_by_committee_or_other_ward_is_refused(committee_api, other_officer_api, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    assert committee_api.post(_detail(report.pk, "submit"), {}, format="json").status_code == 403
    assert other_officer_api.post(_detail(report.pk, "submit"), {}, format="json").status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
