"""The embedded default runs the beat schedule in-process: reminders, missing lists and sweeps.

With no broker, the WSGI application starts ``core.beat.InProcessBeat``. These tests drive it
with a fixed clock (``run_due(now)``) through the real beat schedule of ``config/celery.py``.
"""

import datetime
from unittest import mock

import pytest
from celery.schedules import crontab
from django.utils import translation

from config.celery import app
from core import beat
from reports.choices import NotificationKind
from reports.models import Notification
from reports.summary.models import DistrictSummary, SummaryRecompile
from tests.factories import OfficerFactory, at, submitted_daily

pytestmark = pytest.mark.django_db

SWEEPS = set(app.conf.beat_schedule)
FIVE_MINUTE_SWEEPS = {name for name, entry in app.conf.beat_schedule.items() if entry["schedule"] == 300.0}


def test_sweeps_run_at_start_up_then_once_per_interval(catalogue, today):
    start = at(today, 10, 0)
    embedded = beat.InProcessBeat(now=start)
    ran, _wait = embedded.run_due(start)
    assert set(ran) == SWEEPS  # work missed while the server was stopped is caught up at once
    assert embedded.run_due(start + datetime.timedelta(minutes=1))[0] == []
    assert set(embedded.run_due(start + datetime.timedelta(minutes=5))[0]) == FIVE_MINUTE_SWEEPS
    assert "core-sweep-idempotency-records" in embedded.run_due(start + datetime.timedelta(hours=1))[0]


def test_reminders_go_out_at_the_right_minute_without_a_broker(
    catalogue, clock, today, an_bien, cat_dai, django_capture_on_commit_callbacks
):
    officer = OfficerFactory(username="officer.beat", ward=an_bien)
    submitted_daily(OfficerFactory(username="officer.beat.cd", ward=cat_dai), today)
    embedded = beat.InProcessBeat(now=clock(today, 14, 56))
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        embedded.run_due(clock(today, 14, 56))  # an hour and four minutes before 16:00: too early
        assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()
        embedded.run_due(clock(today, 15, 1))  # the next run, inside the hour before the deadline
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert reminders.filter(recipient=officer).count() == 1
    assert not reminders.filter(recipient__ward=cat_dai).exists()  # Cát Dài has reported
    with django_capture_on_commit_callbacks(execute=True):
        embedded.run_due(clock(today, 16, 1))  # at the deadline: the committee gets the missing list
    assert Notification.objects.filter(kind=NotificationKind.REMINDER).count() == reminders.count()


def test_a_recompile_left_pending_by_a_failed_compile_is_swept(
    catalogue, clock, today, officer_an_bien, django_capture_on_commit_callbacks
):
    def fail(**kwargs):
        raise RuntimeError("database is locked")

    clock(today, 10, 0)
    with (
        mock.patch("reports.summary.services.summary_compile", side_effect=fail),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submitted_daily(officer_an_bien, today)
    assert SummaryRecompile.objects.filter(period_start=today).exists()  # the compile failed: still owed
    assert not DistrictSummary.objects.filter(period_start=today).exists()

    embedded = beat.InProcessBeat(now=clock(today, 10, 0))
    embedded.entries = [e for e in embedded.entries if e.name == "summaries-recompile-pending"]
    embedded.run_due(clock(today, 10, 1))  # older than the debounce delay: the sweep compiles it
    summary = DistrictSummary.objects.get(kind="daily", period_start=today)
    assert summary.submitted == 1
    assert not SummaryRecompile.objects.filter(period_start=today).exists()


def test_a_failing_task_is_logged_and_the_beat_goes_on(catalogue, today):
    start = at(today, 10, 0)
    embedded = beat.InProcessBeat({"boom": {"task": "reports.tasks.check_deadlines", "schedule": 60.0}}, now=start)
    with (
        mock.patch("reports.services.deadlines_check", side_effect=RuntimeError("boom")),
        mock.patch.object(beat.logger, "exception") as logged,
    ):
        ran, _wait = embedded.run_due(start)
    assert ran == ["boom"]
    logged.assert_called_once_with("in-process beat: %s failed", "boom")
    assert embedded.run_due(start + datetime.timedelta(seconds=61))[0] == ["boom"]  # tried again next time


def test_clock_time_entries_wait_for_their_time(catalogue, today):
    start = at(today, 6, 0)
    embedded = beat.InProcessBeat(
        {"morning": {"task": "reports.tasks.check_deadlines", "schedule": crontab(hour=6, minute=30)}}, now=start
    )
    assert embedded.run_due(start)[0] == []
    assert embedded.run_due(at(today, 6, 29))[0] == []
    assert embedded.run_due(at(today, 6, 31))[0] == ["morning"]
    assert embedded.run_due(at(today, 6, 40))[0] == []


def test_only_one_process_of_a_machine_runs_it(monkeypatch, tmp_path):
    monkeypatch.setattr(beat, "_lock_path", lambda: tmp_path / "beat.lock")
    first = beat._take_machine_lock()
    try:
        assert first is not None
        assert beat._take_machine_lock() is None  # another open of the lock file is refused
    finally:
        first.close()
    again = beat._take_machine_lock()
    assert again is not None
    again.close()


@pytest.mark.parametrize(
    ("broker", "testing", "flag", "wanted"),
    [
        ("", False, None, True),
        ("", False, "0", False),
        ("redis://127.0.0.1:6379/0", False, None, False),
        ("", True, None, False),
    ],
)
def test_wanted_only_without_a_broker(settings, broker, testing, flag, wanted):
    settings.CELERY_BROKER_URL = broker
    settings.TESTING = testing
    settings.IN_PROCESS_BEAT = flag != "0"
    assert beat.in_process_beat_wanted() is wanted
