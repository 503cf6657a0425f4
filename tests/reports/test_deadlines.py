"""Deadlines: lateness to the second, the administrators' setting, and the beat's reminders
before a deadline and missing lists at it, each sent once."""

import datetime

import pytest
from django.utils import translation

from reports import services, tasks
from reports.choices import NotificationKind
from reports.models import Notification, ReportDeadline
from reports.periods import period_deadline
from tests.factories import at, draft_daily, submitted_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock, settings):
    settings.LANGUAGE_CODE = "en"  # pages and API messages are asserted in English (the msgids)
    with translation.override("en"):
        yield


# ---- the services ----------------------------------------------------------------------------


def test_default_deadlines():
    assert period_deadline("daily", datetime.date(2020, 3, 17)) == at(datetime.date(2020, 3, 17), 16)
    assert period_deadline("weekly", datetime.date(2020, 3, 16)) == at(datetime.date(2020, 3, 23), 10)
    assert period_deadline("monthly", datetime.date(2020, 2, 1)) == at(datetime.date(2020, 3, 3), 10)
    assert period_deadline("monthly", datetime.date(2020, 12, 1)) == at(datetime.date(2021, 1, 3), 10)


@pytest.mark.parametrize(
    ("hour", "minute", "second", "late"),
    [(15, 59, 59, False), (16, 0, 0, False), (16, 0, 1, True), (16, 1, 0, True)],
)
def test_daily_report_late_flag_at_the_boundary_minute(officer_an_bien, clock, today, hour, minute, second, late):
    report = draft_daily(officer_an_bien, today)
    clock(today, hour, minute, second)
    report = services.report_submit(report=report, user=officer_an_bien)
    assert report.is_late is late
    assert report.deadline == at(today, 16)


def test_deadline_follows_administrators_setting(officer_an_bien, clock, today):
    ReportDeadline.objects.filter(kind="daily").update(time=datetime.time(17, 30))
    report = draft_daily(officer_an_bien, today)
    clock(today, 17, 0)
    assert services.report_submit(report=report, user=officer_an_bien).is_late is False


def test_monthly_report_late_after_the_third(officer_an_bien, clock):
    clock(datetime.date(2020, 3, 3), 10, 0)
    report = services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind="monthly", period_start=datetime.date(2020, 2, 1),
        values={"workers_affected": 40},
    )  # fmt: skip
    clock(datetime.date(2020, 3, 3), 10, 1)
    assert services.report_submit(report=report, user=officer_an_bien).is_late is True


def test_resubmission_keeps_first_submission_lateness(officer_an_bien, committee_member, clock, today):
    report = submitted_daily(officer_an_bien, today)  # 09:00, on time
    report = services.report_return(report=report, user=committee_member, comment="Sửa")
    clock(today + datetime.timedelta(days=1), 9)
    report = services.report_submit(report=report, user=officer_an_bien)
    assert report.is_late is False


# ---- the beat's tasks ------------------------------------------------------------------------


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


# ---- the API ---------------------------------------------------------------------------------


def test_deadlines_are_readable(officer_api):
    rows = {r["kind"]: r for r in officer_api.get("/api/v1/report-deadlines/").json()["results"]}
    assert rows["daily"]["time"] == "16:00:00"
    assert rows["weekly"]["days_after_period_end"] == 1
