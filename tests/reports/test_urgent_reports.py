"""Urgent reports: what they must say, the committee's alert (once, also by e-mail) and its
acknowledgement (once, committee only); the form, the feed and the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reports import services, tasks
from reports.choices import NotificationKind, ReportKind, ReportStatus, Severity
from reports.models import Notification, Report
from tests.factories import at, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


def _client_for(user):
    """A second logged-in client (the persona client fixtures share one ``client``)."""
    other = Client()
    other.force_login(user)
    return other


def _detail(pk, action=""):
    return f"/api/v1/reports/{pk}/" + (f"{action}/" if action else "")


# ---- the services ----------------------------------------------------------------------------


def test_urgent_report_is_acknowledged_once_by_committee_only(officer_an_bien, committee_member, clock, today):
    report = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT, title="Ca nghi nhiễm tại chợ",
        severity=Severity.CRITICAL, occurred_at=at(today, 8), location="Chợ An Biên", description="Một người sốt cao.",
    )  # fmt: skip
    report = services.report_submit(report=report, user=officer_an_bien)
    with pytest.raises(PermissionDenied):
        services.report_acknowledge(report=report, user=officer_an_bien)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=committee_member)
    report = services.report_acknowledge(report=report, user=committee_member)
    assert report.acknowledged_by == committee_member
    with pytest.raises(ValidationError):
        services.report_acknowledge(report=report, user=committee_member)


def test_urgent_report_needs_title_severity_time_and_description(officer_an_bien):
    report = services.report_create(user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=report, user=officer_an_bien)
    assert set(exc.value.message_dict) == {"title", "severity", "occurred_at", "description"}


def test_periodic_report_cannot_be_acknowledged(officer_an_bien, committee_member, today):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(ValidationError):
        services.report_acknowledge(report=report, user=committee_member)


def test_urgent_report_alerts_committee_once_and_email(people, today, django_capture_on_commit_callbacks, mailoutbox):
    officers, committee = people
    report = services.report_create(
        user=officers["an-bien"], ward=officers["an-bien"].ward, kind=ReportKind.URGENT, title="Ổ dịch",
        severity="critical", occurred_at=at(today, 7), description="Ba người sốt",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=officers["an-bien"])
    assert Notification.objects.filter(kind=NotificationKind.URGENT).count() == 2
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        tasks.alert_urgent_report.delay(report.pk)
        tasks.alert_urgent_report.delay(report.pk)
    assert Notification.objects.filter(kind=NotificationKind.URGENT).count() == 2
    assert len(mailoutbox) == 1
    assert Notification.objects.first().text == "Urgent report from An Biên (Critical): Ổ dịch"


# ---- the pages -------------------------------------------------------------------------------


def test_urgent_report_form_sends_and_committee_acknowledges(
    officer_client, committee_member, today, django_capture_on_commit_callbacks, mailoutbox
):
    committee_client = _client_for(committee_member)
    committee_member.email = "bcd@example.org"
    committee_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        res = officer_client.post(
            reverse("reports:urgent-new"),
            {"title": "Ca nghi nhiễm <b>chợ</b>", "severity": Severity.CRITICAL, "occurred_at": "2020-03-17T08:30",
             "location": "Chợ Cột Đèn", "description": "Sốt cao"},
        )  # fmt: skip
    assert res.status_code == 302
    report = Report.objects.get(kind="urgent")
    assert report.status == ReportStatus.SUBMITTED
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["bcd@example.org"]
    home = committee_client.get("/").content.decode()
    assert 'data-testid="unread-badge"' in home
    assert "Ca nghi nhiễm &lt;b&gt;chợ&lt;/b&gt;" in home
    feed = committee_client.get(reverse("reports:urgent")).content.decode()
    assert "list-group-item-danger" in feed
    committee_client.post(reverse("reports:acknowledge", args=[report.pk]))
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    feed = committee_client.get(reverse("reports:urgent")).content.decode()
    assert "list-group-item-danger" not in feed


def test_urgent_form_refuses_future_time(officer_client):
    res = officer_client.post(
        reverse("reports:urgent-new"),
        {"title": "x", "severity": "info", "occurred_at": "2020-03-18T08:30", "location": "x", "description": "x"},
    )
    assert res.status_code == 400 and "future" in res.content.decode()


# ---- the API ---------------------------------------------------------------------------------


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
