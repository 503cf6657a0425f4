"""Reviewing a report: the committee and administrators approve or return it (with a comment, per
field if they like), the officer corrects and resubmits and is notified; the detail page and the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from reports import services
from reports.choices import NotificationKind, ReportStatus
from reports.models import Notification, ReportReview
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


@pytest.mark.parametrize("reviewer", ["committee_member", "district_admin"])
def test_committee_and_admin_approve(officer_an_bien, today, reviewer, request):
    user = request.getfixturevalue(reviewer)
    report = submitted_daily(officer_an_bien, today)
    report = services.report_approve(report=report, user=user, comment="Tốt")
    assert report.status == ReportStatus.APPROVED
    assert ReportReview.objects.get(report=report).decision == "approved"


@pytest.mark.parametrize("action", ["report_approve", "report_return"])
def test_officer_cannot_approve_or_return(officer_an_bien, today, action):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        getattr(services, action)(report=report, user=officer_an_bien, comment="x")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_draft_cannot_be_approved(officer_an_bien, committee_member, today):
    report = draft_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=committee_member)


def test_return_needs_a_comment(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError) as exc:
        services.report_return(report=report, user=committee_member, comment="  ")
    assert "comment" in exc.value.message_dict


def test_return_with_field_comments_then_resubmit_then_approve(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    report = services.report_return(
        report=report, user=committee_member, comment="", field_comments={"masks_given": "Số liệu quá cao?"}
    )
    assert report.status == ReportStatus.RETURNED
    assert services.latest_return(report).field_comments == {"masks_given": "Số liệu quá cao?"}
    report = services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 15}
    )
    report = services.report_submit(report=report, user=officer_an_bien)
    assert report.status == ReportStatus.RESUBMITTED
    report = services.report_approve(report=report, user=committee_member)
    assert report.status == ReportStatus.APPROVED


def test_return_refuses_unknown_field(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=committee_member, field_comments={"bogus": "?"})


def test_return_notifies_ward_officers(people, committee_member, today, django_capture_on_commit_callbacks):
    officers, _committee = people
    report = submitted_daily(officers["an-bien"], today)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, user=committee_member, comment="Thiếu số liệu")
    note = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert note.recipient == officers["an-bien"]
    assert "Thiếu số liệu" in note.text


# ---- the pages -------------------------------------------------------------------------------


def test_narratives_are_escaped(committee_client, officer_an_bien, today):
    report = draft_daily(officer_an_bien, today, situation='<script>alert("x")</script><b>bold</b>')
    services.report_submit(report=report, user=officer_an_bien)
    html = committee_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html


def test_committee_approves_from_detail_page(committee_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    detail = committee_client.get(reverse("reports:detail", args=[report.pk]))
    assert 'data-testid="review-forms"' in detail.content.decode()
    res = committee_client.post(
        reverse("reports:approve", args=[report.pk]), {"comment": "", "version": report.version}
    )
    assert res.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_committee_returns_with_field_comment_shown_to_officer(committee_client, client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = committee_client.post(
        reverse("reports:return", args=[report.pk]), {"comment": "Xem lại", "fc_masks_given": "Số khẩu trang quá cao"}
    )
    assert res.status_code == 302
    client.force_login(officer_an_bien)
    html = client.get(reverse("reports:today")).content.decode()
    assert "Số khẩu trang quá cao" in html and "Xem lại" in html


def test_return_without_comment_re_renders_with_error(committee_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = committee_client.post(reverse("reports:return", args=[report.pk]), {"comment": ""})
    assert res.status_code == 400
    assert "Say what needs to be corrected" in res.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_officer_approve_is_forbidden(officer_client, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    assert officer_client.post(reverse("reports:approve", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_officer_cannot_see_review_queue(officer_client):
    assert officer_client.get(reverse("reports:review")).status_code == 403


# ---- the API ---------------------------------------------------------------------------------


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


def test_return_without_comment_is_400(committee_api, officer_an_bien, today):
    report = submitted_daily(officer_an_bien, today)
    res = committee_api.post(_detail(report.pk, "return"), {"comment": ""}, format="json")
    assert res.status_code == 400 and "comment" in res.json()
