"""Editing a stored report: a stale version is refused (form error, 409), edits after submission
are kept in the history, an edit after approval goes back to review; the edit page and PATCH."""

import pytest
from django.urls import reverse
from django.utils import translation

from reports import services
from reports.choices import ChangeAction, ReportStatus
from reports.models import ReportChange
from tests.factories import DAILY_VALUES, draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _detail(pk, action=""):
    return f"/api/v1/reports/{pk}/" + (f"{action}/" if action else "")


# ---- the services ----------------------------------------------------------------------------


def test_stale_edit_is_refused_and_changes_nothing(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    read_version = report.version
    services.report_update(report=report, user=officer_an_bien, version=read_version, values={"masks_given": 10})
    with pytest.raises(services.StaleReportError):
        services.report_update(report=report, user=officer_an_bien, version=read_version, values={"masks_given": 99})
    assert report.values.get(indicator__code="masks_given").value == 10


def test_edits_after_submission_are_kept_in_history(officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 200, "suspected_cases": 1},
        situation="Ổn định",
    )  # fmt: skip
    edits = {c.field: (c.old_value, c.new_value) for c in ReportChange.objects.filter(action=ChangeAction.EDIT)}
    assert edits == {"masks_given": ("150", "200"), "suspected_cases": ("", "1"), "situation": ("", "Ổn định")}
    assert all(c.user == officer_an_bien for c in ReportChange.objects.filter(action=ChangeAction.EDIT))


def test_draft_edits_are_not_history(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    services.report_update(report=report, user=officer_an_bien, version=report.version, values={"masks_given": 1})
    assert not ReportChange.objects.filter(action=ChangeAction.EDIT).exists()


def test_edit_after_approval_sends_report_back_for_review(officer_an_bien, committee_member, today):
    report = services.report_approve(report=submitted_daily(officer_an_bien, today), user=committee_member)
    report = services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 1}
    )
    assert report.status == ReportStatus.RESUBMITTED
    assert ReportChange.objects.filter(action=ChangeAction.RESUBMIT, field="status").exists()


def test_unchanged_save_keeps_version(officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    same = services.report_update(report=report, user=officer_an_bien, version=report.version, values=DAILY_VALUES)
    assert same.version == report.version


# ---- the pages -------------------------------------------------------------------------------


def test_stale_edit_on_the_page_is_a_form_error(officer_client, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    services.report_update(report=report, user=officer_an_bien, version=1, values={"masks_given": 1})
    res = officer_client.post(reverse("reports:today"), {"action": "save", "version": 1, "masks_given": "99"})
    assert res.status_code == 400
    html = res.content.decode()
    assert "changed by someone else" in html
    assert 'value="99"' in html
    assert report.values.get(indicator__code="masks_given").value == 1


def test_edit_page_after_submission_records_history(officer_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = officer_client.post(
        reverse("reports:edit", args=[report.pk]),
        {"action": "save", "version": report.version, "home_quarantine": "20", "samples_tested": "8",
         "confirmed_cases": "0", "masks_given": "150"},
    )  # fmt: skip
    assert res.status_code == 302
    assert ReportChange.objects.filter(report=report, field="home_quarantine", old_value="12", new_value="20").exists()


def test_committee_cannot_edit_ward_report(committee_client, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today)
    assert committee_client.get(reverse("reports:edit", args=[report.pk])).status_code == 403


# ---- the API ---------------------------------------------------------------------------------


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


def test_edit_after_submission_through_api_is_in_history(officer_api, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    officer_api.patch(_detail(report.pk), {"version": report.version, "situation": "Mới"}, format="json")
    assert ReportChange.objects.filter(report=report, field="situation", new_value="Mới").exists()
