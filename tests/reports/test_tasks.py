"""Reminders, missing lists, urgent alerts and e-mails: sent at the right time, exactly once."""

import datetime

import pytest
from django.utils import translation

from reports import services, tasks
from reports.choices import NotificationKind, ReportKind
from reports.models import Notification
from tests.factories import at, submitted_daily
from wards.choices import Role
from wards.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    with translation.override("en"):
        yield


@pytest.fixture
def people(all_wards):
    """One officer per ward (with e-mail for An Biên) and two committee members."""
    # Created without password hashing (slow on purpose); these users never log in.
    User.objects.bulk_create(
        [User(username=f"o.{w.code}", role=Role.WARD_OFFICER, ward=w, email="ab@example.org" if w.code == "an-bien" else "")
         for w in all_wards]
        + [User(username="c1", role=Role.COMMITTEE, email="c1@example.org"), User(username="c2", role=Role.COMMITTEE)]
    )  # fmt: skip
    officers = {u.ward.code: u for u in User.objects.filter(username__startswith="o.").select_related("ward")}
    committee = list(User.objects.filter(username__in=["c1", "c2"]).order_by("username"))
    return officers, committee


def _run(clock, day, hour, minute=0):
    clock(day, hour, minute)
    return tasks.check_deadlines.delay().get()


def test_reminder_an_hour_before_deadline_to_missing_wards_once(
    people, clock, today, django_capture_on_commit_callbacks, mailoutbox
):
    officers, _committee = people
    submitted_daily(officers["cat-dai"], today)
    assert _run(clock, today, 14, 55) == {"reminders": 0, "missing": 0}  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(clock, today, 15, 0)["reminders"] == 14
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(clock, today, 15, 5)["reminders"] == 0
        assert _run(clock, today, 15, 55)["reminders"] == 0
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert reminders.count() == 14
    assert not reminders.filter(recipient=officers["cat-dai"]).exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ab@example.org"]
    text = reminders.get(recipient=officers["an-bien"]).text
    assert text == "The daily report of An Biên for 17/03/2020 is due at 16:00 17/03/2020."


def test_missing_list_at_the_deadline_to_the_committee_once(
    people, clock, today, django_capture_on_commit_callbacks, mailoutbox
):
    officers, committee = people
    for code, officer in officers.items():
        if code not in ("an-bien", "vinh-niem"):
            submitted_daily(officer, today)
    assert _run(clock, today, 15, 59)["missing"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(clock, today, 16, 0)["missing"] == 2
        assert _run(clock, today, 16, 5)["missing"] == 0
    notes = Notification.objects.filter(kind=NotificationKind.MISSING)
    assert set(notes.values_list("recipient", flat=True)) == {c.pk for c in committee}
    assert "An Biên, Vĩnh Niệm" in notes.first().text
    assert [m.to for m in mailoutbox] == [["c1@example.org"]]


def test_nothing_is_sent_when_every_ward_reported(people, clock, today):
    officers, _committee = people
    for officer in officers.values():
        submitted_daily(officer, today)
    assert _run(clock, today, 15, 0) == {"reminders": 0, "missing": 0}
    assert _run(clock, today, 16, 0) == {"reminders": 0, "missing": 0}


def test_weekly_and_monthly_deadlines(people, clock):
    monday = datetime.date(2020, 3, 23)
    result = _run(clock, monday, 9, 0)
    # Weekly: the week of 16 March is due Monday 23 March 10:00; daily of 23 March is not due yet.
    assert result["reminders"] == 15
    assert Notification.objects.filter(dedup_key="reminder:weekly:2020-03-16").count() == 15
    _run(clock, datetime.date(2020, 4, 3), 10, 0)
    assert Notification.objects.filter(dedup_key="missing:monthly:2020-03-01").count() == 2


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


def test_email_task_is_idempotent(people, mailoutbox):
    _officers, committee = people
    [note] = services.notification_send(
        recipients=[committee[0]], kind="approved", params={"kind": "daily", "period": "x"}, dedup_key="e1"
    )
    assert tasks.send_notification_email.delay(note.pk).get() is True
    assert tasks.send_notification_email.delay(note.pk).get() is False
    assert len(mailoutbox) == 1


def test_return_notifies_ward_officers(people, committee_member, today, django_capture_on_commit_callbacks):
    officers, _committee = people
    report = submitted_daily(officers["an-bien"], today)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, user=committee_member, comment="Thiếu số liệu")
    note = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert note.recipient == officers["an-bien"]
    assert "Thiếu số liệu" in note.text
