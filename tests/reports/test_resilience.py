"""A broker that is down never fails a submission; the sweep delivers what was not sent, once."""

from unittest import mock

import pytest
from django.utils import translation
from kombu.exceptions import OperationalError

from reports import services, tasks
from reports.choices import NotificationKind, ReportKind, ReportStatus
from reports.models import Notification
from tests.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    with translation.override("en"):
        yield


def broker_down():
    """Every task send fails as it does when Redis is unreachable."""
    return mock.patch("celery.app.task.Task.apply_async", side_effect=OperationalError("Connection refused"))


def test_urgent_submission_succeeds_with_the_broker_down_and_the_sweep_alerts_once(
    people,
    today,
    clock,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    officers, committee = people
    report = services.report_create(
        user=officers["an-bien"], ward=officers["an-bien"].ward, kind=ReportKind.URGENT, title="Ổ dịch",
        severity="critical", occurred_at=at(today, 7), description="Ba người sốt",
    )  # fmt: skip
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=officers["an-bien"])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # the submission stands
    assert not Notification.objects.filter(kind=NotificationKind.URGENT).exists()  # the alert was not sent

    clock(today, 9, 10)
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.sweep_undelivered.delay().get()
    assert first["urgent_alerts_caught_up"] == len(committee)
    assert Notification.objects.filter(kind=NotificationKind.URGENT, report=report).count() == len(committee)
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.sweep_undelivered.delay().get()
    assert second["urgent_alerts_caught_up"] == 0
    assert Notification.objects.filter(kind=NotificationKind.URGENT, report=report).count() == len(committee)


def test_sweep_sends_an_email_that_could_not_be_queued_exactly_once(
    people,
    today,
    clock,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    _officers, committee = people
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        [note] = services.notification_send(
            recipients=[committee[0]], kind="approved", params={"kind": "daily", "period": "x"}, dedup_key="d1"
        )
    assert mailoutbox == []
    clock(today, 9, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_undelivered.delay().get()["emails_requeued"] == 0  # too recent: its task may still run
    clock(today, 9, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_undelivered.delay().get()["emails_requeued"] == 1
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_undelivered.delay().get()["emails_requeued"] == 0
    assert len(mailoutbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_a_failing_mail_server_does_not_fail_a_review(
    people,
    committee_member,
    today,
    django_capture_on_commit_callbacks,
):
    officers, _committee = people
    report = services.report_create(
        user=officers["an-bien"], ward=officers["an-bien"].ward, kind=ReportKind.DAILY, period_start=today,
        values={"home_quarantine": 3},
    )  # fmt: skip
    services.report_submit(report=report, user=officers["an-bien"])
    with (
        mock.patch("reports.tasks.send_mail", side_effect=ConnectionRefusedError("smtp down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.report_approve(report=report, user=committee_member)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
