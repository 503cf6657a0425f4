"""The officer is told of the committee's decisions on their ward's reports (issue 12 #4): an
acknowledged urgent report, an approved or returned report. The notification is written by the
service, in the decision's own transaction (no queued task to lose), links to the report and reads
well in Vietnamese on the page and in the API."""

import datetime
from unittest import mock

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from reports import services
from reports.choices import NotificationKind, ReportKind, Severity
from reports.models import Notification, Report
from tests.factories import OfficerFactory, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    """The catalogue and the fixed clock of the reports tests."""


def _urgent(officer) -> Report:
    report = services.report_create(
        user=officer, ward=officer.ward, kind=ReportKind.URGENT, title="Ổ dịch tại chợ Đôn",
        severity=Severity.SERIOUS, occurred_at=timezone.now() - datetime.timedelta(hours=1),
        location="Tổ 5", description="Ba ca sốt",
    )  # fmt: skip
    return services.report_submit(report=report, user=officer)


def test_acknowledging_an_urgent_report_notifies_the_ward_officers(officer_an_bien, officer_cat_dai, committee_member):
    colleague = OfficerFactory(username="officer.an-bien.2", ward=officer_an_bien.ward)
    report = _urgent(officer_an_bien)
    services.report_acknowledge(report=report, user=committee_member)
    notes = Notification.objects.filter(kind=NotificationKind.ACKNOWLEDGED)
    assert {n.recipient for n in notes} == {officer_an_bien, colleague}  # not Cát Dài's officer, not the committee
    note = notes.get(recipient=officer_an_bien)
    assert note.report == report
    assert note.link == report.get_absolute_url()
    with translation.override("vi"):
        assert note.text == "Ban chỉ đạo quận đã tiếp nhận báo cáo đột xuất của phường: Ổ dịch tại chợ Đôn"
        assert note.get_kind_display() == "Báo cáo đột xuất đã được tiếp nhận"


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_approving_or_returning_notifies_without_a_queued_task(officer_an_bien, committee_member, today, decision):
    """The notification exists as soon as the service returns, with no on-commit callback run."""
    report = submitted_daily(officer_an_bien, today)
    if decision == "approve":
        services.report_approve(report=report, user=committee_member, comment="Tốt")
        kind, text = NotificationKind.APPROVED, "đã được duyệt"
    else:
        services.report_return(report=report, user=committee_member, comment="Thiếu số ca F1")
        kind, text = NotificationKind.RETURNED, "bị trả lại: Thiếu số ca F1"
    note = Notification.objects.get(kind=kind)
    assert note.recipient == officer_an_bien
    assert note.link == report.get_absolute_url() and note.report_id == report.pk
    with translation.override("vi"):
        assert text in note.text
        assert note.text.startswith("Báo cáo hằng ngày kỳ ")


@pytest.mark.parametrize("decision", ["approve", "return", "acknowledge"])
def test_the_decision_and_its_notification_are_saved_together(officer_an_bien, committee_member, today, decision):
    """If the notification cannot be written, the decision is rolled back too (one transaction)."""
    report = _urgent(officer_an_bien) if decision == "acknowledge" else submitted_daily(officer_an_bien, today)
    before = (report.status, report.version, report.acknowledged_at)
    call = {
        "approve": lambda: services.report_approve(report=report, user=committee_member),
        "return": lambda: services.report_return(report=report, user=committee_member, comment="Sửa lại"),
        "acknowledge": lambda: services.report_acknowledge(report=report, user=committee_member),
    }[decision]
    with (
        mock.patch.object(Notification.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        call()
    report.refresh_from_db()
    assert (report.status, report.version, report.acknowledged_at) == before
    assert not Notification.objects.exclude(kind=NotificationKind.URGENT).exists()


def test_a_notification_is_sent_once_per_decision(officer_an_bien, committee_member):
    report = _urgent(officer_an_bien)
    report = services.report_acknowledge(report=report, user=committee_member)
    assert services.acknowledgement_notice_send(report=report) == []
    assert Notification.objects.filter(kind=NotificationKind.ACKNOWLEDGED).count() == 1
    with pytest.raises(IntegrityError):
        Notification.objects.create(
            recipient=officer_an_bien, kind=NotificationKind.ACKNOWLEDGED, dedup_key=f"acknowledged:{report.pk}"
        )


def test_the_officer_reads_the_acknowledgement_in_vietnamese(client, officer_an_bien, committee_member):
    report = _urgent(officer_an_bien)
    services.report_acknowledge(report=report, user=committee_member)
    client.force_login(officer_an_bien)
    html = client.get(reverse("reports:notifications"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Ban chỉ đạo quận đã tiếp nhận báo cáo đột xuất của phường: Ổ dịch tại chợ Đôn" in html
    assert "Báo cáo đột xuất đã được tiếp nhận" in html  # the kind, as a badge and in the filter
    assert "urgent_ack" not in html.replace('value="urgent_ack"', "")
    api = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="vi").json()["results"]
    [row] = [r for r in api if r["kind"] == NotificationKind.ACKNOWLEDGED]
    assert row["text"].startswith("Ban chỉ đạo quận đã tiếp nhận")
    assert row["link"] == report.get_absolute_url()


def test_the_kind_filter_offers_the_new_kinds(client, officer_an_bien, committee_member, today):
    services.report_approve(report=submitted_daily(officer_an_bien, today), user=committee_member)
    services.report_acknowledge(report=_urgent(officer_an_bien), user=committee_member)
    client.force_login(officer_an_bien)
    page = client.get(reverse("reports:notifications") + "?kind=urgent_ack", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert "đã tiếp nhận báo cáo đột xuất" in html and "đã được duyệt" not in html
